/// The directory's CSV formats: `jurisdictions.csv` (id, name, kind, parent,
/// language, identifiers, and `name:<locale>` columns for the name in other
/// languages; or the ocd-division-ids project's own files, see `parseJurisdictions`)
/// and `officials.csv`, where a row describes an official (with an id) or an
/// office nobody in the file holds (without one), and an official with
/// several contacts has one row per contact with the same id.
public enum DirectoryCSV {
    /// The columns of a jurisdictions file, before `name:<locale>` columns.
    public static let jurisdictionColumns = ["id", "name", "kind", "parent", "language", "identifiers"]

    /// The locale key of a `name:<locale>` column ("name:es", "name:zh-Hans",
    /// OpenStreetMap's convention for names in other languages), or nil
    /// when the column is no such column.
    public static func nameLocale(ofColumn column: String) -> String? {
        guard column.hasPrefix("name:") else { return nil }
        return LocaleTag.key(String(column.dropFirst(5)))
    }

    /// The column a name in `locale` is written to: "name:zh-Hans".
    public static func nameColumn(_ locale: String) -> String {
        "name:" + (LocaleTag.canonical(locale) ?? locale)
    }

    /// The columns of an officials file, before `title_<locale>` columns
    /// beyond English and Spanish.
    public static let officialColumns = [
        "id", "name", "sort_name", "party", "pronouns", "language", "jurisdiction", "role", "seat", "district",
        "title_en", "title_es", "term_start", "term_end", "source", "verified",
        "contact_kind", "contact_value", "contact_label", "contact_hours", "contact_note", "contact_source", "contact_verified",
        "identifiers",
    ]

    /// The columns whose text may run over several lines: a postal address
    /// and a note. Every other field is one line.
    static let multiLineColumns: Set<String> = ["contact_value", "contact_note"]

    /// An official's or a jurisdiction's language: a lowercase language
    /// code with an optional region ("es", "pt-br"), as the catalogs are named.
    public static func language(_ text: String?, at location: SourceLocation?) throws -> String? {
        guard let text else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }),
              parts[0].allSatisfy(\.isLetter) else {
            throw InputError("malformed language '\(text)'; use a code such as es or pt-br", at: location)
        }
        return text
    }

    /// Whether a header is that of a jurisdictions file rather than an
    /// officials file. A column only officials files have (role, source,
    /// title_en, …) makes it an officials file even when others are missing;
    /// kind or parent makes it a jurisdictions file; with neither, a file
    /// named like officials.csv is one.
    static func isJurisdictionsHeader(_ names: [String], file: String) -> Bool {
        let officialsOnly = Set(officialColumns).subtracting(jurisdictionColumns)
        if names.contains(where: { officialsOnly.contains($0) || $0.hasPrefix("title_") }) { return false }
        if names.contains("kind") || names.contains("parent") { return true }
        let fileName = file.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return !fileName.contains("official")
    }

    // MARK: - Reading

    /// Parses either kind of file, telling them apart by their header, all
    /// or nothing: any row's problem is thrown, every one in file order.
    public static func parse(bytes: [UInt8], file: String, encoding: SpreadsheetEncoding = .unicode, roles: OfficeRoles = .builtIn) throws -> ParsedDirectory {
        let parsed = try read(bytes: bytes, file: file, encoding: encoding, roles: roles)
        if !parsed.problems.isEmpty { try InputErrorCollector(parsed.problems).throwIfAny() }
        return parsed
    }

    /// Reads what can be read: the rows without problems, and in
    /// `ParsedDirectory.problems` the others'. A file whose header or
    /// encoding cannot be read throws.
    public static func read(bytes: [UInt8], file: String, encoding: SpreadsheetEncoding = .unicode, roles: OfficeRoles = .builtIn) throws -> ParsedDirectory {
        try read(CSVReader(bytes: bytes, file: file, encoding: encoding), roles: roles)
    }

    /// The same for the file a reader has decoded. With `keepingContacts`
    /// false, the officials of an officials file come without their
    /// contacts, for an import to read again one at a time (see
    /// `ParsedDirectory.outlinedFiles`).
    public static func read(_ reader: CSVReader, roles: OfficeRoles = .builtIn, keepingContacts: Bool = true) throws -> ParsedDirectory {
        let file = reader.file
        // Records are read one at a time, never all held at once.
        var records = reader.recordStream()
        guard let header = try records.next() else { throw InputError("the file is empty; expected a header row", at: SourceLocation(file: file, line: 1)) }
        // Many of the ocd-division-ids project's files have no header: an id, then a name.
        if let first = header.fields.first?.value, first.hasPrefix("ocd-division/") || first.hasPrefix("ocd-organization/") {
            return try parseJurisdictions(Table(names: ["id", "name"], header: header, reader: reader), first: header, &records)
        }
        let names = header.fields.map { $0.value.trimmingCharacters(in: .whitespaces).lowercased() }
        let isJurisdictions = isJurisdictionsHeader(names, file: file)
        let table = try Table(header: header, reader: reader, fileKind: isJurisdictions ? "jurisdictions" : "officials")
        return isJurisdictions
            ? try parseJurisdictions(table, first: nil, &records)
            : try parseOfficials(table, &records, reader: reader, roles: roles, keepingContacts: keepingContacts)
    }

    /// A header, by column name.
    struct Table {
        let names: [String]
        let header: CSVReader.Record
        private let positions: [String: Int]
        /// What kind of file this is, for messages: "officials".
        let fileKind: String?
        /// What the reader saw that is unusual (UTF-16, semicolons), for messages about the header.
        let layoutNote: String?
        /// The separator when it is not a comma, for messages about a row's width.
        let separatorNote: String?

        init(header: CSVReader.Record, reader: CSVReader, fileKind: String? = nil) throws {
            self.header = header
            self.fileKind = fileKind
            layoutNote = reader.layoutNote
            separatorNote = reader.separator == "," ? nil : "this header is separated by \(reader.separatorName)"
            names = header.fields.map { $0.value.trimmingCharacters(in: .whitespaces).lowercased() }
            var positions: [String: Int] = [:]
            for (index, name) in names.enumerated() {
                if positions[name] != nil { throw InputError("column '\(name)' appears twice in the header", at: header.fields[index].location) }
                positions[name] = index
            }
            self.positions = positions
        }

        /// The columns of a file without a header; `first` is its first record.
        init(names: [String], header first: CSVReader.Record, reader: CSVReader) {
            self.header = first
            self.names = names
            fileKind = "jurisdictions"
            layoutNote = reader.layoutNote
            separatorNote = reader.separator == "," ? nil : "this file is separated by \(reader.separatorName)"
            positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }

        func require(_ required: [String], allowed: (String) -> Bool) throws {
            if let missing = required.first(where: { positions[$0] == nil }) {
                let which = fileKind.map { " of this \($0) file" } ?? ""
                throw InputError("missing column '\(missing)' in the header\(which) (it has: \(names.joined(separator: ", "))\(layoutNote.map { "; \($0)" } ?? ""))",
                                 at: header.location)
            }
            if let index = names.firstIndex(where: { !allowed($0) }) {
                throw InputError("unknown column '\(header.fields[index].value)'", at: header.fields[index].location)
            }
        }

        func has(_ name: String) -> Bool { positions[name] != nil }

        func field(_ name: String, in record: CSVReader.Record) -> CSVReader.Field? {
            positions[name].flatMap { $0 < record.fields.count ? record.fields[$0] : nil }
        }

        func value(_ name: String, in record: CSVReader.Record) -> String {
            field(name, in: record)?.value.trimmedSpaces ?? ""
        }

        func checkWidth(_ record: CSVReader.Record) throws {
            guard record.fields.count == names.count else {
                throw InputError("\(record.fields.count) fields where the header has \(names.count) columns\(separatorNote.map { " (\($0))" } ?? "")",
                                 at: record.location)
            }
        }

        /// Refuses a field holding a control character (NUL, ESC, …), as the
        /// sign form does: such a name would print raw on a terminal and on
        /// pages. Line breaks are allowed in `multiLine` columns only.
        func checkCharacters(_ record: CSVReader.Record, multiLine: Set<String> = []) throws {
            for (name, field) in zip(names, record.fields) {
                if let scalar = ControlCharacters.first(in: field.value, allowingLineBreaks: multiLine.contains(name)) {
                    throw InputError("\(name) holds a control character (\(ControlCharacters.name(scalar))); remove it", at: field.location)
                }
            }
        }
    }

    /// Reads a jurisdictions file. `kind` and `parent` may be empty: the
    /// kind follows from the id's type, the parent from the id (its nearest
    /// ancestor that the files or the database hold, found on import).
    ///
    /// A file without `kind` and `parent` columns is read as the
    /// ocd-division-ids project publishes its own: `id,name,…` or no header
    /// at all, further columns (`sameAs`, `validThrough`, …) ignored, a row
    /// that ends before the header does read as empty fields, and an id
    /// listed again under the same name is the same division.
    static func parseJurisdictions(_ table: Table, first: CSVReader.Record?, _ records: inout CSVReader.RecordStream) throws -> ParsedDirectory {
        let published = !table.has("kind") && !table.has("parent")
        if published {
            try table.require(["id", "name"]) { _ in true }
        } else {
            try table.require(["id", "name"]) { jurisdictionColumns.contains($0) || nameLocale(ofColumn: $0) != nil }
        }
        var parsed = ParsedDirectory()
        let errors = InputErrorCollector()
        var positions: [String: Int] = [:]
        let nameColumns = table.names.compactMap { column in nameLocale(ofColumn: column).map { (column: column, locale: $0) } }
        var pending = first
        while let record = try pending ?? records.next() {
            pending = nil
            let before = errors.errors.count
            defer {
                let id = table.value("id", in: record)
                if errors.errors.count > before, !id.isEmpty, parsed.jurisdictionLocations[id] == nil { parsed.leftOutJurisdictions.insert(id) }
            }
            try errors.collect {
                if published {
                    if record.fields.count > table.names.count { try table.checkWidth(record) }
                    try table.checkCharacters(record)
                } else {
                    try table.checkWidth(record)
                    try table.checkCharacters(record)
                }
                let idLocation = table.field("id", in: record)?.location
                let id = table.value("id", in: record)
                if let problem = OCDIdentifier.problem(with: id) { throw InputError("malformed OCD id '\(id)': \(problem)", at: idLocation) }
                let name = table.value("name", in: record)
                if name.isEmpty { throw InputError("empty name for jurisdiction '\(id)'", at: table.field("name", in: record)?.location ?? record.location) }
                let kindText = table.value("kind", in: record)
                guard let kind = kindText.isEmpty ? Jurisdiction.Kind(ocdID: id) : Jurisdiction.Kind(rawValue: kindText) else {
                    throw InputError("unknown kind '\(kindText)' (known kinds: \(Jurisdiction.Kind.allCases.map(\.rawValue).joined(separator: ", ")))",
                                     at: table.field("kind", in: record)?.location)
                }
                let parent = table.value("parent", in: record)
                if !parent.isEmpty, let problem = OCDIdentifier.problem(with: parent) {
                    throw InputError("malformed OCD id '\(parent)': \(problem)", at: table.field("parent", in: record)?.location)
                }
                let identifiers = try ExternalIdentifier.parseCell(table.value("identifiers", in: record), at: table.field("identifiers", in: record)?.location)
                let language = try Self.language(table.value("language", in: record).nilIfEmpty, at: table.field("language", in: record)?.location)
                var names: [String: String] = [:]
                for (column, locale) in nameColumns {
                    if let text = table.value(column, in: record).nilIfEmpty { names[locale] = text }
                }
                let jurisdiction = Jurisdiction(id: id, name: name, kind: kind, parentID: parent.isEmpty ? nil : parent, identifiers: identifiers,
                                                language: language, names: names)
                if let first = parsed.jurisdictionLocations[id] {
                    if published, positions[id].map({ parsed.directory.jurisdictions[$0] }) == jurisdiction { return }
                    throw InputError("duplicate id '\(id)' (first at \(first))", at: idLocation)
                }
                if parent.isEmpty {
                    parsed.derivedParents.insert(id)
                } else {
                    parsed.jurisdictionReferences.append(.init(id: parent, location: table.field("parent", in: record)?.location ?? record.location))
                }
                if published { parsed.repeatableJurisdictions.insert(id) }
                positions[id] = parsed.directory.jurisdictions.count
                parsed.directory.jurisdictions.append(jurisdiction)
                parsed.jurisdictionLocations[id] = record.location
            }
        }
        parsed.problems = errors.sorted
        return parsed
    }

    /// Reads an officials file. With `keepingContacts` false, the officials
    /// are kept without their contacts, and `parsed.outlinedFiles` says how
    /// to read the file again for them (`OfficialsFileOutline`): what an
    /// import of a large file holds.
    static func parseOfficials(_ table: Table, _ records: inout CSVReader.RecordStream, reader: CSVReader, roles: OfficeRoles = .builtIn,
                               keepingContacts: Bool = true) throws -> ParsedDirectory {
        try table.require(["id", "name", "jurisdiction", "role", "source"]) { name in
            officialColumns.contains(name) || (name.hasPrefix("title_") && LocaleTag.key(String(name.dropFirst(6))) != nil)
        }
        var parsed = ParsedDirectory()
        let errors = InputErrorCollector()
        var rows = OfficialsCSVRow.Reader(table: table, roles: roles, sharingRepeatedValues: true)
        // The officials in file order, each with the line that first describes them (the record itself is let go).
        var officials: [Official] = []
        var officialLines: [Int] = []
        var officialPositions: [String: Int] = [:]
        // Without contacts: the line of each official's last row, where a second read has them whole.
        var lastLines: [String: Int] = [:]
        // The offices in the order first named, each with where; by id, where each is.
        var offices: [Office] = []
        var officeLocations: [SourceLocation] = []
        var officePositions: [String: Int] = [:]
        // Officials with a row that has a problem: left out whole, with their other rows.
        var failedRows: [String: SourceLocation] = [:]

        while let record = try records.next() {
            let before = errors.errors.count
            defer {
                let id = table.value("id", in: record)
                if errors.errors.count > before, !id.isEmpty, failedRows[id] == nil { failedRows[id] = record.location }
            }
            try errors.collect {
                func located(_ column: String) -> SourceLocation { table.field(column, in: record)?.location ?? record.location }
                let row = try rows.read(record, noting: &parsed)
                let office = row.office, officeID = row.officeID
                if var official = row.official {
                    let id = official.id
                    if let position = officialPositions[id] {
                        let (existing, line) = (officials[position], officialLines[position])
                        if existing.name != official.name {
                            throw InputError("duplicate id '\(id)': line \(line) names '\(existing.name)', this row '\(official.name)'", at: located("id"))
                        }
                        official.contacts = existing.contacts
                        if existing != official {
                            throw InputError("rows for '\(id)' disagree: repeat the official's fields as on line \(line), or leave only the contact columns different", at: record.location)
                        }
                        if keepingContacts, let contact = row.contact { officials[position].contacts.append(contact) }
                    } else {
                        if keepingContacts, let contact = row.contact { official.contacts.append(contact) }
                        officialPositions[id] = officials.count
                        officials.append(official)
                        officialLines.append(record.location.line)
                        parsed.officialLocations[id] = record.location
                    }
                    if !keepingContacts { lastLines[id] = record.location.line }
                }

                // Rows naming the same office must agree on what it is.
                if let position = officePositions[officeID] {
                    var existing = offices[position]
                    let first = officeLocations[position]
                    if existing.districtCode != office.districtCode {
                        throw InputError("office '\(office.id)' is given district '\(office.districtCode ?? "")' here but '\(existing.districtCode ?? "")' at \(first)", at: located("district"))
                    }
                    for (locale, title) in office.titles {
                        if let other = existing.titles[locale], other != title {
                            throw InputError("office '\(office.id)' is titled '\(title)' here but '\(other)' at \(first)", at: located("title_\(locale)"))
                        }
                        existing.titles[locale] = title
                    }
                    existing.contacts += office.contacts
                    offices[position] = existing
                } else {
                    officePositions[officeID] = offices.count
                    offices.append(office)
                    officeLocations.append(record.location)
                    parsed.officeLocations[officeID] = record.location
                }
            }
        }
        let along = InputErrorCollector()
        for (id, failed) in failedRows {
            guard let first = parsed.officialLocations[id] else { continue }
            along.add("official '\(id)' left out with all their rows: line \(failed.line) has a problem", at: first)
            parsed.officialLocations[id] = nil
        }
        parsed.problems = errors.sorted
        parsed.skippedAlong = along.sorted
        parsed.directory.offices = offices
        officials.removeAll { failedRows[$0.id] != nil }
        parsed.directory.officials = officials
        if !keepingContacts {
            for id in failedRows.keys { lastLines[id] = nil }
            parsed.outlinedFiles[reader.file] = OfficialsFileOutline(reader: reader, roles: roles, columns: table.names,
                                                                    digest: records.fileDigest, lastLines: lastLines)
        }
        return parsed
    }

    /// "Jenny Durkan" sorts as "Durkan, Jenny".
    public static func defaultSortName(_ name: String) -> String {
        let words = name.split(separator: " ")
        guard words.count > 1, let last = words.last else { return name }
        return "\(last), \(words.dropLast().joined(separator: " "))"
    }

    // MARK: - Writing

    /// The jurisdictions file for `directory`, parents before children,
    /// with a `name:<locale>` column for each language a name is given in.
    public static func jurisdictionsCSV(_ directory: Directory) -> String {
        let locales = Set(directory.jurisdictions.flatMap(\.names.keys)).sorted()
        var text = CSVWriter.record(jurisdictionColumns + locales.map(nameColumn))
        for jurisdiction in parentsFirst(directory.jurisdictions) {
            text += CSVWriter.record([jurisdiction.id, jurisdiction.name, jurisdiction.kind.rawValue, jurisdiction.parentID ?? "",
                                      jurisdiction.language ?? "", ExternalIdentifier.cell(jurisdiction.identifiers)]
                                     + locales.map { jurisdiction.names[$0] ?? "" })
        }
        return text
    }

    /// The officials file for `directory`: a row per contact, every field repeated.
    public static func officialsCSV(_ directory: Directory) -> String {
        let extraLocales = Set(directory.offices.flatMap(\.titles.keys) + directory.officials.flatMap(\.titles.keys))
            .subtracting(["en", "es"]).sorted()
        let columns = officialColumns + extraLocales.map { "title_\($0)" }
        var text = CSVWriter.record(columns)
        let locales = ["en", "es"] + extraLocales
        let offices = Dictionary(directory.offices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func officeFields(_ office: Office) -> [String: String] {
            var fields = ["jurisdiction": office.jurisdictionID, "role": office.role, "seat": office.seat,
                          "district": office.districtCode ?? ""]
            for locale in locales { fields["title_\(locale)"] = office.titles[locale] ?? "" }
            return fields
        }
        func contactFields(_ contact: Contact?, source: String, verified: PartialDate?) -> [String: String] {
            guard let contact else { return [:] }
            let sameSource = contact.source == source && contact.verified == verified
            return ["contact_kind": contact.kind.rawValue, "contact_value": contact.display, "contact_label": contact.label,
                    "contact_hours": contact.hours, "contact_note": contact.note,
                    "contact_source": sameSource ? "" : contact.source,
                    "contact_verified": sameSource ? "" : contact.verified?.description ?? ""]
        }
        func row(_ fields: [String: String]) { text += CSVWriter.record(columns.map { fields[$0] ?? "" }) }

        for official in directory.officialsInDisplayOrder {
            guard let office = offices[official.officeID] else { continue }
            var base = officeFields(office)
            for locale in locales { base["title_\(locale)"] = official.titles[locale] ?? "" }
            base.merge(["id": official.id, "name": official.name, "sort_name": official.sortName, "party": official.party ?? "",
                        "pronouns": official.pronouns ?? "", "language": official.language ?? "", "term_start": official.termStart?.description ?? "",
                        "term_end": official.termEnd?.description ?? "", "source": official.source,
                        "verified": official.verified?.description ?? "",
                        "identifiers": ExternalIdentifier.cell(official.identifiers)]) { _, new in new }
            let contacts: [Contact?] = official.contacts.isEmpty ? [nil] : official.contacts
            for contact in contacts {
                row(base.merging(contactFields(contact, source: official.source, verified: official.verified)) { _, new in new })
            }
        }
        let heldOffices = Set(directory.officials.map(\.officeID))
        for office in directory.offices.sorted(by: { $0.id < $1.id }) where !office.contacts.isEmpty || !office.titles.isEmpty || !heldOffices.contains(office.id) {
            let base = officeFields(office)
            let contacts: [Contact?] = office.contacts.isEmpty ? [nil] : office.contacts
            for contact in contacts {
                var fields = base.merging(contactFields(contact, source: "", verified: nil)) { _, new in new }
                fields["source"] = contact?.source ?? ""
                fields["verified"] = contact?.verified?.description ?? ""
                fields["contact_source"] = ""
                fields["contact_verified"] = ""
                row(fields)
            }
        }
        return text
    }

    /// Jurisdictions ordered so that each parent comes before its children:
    /// by depth (how many ancestors the list holds), then id.
    public static func parentsFirst(_ jurisdictions: [Jurisdiction]) -> [Jurisdiction] {
        let parents = Dictionary(jurisdictions.map { ($0.id, $0.parentID) }, uniquingKeysWith: { first, _ in first })
        // Each depth is worked out once and kept for the children below it,
        // so that 80,000 jurisdictions take 80,000 steps.
        var depths: [String: Int] = [:]
        func depth(_ id: String) -> Int {
            var chain: [String] = []   // `id` and its ancestors of depth not known yet, nearest first
            var seen: Set<String> = []
            var current = id
            var above = -1             // the depth of what the chain lies under; -1 for nothing
            while true {
                if let known = depths[current] { above = known; break }
                guard seen.insert(current).inserted else { return depthWalkingAround(id) }
                chain.append(current)
                guard let parentID = parents[current] ?? nil, parents[parentID] != nil else { break }
                current = parentID
            }
            for (offset, member) in chain.reversed().enumerated() { depths[member] = above + 1 + offset }
            return depths[id] ?? 0
        }
        // A chain of parents that runs in a circle (an import refuses one)
        // is counted until it comes round.
        func depthWalkingAround(_ id: String) -> Int {
            var depth = 0, current = id, seen: Set<String> = [id]
            while let parentID = parents[current] ?? nil, parents[parentID] != nil, seen.insert(parentID).inserted {
                depth += 1
                current = parentID
            }
            return depth
        }
        return jurisdictions.map { (depth: depth($0.id), jurisdiction: $0) }
            .sorted { ($0.depth, $0.jurisdiction.id) < ($1.depth, $1.jurisdiction.id) }
            .map(\.jurisdiction)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
