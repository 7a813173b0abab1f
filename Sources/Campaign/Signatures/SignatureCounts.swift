import Synchronization

/// The counts pages show, held in memory and changed only after the
/// transaction that changed them on disk has committed. Loaded at start, and again when another program changed them.
public final class SignatureCounts: Sendable {
    private struct State {
        var signatures: [Int64: Int] = [:]
        var calls: [Int64: [String: [CallReport.Outcome: Int]]] = [:]
    }
    private let state = Mutex(State())

    /// Reads the stored counts.
    public init(pool: DatabasePool) throws {
        replace(with: try pool.read { db in try CountStore.all(db) })
    }

    /// Shows `stored` instead of what was held.
    func replace(with stored: CountStore.Counts) {
        var fresh = State()
        fresh.signatures = stored.signatures
        for call in stored.calls { fresh.calls[call.campaignID, default: [:]][call.target, default: [:]][call.outcome] = call.count }
        state.withLock { $0 = fresh }
    }

    /// Counted signatures of a campaign.
    public func signatures(of campaignID: Int64) -> Int { state.withLock { $0.signatures[campaignID] ?? 0 } }

    /// Call outcomes of a campaign, by target.
    public func calls(of campaignID: Int64) -> [String: [CallReport.Outcome: Int]] { state.withLock { $0.calls[campaignID] ?? [:] } }

    func add(signatures: [Int64: Int], calls: [(campaign: Int64, target: String, outcome: CallReport.Outcome)]) {
        state.withLock { state in
            for (campaign, count) in signatures { state.signatures[campaign, default: 0] += count }
            for call in calls { state.calls[call.campaign, default: [:]][call.target, default: [:]][call.outcome, default: 0] += 1 }
        }
    }
}
