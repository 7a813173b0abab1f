import Foundation
import Synchronization

/// Remembers what another geocoder answered, so a signer who comes back to
/// the form (a district choice, a corrected field) costs the service
/// nothing, and the public services' limits go further.
///
/// Keys fold case and white space (`1600 Pennsylvania  Ave` and `1600
/// PENNSYLVANIA AVE` are one address). Matches and no-matches are kept for
/// `timeToLive` seconds, at most `capacity` of them, the least recently
/// used going first; an `.unavailable` answer is never kept, so the next
/// signer asks again. Addresses stay in memory only, for the TTL at most.
/// Two signers asking the same new address at once both reach the service:
/// the lock is never held across a request.
public final class CachingGeocoder: Geocoder {
    /// The geocoder asked on a miss.
    public let underlying: any Geocoder
    /// The most answers kept.
    public let capacity: Int
    /// How long an answer is kept, in seconds.
    public let timeToLive: TimeInterval
    private let clock: Clock
    private let entries = Mutex(Entries())

    /// The default size: a busy day's distinct addresses at one campaign
    /// would not fit, but the returns within a few minutes do.
    public static let defaultCapacity = 1000
    /// The default lifetime: an hour, long enough for a signer's extra
    /// step, short enough that addresses do not linger.
    public static let defaultTimeToLive: TimeInterval = 3600

    /// A cache in front of `underlying`.
    public init(_ underlying: any Geocoder, capacity: Int = defaultCapacity, timeToLive: TimeInterval = defaultTimeToLive,
                clock: Clock = .live) {
        self.underlying = underlying
        self.capacity = max(1, capacity)
        self.timeToLive = timeToLive
        self.clock = clock
    }

    public func geocode(_ address: String, zip: String?) -> GeocodingResult {
        let key = Self.key(address, zip: zip)
        let now = clock.now()
        if let kept = entries.withLock({ $0.lookUp(key, now: now) }) { return kept }
        let result = underlying.geocode(address, zip: zip)
        if case .unavailable = result { return result }
        let expires = now.addingTimeInterval(timeToLive)
        entries.withLock { $0.keep(result, for: key, until: expires, now: now, capacity: capacity) }
        return result
    }

    /// How many answers are kept now, expired ones included until they are
    /// looked up or pushed out.
    public var count: Int { entries.withLock { $0.byKey.count } }

    /// The address and ZIP code with case folded and runs of white space
    /// made one space. Strings compare by canonical equivalence, so a
    /// composed é and e with a combining accent are one key too.
    static func key(_ address: String, zip: String?) -> String {
        func folded(_ text: String) -> String {
            text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        return folded(address) + "\u{0}" + folded(zip ?? "")
    }

    // MARK: - The entries

    private struct Entries {
        struct Entry {
            let result: GeocodingResult
            let expires: Date
            /// When it was last asked for, by a counter: the smallest goes first.
            var lastUse: UInt64
        }

        var byKey: [String: Entry] = [:]
        private var uses: UInt64 = 0

        /// The answer kept for `key`, if it has not expired; an expired one is dropped.
        mutating func lookUp(_ key: String, now: Date) -> GeocodingResult? {
            guard var entry = byKey[key] else { return nil }
            guard entry.expires > now else {
                byKey[key] = nil
                return nil
            }
            uses += 1
            entry.lastUse = uses
            byKey[key] = entry
            return entry.result
        }

        /// Keeps `result`, first dropping expired answers and then, when
        /// still full, the least recently used.
        mutating func keep(_ result: GeocodingResult, for key: String, until expires: Date, now: Date, capacity: Int) {
            if byKey[key] == nil && byKey.count >= capacity {
                byKey = byKey.filter { $0.value.expires > now }
                if byKey.count >= capacity, let oldest = byKey.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                    byKey[oldest] = nil
                }
            }
            uses += 1
            byKey[key] = Entry(result: result, expires: expires, lastUse: uses)
        }
    }
}
