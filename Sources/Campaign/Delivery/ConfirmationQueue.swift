import Foundation

/// Confirmation mails waiting on their signatures. Signing stores only the
/// link's token, in the signature's own row and transaction; the server
/// writes the mail into the outbox afterwards, oldest first and at the pace
/// mail can leave. A surge of signers then costs one row each, not a
/// composed message each that no SMTP server could take that fast.
public enum ConfirmationQueue {
    /// What one pass did.
    public struct Moved: Sendable, Equatable {
        /// Written into the outbox.
        public var written = 0
        /// Could not be written (the address no longer parses, the campaign
        /// has no published version): dropped, as signing would have.
        public var dropped = 0

        public init(written: Int = 0, dropped: Int = 0) {
            self.written = written
            self.dropped = dropped
        }

        /// Signatures taken off the queue.
        public var taken: Int { written + dropped }
    }

    /// Published campaigns as read for their mail, kept from one pass to the
    /// next while their version stands: reading one parses its files.
    public struct Campaigns {
        var folders: [Int64: (version: Int, folder: CampaignFolder?)] = [:]

        public init() {}

        mutating func folder(_ id: Int64, slug: String, _ db: Database) throws -> CampaignFolder? {
            let version = try db.value("SELECT MAX(version) FROM campaign_versions WHERE campaign_id = ?", [id], as: Int.self) ?? 0
            if let cached = folders[id], cached.version == version { return cached.folder }
            let folder = try CampaignStore.current(slug, db)?.folder
            folders[id] = (version, folder)
            return folder
        }
    }

    /// Confirmations not yet written into the outbox.
    public static func waiting(_ db: Database) throws -> Int {
        try db.value("SELECT COUNT(*) FROM signatures WHERE confirmation_mail IS NOT NULL", as: Int.self) ?? 0
    }

    /// Writes up to `limit` waiting confirmations into the outbox, oldest
    /// first, with `composer`'s sender and links, in the caller's transaction.
    public static func moveToOutbox(limit: Int, composer: MailComposer, campaigns: inout Campaigns, at now: Date = Date(),
                                    _ db: Database) throws -> Moved {
        var moved = Moved()
        var checked: [Int64: CampaignFolder?] = [:]
        let rows = try db.rows("""
            SELECT s.id, s.campaign_id, c.slug, s.name, s.email, s.locale, s.confirmation_mail, s.confirmation_token, s.unsubscribe_token
            FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
            WHERE s.confirmation_mail IS NOT NULL ORDER BY s.id LIMIT ?
            """, [limit])
        for row in rows {
            let id: Int64 = row[0] ?? 0
            let campaignID: Int64 = row[1] ?? 0
            if checked[campaignID] == nil { checked[campaignID] = try campaigns.folder(campaignID, slug: row[2] ?? "", db) }
            if let folder = checked[campaignID] ?? nil, let token: String = row[6], let tokenHash: String = row[7],
               let mail = try? composer.confirmation(campaign: folder, campaignID: campaignID, signerName: row[3] ?? "", email: row[4] ?? "",
                                                     locale: row[5] ?? "", token: token, tokenHash: tokenHash,
                                                     unsubscribeToken: row[8] ?? "", at: now) {
                try Outbox.enqueue(mail, at: now, db)
                moved.written += 1
            } else {
                moved.dropped += 1
            }
            try db.execute("UPDATE signatures SET confirmation_mail = NULL WHERE id = ?", [id])
        }
        return moved
    }
}
