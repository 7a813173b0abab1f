import Campaign
import Foundation
import Synchronization

/// The outbox's queued, sending and failed messages for `/metrics`, and the
/// confirmations still waiting on their signatures to be written into it,
/// read from the database at most once every few seconds however often it
/// is scraped, so a busy scraper cannot add load.
final class OutboxBacklog: Sendable {
    struct Counts: Sendable {
        var messages: [Outbox.State: Int]
        var confirmationsWaiting: Int
    }

    private let pool: DatabasePool
    private let lifetime: TimeInterval
    private let cached = Mutex<(readAt: Date, counts: Counts)?>(nil)

    init(pool: DatabasePool, lifetime: TimeInterval = 5) {
        self.pool = pool
        self.lifetime = lifetime
    }

    /// The counts, at most `lifetime` seconds old; nil if the database could not be read.
    func current(now: Date) -> Counts? {
        if let cached = cached.withLock({ $0 }), now.timeIntervalSince(cached.readAt) < lifetime { return cached.counts }
        guard let counts = try? pool.read({ db in Counts(messages: try OutboxStore.backlog(db), confirmationsWaiting: try ConfirmationQueue.waiting(db)) })
        else { return nil }
        cached.withLock { $0 = (now, counts) }
        return counts
    }
}
