/// What the signature writer has done since it started, for the server's
/// `/metrics`. Only the writer's thread adds, after a batch's transaction
/// has committed (or failed), so request threads pay nothing for it.
public final class WriterStatistics: Sendable {
    /// The counters, each a total since start.
    public enum Counter: Int, CaseIterable, Sendable {
        /// New signature rows.
        case signaturesStored
        /// Signatures by someone who had signed already: nothing new stored.
        case signaturesDuplicate
        /// New signature rows kept as suspect (over the rate limit).
        case signaturesSuspect
        /// Signatures that began to count: stored without needing
        /// confirmation, or confirmed later.
        case signaturesCounted
        /// Confirmation links followed that confirmed a pending signature.
        case confirmations
        /// Call reports stored, suspect ones included.
        case callReports
        /// Call reports kept as suspect.
        case callReportsSuspect
        /// Unsubscribe requests that found their signature.
        case unsubscribes
        /// Items answered "try again" because their batch could not be written.
        case failedItems
    }

    private let counters = AtomicCounters(count: Counter.allCases.count)
    /// Items per batch: how much group commit is saving.
    public let batchSizes = AtomicHistogram(bounds: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000])
    /// Microseconds from starting a batch's transaction to its commit
    /// (waiting for the database's write lock included).
    public let commitMicroseconds = AtomicHistogram(bounds: [500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000,
                                                             500_000, 1_000_000, 2_500_000, 5_000_000])

    public init() {}

    /// A counter's total.
    public subscript(counter: Counter) -> Int { counters[counter.rawValue] }

    func add(_ amount: Int, to counter: Counter) {
        if amount != 0 { counters.add(amount, at: counter.rawValue) }
    }
}
