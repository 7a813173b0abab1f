import Foundation

/// Imports directory files into the database, all or nothing: every file is
/// read and checked, references are checked against the database, and only
/// then is anything written, in one transaction. With `skipInvalid`, records
/// with problems (and those that depend on them) are left out instead and
/// listed in `Plan.skipped`; see `DirectoryImport+SkipInvalid.swift`.
public enum DirectoryImport {
    /// What an import adds, changes, leaves and removes.
    public struct Plan: Sendable, Equatable {
        /// Counts for one kind of record.
        public struct Tally: Sendable, Equatable {
            public var added: [String] = []
            public var changed: [String] = []
            public var unchanged: [String] = []
            public var removed: [String] = []
        }
        /// A term an import sets or moves the end of, for an official
        /// already stored.
        public struct TermEnd: Sendable, Equatable {
            public let officialID: String
            public let name: String
            public let end: PartialDate
            /// The end date stored before; nil when the term was open.
            public let previous: PartialDate?
            /// The official whose arrival ended it, in a sole office;
            /// nil when the file gives the end.
            public let successorID: String?
            /// Where the file describes the official (or the successor).
            public let location: SourceLocation?
        }

        public var jurisdictions = Tally()
        public var offices = Tally()
        public var officials = Tally()
        /// Terms ended or given a new end, the file's first, in file order.
        public var termEnds: [TermEnd] = []
        /// Fields edited by hand that were kept where the file gives
        /// another value, in file order.
        public var conflicts: [OfficialReconciliation.Conflict] = []
        /// Records left out (with `skipInvalid`), each with why, in file order.
        public var skipped: [InputError] = []
        /// The name of each official the plan adds or changes, by the id the
        /// import settled on, for a report to print beside the id.
        public var names: [String: String] = [:]

        /// Whether the import writes nothing.
        public var isEmpty: Bool {
            [jurisdictions, offices, officials].allSatisfy { $0.added.isEmpty && $0.changed.isEmpty && $0.removed.isEmpty }
        }
    }

    /// Reads files in CSV or Popolo JSON; a folder stands for the
    /// `jurisdictions.csv`, `officials.csv` and `*.json` files in it. CSV
    /// files are read in `encoding` (see `SpreadsheetEncoding`), Popolo files
    /// with `popolo`. Offices may have any of `roles`; an office of an
    /// organizer's role takes that role's titles for the locales it gives none.
    ///
    /// Every problem is thrown, in file order; with `skipInvalid`, a record's
    /// problem leaves that record out instead (`ParsedDirectory.problems`),
    /// and only a file that cannot be read at all throws.
    public static func read(paths: [String], encoding: SpreadsheetEncoding = .unicode, roles: OfficeRoles = .builtIn,
                            popolo: PopoloOptions = .init(), skipInvalid: Bool = false) throws -> ParsedDirectory {
        var parsed = ParsedDirectory()
        let fatal = InputErrorCollector()
        let duplicates = InputErrorCollector()
        for file in try expand(paths) {
            let isJSON = file.lowercased().hasSuffix(".json")
            let bytes = isJSON ? FileManager.default.contents(atPath: file).map { [UInt8]($0) } : []
            guard bytes != nil, FileManager.default.isReadableFile(atPath: file) else {
                throw InputError("cannot read \(file): no such file, or it is not readable")
            }
            try fatal.collect {
                let one: ParsedDirectory
                if isJSON {
                    one = try PopoloJSON.read(bytes: bytes ?? [], file: file, roles: roles, options: popolo)
                } else {
                    // Read a piece at a time: a 50 MB file is never held whole, as bytes or as text.
                    one = try DirectoryCSV.read(CSVReader(contentsOf: file, encoding: encoding), roles: roles)
                }
                parsed.merge(one, errors: duplicates)
            }
        }
        parsed.problems += duplicates.errors
        if !fatal.errors.isEmpty || !skipInvalid {
            try InputErrorCollector(fatal.errors + parsed.problems).throwIfAny()
        }
        parsed.problems = InputErrors.inFileOrder(parsed.problems)
        parsed.skipsInvalid = skipInvalid
        parsed.directory.offices = parsed.directory.offices.map { OfficeRole.named($0.role) == nil ? roles.completingTitles(of: $0) : $0 }
        return parsed
    }

    /// The files a list of paths stands for, jurisdictions first.
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw InputError("cannot read \(path): no such file or folder")
            }
            guard isFolder.boolValue else { files.append(path); continue }
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            let folder = path.hasSuffix("/") ? path : path + "/"
            let chosen = names.filter { $0 == "jurisdictions.csv" } + names.filter { $0 == "officials.csv" }
                + names.filter { $0.hasSuffix(".json") }
            guard !chosen.isEmpty else { throw InputError("\(path) holds no jurisdictions.csv, officials.csv or .json file") }
            files += chosen.map { folder + $0 }
        }
        return files
    }

    /// Checks `parsed` against the database and, unless `dryRun`, writes it.
    /// With `prune`, officials and unheld offices missing from the files are removed.
    @discardableResult
    public static func run(_ parsed: ParsedDirectory, into pool: DatabasePool, dryRun: Bool = false, prune: Bool = false) throws -> Plan {
        try pool.write { db in try apply(parsed, db, dryRun: dryRun, prune: prune) }
    }

    /// The same inside a transaction the caller holds, so that several
    /// imports can succeed or fail together.
    public static func apply(_ parsed: ParsedDirectory, _ db: Database, dryRun: Bool = false, prune: Bool = false) throws -> Plan {
        let current = try DirectoryStore.load(db)
        var parsed = parsed
        parsed.settle(against: current)
        parsed.deriveParents(known: Set(current.jurisdictions.map(\.id)))
        var skipped: [InputError] = []
        if parsed.skipsInvalid {
            skipped = parsed.problems + parsed.skippedAlong + parsed.leaveOutUnresolved(current: current)
        } else {
            try checkReferences(parsed, current: current)
        }
        var incoming = parsed.directory
        // An office that only an official's row implies keeps the titles
        // and contacts stored for it; only its district follows the file.
        for (index, office) in incoming.offices.enumerated() where !parsed.describedOffices.contains(office.id) {
            if var stored = current.office(office.id) {
                stored.districtCode = office.districtCode
                incoming.offices[index] = stored
            }
        }
        keepIdentifiers(of: current, in: &incoming)
        let (reconciled, localFields, reports) = try reconcile(incoming, with: current, parsed: parsed, prune: prune, db)
        incoming = reconciled
        var plan = makePlan(from: current, to: incoming, prune: prune)
        (plan.termEnds, plan.conflicts) = reports
        plan.skipped = InputErrors.inFileOrder(skipped)
        plan.names = Dictionary(incoming.officials.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        if dryRun { return plan }
        let changedJurisdictions = Set(plan.jurisdictions.added + plan.jurisdictions.changed)
        for jurisdiction in DirectoryCSV.parentsFirst(incoming.jurisdictions) where changedJurisdictions.contains(jurisdiction.id) {
            try DirectoryStore.save(jurisdiction, db)
        }
        let changedOffices = Set(plan.offices.added + plan.offices.changed)
        for office in incoming.offices where changedOffices.contains(office.id) {
            try DirectoryStore.save(office, db)
        }
        let changedOfficials = Set(plan.officials.added + plan.officials.changed)
        for official in incoming.officials where changedOfficials.contains(official.id) {
            try DirectoryStore.save(official, db)
        }
        for (officialID, fields) in localFields.sorted(by: { $0.key < $1.key }) {
            for (field, value) in fields.sorted(by: { $0.key < $1.key }) {
                try DirectoryStore.saveLocalField(officialID: officialID, field, sourceValue: value, db)
            }
        }
        for id in plan.officials.removed { try DirectoryStore.deleteOfficial(id, db) }
        for id in plan.offices.removed { try DirectoryStore.deleteOffice(id, db) }
        return plan
    }

    /// The incoming officials as they will be stored: each reconciled with
    /// the stored record and its local fields (`OfficialReconciliation`),
    /// and the earlier holders of sole offices that newcomers took given an
    /// end (`SoleOfficeSuccession`; a stored holder the files leave out is
    /// added to what is stored, unless `prune` removes them). Also the
    /// local fields whose source value moved, and what to report.
    private static func reconcile(_ incoming: Directory, with current: Directory, parsed: ParsedDirectory, prune: Bool, _ db: Database) throws
        -> (Directory, [String: [OfficialField: String?]], ([Plan.TermEnd], [OfficialReconciliation.Conflict])) {
        let marks = try DirectoryStore.localFields(db)
        let stored = Dictionary(current.officials.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var incoming = incoming
        var moved: [String: [OfficialField: String?]] = [:]
        var conflicts: [OfficialReconciliation.Conflict] = []
        for index in incoming.officials.indices {
            let official = incoming.officials[index]
            let outcome = OfficialReconciliation.reconcile(incoming: official, stored: stored[official.id], localFields: marks[official.id] ?? [:],
                                                           location: parsed.officialLocations[official.id])
            incoming.officials[index] = outcome.official
            conflicts += outcome.conflicts
            for (field, value) in outcome.localFields where marks[official.id]?[field] != .some(value) {
                moved[official.id, default: [:]][field] = .some(value)
            }
        }
        var termEnds: [Plan.TermEnd] = incoming.officials.compactMap { official in
            guard let before = stored[official.id], let end = official.termEnd, before.termEnd != end else { return nil }
            return Plan.TermEnd(officialID: official.id, name: official.name, end: end, previous: before.termEnd, successorID: nil,
                                location: parsed.officialLocations[official.id])
        }

        // Earlier holders of the sole offices newcomers took.
        let given = Set(incoming.officials.map(\.id))
        let kept = prune ? [] : current.officials.filter { !given.contains($0.id) }
        let arrivals = Set(incoming.officials.filter { stored[$0.id]?.officeID != $0.officeID }.map(\.id))
        let incomingOffices = Set(incoming.offices.map(\.id))
        let offices = incoming.offices + current.offices.filter { !incomingOffices.contains($0.id) }
        // Positions by id: a file of 100,000 officials is not scanned per ending.
        var positions = DirectoryIndex.positions(of: incoming.officials, id: \.id)
        let keptByID = Dictionary(kept.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for ending in SoleOfficeSuccession.endings(officials: incoming.officials + kept, offices: offices, arrivals: arrivals) {
            var official: Official
            if let index = positions[ending.officialID] {
                official = incoming.officials[index]
            } else if let earlier = keptByID[ending.officialID] {
                official = earlier
            } else { continue }
            let location = parsed.officialLocations[ending.successorID]
            if marks[official.id]?[.termEnd] != nil {
                // The organizer's end date stands.
                conflicts.append(.init(officialID: official.id, field: .termEnd, local: official.termEnd?.description,
                                       incoming: ending.end.description, location: location))
                continue
            }
            let previous = stored[official.id].map(\.termEnd) ?? official.termEnd
            official.termEnd = ending.end
            if let index = positions[official.id] {
                incoming.officials[index] = official
            } else {
                positions[official.id] = incoming.officials.count
                incoming.officials.append(official)
            }
            termEnds.removeAll { $0.officialID == official.id }
            termEnds.append(Plan.TermEnd(officialID: official.id, name: official.name, end: ending.end, previous: previous,
                                         successorID: ending.successorID, location: location))
        }
        return (incoming, moved, (termEnds, conflicts))
    }

    /// Identifiers add up: an id a registry once gave a record still finds
    /// it, and a file that carries none (an older spreadsheet) keeps those
    /// stored.
    static func keepIdentifiers(of current: Directory, in incoming: inout Directory) {
        let officials = Dictionary(current.officials.map { ($0.id, $0.identifiers) }, uniquingKeysWith: { first, _ in first })
        for index in incoming.officials.indices {
            guard let stored = officials[incoming.officials[index].id], !stored.isEmpty else { continue }
            incoming.officials[index].identifiers = Set(stored).union(incoming.officials[index].identifiers).sorted()
        }
        let jurisdictions = Dictionary(current.jurisdictions.map { ($0.id, $0.identifiers) }, uniquingKeysWith: { first, _ in first })
        for index in incoming.jurisdictions.indices {
            guard let stored = jurisdictions[incoming.jurisdictions[index].id], !stored.isEmpty else { continue }
            incoming.jurisdictions[index].identifiers = Set(stored).union(incoming.jurisdictions[index].identifiers).sorted()
        }
    }

    /// Every jurisdiction named must be in the files or the database, and
    /// no jurisdiction may lie within itself.
    static func checkReferences(_ parsed: ParsedDirectory, current: Directory) throws {
        let available = Set(current.jurisdictions.map(\.id)).union(parsed.directory.jurisdictions.map(\.id))
        let errors = InputErrorCollector()
        var parents = Dictionary(current.jurisdictions.map { ($0.id, $0.parentID) }, uniquingKeysWith: { first, _ in first })
        for jurisdiction in parsed.directory.jurisdictions { parents[jurisdiction.id] = jurisdiction.parentID }
        for jurisdiction in parsed.directory.jurisdictions {
            var seen: [String] = [jurisdiction.id]
            var next = jurisdiction.parentID
            while let id = next, seen.count <= parents.count {
                if id == jurisdiction.id {
                    errors.add("jurisdiction '\(jurisdiction.id)' lies within itself: \((seen + [id]).joined(separator: " → "))",
                               at: parsed.jurisdictionLocations[jurisdiction.id])
                    break
                }
                seen.append(id)
                next = parents[id] ?? nil
            }
        }
        var reported: Set<String> = []
        for reference in parsed.jurisdictionReferences where !available.contains(reference.id) {
            guard reported.insert("\(reference.location)").inserted else { continue }
            errors.add("unknown jurisdiction '\(reference.id)'; add it to jurisdictions.csv or with `campaign jurisdictions add`", at: reference.location)
        }
        try errors.throwIfAny()
    }

    static func makePlan(from current: Directory, to incoming: Directory, prune: Bool) -> Plan {
        var plan = Plan()
        plan.jurisdictions = tally(current.jurisdictions, incoming.jurisdictions, id: \.id, prune: false)
        // An office the files do not describe but an official still holds stays.
        let heldAfter = Set(incoming.officials.map(\.officeID))
            .union(prune ? [] : Set(current.officials.map(\.officeID)))
        plan.offices = tally(current.offices, incoming.offices, id: \.id, prune: prune)
        plan.offices.removed.removeAll { heldAfter.contains($0) }
        plan.officials = tally(current.officials, incoming.officials, id: \.id, prune: prune)
        return plan
    }

    private static func tally<Record: Equatable>(_ current: [Record], _ incoming: [Record], id: (Record) -> String, prune: Bool) -> Plan.Tally {
        var tally = Plan.Tally()
        let existing = Dictionary(current.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        for record in incoming {
            switch existing[id(record)] {
            case nil: tally.added.append(id(record))
            case let old? where old == record: tally.unchanged.append(id(record))
            default: tally.changed.append(id(record))
            }
        }
        if prune {
            let kept = Set(incoming.map(id))
            tally.removed = current.map(id).filter { !kept.contains($0) }
        }
        return tally
    }
}
