import Foundation

/// Erases signers' personal data: one person's everywhere on request
/// (`campaign signers forget --email`), or a whole campaign's once its
/// retention period is over (`RetentionPurge`). In one transaction, each
/// signature loses its name, public name, e-mail address, reason and links
/// (the address becomes a marker of the row); its place in the counts, its
/// ZIP code and districts (what packets count per district), its state and
/// its consent history stay. Mail addressed to them leaves the outbox,
/// queued or sent, whatever its kind; a digest that lists them keeps its
/// row but loses its body, and one not yet sent is withdrawn. Each erasure
/// is recorded with its counts, never whose.
///
/// On SQLite the transaction overwrites what it frees and the WAL is
/// emptied after it (`DatabasePool.writeErasing`), so no backup made
/// afterwards holds the old bytes.
public enum SignerErasure {
    /// What an erasure erased.
    public struct Outcome: Sendable, Equatable {
        /// Signatures whose personal data was erased.
        public var signatures = 0
        /// Messages addressed to them taken out of the outbox.
        public var messages = 0
        /// Digests listing them whose body was erased.
        public var digests = 0
        /// Signatures erased per campaign, by slug.
        public var perCampaign: [String: Int] = [:]

        public init() {}
    }

    /// Why a digest not yet sent was withdrawn, as the outbox lists it.
    static let withdrawnDigest = "withdrawn: it listed a signer whose personal data was erased"

    /// Erases everything stored about the person with `email`, in every campaign.
    public static func forget(email: String, pool: DatabasePool, at now: Date) throws -> Outcome {
        let canonical = CanonicalEmail.of(email)
        let stamp = CampaignStore.timestamp(now)
        return try pool.writeErasing { db in
            var outcome = Outcome()
            var perCampaign: [Int64: Int] = [:]
            var counted: [Int64: [Int64]] = [:]
            for signature in try PrivacyStore.signatures(canonicalEmail: canonical, db) {
                try PrivacyStore.erase(signatureID: signature.id, at: stamp, db)
                perCampaign[signature.campaignID, default: 0] += 1
                outcome.perCampaign[signature.campaign, default: 0] += 1
                outcome.signatures += 1
                if let place = signature.countedAs { counted[signature.campaignID, default: []].append(place) }
            }
            for id in try SignerRecords.addressedTo(canonical, db) {
                try PrivacyStore.deleteMessage(id: id, db)
                outcome.messages += 1
            }
            for (campaignID, places) in counted {
                outcome.digests += try withdrawDigests(campaignID: campaignID, db) { window in places.contains { window.contains($0) } }
            }
            // A running server reads the campaigns' reasons again.
            for campaignID in perCampaign.keys.sorted() { try CampaignStore.touch(campaignID: campaignID, at: now, db) }
            // A request that found nothing erased nothing: there is nothing to record.
            guard outcome.signatures + outcome.messages + outcome.digests > 0 else { return outcome }
            try PrivacyStore.record(cause: "request", at: stamp, signatures: outcome.signatures, messages: outcome.messages + outcome.digests,
                                    perCampaign: perCampaign, db)
            return outcome
        }
    }

    /// Erases every signer of `campaigns` (slugs by id) not erased yet, inside the caller's erasing write.
    static func eraseCampaigns(_ campaigns: [Int64: String], at now: Date, _ db: Database) throws -> Outcome {
        let stamp = CampaignStore.timestamp(now)
        var outcome = Outcome()
        var perCampaign: [Int64: Int] = [:]
        for (campaignID, slug) in campaigns.sorted(by: { $0.key < $1.key }) {
            let signers = try PrivacyStore.unerased(campaignID: campaignID, db)
            guard !signers.isEmpty else { continue }
            let addresses = Set(signers.map { CanonicalEmail.of($0.email) })
            try PrivacyStore.erase(signatureIDs: signers.map(\.id), at: stamp, db)
            try CampaignStore.touch(campaignID: campaignID, at: now, db)
            perCampaign[campaignID] = signers.count
            outcome.perCampaign[slug] = signers.count
            outcome.signatures += signers.count
            for message in try PrivacyStore.recipients(campaignID: campaignID, db) where addresses.contains(CanonicalEmail.of(message.recipient)) {
                try PrivacyStore.deleteMessage(id: message.id, db)
                outcome.messages += 1
            }
            let places = signers.compactMap(\.validatedSeq)
            if let first = places.min(), let last = places.max() {
                outcome.digests += try withdrawDigests(campaignID: campaignID, db) { $0.overlaps(first...last) }
            }
        }
        if !perCampaign.isEmpty {
            try PrivacyStore.record(cause: "retention", at: stamp, signatures: outcome.signatures, messages: outcome.messages + outcome.digests,
                                    perCampaign: perCampaign, db)
        }
        return outcome
    }

    /// Empties the body of each of the campaign's digests whose window of
    /// the counting order `lists` says holds an erased signature (or whose
    /// window cannot be read); returns how many.
    private static func withdrawDigests(campaignID: Int64, _ db: Database, lists: (ClosedRange<Int64>) -> Bool) throws -> Int {
        var withdrawn = 0
        for digest in try PrivacyStore.digests(campaignID: campaignID, db) {
            let listsThem = switch DigestWindow(key: digest.key) {
            case .signatures(let window): lists(window)
            case .noSignatures: false
            case .unknown: true
            }
            guard listsThem else { continue }
            try PrivacyStore.withdrawDigest(id: digest.id, reason: withdrawnDigest, db)
            withdrawn += 1
        }
        return withdrawn
    }

    /// The places in the counting order a digest lists, read from its
    /// outbox key ("digest:ID:AUDIENCE:AFTER-THROUGH:…", `CampaignDigest`).
    enum DigestWindow: Equatable {
        case signatures(ClosedRange<Int64>)
        /// A digest of calls only.
        case noSignatures
        /// A key of another shape: it may list anyone.
        case unknown

        init(key: String) {
            let parts = key.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
            let bounds = parts.count >= 4 && parts[0] == "digest" ? parts[3].split(separator: "-") : []
            guard bounds.count == 2, let after = Int64(bounds[0]), let through = Int64(bounds[1]), through >= after else {
                self = .unknown
                return
            }
            self = through == after ? .noSignatures : .signatures((after + 1)...through)
        }
    }
}
