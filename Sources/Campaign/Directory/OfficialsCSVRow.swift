/// One row of an officials file read on its own: the office it is about,
/// and the official it describes (none for a row without an id, which
/// describes an office), with the contact it carries. The checks across
/// rows (`DirectoryCSV.parseOfficials`) come after; an import's second
/// pass over the file (`OfficialsFileRereader`) reads rows the same way.
struct OfficialsCSVRow {
    /// The office; titles only from a row without an id, and the contact
    /// of such a row.
    var office: Office
    /// The office's id.
    let officeID: String
    /// The official the row describes, with no contact yet; nil for an office row.
    var official: Official?
    /// The contact the row carries, for the official (or on an office row, in `office`).
    let contact: Contact?

    /// Reads the rows of one officials file, by its header.
    struct Reader {
        let table: DirectoryCSV.Table
        let roles: OfficeRoles
        /// The title columns, each with its locale.
        private let titleColumns: [(column: String, locale: String?)]
        /// Jurisdiction ids found well formed: rows name a few, over and over.
        private var wellFormed: Set<String> = []
        // Values that rows repeat (a source, a party, a jurisdiction, a
        // pair of titles) are kept once, not once per row; nil where rows
        // are let go one at a time.
        private var strings: Set<String>?
        private var titles: Set<[String: String]>?

        /// A reader for the rows under `table`'s header; `sharingRepeatedValues`
        /// for a reader whose rows are all kept.
        init(table: DirectoryCSV.Table, roles: OfficeRoles, sharingRepeatedValues: Bool) {
            self.table = table
            self.roles = roles
            titleColumns = table.names.filter { $0.hasPrefix("title_") }.map { ($0, LocaleTag.key(String($0.dropFirst("title_".count)))) }
            strings = sharingRepeatedValues ? [] : nil
            titles = sharingRepeatedValues ? [] : nil
        }

        /// Reads `record`; a problem throws, with its place. What the row
        /// names before a problem further on is noted in `parsed` all the
        /// same: the jurisdiction it refers to, the office a row without an
        /// id describes.
        mutating func read(_ record: CSVReader.Record, noting parsed: inout ParsedDirectory) throws -> OfficialsCSVRow {
            let table = table
            try table.checkWidth(record)
            try table.checkCharacters(record, multiLine: DirectoryCSV.multiLineColumns)
            func located(_ column: String) -> SourceLocation { table.field(column, in: record)?.location ?? record.location }
            func shared(_ column: String) -> String { share(table.value(column, in: record)) }
            func date(_ column: String) throws -> PartialDate? {
                let text = table.value(column, in: record)
                if text.isEmpty { return nil }
                guard let date = PartialDate(text) else {
                    throw InputError("malformed date '\(text)' in \(column); write YYYY-MM-DD, YYYY-MM or YYYY", at: located(column))
                }
                return date
            }

            // The office the row is about.
            let jurisdictionID = shared("jurisdiction")
            if !wellFormed.contains(jurisdictionID) {
                if let problem = OCDIdentifier.problem(with: jurisdictionID) {
                    throw InputError("malformed OCD id '\(jurisdictionID)': \(problem)", at: located("jurisdiction"))
                }
                wellFormed.insert(jurisdictionID)
            }
            let role = shared("role")
            guard roles.knows(role) else {
                throw InputError(roles.unknown(role), at: located("role"))
            }
            let district = shared("district")
            var titles: [String: String] = [:]
            for (column, locale) in titleColumns {
                let title = shared(column)
                if !title.isEmpty, let locale { titles[locale] = title }
            }
            titles = share(titles)
            let id = table.value("id", in: record)
            // Titles on an official's row are that holder's; on an office row, the office's.
            var office = Office(jurisdictionID: jurisdictionID, role: role, seat: shared("seat"),
                                districtCode: district.isEmpty ? nil : district, titles: id.isEmpty ? titles : [:])
            let officeID = share(office.id)
            parsed.jurisdictionReferences.append(.init(id: jurisdictionID, location: located("jurisdiction")))

            let source = shared("source")
            let verified = try date("verified")

            // The contact the row carries, if any.
            var contact: Contact?
            let kindText = table.value("contact_kind", in: record), valueText = table.value("contact_value", in: record)
            if !kindText.isEmpty || !valueText.isEmpty {
                guard let kind = Contact.Kind(rawValue: kindText) else {
                    throw InputError("unknown contact kind '\(kindText)' (known kinds: phone, email, web, address)", at: located("contact_kind"))
                }
                let contactSource = shared("contact_source")
                let contactVerified = try date("contact_verified")
                if contactSource.isEmpty && source.isEmpty {
                    throw InputError("a contact needs a source: fill in source or contact_source", at: located("contact_source"))
                }
                do {
                    contact = try Contact(kind: kind, display: valueText, label: shared("contact_label"),
                                          hours: shared("contact_hours"), note: shared("contact_note"),
                                          source: contactSource.isEmpty ? source : contactSource,
                                          verified: contactSource.isEmpty && table.value("contact_verified", in: record).isEmpty ? verified : contactVerified)
                } catch {
                    throw InputError("\(error)", at: located("contact_value"))
                }
            }

            guard !id.isEmpty else {
                parsed.describedOffices.insert(officeID)
                // An office row: every official column must be empty.
                for column in ["name", "sort_name", "party", "pronouns", "language", "term_start", "term_end", "identifiers"] where !table.value(column, in: record).isEmpty {
                    throw InputError("a row without an id describes an office, but \(column) is filled in; give the official an id", at: located("id"))
                }
                if let contact { office.contacts.append(contact) }
                return OfficialsCSVRow(office: office, officeID: officeID, official: nil, contact: contact)
            }
            guard Official.isValidID(id) else {
                throw InputError("malformed id '\(id)'; use lowercase letters, digits and dashes", at: located("id"))
            }
            let name = table.value("name", in: record)
            if name.isEmpty { throw InputError("empty name for official '\(id)'", at: located("name")) }
            if source.isEmpty { throw InputError("empty source for official '\(id)'; say where the record comes from", at: located("source")) }
            let sortName = table.value("sort_name", in: record)
            let official = Official(
                id: id, name: name, sortName: sortName.isEmpty ? DirectoryCSV.defaultSortName(name) : sortName,
                party: shared("party").nilIfEmpty, pronouns: shared("pronouns").nilIfEmpty,
                language: try DirectoryCSV.language(table.value("language", in: record).nilIfEmpty, at: located("language")),
                officeID: officeID, termStart: try date("term_start"), termEnd: try date("term_end"),
                source: source, verified: verified, titles: titles,
                identifiers: try ExternalIdentifier.parseCell(table.value("identifiers", in: record), at: located("identifiers")))
            return OfficialsCSVRow(office: office, officeID: officeID, official: official, contact: contact)
        }

        private mutating func share(_ value: String) -> String {
            strings?.insert(value).memberAfterInsert ?? value
        }

        private mutating func share(_ value: [String: String]) -> [String: String] {
            value.isEmpty ? value : titles?.insert(value).memberAfterInsert ?? value
        }
    }
}
