import Synchronization

/// A fixed number of counters that any thread adds to without a lock: the
/// server counts every request, and a lock there would be felt under load.
/// Reads are not a consistent snapshot across counters, which metrics allow.
public final class AtomicCounters: @unchecked Sendable {
    /// How many counters there are.
    public let count: Int
    // `Atomic` cannot live in an Array (it is not copyable), so the counters
    // sit in memory of their own that never moves.
    private let storage: UnsafeMutablePointer<Atomic<Int>>

    /// `count` counters, all 0.
    public init(count: Int) {
        precondition(count > 0, "at least one counter")
        self.count = count
        storage = .allocate(capacity: count)
        for index in 0..<count { (storage + index).initialize(to: Atomic(0)) }
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Adds `amount` (which may be negative) to the counter at `index`.
    @inline(__always)
    public func add(_ amount: Int, at index: Int) {
        precondition(index >= 0 && index < count, "counter index out of range")
        storage[index].add(amount, ordering: .relaxed)
    }

    /// The counter at `index`.
    public subscript(index: Int) -> Int {
        precondition(index >= 0 && index < count, "counter index out of range")
        return storage[index].load(ordering: .relaxed)
    }
}
