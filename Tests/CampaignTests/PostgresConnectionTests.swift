@testable import Campaign
import Foundation
import Testing

/// The libpq connection against a real PostgreSQL server the tests start:
/// arguments go apart from the SQL and come back as the values they were,
/// failures carry their SQLSTATE and never a bound value nor a password.
@Suite(.enabled(if: PostgresCluster.isInstalled, "PostgreSQL is not installed (apt-get install postgresql)"))
struct PostgresConnectionTests {
    @Test func valuesComeBackAsTheyWent() throws {
        let connection = try PostgresConnection(url: try PostgresCluster.shared().database())
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION, token BYTEA, ok BOOLEAN)")
        let name = "Zoë O'Brien; DROP TABLE t; -- 名前 \u{1F600}"
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xff]
        #expect(try connection.run("INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
                                   [.integer(Int64.max), .text(name), .real(0.1), .blob(bytes), .integer(1)]) == 1)
        #expect(try connection.run("INSERT INTO t (id) VALUES ($1)", [.integer(-7)]) == 1)
        let rows = try connection.rows("SELECT id, name, score, token, ok FROM t ORDER BY id")
        #expect(rows.count == 2)
        #expect(try rows[0].decode("id", as: Int64.self) == -7)
        #expect(try rows[0].value("name") == .null)
        #expect(try rows[1].decode("id", as: Int64.self) == Int64.max)
        #expect(try rows[1].decode("name", as: String.self) == name)
        #expect(try rows[1].value("score") == .real(0.1))
        #expect(try rows[1].value("token") == .blob(bytes))
        #expect(try rows[1].value("ok") == .integer(1))
        #expect(try connection.rows("SELECT count(*) AS n FROM t WHERE name = $1", [.text(name)]).first?.decode("n", as: Int.self) == 1)
    }

    @Test func aRefusedWriteSaysWhyButNotWhat() throws {
        let connection = try PostgresConnection(url: try PostgresCluster.shared().database())
        try connection.execute("CREATE TABLE signers (email TEXT UNIQUE)")
        try connection.run("INSERT INTO signers VALUES ($1)", [.text("ana@example.org")])
        let error = #expect(throws: PostgresError.self) {
            try connection.run("INSERT INTO signers VALUES ($1)", [.text("ana@example.org")])
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.isConstraintViolation == true)
        #expect(error?.description.contains("INSERT INTO signers") == true, "the statement is named")
        // PostgreSQL's own detail ("Key (email)=(ana@example.org) already exists") is left out.
        #expect(error?.description.contains("ana@example.org") == false, "\(String(describing: error))")

        let syntax = #expect(throws: PostgresError.self) { try connection.execute("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
    }

    @Test func aFailedConnectionNamesThePlaceNotThePassword() throws {
        let cluster = try PostgresCluster.shared()
        let error = #expect(throws: PostgresError.self) {
            _ = try PostgresConnection(url: "postgres://campaign:s3cret-word@127.0.0.1:\(cluster.port)/no_such_database")
        }
        #expect(error?.description.contains("no_such_database at 127.0.0.1:\(cluster.port)") == true, "\(String(describing: error))")
        #expect(error?.description.contains("s3cret-word") == false)
    }
}
