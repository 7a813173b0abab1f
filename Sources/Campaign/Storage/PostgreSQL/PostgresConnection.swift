import CPostgres
import Foundation

/// One connection to a PostgreSQL server through libpq, behind a
/// `Database` for the stores. Statements are prepared once per connection
/// and sent with their arguments apart (`PQprepare`, `PQexecPrepared`),
/// never spliced into the SQL; the stores' `?` marks become `$1`, `$2`…
/// (`PostgresPlaceholders`). Results come back as `Row`s with the values
/// typed as SQLite's are (integers, reals, text, blobs), so a store reads
/// both alike. It owns its handle and closes it when released; it is not
/// `Sendable`, and is used on one thread at a time.
final class PostgresConnection {
    let handle: OpaquePointer
    /// The server and database, for messages (never the URL: it may hold a password).
    let description: String
    /// The URL without its password (`DatabasePool.displayName`).
    let location: String
    /// The name each statement was prepared under, by the SQL the store gave.
    private var prepared: [String: String] = [:]
    /// Cursors opened so far, for fresh names.
    private var cursorCount = 0
    /// How many rows the last statement changed.
    private(set) var changedRowCount = 0

    /// The advisory lock every write transaction takes first, on every
    /// connection of every program: writers follow one another, as
    /// SQLite's do (`Database.inTransaction`). The number is arbitrary,
    /// and the same in every build.
    static let writeLock: Int64 = 0x6361_6D70_6169_676E

    /// Connects to `url` (`postgres://user@host:port/database?…`, or any
    /// connection string libpq reads).
    init(url: String) throws {
        guard let connection = PQconnectdb(url) else { throw PostgresError(message: "cannot connect to PostgreSQL: out of memory") }
        let place = Self.place(of: connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.message(of: connection)
            PQfinish(connection)
            throw PostgresError(message: "cannot connect to PostgreSQL\(place.isEmpty ? "" : " (\(place))"): \(message)")
        }
        campaign_pq_silence_notices(connection)
        handle = connection
        description = place
        location = DatabasePool.displayName(of: url)
        // Every value the program stores is UTF-8, and results must be too.
        try execute("SET client_encoding = 'UTF8'")
    }

    deinit {
        PQfinish(handle)
    }

    /// Runs one or more statements that take no arguments.
    func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Whether a transaction is open (or failed and not yet rolled back).
    var isInTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }

    /// Whether the connection to the server is lost, or left in a state
    /// not known: it is then of no more use.
    var isBroken: Bool { unusable || PQstatus(handle) != CONNECTION_OK }
    private var unusable = false

    /// Starts a transaction: a writing one takes `writeLock`, waiting for
    /// it at most `lockTimeout` as SQLite waits for its lock (and, unless
    /// `synced`, commits without waiting for the WAL to reach the disk); a
    /// reading one sees one snapshot and may not write.
    func begin(writing: Bool, synced: Bool = true, lockTimeout: Duration = .seconds(5)) throws {
        if writing {
            let milliseconds = max(1, lockTimeout.components.seconds * 1000 + lockTimeout.components.attoseconds / 1_000_000_000_000_000)
            try execute("BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = \(milliseconds)"
                        + (synced ? "" : "; SET LOCAL synchronous_commit = off")
                        + "; SELECT pg_advisory_xact_lock(\(Self.writeLock))")
        } else {
            try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        }
    }

    /// Runs one statement with `arguments` for its marks (`?` or `$1`…), and
    /// returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> Int {
        let result = try perform(sql, arguments)
        defer { PQclear(result) }
        return changedRowCount
    }

    /// Runs one query with `arguments` for its marks, and returns its rows.
    func rows(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> [Row] {
        let result = try perform(sql, arguments)
        defer { PQclear(result) }
        return try rows(of: result, sql: sql)
    }

    /// Runs a query through a cursor, `batch` rows at a time, and calls
    /// `body` with each row: a large result never sits in memory whole,
    /// and `body` may run statements of its own meanwhile. Needs a transaction.
    func scan(_ sql: String, _ arguments: [DatabaseValue], batch: Int = 500, _ body: (Row) throws -> Void) throws {
        cursorCount += 1
        let cursor = "campaign_cursor_\(cursorCount)"
        let declare = "DECLARE \(cursor) NO SCROLL CURSOR FOR " + PostgresPlaceholders.numbered(sql)
        PQclear(try send(declare, arguments, reportedAs: sql))
        defer { if !isBroken, PQtransactionStatus(handle) == PQTRANS_INTRANS { try? execute("CLOSE \(cursor)") } }
        while true {
            let result = PQexec(handle, "FETCH \(batch) FROM \(cursor)")
            defer { PQclear(result) }
            try check(result, sql: sql)
            let rows = try rows(of: result, sql: sql)
            for row in rows { try body(row) }
            if rows.count < batch { return }
        }
    }

    /// The rows of a result.
    private func rows(of result: OpaquePointer?, sql: String) throws -> [Row] {
        let columnCount = PQnfields(result)
        var columns: [String: Int32] = [:]
        var types: [Oid] = []
        for column in 0..<columnCount {
            columns[String(cString: PQfname(result, column))] = column
            types.append(PQftype(result, column))
        }
        var rows: [Row] = []
        for row in 0..<PQntuples(result) {
            var values: [DatabaseValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(result, row, column))
                values.append(try Self.value(text, type: types[Int(column)], sql: sql))
            }
            rows.append(Row(columns: columns, values: values, sql: sql))
        }
        return rows
    }

    /// Runs one statement once for each list of arguments, in order, and
    /// returns how many rows each run changed. The runs go in one pipeline
    /// (libpq's pipeline mode): sent together, answered together, one
    /// round trip for all, where one by one each would wait for its answer.
    /// When one fails, PostgreSQL skips the rest and this throws its error,
    /// as the runs one by one would have; the transaction is then aborted.
    func runEach(_ sql: String, _ argumentLists: [[DatabaseValue]]) throws -> [Int] {
        guard argumentLists.count > 1 else { return try argumentLists.map { try run(sql, $0) } }
        let name = try preparedName(sql)
        let encoded = try argumentLists.map { try EncodedArguments($0, sql: sql) }
        guard PQenterPipelineMode(handle) == 1 else { throw PostgresError(message: Self.message(of: handle), sql: sql) }
        var sent = 0
        for arguments in encoded {
            guard arguments.withPointers({ PQsendQueryPrepared(handle, name, arguments.count, $0, arguments.lengths, arguments.formats, 0) }) == 1 else { break }
            sent += 1
        }
        let synced = PQpipelineSync(handle) == 1
        var changes: [Int] = []
        var failure: PostgresError?
        // Each run's result, then the NULL that ends it; then the sync's.
        for _ in 0..<sent {
            guard let result = PQgetResult(handle) else { break }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK: changes.append(Int(String(cString: PQcmdTuples(result))) ?? 0)
            case PGRES_PIPELINE_ABORTED: break
            default: if failure == nil { failure = error(of: result, sql: sql) }
            }
            PQclear(result)
            if let extra = PQgetResult(handle) { PQclear(extra) }
        }
        while synced, let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if PQexitPipelineMode(handle) != 1 {
            // Results left unread: the connection's state is unknown, so it is not used again.
            unusable = true
            throw failure ?? PostgresError(message: "a pipeline of statements was left unfinished: \(Self.message(of: handle))", sql: sql)
        }
        if let failure { throw failure }
        guard changes.count == argumentLists.count else {
            throw PostgresError(message: "\(argumentLists.count - changes.count) of \(argumentLists.count) runs got no answer: \(Self.message(of: handle))", sql: sql)
        }
        changedRowCount = changes.last ?? 0
        return changes
    }

    /// The name `sql` is prepared under on this connection, preparing it on first use.
    private func preparedName(_ sql: String) throws -> String {
        if let known = prepared[sql] { return known }
        let name = "campaign_\(prepared.count + 1)"
        let result = PQprepare(handle, name, PostgresPlaceholders.numbered(sql), 0, nil)
        defer { PQclear(result) }
        try check(result, sql: sql)
        prepared[sql] = name
        return name
    }

    /// Runs the statement, prepared on first use, with its arguments, and
    /// notes how many rows it changed.
    private func perform(_ sql: String, _ arguments: [DatabaseValue]) throws -> OpaquePointer? {
        let name = try preparedName(sql)
        let encoded = try EncodedArguments(arguments, sql: sql)
        let result = try send(encoded, reportedAs: sql) { values in
            PQexecPrepared(handle, name, encoded.count, values, encoded.lengths, encoded.formats, 0)
        }
        changedRowCount = Int(String(cString: PQcmdTuples(result))) ?? 0
        return result
    }

    /// Runs `sql` unprepared, with its arguments.
    private func send(_ sql: String, _ arguments: [DatabaseValue], reportedAs reported: String) throws -> OpaquePointer? {
        let encoded = try EncodedArguments(arguments, sql: reported)
        return try send(encoded, reportedAs: reported) { values in
            PQexecParams(handle, sql, encoded.count, nil, values, encoded.lengths, encoded.formats, 0)
        }
    }

    /// Makes the call with the arguments' pointers and checks its result.
    private func send(_ arguments: EncodedArguments, reportedAs sql: String,
                      _ call: ([UnsafePointer<CChar>?]) -> OpaquePointer?) throws -> OpaquePointer? {
        let result = arguments.withPointers(call)
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    /// Arguments as libpq's parameters take them: text in the text
    /// format, a blob in the binary one, NULL as no value at all.
    private struct EncodedArguments {
        let values: [[UInt8]?]
        let lengths: [Int32]
        let formats: [Int32]
        var count: Int32 { Int32(values.count) }

        init(_ arguments: [DatabaseValue], sql: String) throws {
            // Text goes as a C string, which would end at a NUL; PostgreSQL's
            // text cannot hold one, so such a value is refused whole, never cut.
            for (index, value) in arguments.enumerated() {
                if case .text(let text) = value, text.utf8.contains(0) {
                    throw PostgresError(sqlState: "22021", message: "argument \(index + 1) holds a NUL character, which PostgreSQL's text cannot store", sql: sql)
                }
            }
            values = arguments.map { value in
                switch value {
                case .null: nil
                case .integer(let number): Array(String(number).utf8) + [0]
                case .real(let number): Array(PostgresConnection.text(of: number).utf8) + [0]
                case .text(let text): Array(text.utf8) + [0]
                case .blob(let bytes): bytes
                }
            }
            lengths = arguments.map { value -> Int32 in
                if case .blob(let bytes) = value { return Int32(clamping: bytes.count) }
                return 0
            }
            formats = arguments.map { value -> Int32 in
                if case .blob = value { return 1 }
                return 0
            }
        }

        /// Calls `body` with C pointers to each argument's bytes (NULL for none), alive for the call.
        func withPointers<Result>(_ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
            var copies: [UnsafeMutablePointer<CChar>?] = []
            defer { copies.forEach { $0?.deallocate() } }
            for value in values {
                guard let value else {
                    copies.append(nil)
                    continue
                }
                let copy = UnsafeMutablePointer<CChar>.allocate(capacity: max(value.count, 1))
                value.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { characters in
                        if let base = characters.baseAddress { copy.initialize(from: base, count: characters.count) }
                    }
                }
                copies.append(copy)
            }
            return body(copies.map { $0.map { UnsafePointer($0) } })
        }
    }

    /// Throws the statement's error, if it failed.
    private func check(_ result: OpaquePointer?, sql: String) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw error(of: result, sql: sql)
        }
    }

    /// The error a failed result reports.
    private func error(of result: OpaquePointer?, sql: String) -> PostgresError {
        guard let result else { return PostgresError(message: Self.message(of: handle), sql: sql) }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) } ?? Self.message(of: handle)
        return PostgresError(sqlState: state, message: message, sql: sql)
    }

    /// A column's text as the value its type holds: whole numbers and
    /// booleans as integers, floating point as reals, `bytea` as a blob,
    /// everything else as text.
    private static func value(_ text: String, type: Oid, sql: String) throws -> DatabaseValue {
        switch type {
        case 20, 21, 23, 26: // int8, int2, int4, oid
            guard let number = Int64(text) else { throw PostgresError(message: "an integer column returned '\(text.prefix(20))'", sql: sql) }
            return .integer(number)
        case 16: // bool
            return .integer(text == "t" ? 1 : 0)
        case 700, 701: // float4, float8
            guard let number = Double(text) ?? Self.special(text) else { throw PostgresError(message: "a real column returned '\(text.prefix(20))'", sql: sql) }
            return .real(number)
        case 17: // bytea, in the hex output format
            guard text.hasPrefix("\\x"), let bytes = Self.hexBytes(text.utf8.dropFirst(2)) else {
                throw PostgresError(message: "a bytea column is not in the hex format", sql: sql)
            }
            return .blob(bytes)
        default:
            return .text(text)
        }
    }

    /// Text PostgreSQL reads back as `number`, exactly.
    fileprivate static func text(of number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return "\(number)"
    }

    private static func special(_ text: String) -> Double? {
        switch text {
        case "NaN": .nan
        case "Infinity": .infinity
        case "-Infinity": -.infinity
        default: nil
        }
    }

    private static func hexBytes(_ hex: Substring.UTF8View) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var high: UInt8?
        for character in hex {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    private static func message(of connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "database at host:port", from what libpq took out of the connection string.
    private static func place(of connection: OpaquePointer) -> String {
        let database = PQdb(connection).map { String(cString: $0) } ?? ""
        let host = PQhost(connection).map { String(cString: $0) } ?? ""
        let port = PQport(connection).map { String(cString: $0) } ?? ""
        guard !database.isEmpty || !host.isEmpty else { return "" }
        return "\(database) at \(host)\(port.isEmpty ? "" : ":" + port)"
    }
}
