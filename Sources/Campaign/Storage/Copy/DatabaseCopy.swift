import Foundation

/// Copies every row of one database into another, empty one (SQLite to
/// PostgreSQL to move over, PostgreSQL to SQLite to leave), then reads
/// both again and compares each table's rows and checksum. The source is
/// read in one snapshot and the target written in one transaction: a copy
/// is whole or not at all.
public enum DatabaseCopy {
    /// One table compared after the copy.
    public struct TableReport: Sendable, Equatable {
        public let table: String
        public let sourceRows: Int
        public let targetRows: Int
        /// The hex SHA-256 of the table's rows in key order, each side.
        public let sourceChecksum: String
        public let targetChecksum: String

        public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
    }

    /// What the copy found.
    public struct Report: Sendable {
        public let tables: [TableReport]
        public var matches: Bool { tables.allSatisfy(\.matches) }
    }

    /// Copies `source` into `target`, which must hold no rows yet (beyond
    /// what its migrations made), and compares the two.
    public static func copy(from source: DatabasePool, to target: DatabasePool) throws -> Report {
        let held = try target.read { db in try CopyStore.tables.filter { $0.name != "sequences" }.map { ($0.name, try CopyStore.count($0, db)) } }
        if let (table, rows) = held.first(where: { $0.1 > 0 }) {
            throw InputError("\(target.path) already holds data (\(rows) rows in \(table)); copy into a new, empty database")
        }
        let sourceChecksums = try source.read { from in
            try target.write { to in try copyRows(from, to) }
        }
        let targetChecksums = try target.read { db in try CopyStore.tables.map { try checksum($0, db) } }
        return Report(tables: zip(sourceChecksums, targetChecksums).map { source, target in
            TableReport(table: source.table, sourceRows: source.rows, targetRows: target.rows,
                        sourceChecksum: source.checksum, targetChecksum: target.checksum)
        })
    }

    /// A table's rows and checksum on one side.
    struct Summary: Sendable {
        let table: String
        let rows: Int
        let checksum: String
    }

    /// Copies every table, and sums up what it read.
    private static func copyRows(_ source: Database, _ target: Database) throws -> [Summary] {
        var summaries: [Summary] = []
        for table in CopyStore.tables {
            let columns = try CopyStore.columns(of: table, source)
            let missing = Set(columns).subtracting(try CopyStore.columns(of: table, target))
            guard missing.isEmpty else {
                throw InputError("\(target.path) has no column \(missing.sorted().joined(separator: ", ")) in \(table.name); both must be at the same schema version")
            }
            let digest = SHA256.Running()
            var rows = 0
            var parents: [(id: DatabaseValue, parent: DatabaseValue)] = []
            try CopyStore.forEachRow(of: table, columns: columns, source) { values in
                rows += 1
                add(values, to: digest)
                try CopyStore.insert(into: table, columns: columns, values, target)
                if table.name == "jurisdictions", let id = columns.firstIndex(of: "id"), let parent = columns.firstIndex(of: "parent_id"),
                   values[parent] != .null {
                    parents.append((values[id], values[parent]))
                }
            }
            for (id, parent) in parents { try CopyStore.setParent(parent, of: id, target) }
            try CopyStore.moveIDGenerator(of: table, target)
            summaries.append(Summary(table: table.name, rows: rows, checksum: SHA256.hex(digest.finish())))
        }
        return summaries
    }

    /// A table's rows and checksum as stored.
    private static func checksum(_ table: CopyStore.Table, _ db: Database) throws -> Summary {
        let digest = SHA256.Running()
        var rows = 0
        try CopyStore.forEachRow(of: table, columns: CopyStore.columns(of: table, db), db) { values in
            rows += 1
            add(values, to: digest)
        }
        return Summary(table: table.name, rows: rows, checksum: SHA256.hex(digest.finish()))
    }

    /// Adds one row to a checksum: each value's kind and its bytes, with
    /// lengths, so no two rows read alike. Columns are in name order on
    /// both sides; SQLite's 0-or-1 and PostgreSQL's booleans both read as
    /// integers.
    private static func add(_ values: [DatabaseValue], to digest: SHA256.Running) {
        var bytes: [UInt8] = []
        for value in values {
            switch value {
            case .null: bytes.append(0)
            case .integer(let number): bytes.append(1); bytes += Array(String(number).utf8); bytes.append(0)
            case .real(let number): bytes.append(2); bytes += Array("\(number)".utf8); bytes.append(0)
            case .text(let text):
                bytes.append(3); bytes += Array(String(text.utf8.count).utf8); bytes.append(0); bytes += Array(text.utf8)
            case .blob(let blob):
                bytes.append(4); bytes += Array(String(blob.count).utf8); bytes.append(0); bytes += blob
            }
        }
        bytes.append(0xff)
        digest.update(bytes)
    }
}
