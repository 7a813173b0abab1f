import Synchronization

/// The counts pages show, held in memory and changed only after the
/// transaction that changed them on disk has committed. Loaded once at start.
public final class SignatureCounts: Sendable {
    private struct State {
        var signatures: [Int64: Int] = [:]
        var calls: [Int64: [String: [CallReport.Outcome: Int]]] = [:]
    }
    private let state = Mutex(State())

    /// Reads the stored counts.
    public init(pool: DatabasePool) throws {
        let stored = try pool.read { db in try CountStore.all(db) }
        state.withLock { state in
            state.signatures = stored.signatures
            for call in stored.calls { state.calls[call.campaignID, default: [:]][call.target, default: [:]][call.outcome] = call.count }
        }
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
