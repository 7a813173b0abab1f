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

    /// Runs sent together in one pipeline answer each in order; a run that
    /// fails stops the rest, its error is the one thrown, and the
    /// connection is left ready for the next statement.
    @Test func runsSentTogetherAnswerInOrderAndAFailureStopsTheRest() throws {
        let connection = try PostgresConnection(url: try PostgresCluster.shared().database())
        try connection.execute("CREATE TABLE signers (email TEXT UNIQUE, note TEXT)")
        let insert = "INSERT INTO signers VALUES (?, ?) ON CONFLICT (email) DO NOTHING"
        let changed = try connection.runEach(insert, [[.text("a@example.org"), .null], [.text("b@example.org"), .text("x")],
                                                      [.text("a@example.org"), .null], [.text("c@example.org"), .blob([1])]])
        #expect(changed == [1, 1, 0, 1])

        try connection.begin(writing: true)
        let error = #expect(throws: PostgresError.self) {
            try connection.runEach("INSERT INTO signers VALUES (?, ?)", [[.text("d@example.org"), .null], [.text("a@example.org"), .null],
                                                                        [.text("e@example.org"), .null]])
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.description.contains("a@example.org") == false)
        #expect(connection.isBroken == false)
        try connection.execute("ROLLBACK")
        #expect(try connection.rows("SELECT email FROM signers ORDER BY email").map { try $0.decode("email", as: String.self) }
                == ["a@example.org", "b@example.org", "c@example.org"])

        // A value PostgreSQL cannot hold is refused before anything is sent.
        let refused = #expect(throws: PostgresError.self) {
            try connection.runEach(insert, [[.text("f@example.org"), .null], [.text("g@example.org"), .text("a\u{0}b")]])
        }
        #expect(refused?.sqlState == "22021")
        #expect(try connection.rows("SELECT count(*) AS n FROM signers").first?.decode("n", as: Int.self) == 3)
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
