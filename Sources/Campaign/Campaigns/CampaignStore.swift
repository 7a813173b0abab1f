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
        /// The files equal the current version; nothing was stored.
        case unchanged(version: Int)
    }

    /// Stores `folder` as the campaign's next version, unless it is the same
    /// as the current one. A new version's status follows its files.
    @discardableResult
    public static func publish(_ folder: CampaignFolder, at time: Date, _ db: Database) throws -> Outcome {
        let definition = folder.definition
        let now = timestamp(time)
        let files = JSONOutput.object(folder.allFiles.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).rendered()
        if let row = try db.row("SELECT id FROM campaigns WHERE slug = ?", [definition.slug]), let id: Int64 = row["id"] {
            let latest = try db.row("SELECT version, files FROM campaign_versions WHERE campaign_id = ? ORDER BY version DESC LIMIT 1", [id])
            let version: Int = latest?["version"] ?? 0
            // The same files again change nothing, not even a status set by `campaign close`.
            if latest?["files"] == files { return .unchanged(version: version) }
            try db.execute("UPDATE campaigns SET status = ?, updated_at = ? WHERE id = ?", [definition.status.rawValue, now, id])
            try db.execute("INSERT INTO campaign_versions (campaign_id, version, published_at, files) VALUES (?, ?, ?, ?)", [id, version + 1, now, files])
            return .published(version: version + 1)
        }
        try db.execute("INSERT INTO campaigns (slug, status, created_at, updated_at) VALUES (?, ?, ?, ?)",
                       [definition.slug, definition.status.rawValue, now, now])
        try db.execute("INSERT INTO campaign_versions (campaign_id, version, published_at, files) VALUES (?, 1, ?, ?)",
                       [db.lastInsertedRowID, now, files])
        return .published(version: 1)
    }

    /// The current version of a published campaign, read as a folder; nil
    /// when no campaign has that slug. Its status is the stored one.
    public static func current(_ slug: String, _ db: Database) throws -> (folder: CampaignFolder, status: CampaignDefinition.Status, version: Int)? {
        guard let row = try db.row("""
            SELECT c.status, v.version, v.files FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id
            WHERE c.slug = ? ORDER BY v.version DESC LIMIT 1
            """, [slug]) else { return nil }
        let folder = try CampaignFolder(files: decodeFiles(row["files"] ?? "{}"), path: "published:\(slug)")
        return (folder, CampaignDefinition.Status(rawValue: row["status"] ?? "") ?? .draft, row["version"] ?? 0)
    }

    /// The row id of a published campaign, which signatures refer to.
    public static func id(of slug: String, _ db: Database) throws -> Int64? {
        try db.value("SELECT id FROM campaigns WHERE slug = ?", [slug], as: Int64.self)
    }

    /// Every published campaign, by slug.
    public static func list(_ db: Database) throws -> [Summary] {
        try db.rows("""
            SELECT c.slug, c.status, v.version, v.published_at, v.files FROM campaigns c
            JOIN campaign_versions v ON v.campaign_id = c.id
            WHERE v.version = (SELECT max(version) FROM campaign_versions WHERE campaign_id = c.id)
            ORDER BY c.slug
            """).map { row in
            let slug: String = row["slug"] ?? ""
            let folder = try? CampaignFolder(files: decodeFiles(row["files"] ?? "{}"), path: "published:\(slug)")
            return Summary(slug: slug, status: CampaignDefinition.Status(rawValue: row["status"] ?? "") ?? .draft,
                           version: row["version"] ?? 0, publishedAt: row["published_at"] ?? "",
                           title: folder?.definition.title ?? [:], defaultLocale: folder?.definition.defaultLocale ?? "en")
        }
    }

    /// The versions of a campaign, oldest first.
    public static func versions(_ slug: String, _ db: Database) throws -> [(version: Int, publishedAt: String)] {
        try db.rows("""
            SELECT v.version, v.published_at FROM campaign_versions v JOIN campaigns c ON c.id = v.campaign_id
            WHERE c.slug = ? ORDER BY v.version
            """, [slug]).map { ($0["version"] ?? 0, $0["published_at"] ?? "") }
    }

    /// Sets a campaign's status; false when no campaign has that slug.
    @discardableResult
    public static func setStatus(_ status: CampaignDefinition.Status, of slug: String, at time: Date, _ db: Database) throws -> Bool {
        try db.execute("UPDATE campaigns SET status = ?, updated_at = ? WHERE slug = ?", [status.rawValue, timestamp(time), slug])
        return db.changedRowCount == 1
    }

    static func decodeFiles(_ text: String) throws -> [String: String] {
        let node = try JSONParser.parse(bytes: Array(text.utf8), file: "stored campaign")
        return Dictionary(uniqueKeysWithValues: (node.members ?? []).compactMap { member in member.value.string.map { (member.key, $0) } })
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
