/// Reads and writes directory records. All directory SQL lives here; callers
/// pass the connection of their `read` or `write` block.
public enum DirectoryStore {
    // MARK: - Reading

    /// Everything in the directory.
    public static func load(_ db: Database) throws -> Directory {
        let jurisdictions = try db.rows("SELECT id, name, kind, parent_id FROM jurisdictions ORDER BY id").map { row in
            Jurisdiction(id: row["id"] ?? "", name: row["name"] ?? "",
                         kind: Jurisdiction.Kind(rawValue: row["kind"] ?? "") ?? .city, parentID: row["parent_id"])
        }
        var titles: [String: [String: String]] = [:]
        for row in try db.rows("SELECT office_id, locale, title FROM office_titles") {
            titles[row["office_id"] ?? "", default: [:]][row["locale"] ?? ""] = row["title"]
        }
        var officialTitles: [String: [String: String]] = [:]
        for row in try db.rows("SELECT official_id, locale, title FROM official_titles") {
            officialTitles[row["official_id"] ?? "", default: [:]][row["locale"] ?? ""] = row["title"]
        }
        var officeContacts: [String: [Contact]] = [:]
        var officialContacts: [String: [Contact]] = [:]
        for row in try db.rows("""
            SELECT official_id, office_id, kind, value, display, label, hours, note, source, verified_on
            FROM contacts ORDER BY position, id
            """) {
            let contact = Contact(kind: Contact.Kind(rawValue: row["kind"] ?? "") ?? .address, value: row["value"] ?? "",
                                  display: row["display"] ?? "", label: row["label"] ?? "", hours: row["hours"] ?? "",
                                  note: row["note"] ?? "", source: row["source"] ?? "",
                                  verified: (row["verified_on"] as String?).flatMap(PartialDate.init))
            if let official: String = row["official_id"] { officialContacts[official, default: []].append(contact) }
            if let office: String = row["office_id"] { officeContacts[office, default: []].append(contact) }
        }
        let offices = try db.rows("SELECT id, jurisdiction_id, role, seat, district_code FROM offices ORDER BY id").map { row in
            let id: String = row["id"] ?? ""
            return Office(jurisdictionID: row["jurisdiction_id"] ?? "", role: row["role"] ?? "", seat: row["seat"] ?? "",
                          districtCode: row["district_code"], titles: titles[id] ?? [:], contacts: officeContacts[id] ?? [])
        }
        let officials = try db.rows("""
            SELECT id, name, sort_name, party, pronouns, language, office_id, term_start, term_end, source, verified_on
            FROM officials ORDER BY id
            """).map { row in
            let id: String = row["id"] ?? ""
            return Official(id: id, name: row["name"] ?? "", sortName: row["sort_name"] ?? "", party: row["party"],
                            pronouns: row["pronouns"], language: row["language"], officeID: row["office_id"] ?? "",
                            termStart: (row["term_start"] as String?).flatMap(PartialDate.init),
                            termEnd: (row["term_end"] as String?).flatMap(PartialDate.init),
                            source: row["source"] ?? "", verified: (row["verified_on"] as String?).flatMap(PartialDate.init),
                            contacts: officialContacts[id] ?? [], titles: officialTitles[id] ?? [:])
        }
        return Directory(jurisdictions: jurisdictions, offices: offices, officials: officials)
    }

    // MARK: - Writing

    /// Inserts or updates a jurisdiction.
    public static func save(_ jurisdiction: Jurisdiction, _ db: Database) throws {
        try db.execute("""
            INSERT INTO jurisdictions (id, name, kind, parent_id) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id
            """, [jurisdiction.id, jurisdiction.name, jurisdiction.kind.rawValue, jurisdiction.parentID])
    }

    /// Inserts or updates an office with its titles and contacts.
    public static func save(_ office: Office, _ db: Database) throws {
        try db.execute("""
            INSERT INTO offices (id, jurisdiction_id, role, seat, district_code) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET district_code = excluded.district_code
            """, [office.id, office.jurisdictionID, office.role, office.seat, office.districtCode])
        try db.execute("DELETE FROM office_titles WHERE office_id = ?", [office.id])
        for (locale, title) in office.titles.sorted(by: { $0.key < $1.key }) {
            try db.execute("INSERT INTO office_titles (office_id, locale, title) VALUES (?, ?, ?)", [office.id, locale, title])
        }
        try db.execute("DELETE FROM contacts WHERE office_id = ?", [office.id])
        try insertContacts(office.contacts, officialID: nil, officeID: office.id, db)
    }

    /// Inserts or updates an official with their contacts.
    public static func save(_ official: Official, _ db: Database) throws {
        try db.execute("""
            INSERT INTO officials (id, name, sort_name, party, pronouns, language, office_id, term_start, term_end, source, verified_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, sort_name = excluded.sort_name, party = excluded.party,
                pronouns = excluded.pronouns, language = excluded.language, office_id = excluded.office_id, term_start = excluded.term_start,
                term_end = excluded.term_end, source = excluded.source, verified_on = excluded.verified_on
            """, [official.id, official.name, official.sortName, official.party, official.pronouns, official.language, official.officeID,
                  official.termStart?.description, official.termEnd?.description, official.source,
                  official.verified?.description])
        try db.execute("DELETE FROM official_titles WHERE official_id = ?", [official.id])
        for (locale, title) in official.titles.sorted(by: { $0.key < $1.key }) {
            try db.execute("INSERT INTO official_titles (official_id, locale, title) VALUES (?, ?, ?)", [official.id, locale, title])
        }
        try db.execute("DELETE FROM contacts WHERE official_id = ?", [official.id])
        try insertContacts(official.contacts, officialID: official.id, officeID: nil, db)
    }

    /// Removes an official and their contacts.
    public static func deleteOfficial(_ id: String, _ db: Database) throws {
        try db.execute("DELETE FROM officials WHERE id = ?", [id])
    }

    /// Removes an office nobody holds, with its titles and contacts.
    public static func deleteOffice(_ id: String, _ db: Database) throws {
        try db.execute("DELETE FROM offices WHERE id = ? AND NOT EXISTS (SELECT 1 FROM officials WHERE office_id = ?)", [id, id])
    }

    private static func insertContacts(_ contacts: [Contact], officialID: String?, officeID: String?, _ db: Database) throws {
        for (position, contact) in contacts.enumerated() {
            try db.execute("""
                INSERT INTO contacts (official_id, office_id, position, kind, value, display, label, hours, note, source, verified_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [officialID, officeID, position, contact.kind.rawValue, contact.value, contact.display, contact.label,
                      contact.hours, contact.note, contact.source, contact.verified?.description])
        }
    }
}
