import Foundation
import Testing
@testable import Campaign

/// The schema's history: shipped migrations never change, and SQL lives
/// only in the storage layer and the stores.
@Suite struct MigrationTests {
    /// The SHA-256 of each shipped migration's SQL. A migration that has run
    /// on someone's database must stay as it ran: change the schema with a
    /// new migration at the end, and add its hash here.
    static let shipped = [
        "b7f139312ca31e9bb9c72847366ca152d30440894098aedc67a9552c26264f5d",
        "5a806bf79087e688c540edc9d9bc28e95492deca822b400c8363d7d956846eff",
        "4b8d2493644cf0d7d11f1efa499b779b0370a1a909ccf25fe271065b08d37588",
        "51f7a4f01c7114c097448189035b0fe50457b7dd6c448d6808806e3db9192d4f",
        "2d94820a384870f879762c30ac540d1418fe4210f090e00bcc08552a13f92f04",
        "a15ee7f7ed95470cb8f3cc5cc333dcca40c2ad4746287d08a61ea09be08499af",
        "b8f028ed87f11dd146fc1201f8efc56f31ce12f73cecb5636e2d84d6fbfa593e",
        "f43720531b82806009ca6012bb6933c0516149607ced04e481691b8325d01fc0",
        "de27dcf2245a291c11735e4a655722e11df10c5284bd3543198f9e4162672293",
        "ce9873be331349db0f2fee9b02d73ee4d2781daeb2992410a821837c526130e0",
        "44b8b74833c98e0e7c2a08f883b32fb873d6a419a300988b547df83991a42afc",
        "2a1513f1e6705d28ef59b1a42f1e192da46fe381067b5b0a50e5791085ff2ce1",
        "b10b142bb95b485edf7836f24c5fc00a03c53421d69648942c61925282a45356",
        "540b0a4db5e5ce76ab539f810017748497024421c22c5556844e0a9722c1b126",
        "7febf8b8b5a3dc73fcac21d36cf0de463a7d5ff00b677ccc9920471e494f1eb1",
        "497d533b0dff4b3e6619a8c4b74106e2166283f50a025eefd0c7f27c28815820",
        "b5054191cf13b251c09f2a574c1265cd72df705d88c99cbbfad839dcd83fefc7",
        "53aa49f0bb24a3c447bc526239a640999a937f22913085efb0d44b11ea90c8a7",
        "7a9ebccdeebf5042a56072d3d9b639fb55840c3bd45c5edfca97a11a285c9936",
        "40124bcd7a33dae29af6eedbb8632eda7fbaedcad0151a66bb7ac2e7abd69872",
        "1af6d4cb924974509ab568338360bcad929901a5a45c81e3656f0a38e3a1b498",
        "3e681734e3b089962018a5104a03cae79d8c2e38121be0eef22c0a13f62f005b",
        "8d4f397a0f124f04885a883e36b201e303d7d66c2a7f1520e6eb9420a0bfee92",
        "e77f94a331d6559841d1886936991b396d49258ad921904ebb1ecdf4cdf0c6fb",
    ]

    /// The SHA-256 of the PostgreSQL baseline (the schema at its version in one step), frozen like the migrations.
    static let postgresBaseline = "a19a975777060590e470e6e56ef7e0bda0bf0f6365e6086e5bf96cbf5f6ccd29"

    @Test func thePostgreSQLBaselineIsFrozenAndEveryLaterMigrationHasPostgreSQLStatements() throws {
        let baseline = try #require(Migrator.campaign.postgresBaseline)
        #expect(SHA256.hex(SHA256.hash(Array(baseline.sql.utf8))) == Self.postgresBaseline)
        #expect(baseline.version <= Migrator.campaign.latestVersion)
        #expect(Migrator.campaign.migrations.filter { $0.version > baseline.version && $0.postgres == nil }.isEmpty)
    }

    /// `campaign db copy` names its tables one by one: a table a migration
    /// adds belongs in the list, or the copy would leave its rows behind.
    @Test func everyTableTheMigrationsMakeIsCopied() throws {
        let pool = try TestSupport.temporaryDatabase()
        let tables: Set<String> = try pool.read { db in
            let sql = switch db.dialect {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            case .postgres: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            }
            return Set(try db.rows(sql).map { try $0.decode("name") as String })
        }
        let copied = Set(CopyStore.tables.map(\.name))
        let leftOut: Set = ["site_generation", "rate_limit_counts", "campaign_schema"]
        #expect(tables.subtracting(leftOut).subtracting(copied).isEmpty, "tables the copy leaves behind")
        #expect(copied.subtracting(tables).isEmpty, "tables the copy names that the schema lacks")
    }

    @Test func shippedMigrationsAreFrozen() {
        let hashes = Migrator.campaign.migrations.map { SHA256.hex(SHA256.hash(Array($0.sql.utf8))) }
        #expect(Array(hashes.prefix(Self.shipped.count)) == Self.shipped)
        #expect(hashes.count == Self.shipped.count, "a new migration's hash belongs in the list")
    }

    /// Signatures made before a signer could choose the name shown beside
    /// their reason show the first word of their name, ended by any of the
    /// spaces names are written with.
    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func signaturesFromBeforeTheChoiceShowTheFirstWordOfTheirName() throws {
        let path = TestSupport.temporaryDatabasePath()
        let database = try Database(path: path, readOnly: false, busyTimeout: .seconds(1))
        try Migrator(Array(Migrator.campaign.migrations.prefix(11))).migrate(database)
        try database.execute("INSERT INTO campaigns (id, slug, status, created_at, updated_at) VALUES (1, 'c', 'live', '2026-01-01', '2026-01-01')")
        let names = ["Ana María López", "Ana\u{A0}María", "Zoë\u{3000}Ångström", "Li\u{202F}Wei", "Tab\tName", "李小龙", "Single"]
        for (index, name) in names.enumerated() {
            try database.execute("""
                INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, locale, state, created_at, unsubscribe_token)
                VALUES (1, ?, ?, ?, '98104', 'en', 'validated', '2026-01-01', ?)
                """, [name, "s\(index)@example.org", "s\(index)@example.org", "token\(index)"])
        }
        try Migrator.campaign.migrate(database)
        let shown = try database.rows("SELECT public_name FROM signatures ORDER BY id").map { $0["public_name"] as String? ?? "?" }
        #expect(shown == ["Ana", "Ana", "Zoë", "Li", "Tab", "李小龙", "Single"])
        #expect(shown == names.map { SignatureForm.firstWord(of: $0) }, "the form's rule and the migration's agree")
    }

    /// SQL belongs to `Storage/` and the stores: a statement anywhere else
    /// would be one a second dialect could not find.
    @Test func sqlAppearsOnlyInTheStorageLayerAndTheStores() throws {
        let sources = TestSupport.repository.appendingPathComponent("Sources").path
        let statement = try Regex(#"\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|PRAGMA\s+\w)"#)
        var offenders: [String] = []
        for file in FileManager.default.subpaths(atPath: sources) ?? [] where file.hasSuffix(".swift") {
            if file.hasPrefix("Campaign/Storage/") || file.hasSuffix("Store.swift") { continue }
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(statement) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                offenders.append("Sources/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders.isEmpty, "SQL outside the stores:\n\(offenders.joined(separator: "\n"))")
    }
}
