import Campaign
import Foundation

/// Holds each client to one limit across the servers on one database:
/// twice a second each server stores what it counted per client and window
/// (`RateLimitStore`) and reads what the others counted, which its limiters
/// add to their own. A client is named there by a keyed hash of its
/// network, with a key the servers share through the database, never by
/// its address. Between two exchanges a client may go over by what it did
/// on the other servers in that half second.
final class RateLimitSharing: Sendable {
    private let pool: DatabasePool
    private let limiters: [(scope: String, limiter: RateLimiter)]
    /// This process among the servers.
    private let server: String
    private let clock: Clock
    private let thread = WakeableThread()

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

    /// One exchange: this server's counts out, the others' in, and windows
    /// that no longer count forgotten.
    func exchange() throws {
        let now = clock.now().timeIntervalSinceReferenceDate
        for (scope, limiter) in limiters {
            let window = limiter.windowSeconds
            let since = Int64((now / window).rounded(.down) * window - window)
            let mine = limiter.takeChangedCounts()
            let others = try pool.writeUnsynced { db in
                try RateLimitStore.publish(mine, scope: scope, server: server, forgetBefore: since, db)
                return try RateLimitStore.others(scope: scope, server: server, since: since, db)
            }
            limiter.setOthersCounts(others)
        }
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
