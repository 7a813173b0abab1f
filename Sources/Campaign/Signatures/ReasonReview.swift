import Foundation

/// An organizer's decision on signers' reasons: hide one (it leaves the
/// campaign's pages, officials' packets and digests) or approve one (a held
/// reason is shown; a hidden one is shown again).
public enum ReasonReview {
    /// What to do with the reasons named.
    public enum Decision: String, Sendable, CaseIterable {
        case hide, approve

        /// The state a reason takes.
        var state: ReasonState { self == .hide ? .hidden : .shown }
    }

    /// What a decision did.
    public struct Outcome: Sendable, Equatable {
        /// Reasons whose state changed.
        public var changed = 0
        /// Reasons already in the state asked for.
        public var unchanged = 0
    }

    /// Decides on the reasons of signatures `ids` in one transaction, by
    /// `decider` ("cli", or an organizer token's name). An id with no
    /// reason is refused, and nothing is written. Each campaign touched is
    /// touched in the database too, so a running server reads its reasons
    /// again within a second.
    public static func decide(_ decision: Decision, ids: [Int64], by decider: String, at time: Date, _ db: Database) throws -> Outcome {
        var found: [ReasonStore.Decidable] = []
        var unknown: [Int64] = []
        for id in Set(ids).sorted() {
            if let signature = try ReasonStore.decidable(id: id, db) { found.append(signature) } else { unknown.append(id) }
        }
        guard unknown.isEmpty else {
            let list = unknown.map(String.init).joined(separator: ", ")
            throw InputError(unknown.count == 1 ? "no signature with a reason has id \(list) (see `campaign reasons SLUG`)"
                                                : "no signatures with a reason have ids \(list) (see `campaign reasons SLUG`)")
        }
        var outcome = Outcome()
        let stamp = CampaignStore.timestamp(time)
        var campaigns: Set<Int64> = []
        for signature in found {
            guard signature.state != decision.state else { outcome.unchanged += 1; continue }
            try ReasonStore.decide(id: signature.id, state: decision.state, at: stamp, by: decider, db)
            campaigns.insert(signature.campaignID)
            outcome.changed += 1
        }
        for campaignID in campaigns.sorted() { try CampaignStore.touch(campaignID: campaignID, at: time, db) }
        return outcome
    }
}
