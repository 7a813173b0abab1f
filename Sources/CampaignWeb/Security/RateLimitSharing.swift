import Campaign
import Foundation
import Synchronization

/// Holds each client to one limit across the servers on one database:
/// twice a second each server stores what it counted per client and window
/// since the last exchange (`RateLimitStore`) and reads what the others
/// stored since then, which its limiters add to their own. Each exchange
/// costs what changed, not what the window holds. A client is named there
/// by a keyed hash of its network, with a key the servers share through
/// the database, never by its address. Between two exchanges a client may
/// go over by what it did on the other servers in that half second.
final class RateLimitSharing: Sendable {
    private let pool: DatabasePool
    private let limiters: [(scope: String, limiter: RateLimiter)]
    /// This process among the servers.
    private let server: String
    private let clock: Clock
    private let thread = WakeableThread()
    /// Where the last exchange left off; nil before the first, and after
    /// one failed (everything is then exchanged again).
    private let last = Mutex<Exchanged?>(nil)

    private struct Exchanged {
        /// The database's clock when it ran.
        var at: Int64
        /// Windows that started before this were forgotten, per scope.
        var forgottenBefore: [String: Int64]
    }

    /// Stamps are read back this much before the last exchange, for a clock that stepped back a little.
    private static let overlapMilliseconds: Int64 = 2000

    init(pool: DatabasePool, limiters: [(scope: String, limiter: RateLimiter)], tokens: TokenSource, clock: Clock) throws {
        let secret = try pool.write { try SecretStore.secret(named: "rate-limits", orStore: { tokens.bytes(32) }, $0) }
        self.pool = pool
        self.limiters = limiters
        self.clock = clock
        server = tokens.token(byteCount: 9)
        for (_, limiter) in limiters {
            limiter.share { client in SHA256.hex(HMAC.sha256(key: secret, message: Array(client.utf8)).prefix(16)) }
        }
    }

    /// One exchange, in one transaction: this server's changed counts out,
    /// what the others stored since the last exchange in, and windows that
    /// no longer count forgotten. Writers take one lock on the database, so
    /// a count stamped before this exchange began was committed by then,
    /// and the next exchange, reading from this one's stamp on, misses none.
    func exchange() throws {
        let now = clock.now().timeIntervalSinceReferenceDate
        let previous = last.withLock { last in
            defer { last = nil }
            return last
        }
        let outgoing = limiters.map { scope, limiter in
            let since = Int64((now / limiter.windowSeconds).rounded(.down) * limiter.windowSeconds - limiter.windowSeconds)
            return (scope: scope, since: since, mine: limiter.takeChangedCounts(all: previous == nil))
        }
        let (exchanged, incoming) = try pool.writeUnsynced { db -> (Exchanged, [[RateLimitStore.ServerCount]]) in
            let stamp = try RateLimitStore.now(db)
            var exchanged = Exchanged(at: stamp, forgottenBefore: previous?.forgottenBefore ?? [:])
            let incoming = try outgoing.map { scope, since, mine in
                try RateLimitStore.publish(mine, scope: scope, server: server, at: stamp, db)
                if exchanged.forgottenBefore[scope] != since {
                    try RateLimitStore.forget(scope: scope, before: since, db)
                    exchanged.forgottenBefore[scope] = since
                }
                let changedSince = previous.map { $0.at - Self.overlapMilliseconds } ?? .min
                return try RateLimitStore.others(scope: scope, server: server, since: since, changedSince: changedSince, db)
            }
            return (exchanged, incoming)
        }
        for (index, (_, limiter)) in limiters.enumerated() {
            limiter.addOthersCounts(incoming[index], forgettingBefore: outgoing[index].since)
        }
        last.withLock { $0 = exchanged }
    }

    /// Exchanges every `interval` seconds on a thread of its own; a failed
    /// exchange (the database restarting) is tried again at the next.
    func start(every interval: TimeInterval = 0.5, log: @escaping @Sendable (String) -> Void) {
        thread.start(name: "rate-limits", every: interval, context: false) { [self] failing, _ in
            do {
                try exchange()
                failing = false
            } catch {
                if !failing { log("rate limits: could not exchange counts with the other servers: \(error)") }
                failing = true
            }
        }
    }
}
