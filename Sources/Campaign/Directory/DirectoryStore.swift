/// Reads and writes directory records. All directory SQL lives here; callers
/// pass the connection of their `read` or `write` block.
public enum DirectoryStore {
    // MARK: - Reading

    /// Everything in the directory.
    public static func load(_ db: Database) throws -> Directory {
        let sql = statements(db)
        // Each kind's rows are read when they are decoded and let go after:
        // tens of thousands of officials' contact rows are not held beside
        // every other kind's and the records made of them.
        return try directory { kind in
            switch kind {
            case .jurisdictions: try db.rows(sql.jurisdictions)
            case .jurisdictionIdentifiers: try db.rows(sql.jurisdictionIdentifiers)
            case .jurisdictionNames: try db.rows(sql.jurisdictionNames)
            case .offices: try db.rows(sql.offices)
            case .officeTitles: try db.rows(sql.officeTitles)
            case .officials: try db.rows(sql.officials)
            case .officialTitles: try db.rows(sql.officialTitles)
            case .officialIdentifiers: try db.rows(sql.officialIdentifiers)
            case .contacts: try db.rows(sql.contacts)
            }
        }
    }

    // MARK: - What an import needs

    // An import of tens of thousands of officials, each with an office of
    // their own, checks them against the stored jurisdictions, but needs of
    // the stored offices and officials only their ids and who holds which
    // office; each record is read by id when the import comes to it.

    /// The jurisdictions, ordered by id as `load` orders them.
    public static func loadJurisdictions(_ db: Database) throws -> [Jurisdiction] {
        let sql = statements(db)
        return try directory { kind in
            switch kind {
            case .jurisdictions: try db.rows(sql.jurisdictions)
            case .jurisdictionIdentifiers: try db.rows(sql.jurisdictionIdentifiers)
            case .jurisdictionNames: try db.rows(sql.jurisdictionNames)
            case .offices, .officeTitles, .officials, .officialTitles, .officialIdentifiers, .contacts: []
            }
        }.jurisdictions
    }

    /// The office with this id, with its titles and contacts; nil when there is none.
    public static func office(_ id: String, _ db: Database) throws -> Office? {
        let sql = statements(db)
        return try directory { kind in
            switch kind {
            case .offices: try db.rows(sql.officeByID, [id])
            case .officeTitles: try db.rows(sql.officeTitlesByID, [id])
            case .contacts: try db.rows(sql.officeContactsByID, [id])
            case .jurisdictions, .jurisdictionIdentifiers, .jurisdictionNames, .officials, .officialTitles, .officialIdentifiers: []
            }
        }.offices.first
    }

    /// Every stored office's id, ordered by id.
    public static func officeIDs(_ db: Database) throws -> [String] {
        var ids: [String] = []
        try db.scan(statements(db).officeIDs) { row in ids.append(try row.text("id")) }
        return ids
    }

    /// Calls `body` with every stored official's office and term, ordered
    /// by id, one at a time: none is kept that `body` does not keep.
    public static func forEachHolding(_ db: Database, _ body: (OfficeHolding) throws -> Void) throws {
        let sql = statements(db)
        try db.scan(sql.holdings) { row in
            try body(OfficeHolding(officialID: try row.text("id"), officeID: try row.text("office_id"),
                                   termStart: try date(row.optionalText("term_start"), "term_start", sql: sql.holdings),
                                   termEnd: try date(row.optionalText("term_end"), "term_end", sql: sql.holdings)))
        }
    }

    /// The official with this id, whole (titles, contacts, identifiers); nil when there is none.
    public static func official(_ id: String, _ db: Database) throws -> Official? {
        let sql = statements(db)
        return try directory { kind in
            switch kind {
            case .officials: try db.rows(sql.officialByID, [id])
            case .officialTitles: try db.rows(sql.officialTitlesByID, [id])
            case .officialIdentifiers: try db.rows(sql.officialIdentifiersByID, [id])
            case .contacts: try db.rows(sql.officialContactsByID, [id])
            case .jurisdictions, .jurisdictionIdentifiers, .jurisdictionNames, .offices, .officeTitles: []
            }
        }.officials.first
    }

    /// The rows a directory is made of, each kind in the order it is kept.
    struct DirectoryRows {
        var jurisdictions: [Row] = []
        var jurisdictionIdentifiers: [Row] = []
        var jurisdictionNames: [Row] = []
        var offices: [Row] = []
        var officeTitles: [Row] = []
        var officials: [Row] = []
        var officialTitles: [Row] = []
        var officialIdentifiers: [Row] = []
        var contacts: [Row] = []

        /// One kind of row.
        enum Kind { case jurisdictions, jurisdictionIdentifiers, jurisdictionNames, offices, officeTitles, officials, officialTitles, officialIdentifiers, contacts }

        subscript(kind: Kind) -> [Row] {
            switch kind {
            case .jurisdictions: jurisdictions
            case .jurisdictionIdentifiers: jurisdictionIdentifiers
            case .jurisdictionNames: jurisdictionNames
            case .offices: offices
            case .officeTitles: officeTitles
            case .officials: officials
            case .officialTitles: officialTitles
            case .officialIdentifiers: officialIdentifiers
            case .contacts: contacts
            }
        }
    }

    /// Records from their rows, each kind fetched when it is decoded.
    static func directory(_ rows: (DirectoryRows.Kind) throws -> [Row]) throws -> Directory {
        var jurisdictionIdentifiers: [String: [ExternalIdentifier]] = [:]
        for row in try rows(.jurisdictionIdentifiers) {
            jurisdictionIdentifiers[try row.decode("jurisdiction_id"), default: []]
                .append(ExternalIdentifier(scheme: try row.decode("scheme"), value: try row.decode("value")))
        }
        var officialIdentifiers: [String: [ExternalIdentifier]] = [:]
        for row in try rows(.officialIdentifiers) {
            officialIdentifiers[try row.decode("official_id"), default: []]
                .append(ExternalIdentifier(scheme: try row.decode("scheme"), value: try row.decode("value")))
        }
        var jurisdictionNames: [String: [String: String]] = [:]
        for row in try rows(.jurisdictionNames) {
            jurisdictionNames[try row.decode("jurisdiction_id"), default: [:]][try row.decode("locale")] = try row.decode("name")
        }
        let jurisdictions = try rows(.jurisdictions).map { row in
            let id: String = try row.decode("id")
            return Jurisdiction(id: id, name: try row.decode("name"), kind: try row.decode("kind"), parentID: try row.decode("parent_id"),
                                identifiers: jurisdictionIdentifiers[id] ?? [], language: try row.decode("language"),
                                names: jurisdictionNames[id] ?? [:])
        }
        var titles: [String: [String: String]] = [:]
        for row in try rows(.officeTitles) {
            titles[try row.decode("office_id"), default: [:]][try row.decode("locale")] = try row.decode("title")
        }
        var officialTitles: [String: [String: String]] = [:]
        for row in try rows(.officialTitles) {
            officialTitles[try row.decode("official_id"), default: [:]][try row.decode("locale")] = try row.decode("title")
        }
        var officeContacts: [String: [Contact]] = [:]
        var officialContacts: [String: [Contact]] = [:]
        for row in try rows(.contacts) {
            let contact = try contact(row)
            if let official: String = try row.decode("official_id") { officialContacts[official, default: []].append(contact) }
            if let office: String = try row.decode("office_id") { officeContacts[office, default: []].append(contact) }
        }
        let offices = try rows(.offices).map { row in
            let id: String = try row.decode("id")
            return Office(jurisdictionID: try row.decode("jurisdiction_id"), role: try row.decode("role"), seat: try row.decode("seat"),
                          districtCode: try row.decode("district_code"), titles: titles[id] ?? [:], contacts: officeContacts[id] ?? [])
        }
        let officials = try rows(.officials).map { row in
            let id: String = try row.decode("id")
            return Official(id: id, name: try row.decode("name"), sortName: try row.decode("sort_name"), party: try row.decode("party"),
                            pronouns: try row.decode("pronouns"), language: try row.decode("language"), officeID: try row.decode("office_id"),
                            termStart: try date(row, "term_start"), termEnd: try date(row, "term_end"), source: try row.decode("source"),
                            verified: try date(row, "verified_on"), contacts: officialContacts[id] ?? [], titles: officialTitles[id] ?? [:],
                            identifiers: officialIdentifiers[id] ?? [])
        }
        return Directory(jurisdictions: jurisdictions, offices: offices, officials: officials)
    }

    // MARK: - One place

    // A lookup of a ZIP code or a point answers with a few jurisdictions
    // and their offices, and reads only those, not all 80,000.

    /// The jurisdictions `ids` and every one they lie within, with their
    /// offices and the offices' holders, each kind ordered by id as `load`
    /// orders it. An id the directory lacks is left out.
    public static func load(places ids: [String], _ db: Database) throws -> Directory {
        let sql = statements(db)
        var jurisdictions: [String: Row] = [:]
        for id in Set(ids) where jurisdictions[id] == nil {
            for row in try db.rows(sql.placeJurisdictionWithAncestors, [id]) {
                jurisdictions[try row.decode("id")] = row
            }
        }
        var rows = DirectoryRows()
        for (id, row) in jurisdictions.sorted(by: { $0.key < $1.key }) {
            rows.jurisdictions.append(row)
            rows.jurisdictionIdentifiers += try db.rows(sql.placeJurisdictionIdentifiers, [id])
            rows.jurisdictionNames += try db.rows(sql.placeJurisdictionNames, [id])
            rows.offices += try db.rows(sql.placeOffices, [id])
            rows.officeTitles += try db.rows(sql.placeOfficeTitles, [id])
            rows.officials += try db.rows(sql.placeOfficials, [id])
            rows.officialTitles += try db.rows(sql.placeOfficialTitles, [id])
            rows.officialIdentifiers += try db.rows(sql.placeOfficialIdentifiers, [id])
            rows.contacts += try db.rows(sql.placeOfficeContacts, [id]) + db.rows(sql.placeOfficialContacts, [id])
        }
        var directory = try directory { rows[$0] }
        // Ordered by id as a whole, not jurisdiction by jurisdiction; a
        // record's contacts are in their order already.
        directory.offices.sort { $0.id < $1.id }
        directory.officials.sort { $0.id < $1.id }
        return directory
    }

    /// A stored date ("2018", "2018-05", "2018-05-18"), or nil when NULL.
    private static func date(_ row: Row, _ column: String) throws -> PartialDate? {
        try date(try row.decode(column), column, sql: row.sql)
    }

    /// The date `text` of `column` stands for, or nil for NULL.
    private static func date(_ text: String?, _ column: String, sql: String) throws -> PartialDate? {
        guard let text else { return nil }
        guard let date = PartialDate(text) else {
            throw DatabaseError.mistypedColumn(column, holds: "text that is no date", expected: "a date such as 2018-05-18", sql: sql)
        }
        return date
    }

    /// A contact from its row.
    private static func contact(_ row: Row) throws -> Contact {
        Contact(kind: try row.decode("kind"), value: try row.decode("value"), display: try row.decode("display"),
                label: try row.decode("label"), hours: try row.decode("hours"), note: try row.decode("note"),
                source: try row.decode("source"), verified: try date(row, "verified_on"), origin: try row.decode("origin"))
    }

    /// The fields organizers edited, by official, each with the value its
    /// source last gave (nil for none).
    public static func localFields(_ db: Database) throws -> [String: [OfficialField: String?]] {
        var fields: [String: [OfficialField: String?]] = [:]
        for row in try db.rows(statements(db).localFields) {
            let name: String = try row.decode("field")
            guard let field = OfficialField(name) else {
                throw DatabaseError.mistypedColumn("field", holds: "'\(name)'", expected: "a field of an official such as term-end", sql: row.sql)
            }
            fields[try row.decode("official_id"), default: [:]][field] = .some(try row.decode("source_value"))
        }
        return fields
    }

    /// Whether the directory holds no jurisdiction yet.
    public static func isEmpty(_ db: Database) throws -> Bool {
        try db.row(statements(db).anyJurisdiction) == nil
    }

    /// Whether a jurisdiction with this id exists.
    public static func hasJurisdiction(_ id: String, _ db: Database) throws -> Bool {
        try db.row(statements(db).jurisdictionExists, [id]) != nil
    }

    /// Whether an official with this id exists.
    public static func hasOfficial(_ id: String, _ db: Database) throws -> Bool {
        try db.row(statements(db).officialExists, [id]) != nil
    }

    /// The official another registry knows by this id, if any.
    public static func officialID(with identifier: ExternalIdentifier, _ db: Database) throws -> String? {
        try db.row(statements(db).officialByIdentifier, [identifier.scheme, identifier.value])?.decode("official_id")
    }

    /// The jurisdiction another registry knows by this id, if any.
    public static func jurisdictionID(with identifier: ExternalIdentifier, _ db: Database) throws -> String? {
        try db.row(statements(db).jurisdictionByIdentifier, [identifier.scheme, identifier.value])?.decode("jurisdiction_id")
    }

    // MARK: - Writing

    /// Inserts or updates a jurisdiction with its identifiers and names.
    public static func save(_ jurisdiction: Jurisdiction, _ db: Database) throws {
        let sql = statements(db)
        try db.execute(sql.saveJurisdiction, [jurisdiction.id, jurisdiction.name, jurisdiction.kind.rawValue, jurisdiction.parentID,
                                              jurisdiction.language])
        try db.execute(sql.deleteJurisdictionIdentifiers, [jurisdiction.id])
        for identifier in jurisdiction.identifiers {
            try db.execute(sql.insertJurisdictionIdentifier, [jurisdiction.id, identifier.scheme, identifier.value])
        }
        try db.execute(sql.deleteJurisdictionNames, [jurisdiction.id])
        for (locale, name) in jurisdiction.names.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql.insertJurisdictionName, [jurisdiction.id, locale, name])
        }
    }

    /// Inserts or updates an office with its titles and contacts.
    public static func save(_ office: Office, _ db: Database) throws {
        let sql = statements(db)
        try db.execute(sql.saveOffice, [office.id, office.jurisdictionID, office.role, office.seat, office.districtCode])
        try db.execute(sql.deleteOfficeTitles, [office.id])
        for (locale, title) in office.titles.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql.insertOfficeTitle, [office.id, locale, title])
        }
        try db.execute(sql.deleteOfficeContacts, [office.id])
        try insertContacts(office.contacts, officialID: nil, officeID: office.id, db)
    }

    /// Inserts or updates an official with their contacts.
    public static func save(_ official: Official, _ db: Database) throws {
        let sql = statements(db)
        try db.execute(sql.saveOfficial, [official.id, official.name, official.sortName, official.party, official.pronouns, official.language,
                                          official.officeID, official.termStart?.description, official.termEnd?.description, official.source,
                                          official.verified?.description])
        try db.execute(sql.deleteOfficialTitles, [official.id])
        for (locale, title) in official.titles.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql.insertOfficialTitle, [official.id, locale, title])
        }
        try db.execute(sql.deleteOfficialContacts, [official.id])
        try insertContacts(official.contacts, officialID: official.id, officeID: nil, db)
        try db.execute(sql.deleteOfficialIdentifiers, [official.id])
        for identifier in official.identifiers {
            try db.execute(sql.insertOfficialIdentifier, [official.id, identifier.scheme, identifier.value])
        }
    }

    /// Marks a field of an official as edited by hand, with the value its
    /// source gives (nil for none), or updates that value.
    public static func saveLocalField(officialID: String, _ field: OfficialField, sourceValue: String?, _ db: Database) throws {
        try db.execute(statements(db).saveLocalField, [officialID, field.description, sourceValue])
    }

    /// Unmarks a field: the next import sets it.
    public static func deleteLocalField(officialID: String, _ field: OfficialField, _ db: Database) throws {
        try db.execute(statements(db).deleteLocalField, [officialID, field.description])
    }

    /// Removes an official and their contacts.
    public static func deleteOfficial(_ id: String, _ db: Database) throws {
        try db.execute(statements(db).deleteOfficial, [id])
    }

    /// Removes an office nobody holds, with its titles and contacts.
    public static func deleteOffice(_ id: String, _ db: Database) throws {
        try db.execute(statements(db).deleteUnheldOffice, [id, id])
    }

    private static func insertContacts(_ contacts: [Contact], officialID: String?, officeID: String?, _ db: Database) throws {
        let sql = statements(db)
        for (position, contact) in contacts.enumerated() {
            try db.execute(sql.insertContact, [officialID, officeID, position, contact.kind.rawValue, contact.value, contact.display, contact.label,
                                               contact.hours, contact.note, contact.source, contact.verified?.description, contact.origin.rawValue])
        }
    }
}

// MARK: - SQL

extension DirectoryStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        var jurisdictions: String
        var officeTitles: String
        var officialTitles: String
        var contacts: String
        var offices: String
        var officials: String
        var anyJurisdiction: String
        var jurisdictionExists: String
        var officialExists: String
        var saveJurisdiction: String
        var saveOffice: String
        var deleteOfficeTitles: String
        var insertOfficeTitle: String
        var deleteOfficeContacts: String
        var saveOfficial: String
        var deleteOfficialTitles: String
        var insertOfficialTitle: String
        var deleteOfficialContacts: String
        var deleteOfficial: String
        var deleteUnheldOffice: String
        var insertContact: String
        var localFields: String
        var saveLocalField: String
        var deleteLocalField: String
        var jurisdictionIdentifiers: String
        var officialIdentifiers: String
        var officialByIdentifier: String
        var jurisdictionByIdentifier: String
        var deleteJurisdictionIdentifiers: String
        var insertJurisdictionIdentifier: String
        var jurisdictionNames: String
        var deleteJurisdictionNames: String
        var insertJurisdictionName: String
        var placeJurisdictionNames: String
        var deleteOfficialIdentifiers: String
        var insertOfficialIdentifier: String
        var placeJurisdictionWithAncestors: String
        var placeJurisdictionIdentifiers: String
        var placeOffices: String
        var placeOfficeTitles: String
        var placeOfficials: String
        var placeOfficialTitles: String
        var placeOfficialIdentifiers: String
        var placeOfficeContacts: String
        var placeOfficialContacts: String
        var officeByID: String
        var officeTitlesByID: String
        var officeContactsByID: String
        var officeIDs: String
        var holdings: String
        var officialByID: String
        var officialTitlesByID: String
        var officialIdentifiersByID: String
        var officialContactsByID: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension DirectoryStore.Statements {
    static let sqlite = DirectoryStore.Statements(
        jurisdictions: "SELECT id, name, kind, parent_id, language FROM jurisdictions ORDER BY id",
        officeTitles: "SELECT office_id, locale, title FROM office_titles",
        officialTitles: "SELECT official_id, locale, title FROM official_titles",
        contacts: """
            SELECT official_id, office_id, kind, value, display, label, hours, note, source, verified_on, origin
            FROM contacts ORDER BY position, id
            """,
        offices: "SELECT id, jurisdiction_id, role, seat, district_code FROM offices ORDER BY id",
        officials: """
            SELECT id, name, sort_name, party, pronouns, language, office_id, term_start, term_end, source, verified_on
            FROM officials ORDER BY id
            """,
        anyJurisdiction: "SELECT id FROM jurisdictions LIMIT 1",
        jurisdictionExists: "SELECT id FROM jurisdictions WHERE id = ?",
        officialExists: "SELECT id FROM officials WHERE id = ?",
        saveJurisdiction: """
            INSERT INTO jurisdictions (id, name, kind, parent_id, language) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id, language = excluded.language
            """,
        saveOffice: """
            INSERT INTO offices (id, jurisdiction_id, role, seat, district_code) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET district_code = excluded.district_code
            """,
        deleteOfficeTitles: "DELETE FROM office_titles WHERE office_id = ?",
        insertOfficeTitle: "INSERT INTO office_titles (office_id, locale, title) VALUES (?, ?, ?)",
        deleteOfficeContacts: "DELETE FROM contacts WHERE office_id = ?",
        saveOfficial: """
            INSERT INTO officials (id, name, sort_name, party, pronouns, language, office_id, term_start, term_end, source, verified_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, sort_name = excluded.sort_name, party = excluded.party,
                pronouns = excluded.pronouns, language = excluded.language, office_id = excluded.office_id, term_start = excluded.term_start,
                term_end = excluded.term_end, source = excluded.source, verified_on = excluded.verified_on
            """,
        deleteOfficialTitles: "DELETE FROM official_titles WHERE official_id = ?",
        insertOfficialTitle: "INSERT INTO official_titles (official_id, locale, title) VALUES (?, ?, ?)",
        deleteOfficialContacts: "DELETE FROM contacts WHERE official_id = ?",
        deleteOfficial: "DELETE FROM officials WHERE id = ?",
        deleteUnheldOffice: "DELETE FROM offices WHERE id = ? AND NOT EXISTS (SELECT 1 FROM officials WHERE office_id = ?)",
        insertContact: """
            INSERT INTO contacts (official_id, office_id, position, kind, value, display, label, hours, note, source, verified_on, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
        localFields: "SELECT official_id, field, source_value FROM official_local_fields ORDER BY official_id, field",
        saveLocalField: """
            INSERT INTO official_local_fields (official_id, field, source_value) VALUES (?, ?, ?)
            ON CONFLICT (official_id, field) DO UPDATE SET source_value = excluded.source_value
            """,
        deleteLocalField: "DELETE FROM official_local_fields WHERE official_id = ? AND field = ?",
        jurisdictionIdentifiers: "SELECT jurisdiction_id, scheme, value FROM jurisdiction_identifiers ORDER BY jurisdiction_id, scheme, value",
        officialIdentifiers: "SELECT official_id, scheme, value FROM official_identifiers ORDER BY official_id, scheme, value",
        officialByIdentifier: "SELECT official_id FROM official_identifiers WHERE scheme = ? AND value = ? ORDER BY official_id LIMIT 1",
        jurisdictionByIdentifier: "SELECT jurisdiction_id FROM jurisdiction_identifiers WHERE scheme = ? AND value = ? ORDER BY jurisdiction_id LIMIT 1",
        deleteJurisdictionIdentifiers: "DELETE FROM jurisdiction_identifiers WHERE jurisdiction_id = ?",
        insertJurisdictionIdentifier: "INSERT INTO jurisdiction_identifiers (jurisdiction_id, scheme, value) VALUES (?, ?, ?)",
        jurisdictionNames: "SELECT jurisdiction_id, locale, name FROM jurisdiction_names ORDER BY jurisdiction_id, locale",
        deleteJurisdictionNames: "DELETE FROM jurisdiction_names WHERE jurisdiction_id = ?",
        insertJurisdictionName: "INSERT INTO jurisdiction_names (jurisdiction_id, locale, name) VALUES (?, ?, ?)",
        placeJurisdictionNames: "SELECT jurisdiction_id, locale, name FROM jurisdiction_names WHERE jurisdiction_id = ? ORDER BY locale",
        deleteOfficialIdentifiers: "DELETE FROM official_identifiers WHERE official_id = ?",
        insertOfficialIdentifier: "INSERT INTO official_identifiers (official_id, scheme, value) VALUES (?, ?, ?)",
        // One place's part of the directory (`load(places:)`): each takes a
        // jurisdiction's id; the columns are those `load` reads.
        // UNION keeps each id once, so a parent chain that ran in a circle would still end.
        placeJurisdictionWithAncestors: """
            WITH RECURSIVE chain(id) AS (
                SELECT ? UNION SELECT j.parent_id FROM jurisdictions j JOIN chain c ON j.id = c.id WHERE j.parent_id IS NOT NULL
            )
            SELECT j.id, j.name, j.kind, j.parent_id, j.language FROM jurisdictions j JOIN chain c ON j.id = c.id
            """,
        placeJurisdictionIdentifiers: "SELECT jurisdiction_id, scheme, value FROM jurisdiction_identifiers WHERE jurisdiction_id = ? ORDER BY scheme, value",
        placeOffices: "SELECT id, jurisdiction_id, role, seat, district_code FROM offices WHERE jurisdiction_id = ? ORDER BY id",
        placeOfficeTitles: "SELECT t.office_id, t.locale, t.title FROM office_titles t JOIN offices o ON o.id = t.office_id WHERE o.jurisdiction_id = ?",
        placeOfficials: """
            SELECT f.id, f.name, f.sort_name, f.party, f.pronouns, f.language, f.office_id, f.term_start, f.term_end, f.source, f.verified_on
            FROM officials f JOIN offices o ON o.id = f.office_id WHERE o.jurisdiction_id = ? ORDER BY f.id
            """,
        placeOfficialTitles: """
            SELECT t.official_id, t.locale, t.title FROM official_titles t
            JOIN officials f ON f.id = t.official_id JOIN offices o ON o.id = f.office_id WHERE o.jurisdiction_id = ?
            """,
        placeOfficialIdentifiers: """
            SELECT i.official_id, i.scheme, i.value FROM official_identifiers i
            JOIN officials f ON f.id = i.official_id JOIN offices o ON o.id = f.office_id WHERE o.jurisdiction_id = ?
            ORDER BY i.official_id, i.scheme, i.value
            """,
        placeOfficeContacts: """
            SELECT c.official_id, c.office_id, c.kind, c.value, c.display, c.label, c.hours, c.note, c.source, c.verified_on, c.origin
            FROM contacts c JOIN offices o ON o.id = c.office_id WHERE o.jurisdiction_id = ? ORDER BY c.position, c.id
            """,
        placeOfficialContacts: """
            SELECT c.official_id, c.office_id, c.kind, c.value, c.display, c.label, c.hours, c.note, c.source, c.verified_on, c.origin
            FROM contacts c JOIN officials f ON f.id = c.official_id JOIN offices o ON o.id = f.office_id
            WHERE o.jurisdiction_id = ? ORDER BY c.position, c.id
            """,
        // What an import reads (`office(_:)`, `officeIDs`, `forEachHolding`, `official(_:)`); the columns are those `load` reads.
        officeByID: "SELECT id, jurisdiction_id, role, seat, district_code FROM offices WHERE id = ?",
        officeTitlesByID: "SELECT office_id, locale, title FROM office_titles WHERE office_id = ?",
        officeContactsByID: """
            SELECT official_id, office_id, kind, value, display, label, hours, note, source, verified_on, origin
            FROM contacts WHERE office_id = ? ORDER BY position, id
            """,
        officeIDs: "SELECT id FROM offices ORDER BY id",
        holdings: "SELECT id, office_id, term_start, term_end FROM officials ORDER BY id",
        officialByID: """
            SELECT id, name, sort_name, party, pronouns, language, office_id, term_start, term_end, source, verified_on
            FROM officials WHERE id = ?
            """,
        officialTitlesByID: "SELECT official_id, locale, title FROM official_titles WHERE official_id = ?",
        officialIdentifiersByID: "SELECT official_id, scheme, value FROM official_identifiers WHERE official_id = ? ORDER BY scheme, value",
        officialContactsByID: """
            SELECT official_id, office_id, kind, value, display, label, hours, note, source, verified_on, origin
            FROM contacts WHERE official_id = ? ORDER BY position, id
            """
    )
}

extension DirectoryStore.Statements {
    /// SQLite's, but with the type of the chain's first id spelled out,
    /// which PostgreSQL cannot tell from a bare parameter.
    static let postgres: DirectoryStore.Statements = {
        var statements = DirectoryStore.Statements.sqlite
        statements.placeJurisdictionWithAncestors = """
            WITH RECURSIVE chain(id) AS (
                SELECT CAST(? AS TEXT) COLLATE "C" UNION SELECT j.parent_id FROM jurisdictions j JOIN chain c ON j.id = c.id WHERE j.parent_id IS NOT NULL
            )
            SELECT j.id, j.name, j.kind, j.parent_id, j.language FROM jurisdictions j JOIN chain c ON j.id = c.id
            """
        return statements
    }()
}
