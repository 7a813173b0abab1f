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
                    // Read a piece at a time: a 50 MB file is never held whole, as bytes or as text;
                    // its officials' contacts are read again, an official at a time, when they are imported.
                    one = try DirectoryCSV.read(CSVReader(contentsOf: file, encoding: encoding), roles: roles, keepingContacts: false)
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
        for index in parsed.directory.offices.indices where OfficeRole.named(parsed.directory.offices[index].role) == nil {
            parsed.directory.offices[index] = roles.completingTitles(of: parsed.directory.offices[index])
        }
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
    ///
    /// The stored jurisdictions are read whole; stored offices and officials
    /// by id, as the import comes to each, beside who holds which office
    /// and the fields edited by hand. The officials are taken one at a time
    /// (`importOfficials`): each read whole (a large CSV file's contacts
    /// read again from the file), reconciled with its stored record, and
    /// written.
    public static func apply(_ parsed: ParsedDirectory, _ db: Database, dryRun: Bool = false, prune: Bool = false) throws -> Plan {
        let current = Directory(jurisdictions: try DirectoryStore.loadJurisdictions(db))
        var parsed = parsed
        if parsed.generatedOfficialIDs.isEmpty {
            parsed.settle(against: current)
        } else {
            // Ids made from names are settled against the stored records.
            var stored = current
            stored.officials = try DirectoryStore.load(db).officials
            parsed.settle(against: stored)
        }
        parsed.deriveParents(known: Set(current.jurisdictions.map(\.id)))
        var skipped: [InputError] = []
        if parsed.skipsInvalid {
            skipped = parsed.problems + parsed.skippedAlong + parsed.leaveOutUnresolved(current: current)
        } else {
            try checkReferences(parsed, current: current)
        }
        var incoming = parsed.directory
        keepIdentifiers(of: current, in: &incoming)
        keepNamesAndLanguages(of: current, in: &incoming)
        var plan = Plan()
        plan.jurisdictions = tally(current.jurisdictions, incoming.jurisdictions)
        // Each office against the one stored, read by id. An office that only
        // an official's row implies keeps the titles and contacts stored for
        // it; only its district follows the file.
        for index in incoming.offices.indices {
            let office = incoming.offices[index]
            guard let stored = try DirectoryStore.office(office.id, db) else {
                plan.offices.added.append(office.id)
                continue
            }
            if !parsed.describedOffices.contains(office.id) {
                if office.jurisdictionID == stored.jurisdictionID && office.role == stored.role && office.seat == stored.seat {
                    // The file's office with the stored titles and contacts: the same value, but holding the
                    // strings the file's records share rather than tens of thousands more.
                    incoming.offices[index].titles = stored.titles
                    incoming.offices[index].contacts = stored.contacts
                } else {
                    incoming.offices[index] = stored
                    incoming.offices[index].districtCode = office.districtCode
                }
            }
            if incoming.offices[index] == stored {
                plan.offices.unchanged.append(office.id)
            } else {
                plan.offices.changed.append(office.id)
            }
        }
        if prune {
            let given = Set(incoming.offices.map(\.id))
            plan.offices.removed = try DirectoryStore.officeIDs(db).filter { !given.contains($0) }
        }
        plan.skipped = InputErrors.inFileOrder(skipped)
        if !dryRun {
            let changedJurisdictions = Set(plan.jurisdictions.added + plan.jurisdictions.changed)
            for jurisdiction in DirectoryCSV.parentsFirst(incoming.jurisdictions) where changedJurisdictions.contains(jurisdiction.id) {
                try DirectoryStore.save(jurisdiction, db)
            }
            let changedOffices = Set(plan.offices.added + plan.offices.changed)
            for office in incoming.offices where changedOffices.contains(office.id) {
                try DirectoryStore.save(office, db)
            }
        }
        try importOfficials(parsed, offices: incoming.offices, into: &plan, prune: prune, dryRun: dryRun, db)
        if !dryRun {
            for id in plan.officials.removed { try DirectoryStore.deleteOfficial(id, db) }
            for id in plan.offices.removed { try DirectoryStore.deleteOffice(id, db) }
        }
        return plan
    }

    /// Identifiers add up: an id a registry once gave a record still finds
    /// it, and a file that carries none (an older spreadsheet) keeps those
    /// stored. The jurisdictions here; each official's as it is reconciled.
    static func keepIdentifiers(of current: Directory, in incoming: inout Directory) {
        let jurisdictions = Dictionary(current.jurisdictions.map { ($0.id, $0.identifiers) }, uniquingKeysWith: { first, _ in first })
        for index in incoming.jurisdictions.indices {
            guard let stored = jurisdictions[incoming.jurisdictions[index].id], !stored.isEmpty else { continue }
            incoming.jurisdictions[index].identifiers = Set(stored).union(incoming.jurisdictions[index].identifiers).sorted()
        }
    }

    /// A jurisdiction's names in other languages and its language are kept
    /// when a file gives none (the ocd-division-ids project's files, an
    /// Open States import): a file's name in a language replaces the stored
    /// one, its language the stored language, and the rest stay.
    static func keepNamesAndLanguages(of current: Directory, in incoming: inout Directory) {
        for index in incoming.jurisdictions.indices {
            guard let stored = current.jurisdiction(incoming.jurisdictions[index].id) else { continue }
            incoming.jurisdictions[index].names.merge(stored.names) { given, _ in given }
            if incoming.jurisdictions[index].language == nil { incoming.jurisdictions[index].language = stored.language }
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

    /// What `incoming` adds, changes and leaves of `current`.
    static func tally(_ current: [Jurisdiction], _ incoming: [Jurisdiction]) -> Plan.Tally {
        var tally = Plan.Tally()
        let existing = Dictionary(current.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for record in incoming {
            switch existing[record.id] {
            case nil: tally.added.append(record.id)
            case let old? where old == record: tally.unchanged.append(record.id)
            default: tally.changed.append(record.id)
            }
        }
        return tally
    }
}
