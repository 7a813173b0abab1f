import Foundation

/// Retention: a campaign with `retain_days_after_close = N` keeps its
/// signers' personal data until N days after it closed; `campaign purge`
/// erases it from then on (`SignerErasure`), campaign by campaign.
public enum RetentionPurge {
    /// A published campaign as retention sees it.
    public struct Campaign: Sendable, Equatable {
        let id: Int64
        public let slug: String
        public let status: CampaignDefinition.Status
        /// `retain_days_after_close`, when the campaign sets it.
        public let retainDays: Int?
        /// When it closed, while it stays closed.
        public let closedAt: Date?
        /// Signatures whose personal data is still stored.
        public let unerased: Int

        /// From when its signers' data is erased: N days after it closed.
        public var eraseFrom: Date? {
            guard let retainDays, let closedAt else { return nil }
            return RetentionPurge.eraseFrom(closedAt: closedAt, retainDays: retainDays)
        }

        /// Whether its retention period is over and something is left to erase.
        public func isDue(at now: Date) -> Bool {
            guard let eraseFrom, unerased > 0 else { return false }
            return eraseFrom <= now
        }
    }

    /// When a campaign closed at `closedAt` stops keeping its signers' data:
    /// the start (UTC) of the day N days after the day it closed. The page
    /// promises that day, and a purge run daily at any hour then erases on it,
    /// not a day late.
    public static func eraseFrom(closedAt: Date, retainDays: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let closedDay = calendar.startOfDay(for: closedAt)
        return calendar.date(byAdding: .day, value: retainDays, to: closedDay) ?? closedDay
    }

    /// A stored timestamp ("2026-11-21T12:00:00Z") as a date.
    public static func date(stamp: String) -> Date? {
        ISO8601DateFormatter().date(from: stamp)
    }

    /// Every published campaign (or the one with `slug`), by slug, read in one snapshot.
    public static func campaigns(slug: String?, pool: DatabasePool) throws -> [Campaign] {
        try pool.read { db in
            try CampaignStore.heads(db).filter { slug == nil || $0.slug == slug }.map { head in
                let definition = try CampaignStore.current(head.slug, db)?.folder.definition
                return Campaign(id: head.id, slug: head.slug, status: head.status, retainDays: definition?.retainDaysAfterClose,
                                closedAt: head.closedAt.flatMap(date(stamp:)), unerased: try PrivacyStore.unerasedCount(campaignID: head.id, db))
            }
        }
    }

    /// Erases the signers of each campaign in `campaigns` still due at
    /// `now` (read again inside the write), in one transaction.
    public static func purge(_ campaigns: [Campaign], pool: DatabasePool, at now: Date) throws -> SignerErasure.Outcome {
        try pool.writeErasing { db in
            var due: [Int64: String] = [:]
            for campaign in campaigns where campaign.eraseFrom.map({ $0 <= now }) == true {
                // Opened again since it was read: its data is kept again.
                guard let head = try CampaignStore.heads(db).first(where: { $0.id == campaign.id }), head.status == .closed,
                      head.closedAt.flatMap(date(stamp:)) == campaign.closedAt else { continue }
                due[campaign.id] = campaign.slug
            }
            return try SignerErasure.eraseCampaigns(due, at: now, db)
        }
    }
}
