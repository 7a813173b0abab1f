import Foundation

/// Published campaigns: each publish stores the campaign's files as a new
/// version; the campaign row itself, which signatures will hang from,
/// stays. All campaign SQL lives here.
public enum CampaignStore {
    /// A published campaign, as `campaign list` shows it.
    public struct Summary: Sendable, Equatable {
        public let slug: String
        public let status: CampaignDefinition.Status
        public let version: Int
        public let publishedAt: String
        /// Titles by locale, from the current version.
        public let title: [String: String]
        public let defaultLocale: String
    }

    /// What publishing did.
    public enum Outcome: Sendable, Equatable {
        case published(version: Int)
        /// The files equal the current version; nothing was stored, and the
        /// status stays the stored one (`campaign close` may have set it).
        case unchanged(version: Int, status: CampaignDefinition.Status)
    }

    /// Stores `folder` as the campaign's next version, unless it is the same
    /// as the current one. A new version's status follows its files.
    @discardableResult
    public static func publish(_ folder: CampaignFolder, at time: Date, _ db: Database) throws -> Outcome {
        let sql = statements(db)
        let definition = folder.definition
        let now = timestamp(time)
        let files = try encodeFiles(folder.allFiles)
        let id: Int64
        if let row = try db.row(sql.find, [definition.slug]) {
            id = try row.decode("id")
            let version: Int = try row.decode("latest_version")
            // The same files again change nothing, not even a status set by `campaign close`.
            if let stored = try db.value(sql.files, [id, version], as: String.self), try decodeFiles(stored) == folder.allFiles {
                return .unchanged(version: version, status: try status(row))
            }
            try db.execute(sql.setStatus, [definition.status.rawValue, now, definition.status == .closed, now, definition.slug])
        } else {
            let closedAt = definition.status == .closed ? now : nil
            guard let created = try db.value(sql.insert, [definition.slug, definition.status.rawValue, now, now, closedAt], as: Int64.self) else {
                throw DatabaseError.noRow(sql: sql.insert)
            }
            id = created
        }
        guard let version = try db.value(sql.nextVersion, [id], as: Int.self) else { throw DatabaseError.noRow(sql: sql.nextVersion) }
        try db.execute(sql.insertVersion, [id, version, now, files])
        return .published(version: version)
    }

    /// The current version of a published campaign, read as a folder; nil
    /// when no campaign has that slug. Its status is the stored one.
    public static func current(_ slug: String, _ db: Database) throws -> (folder: CampaignFolder, status: CampaignDefinition.Status, version: Int)? {
        guard let row = try db.row(statements(db).current, [slug]) else { return nil }
        let folder = try CampaignFolder(files: decodeFiles(row.decode("files")), path: "published:\(slug)", roles: .published)
        return (folder, try status(row), try row.decode("version"))
    }

    /// A published campaign's row id, slug, status and newest version,
    /// without its files.
    public struct Head: Sendable, Equatable {
        public let id: Int64
        public let slug: String
        public let status: CampaignDefinition.Status
        public let version: Int
        /// When it closed (a stored timestamp), while it stays closed.
        public var closedAt: String? = nil
    }

    /// Every published campaign's head, by slug: what tells a reader of
    /// the campaigns which it must read again.
    public static func heads(_ db: Database) throws -> [Head] {
        try db.rows(statements(db).heads).map { row in
            Head(id: try row.decode("id"), slug: try row.decode("slug"), status: try status(row), version: try row.decode("latest_version"),
                 closedAt: try row.decode("closed_at"))
        }
    }

    /// The row id of a published campaign, which signatures refer to.
    public static func id(of slug: String, _ db: Database) throws -> Int64? {
        try db.row(statements(db).find, [slug]).map { try $0.decode("id") }
    }

    /// The number of a campaign's newest version (0 for none).
    static func latestVersion(campaignID: Int64, _ db: Database) throws -> Int {
        try db.value(statements(db).latestVersion, [campaignID], as: Int.self) ?? 0
    }

    /// Every published campaign, by slug.
    public static func list(_ db: Database) throws -> [Summary] {
        try db.rows(statements(db).list).map { row in
            let slug: String = try row.decode("slug")
            let folder = try? CampaignFolder(files: decodeFiles(row.decode("files")), path: "published:\(slug)")
            return Summary(slug: slug, status: try status(row), version: try row.decode("version"), publishedAt: try row.decode("published_at"),
                           title: folder?.definition.title ?? [:], defaultLocale: folder?.definition.defaultLocale ?? "en")
        }
    }

    /// The versions of a campaign, oldest first.
    public static func versions(_ slug: String, _ db: Database) throws -> [(version: Int, publishedAt: String)] {
        try db.rows(statements(db).versions, [slug]).map { (try $0.decode("version"), try $0.decode("published_at")) }
    }

    /// Sets a campaign's status; false when no campaign has that slug.
    @discardableResult
    public static func setStatus(_ status: CampaignDefinition.Status, of slug: String, at time: Date, _ db: Database) throws -> Bool {
        try db.execute(statements(db).setStatus, [status.rawValue, timestamp(time), status == .closed, timestamp(time), slug])
        return db.changedRowCount == 1
    }

    /// Whether a campaign takes signatures and calls now (it is live).
    static func isOpen(campaignID: Int64, _ db: Database) throws -> Bool {
        try db.value(statements(db).status, [campaignID], as: String.self) == CampaignDefinition.Status.live.rawValue
    }

    /// Notes that a campaign changed without a new version (its counts did):
    /// the site generation moves, so a running server reads it again.
    static func touch(campaignID: Int64, at time: Date, _ db: Database) throws {
        try db.execute(statements(db).touch, [timestamp(time), campaignID])
    }

    private static func status(_ row: Row) throws -> CampaignDefinition.Status { try row.decode("status") }

    /// A version's files as stored: a JSON object of file name to text.
    static func encodeFiles(_ files: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(files), as: UTF8.self)
    }

    static func decodeFiles(_ text: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    /// UTC time as ISO 8601 to the second ("2026-11-21T12:05:04Z"). Written
    /// by hand: the writer stamps every signature, and a date formatter per
    /// call costs more than the insert.
    public static func timestamp(_ time: Date) -> String {
        var seconds = time_t(time.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        // Years without four digits (never a signature's) are written as they are.
        guard (1000...9999).contains(year) else {
            func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
            return "\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
        }
        // Twenty bytes written in place, with no interpolation's pieces.
        return String(unsafeUninitializedCapacity: 20) { text in
            func put(_ value: Int, digits: Int, at offset: Int) {
                var rest = value
                for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, digits: 4, at: 0)
            put(Int(parts.tm_mon) + 1, digits: 2, at: 5)
            put(Int(parts.tm_mday), digits: 2, at: 8)
            put(Int(parts.tm_hour), digits: 2, at: 11)
            put(Int(parts.tm_min), digits: 2, at: 14)
            put(Int(parts.tm_sec), digits: 2, at: 17)
            (text[4], text[7], text[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
            (text[13], text[16], text[19]) = (UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "Z"))
            return 20
        }
    }
}

// MARK: - SQL

extension CampaignStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let find: String
        let files: String
        let insert: String
        let nextVersion: String
        let insertVersion: String
        let current: String
        let latestVersion: String
        let heads: String
        let list: String
        let versions: String
        let setStatus: String
        let status: String
        let touch: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension CampaignStore.Statements {
    static let sqlite = CampaignStore.Statements(
        find: "SELECT id, latest_version, status FROM campaigns WHERE slug = ?",
        files: "SELECT files FROM campaign_versions WHERE campaign_id = ? AND version = ?",
        insert: "INSERT INTO campaigns (slug, status, created_at, updated_at, closed_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        nextVersion: "UPDATE campaigns SET latest_version = latest_version + 1 WHERE id = ? RETURNING latest_version",
        insertVersion: "INSERT INTO campaign_versions (campaign_id, version, published_at, files) VALUES (?, ?, ?, ?)",
        current: """
            SELECT c.status, v.version, v.files FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id AND v.version = c.latest_version
            WHERE c.slug = ?
            """,
        latestVersion: "SELECT latest_version FROM campaigns WHERE id = ?",
        heads: "SELECT id, slug, status, latest_version, closed_at FROM campaigns WHERE latest_version > 0 ORDER BY slug",
        list: """
            SELECT c.slug, c.status, v.version, v.published_at, v.files
            FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id AND v.version = c.latest_version
            ORDER BY c.slug
            """,
        versions: """
            SELECT v.version, v.published_at FROM campaign_versions v JOIN campaigns c ON c.id = v.campaign_id
            WHERE c.slug = ? ORDER BY v.version
            """,
        // Closing keeps the first time it closed; opening again forgets it.
        setStatus: "UPDATE campaigns SET status = ?, updated_at = ?, closed_at = CASE WHEN ? THEN COALESCE(closed_at, ?) END WHERE slug = ?",
        status: "SELECT status FROM campaigns WHERE id = ?",
        touch: "UPDATE campaigns SET updated_at = ? WHERE id = ?"
    )
}

extension CampaignStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = CampaignStore.Statements.sqlite
}
