import Campaign
import Foundation

/// The outbox's queued, sending and failed messages for `/metrics`, read
/// from the database at most once every few seconds however often it is
/// scraped, so a busy scraper cannot add load.
final class OutboxBacklog: Sendable {
    private let pool: DatabasePool
    private let lifetime: TimeInterval
    private let cached = LockedValue<(readAt: Date, backlog: [Outbox.State: Int])?>(nil)

    init(pool: DatabasePool, lifetime: TimeInterval = 5) {
        self.pool = pool
        self.lifetime = lifetime
    }

    /// The counts, at most `lifetime` seconds old; nil if the database could not be read.
    func current(now: Date = Date()) -> [Outbox.State: Int]? {
        if let cached = cached.withLock({ $0 }), now.timeIntervalSince(cached.readAt) < lifetime { return cached.backlog }
        guard let backlog = try? pool.read({ try Outbox.backlog($0) }) else { return nil }
        cached.withLock { $0 = (now, backlog) }
        return backlog
    }
}
