import Campaign
import Foundation
import Synchronization

/// Counts actions per client in a sliding window. Over the limit, the app
/// still answers as if all was well (as e-petitions does) but keeps what
/// came in as suspect, so a flood neither stops nor inflates a count.
/// A client is an IPv4 address or an IPv6 /64 (`ClientNetwork`). Each
/// costs a few bytes: two counters, weighted like a sliding window, rather
/// than a list of times.
///
/// At most `capacity` clients are remembered, so a flood of distinct
/// addresses cannot exhaust memory. Making room never forgets a client
/// whose next action would be over its limit: else a flood of fresh
/// addresses would wipe the count of the one address that is over, and it
/// could start again. Room is made from those that no longer count in the
/// window, then from those with the fewest actions. When every client
/// remembered is at its limit, a client not yet remembered counts as over
/// it too, until the window frees room: the table stays bounded, and what
/// such a flood brings in is kept as suspect rather than counted.
public final class RateLimiter: Sendable {
    private struct Entry {
        var windowStart: Double
        var current: Int
        var previous: Int
        /// The client's name as shared with other servers, once worked out (a keyed hash costs a little).
        var sharedName: String?
    }
    private let limit: Int
    private let window: TimeInterval
    private struct Table {
        var entries: [String: Entry] = [:]
        /// When making room last found none: looked for again a second
        /// later at the soonest, not on every newcomer of a flood.
        var fullSince = -Double.infinity
        /// Shared with other servers on the same database (`RateLimitSharing`):
        /// how a client is named there, what they counted, and the clients
        /// counted here since the last exchange.
        var sharedName: (@Sendable (String) -> String)?
        /// By client as shared, then by server.
        var peers: [String: [String: Entry]] = [:]
        /// Their windows before this are forgotten.
        var peersSince = -Double.infinity
        var changed: Set<String> = []
    }
    private let table = Mutex(Table())
    private let capacity: Int

    /// `limit` actions per `window` seconds per client; at most `capacity` clients remembered.
    public init(limit: Int, window: TimeInterval, capacity: Int = 20_000) {
        self.limit = limit
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Records an action from `address` at `now`; false when it is over the limit.
    public func allow(_ address: String, now: Date) -> Bool {
        let key = ClientNetwork.key(of: address)
        let time = now.timeIntervalSinceReferenceDate
        let start = (time / window).rounded(.down) * window
        return table.withLock { table in
            var entry: Entry
            if let known = table.entries[key] {
                entry = rolled(known, to: start)
            } else {
                if table.entries.count >= capacity, time - table.fullSince >= 1 {
                    makeRoom(&table.entries, time: time, start: start)
                    if table.entries.count >= capacity { table.fullSince = time }
                }
                // Everyone remembered is at their limit: a newcomer is not counted.
                guard table.entries.count < capacity else { return false }
                entry = Entry(windowStart: start, current: 0, previous: 0)
            }
            entry.current += 1
            var counted = weighted(entry, time: time, start: start)
            if let name = table.sharedName {
                table.changed.insert(key)
                let shared = entry.sharedName ?? name(key)
                entry.sharedName = shared
                for peer in table.peers[shared, default: [:]].values { counted += weighted(peer, time: time, start: start) }
            }
            table.entries[key] = entry
            return counted <= Double(limit)
        }
    }

    /// The window length, in seconds.
    public var windowSeconds: TimeInterval { window }

    /// Starts sharing: clients are named to other servers by `name` (a
    /// keyed hash of their network).
    func share(naming name: @escaping @Sendable (String) -> String) {
        table.withLock { $0.sharedName = name }
    }

    /// This server's counts in their current windows for the clients
    /// counted since the last call (or, with `all`, for every client
    /// remembered), as other servers are to see them.
    func takeChangedCounts(all: Bool = false) -> [RateLimitStore.Count] {
        table.withLock { table in
            guard let name = table.sharedName else { return [] }
            defer { table.changed.removeAll(keepingCapacity: true) }
            let keys = all ? Array(table.entries.keys) : Array(table.changed)
            return keys.compactMap { key in
                table.entries[key].map { RateLimitStore.Count(client: $0.sharedName ?? name(key), windowStart: Int64($0.windowStart), count: $0.current) }
            }
        }
    }

    /// Takes in counts other servers stored (each the whole count of its
    /// server's window so far), and forgets their windows that started
    /// before `since`. At most `capacity` of their clients are remembered:
    /// past that, those they counted least are forgotten first.
    func addOthersCounts(_ counts: [RateLimitStore.ServerCount], forgettingBefore since: Int64) {
        table.withLock { table in
            for stored in counts {
                let count = stored.count
                var entry = table.peers[count.client]?[stored.server] ?? Entry(windowStart: -Double.infinity, current: 0, previous: 0)
                let start = Double(count.windowStart)
                if start > entry.windowStart {
                    entry = Entry(windowStart: start, current: count.count, previous: entry.windowStart == start - window ? entry.current : 0)
                } else if start == entry.windowStart {
                    entry.current = count.count
                } else if start == entry.windowStart - window {
                    entry.previous = count.count
                }
                table.peers[count.client, default: [:]][stored.server] = entry
            }
            if Double(since) > table.peersSince {
                table.peersSince = Double(since)
                table.peers = table.peers.filter { $0.value.values.contains { $0.windowStart >= Double(since) } }
            }
            if table.peers.count > capacity {
                let least = table.peers.mapValues { $0.values.reduce(0) { $0 + $1.current + $1.previous } }.sorted { $0.value < $1.value }
                for (client, _) in least.prefix(table.peers.count - capacity * 3 / 4) { table.peers[client] = nil }
            }
        }
    }

    /// The entry with its counters moved on to the window starting at `start`.
    private func rolled(_ entry: Entry, to start: Double) -> Entry {
        guard entry.windowStart < start else { return entry }
        return Entry(windowStart: start, current: 0, previous: entry.windowStart == start - window ? entry.current : 0, sharedName: entry.sharedName)
    }

    /// The actions that count at `time`: this window's, and the previous
    /// window's for the part of it still inside the sliding window.
    private func weighted(_ entry: Entry, time: Double, start: Double) -> Double {
        let entry = rolled(entry, to: start)
        return Double(entry.current) + Double(entry.previous) * (1 - (time - start) / window)
    }

    /// Forgets the clients that no longer count, then, fewest actions
    /// first, clients whose next action would still be allowed, down to
    /// three quarters of the capacity.
    private func makeRoom(_ entries: inout [String: Entry], time: Double, start: Double) {
        let counts = entries.mapValues { weighted($0, time: time, start: start) }
        for (key, count) in counts where count <= 0 { entries[key] = nil }
        let target = capacity * 3 / 4
        guard entries.count > target else { return }
        let forgettable = counts.filter { $0.value > 0 && $0.value + 1 <= Double(limit) }.sorted { $0.value < $1.value }
        for (key, _) in forgettable.prefix(entries.count - target) { entries[key] = nil }
    }
}
