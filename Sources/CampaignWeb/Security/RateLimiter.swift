import Campaign
import Foundation

/// Counts actions per client address in a sliding window. Over the limit,
/// the app still answers as if all was well (as e-petitions does) but keeps
/// what came in as suspect, so a flood neither stops nor inflates a count.
public final class RateLimiter: Sendable {
    private struct Window {
        var times: [Date] = []
    }
    private let limit: Int
    private let window: TimeInterval
    private let windows = LockedValue<[String: Window]>([:])

    /// `limit` actions per `window` seconds per key.
    public init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records an action by `key` at `now`; false when it is over the limit.
    public func allow(_ key: String, now: Date = Date()) -> Bool {
        windows.withLock { windows in
            var entry = windows[key] ?? Window()
            entry.times.removeAll { now.timeIntervalSince($0) >= window }
            entry.times.append(now)
            windows[key] = entry
            // Keep memory bounded: forget idle addresses now and then.
            if windows.count > 100_000 { windows = windows.filter { !$0.value.times.isEmpty && now.timeIntervalSince($0.value.times.last ?? now) < window } }
            return entry.times.count <= limit
        }
    }
}
