/// Counts observations into buckets with fixed upper bounds, Prometheus
/// style, without a lock. Values are whole numbers in the caller's unit
/// (microseconds, items), so adding to the sum is one atomic add.
public final class AtomicHistogram: Sendable {
    /// The buckets' upper bounds, inclusive and rising; above the last is +Inf.
    public let bounds: [Int]
    /// One counter per bound, then one for +Inf; each counts only its own
    /// bucket, so an observation is a single add.
    private let buckets: AtomicCounters
    private let total: AtomicCounters

    /// What the histogram holds at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// Observations at or below each bound (cumulative), in the order of `bounds`.
        public let cumulative: [Int]
        /// Every observation (the +Inf bucket).
        public let count: Int
        /// The sum of the observed values.
        public let sum: Int
    }

    /// Buckets with these upper bounds, which must rise.
    public init(bounds: [Int]) {
        precondition(!bounds.isEmpty && zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "bounds must rise")
        self.bounds = bounds
        buckets = AtomicCounters(count: bounds.count + 1)
        total = AtomicCounters(count: 1)
    }

    /// Counts one observation of `value`.
    @inline(__always)
    public func observe(_ value: Int) {
        var index = 0
        while index < bounds.count && value > bounds[index] { index += 1 }
        buckets.add(1, at: index)
        total.add(value, at: 0)
    }

    /// The counts so far.
    public func snapshot() -> Snapshot {
        var cumulative: [Int] = []
        cumulative.reserveCapacity(bounds.count)
        var running = 0
        for index in 0..<bounds.count {
            running += buckets[index]
            cumulative.append(running)
        }
        return Snapshot(cumulative: cumulative, count: running + buckets[bounds.count], sum: total[0])
    }
}
