@testable import Campaign
@testable import CampaignWeb
import Foundation
import Testing

/// The rate limits' counting: per IPv4 address and per IPv6 /64, and a
/// bounded table that never forgets a client over its limit.
@Suite struct RateLimiterTests {
    static let noon = Date(timeIntervalSinceReferenceDate: 800_000_000 + 1_800)

    @Test(arguments: [
        ("198.51.100.7", "198.51.100.7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("::FFFF:c633:6407", "198.51.100.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2:0:0:0:77", "2001:db8:1:2::/64"),
        ("[2001:db8:1:3::9]", "2001:db8:1:3::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::1", "::/64"),
        ("unknown", "unknown"),
        ("", ""),
    ])
    func addressesAreCountedByTheirNetwork(address: String, key: String) {
        #expect(ClientNetwork.key(of: address) == key)
    }

    @Test func oneIPv6SlashSixtyFourIsOneClient() {
        let limiter = RateLimiter(limit: 2, window: 3600)
        let allowed = (1...30).map { limiter.allow("2001:db8:1:2::\(String($0, radix: 16))", now: Self.noon) }
        #expect(allowed.filter { $0 }.count == 2, "30 addresses of one /64")
        #expect(limiter.allow("2001:db8:1:3::1", now: Self.noon), "the next /64 is another client")
        #expect(limiter.allow("198.51.100.7", now: Self.noon) && limiter.allow("::ffff:198.51.100.7", now: Self.noon))
        #expect(!limiter.allow("198.51.100.7", now: Self.noon), "an IPv4 address and the same written as IPv6 count together")
    }

    /// A flood of fresh addresses, more than the table holds, with two
    /// actions each (as many as the limit lets through), does not make the
    /// limiter forget the address that is over its limit.
    @Test func aFloodOfAddressesDoesNotForgetOneOverItsLimit() {
        let limiter = RateLimiter(limit: 2, window: 3600, capacity: 100)
        for _ in 0..<3 { _ = limiter.allow("203.0.113.9", now: Self.noon) }
        #expect(!limiter.allow("203.0.113.9", now: Self.noon))
        for index in 0..<101 {
            let address = "10.0.\(index / 256).\(index % 256)"
            _ = limiter.allow(address, now: Self.noon)
            _ = limiter.allow(address, now: Self.noon)
        }
        #expect(!limiter.allow("203.0.113.9", now: Self.noon), "forgotten after a flood of 101 addresses")
        // An hour later the window has moved on: it counts afresh.
        #expect(limiter.allow("203.0.113.9", now: Self.noon + 7_200))
    }

    /// When everyone the table remembers is at their limit, a newcomer is
    /// counted as over it, until the window frees room.
    @Test func aTableFullOfClientsAtTheirLimitRefusesNewcomers() {
        let limiter = RateLimiter(limit: 1, window: 3600, capacity: 10)
        for index in 0..<10 { #expect(limiter.allow("10.0.0.\(index)", now: Self.noon)) }
        #expect(!limiter.allow("10.0.1.1", now: Self.noon), "a newcomer while the table is full of clients at their limit")
        #expect(!limiter.allow("10.0.0.3", now: Self.noon), "a client at its limit")
        #expect(limiter.allow("10.0.1.1", now: Self.noon + 7_200), "room once the window moved on")
    }

    /// Room is made from clients with fewer actions first.
    @Test func roomIsMadeFromTheClientsWithTheFewestActions() {
        let limiter = RateLimiter(limit: 5, window: 3600, capacity: 4)
        for _ in 0..<4 { _ = limiter.allow("10.0.0.1", now: Self.noon) }
        for index in 2...4 { _ = limiter.allow("10.0.0.\(index)", now: Self.noon) }
        #expect(limiter.allow("10.0.0.9", now: Self.noon))
        // 10.0.0.1 was kept with its four actions: the fifth is allowed, the sixth not.
        #expect(limiter.allow("10.0.0.1", now: Self.noon))
        #expect(!limiter.allow("10.0.0.1", now: Self.noon))
    }

    /// Servers on one database exchange what changed since they last
    /// looked: what another server counted adds to this one's, each
    /// server's count replacing its own earlier one, never added twice.
    @Test func serversOnOneDatabaseHoldAClientToOneLimit() throws {
        let pool = try TestSupport.seededDatabase()
        let here = RateLimiter(limit: 5, window: 3600), there = RateLimiter(limit: 5, window: 3600)
        let bystander = RateLimiter(limit: 5, window: 3600)
        let sharing = try [here, there, bystander].map { limiter in
            try RateLimitSharing(pool: pool, limiters: [("sign", limiter)], tokens: .live, clock: .live)
        }
        for sharing in sharing { try sharing.exchange() }
        for _ in 0..<2 { #expect(there.allow("198.51.100.7", now: Date())) }
        try sharing[1].exchange()
        try sharing[0].exchange()
        #expect(there.allow("198.51.100.7", now: Date()))
        try sharing[1].exchange()
        try sharing[0].exchange()
        try sharing[0].exchange()
        // Three there: two more here, then the limit; the stored count was replaced as it grew, not added again.
        #expect(here.allow("198.51.100.7", now: Date()) && here.allow("198.51.100.7", now: Date()))
        #expect(!here.allow("198.51.100.7", now: Date()))
        #expect(here.allow("198.51.100.8", now: Date()), "another client")
        try sharing[0].exchange()
        try sharing[2].exchange()
        #expect(!bystander.allow("198.51.100.7", now: Date()), "a server that joined late reads what the others stored")
        let stored = try pool.read { try $0.value("SELECT count(*) FROM rate_limit_counts", as: Int.self) }
        #expect(stored == 3, "one row per server and client counted")
    }

    /// Counts another server stored add up per server, a newer count of
    /// one server replaces its older one, and their windows past are forgotten.
    @Test func othersCountsAddUpPerServerAndTheirPastWindowsAreForgotten() {
        let limiter = RateLimiter(limit: 10, window: 3600)
        limiter.share { "h:" + $0 }
        let window = Int64((Self.noon.timeIntervalSinceReferenceDate / 3600).rounded(.down) * 3600)
        func count(_ server: String, _ count: Int, window start: Int64 = window) -> RateLimitStore.ServerCount {
            RateLimitStore.ServerCount(server: server, count: RateLimitStore.Count(client: "h:10.0.0.1", windowStart: start, count: count))
        }
        limiter.addOthersCounts([count("a", 3), count("b", 2), count("a", 4)], forgettingBefore: window - 3600)
        // 4 + 2 elsewhere: four more here.
        #expect((0..<4).allSatisfy { _ in limiter.allow("10.0.0.1", now: Self.noon) })
        #expect(!limiter.allow("10.0.0.1", now: Self.noon))
        let later = Self.noon + 7_200
        limiter.addOthersCounts([count("c", 1, window: window + 7_200)], forgettingBefore: window + 3_600)
        #expect((0..<9).allSatisfy { _ in limiter.allow("10.0.0.1", now: later) }, "two windows on, only server c's one counts")
        #expect(!limiter.allow("10.0.0.1", now: later))
    }
}
