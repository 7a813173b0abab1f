import Campaign
import Foundation
import Synchronization

/// Counts actions per client address in a sliding window. Over the limit,
/// the app still answers as if all was well (as e-petitions does) but keeps
/// what came in as suspect, so a flood neither stops nor inflates a count.
/// Each address costs a few bytes: two counters, weighted like a sliding
/// window, rather than a list of times.
public final class RateLimiter: Sendable {
    private struct Entry {
        var windowStart: Double
        var current: Int
        var previous: Int
    }
    private let limit: Int
    private let window: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])
    /// At most this many addresses are remembered, so a flood of distinct
    /// addresses cannot exhaust memory.
    private let capacity: Int

    /// `limit` actions per `window` seconds per key.
    public init(limit: Int, window: TimeInterval, capacity: Int = 20_000) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// Records an action by `key` at `now`; false when it is over the limit.
    public func allow(_ key: String, now: Date) -> Bool {
        let time = now.timeIntervalSinceReferenceDate
        let start = (time / window).rounded(.down) * window
        return entries.withLock { entries in
            var entry = entries[key] ?? Entry(windowStart: start, current: 0, previous: 0)
            if entry.windowStart < start {
                entry.previous = entry.windowStart == start - window ? entry.current : 0
                entry.current = 0
                entry.windowStart = start
            }
            entry.current += 1
            entries[key] = entry
            if entries.count > capacity {
                // Forget idle addresses first, then those with a single action
                // (which no limit stops anyway); a flood past that starts afresh.
                entries = entries.filter { $0.value.windowStart >= start - window && $0.value.current + $0.value.previous > 1 }
                if entries.count > capacity / 2 { entries.removeAll(keepingCapacity: false) }
            }
            // The previous window counts for the part of it still inside the sliding window.
            let weight = 1 - (time - start) / window
            return Double(entry.current) + Double(entry.previous) * weight <= Double(limit)
        }
    }
}
