import Foundation

/// An organizer's decision on signatures kept as suspect: signed from an
/// address over the per-address rate limit (a library, a campus, a
/// carrier's shared address, or someone signing in bulk). On a campaign
/// that confirms by e-mail the signer's confirmation settles it; on one
/// that does not, an organizer approves it, and it counts from then on, or
/// rejects it, and it never counts.
public enum SuspectReview {
    /// Which of the waiting signatures a decision is for.
    public enum Selection: Sendable, Equatable {
        /// Every one waiting when the decision is made.
        case all
        /// These, by id; each must be waiting.
        case ids([Int64])
    }

    /// What a review did.
    public struct Outcome: Sendable, Equatable {
        public var approved = 0
        public var rejected = 0
        /// The campaign's counted signatures afterwards.
        public var count = 0
    }

    /// Approves and rejects in one transaction: approved signatures take
    /// the next places in the counting order (so the next digest has them)
    /// and add to the count. An id that is not one of the campaign's
    /// suspect signatures waiting for a decision is refused, and nothing
    /// is written. The campaign is touched, so a running server shows the
    /// new count within a second.
    public static func settle(campaignID: Int64, slug: String, approve: Selection?, reject: Selection?, at time: Date,
                              _ db: Database) throws -> Outcome {
        let waiting = try SignatureStore.suspects(campaignID: campaignID, db).map(\.id)
        func ids(_ selection: Selection?) throws -> [Int64] {
            switch selection {
            case nil: return []
            case .all: return waiting
            case .ids(let ids):
                let unknown = ids.filter { !waiting.contains($0) }
                guard unknown.isEmpty else {
                    let list = unknown.map(String.init).joined(separator: ", ")
                    throw InputError("\(unknown.count == 1 ? "signature" : "signatures") \(list) of '\(slug)' \(unknown.count == 1 ? "is not a suspect signature" : "are not suspect signatures") waiting for a decision (see `campaign signatures suspect \(slug)`)")
                }
                return ids
            }
        }
        let approving = try ids(approve), rejecting = try ids(reject)
        var outcome = Outcome()
        let stamp = CampaignStore.timestamp(time)
        var sequence = try SignatureStore.validatedSequence(db)
        for id in Set(approving).sorted() {
            // A number is kept only by a signature that took it.
            var next = sequence
            guard try SignatureStore.approveSuspect(id: id, campaignID: campaignID, validatedSeq: next.take(), at: stamp, db) else { continue }
            sequence = next
            outcome.approved += 1
        }
        for id in Set(rejecting).sorted() where try SignatureStore.rejectSuspect(id: id, campaignID: campaignID, db) {
            outcome.rejected += 1
        }
        if outcome.approved > 0 { try CountStore.addSignatures(outcome.approved, campaignID: campaignID, db) }
        try SignatureStore.save(sequence, db)
        if outcome.approved + outcome.rejected > 0 { try CampaignStore.touch(campaignID: campaignID, at: time, db) }
        outcome.count = try CountStore.signatures(campaignID: campaignID, db)
        return outcome
    }
}
