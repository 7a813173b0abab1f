/// The statements `DatabaseCopy` runs: every table of the schema in an
/// order that meets its foreign keys, read and written column by column.
/// All copy SQL lives here.
enum CopyStore {
    /// A table as the copy takes it: its name and the columns that order its
    /// rows, its primary key (so both sides read them in one order).
    struct Table: Sendable {
        let name: String
        let key: String
        /// Whether its `id` is a generated number (PostgreSQL's identity, SQLite's rowid).
        var generatedID = false
    }

    /// The tables with data, parents before children. `site_generation`
    /// is left out (the target's own moves as the rows go in), and so are
    /// the schema's version and `rate_limit_counts`, which last a minute.
    static let tables: [Table] = [
        Table(name: "jurisdictions", key: "id"),
        Table(name: "jurisdiction_names", key: "jurisdiction_id, locale"),
        Table(name: "jurisdiction_identifiers", key: "jurisdiction_id, scheme, value"),
        Table(name: "jurisdiction_zips", key: "zip, jurisdiction_id"),
        Table(name: "districts", key: "id", generatedID: true),
        Table(name: "district_zips", key: "zip, district_id"),
        Table(name: "district_names", key: "district_id, locale"),
        Table(name: "offices", key: "id"),
        Table(name: "office_titles", key: "office_id, locale"),
        Table(name: "officials", key: "id"),
        Table(name: "official_titles", key: "official_id, locale"),
        Table(name: "official_identifiers", key: "official_id, scheme, value"),
        Table(name: "official_local_fields", key: "official_id, field"),
        Table(name: "contacts", key: "id", generatedID: true),
        Table(name: "campaigns", key: "id", generatedID: true),
        Table(name: "campaign_versions", key: "campaign_id, version"),
        Table(name: "signatures", key: "id", generatedID: true),
        Table(name: "signature_counts", key: "campaign_id"),
        Table(name: "call_reports", key: "id", generatedID: true),
        Table(name: "call_counts", key: "campaign_id, target, outcome"),
        Table(name: "outbox", key: "id", generatedID: true),
        Table(name: "digests", key: "id", generatedID: true),
        Table(name: "organizer_tokens", key: "id", generatedID: true),
        Table(name: "server_secrets", key: "name"),
        Table(name: "sequences", key: "name"),
        Table(name: "erasures", key: "id", generatedID: true),
        Table(name: "erasure_campaigns", key: "erasure_id, campaign_id"),
        Table(name: "deliveries", key: "id", generatedID: true),
        Table(name: "responses", key: "id", generatedID: true),
        Table(name: "signer_mail_tokens", key: "token_hash"),
    ]

    /// The table's columns, by name.
    static func columns(of table: Table, _ db: Database) throws -> [String] {
        let sql = switch db.dialect {
        case .sqlite: "SELECT name FROM pragma_table_info(?) ORDER BY name"
        case .postgres: "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY column_name"
        }
        return try db.rows(sql, [table.name]).map { try $0.decode("name") }
    }

    /// How many rows the table holds.
    static func count(_ table: Table, _ db: Database) throws -> Int {
        try db.value("SELECT COUNT(*) FROM \(table.name)", as: Int.self) ?? 0
    }

    /// Calls `body` with each row's values, in `columns`' order, in key order.
    static func forEachRow(of table: Table, columns: [String], _ db: Database, _ body: ([DatabaseValue]) throws -> Void) throws {
        var values: [DatabaseValue] = []
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.key)"
        // Rows come whole here: `Database.scan`'s cursor reads by name, and this reads every column.
        try db.scan(sql) { row in
            values.removeAll(keepingCapacity: true)
            for column in columns { values.append(try row.value(column)) }
            try body(values)
        }
    }

    /// Stores one row. Jurisdictions go in without their parent first
    /// (`setParent` adds it once all are in); a sequence the target's
    /// migrations made is overwritten.
    static func insert(into table: Table, columns: [String], _ values: [DatabaseValue], _ db: Database) throws {
        var values = values
        if table.name == "jurisdictions", let parent = columns.firstIndex(of: "parent_id") { values[parent] = .null }
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        var sql = "INSERT INTO \(table.name) (\(columns.joined(separator: ", "))) VALUES (\(marks))"
        if table.name == "sequences" { sql += " ON CONFLICT (name) DO UPDATE SET value = excluded.value" }
        try db.execute(sql, values)
    }

    /// Gives a copied jurisdiction its parent.
    static func setParent(_ parent: DatabaseValue, of id: DatabaseValue, _ db: Database) throws {
        try db.execute("UPDATE jurisdictions SET parent_id = ? WHERE id = ?", [parent, id])
    }

    /// Moves a PostgreSQL table's id generator past the ids copied into it.
    static func moveIDGenerator(of table: Table, _ db: Database) throws {
        guard db.dialect == .postgres, table.generatedID else { return }
        _ = try db.rows("SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM \(table.name)), false)", [table.name])
    }
}
