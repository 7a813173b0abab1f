import Foundation

/// The one writer of signatures and call reports. Requests hand it their
/// checked items and wait; it commits everything queued so far in one
/// transaction (synchronous=FULL) and only then answers each, so an
/// acknowledged signature is on disk. Counts change in the same transaction.
public final class SignatureWriter: Sendable {
    /// What the writer stores.
    public enum Item: Sendable {
        case signature(NewSignature)
        case call(CallReport)
    }

    /// The answer for one item.
    public enum Outcome: Sendable, Equatable {
        /// Stored (or, for a second signature by the same person, already there).
        case stored(duplicate: Bool)
        /// Nothing was stored; the supporter should try again.
        case failed(reason: String)
    }

    private struct Pending {
        let item: Item
        let completion: @Sendable (Outcome) -> Void
    }

    private struct Queue {
        var items: [Pending] = []
        /// A batch has been taken and is not yet answered.
        var committing = false
        var stopping = false
        var stopped = false
    }

    private let pool: DatabasePool
    private let counts: SignatureCounts
    private let queue = LockedConditionValue<Queue>(Queue())
    private let maximumBatch: Int

    /// Starts the writer's thread.
    public init(pool: DatabasePool, counts: SignatureCounts, maximumBatch: Int = 2000) {
        self.pool = pool
        self.counts = counts
        self.maximumBatch = maximumBatch
        let thread = Thread { [self] in self.loop() }
        thread.name = "signature-writer"
        thread.start()
    }

    /// Queues an item; `completion` runs on the writer's thread once the
    /// item is committed or has failed.
    public func submit(_ item: Item, completion: @escaping @Sendable (Outcome) -> Void) {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.stopping else { return false }
            queue.items.append(Pending(item: item, completion: completion))
            return true
        }
        if accepted { queue.signal() } else { completion(.failed(reason: "the server is shutting down")) }
    }

    /// Commits everything queued, answers it, and stops; later items are refused.
    public func stop() {
        queue.withLock { $0.stopping = true }
        queue.signal()
        queue.wait(until: { $0.stopped })
    }

    /// Returns once everything queued so far is committed and answered.
    public func flush() {
        queue.wait(until: { $0.items.isEmpty && !$0.committing })
    }

    private func loop() {
        while true {
            var batch: [Pending] = []
            var finished = false
            queue.wait(until: { !$0.items.isEmpty || $0.stopping })
            queue.withLock { queue in
                batch = Array(queue.items.prefix(maximumBatch))
                queue.items.removeFirst(batch.count)
                queue.committing = !batch.isEmpty
                finished = queue.stopping && queue.items.isEmpty
            }
            if !batch.isEmpty {
                commit(batch)
                queue.withLock { $0.committing = false }
                queue.signal()
            }
            if finished {
                queue.withLock { $0.stopped = true }
                queue.signal()
                return
            }
        }
    }

    private func commit(_ batch: [Pending]) {
        do {
            let (outcomes, signatureDeltas, calls) = try pool.write { db in try Self.store(batch.map(\.item), db) }
            counts.add(signatures: signatureDeltas, calls: calls)
            for (pending, outcome) in zip(batch, outcomes) { pending.completion(outcome) }
        } catch {
            // A full disk or an I/O error: nothing of the batch is stored.
            let reason = (error as? DatabaseError)?.isFull == true ? "the disk is full" : "the database could not be written"
            for pending in batch { pending.completion(.failed(reason: reason)) }
        }
    }

    private static func store(_ items: [Item], _ db: Database) throws
        -> ([Outcome], [Int64: Int], [(campaign: Int64, target: String, outcome: CallReport.Outcome)]) {
        var outcomes: [Outcome] = []
        var signatureDeltas: [Int64: Int] = [:]
        var calls: [(campaign: Int64, target: String, outcome: CallReport.Outcome)] = []
        for item in items {
            switch item {
            case .signature(let signature):
                let form = signature.form
                try db.execute("""
                    INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, reason, locale, consent_public,
                        consent_share_email, consent_updates, state, suspect, created_at, confirmation_token, unsubscribe_token)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (campaign_id, canonical_email) DO NOTHING
                    """, [signature.campaignID, form.name, form.email, CanonicalEmail.of(form.email), form.normalizedZIP ?? form.zip,
                          form.reason, signature.locale, form.consent.contains(.public), form.consent.contains(.shareEmail),
                          form.consent.contains(.updates), signature.confirmed ? "validated" : "pending", signature.suspect,
                          CampaignStore.timestamp(signature.createdAt), signature.confirmationTokenHash, signature.unsubscribeToken])
                let inserted = db.changedRowCount == 1
                if inserted && signature.counts { signatureDeltas[signature.campaignID, default: 0] += 1 }
                outcomes.append(.stored(duplicate: !inserted))
            case .call(let report):
                try db.execute("INSERT INTO call_reports (campaign_id, target, outcome, suspect, created_at) VALUES (?, ?, ?, ?, ?)",
                               [report.campaignID, report.target, report.outcome.rawValue, report.suspect, CampaignStore.timestamp(report.createdAt)])
                if !report.suspect {
                    try db.execute("""
                        INSERT INTO call_counts (campaign_id, target, outcome, count) VALUES (?, ?, ?, 1)
                        ON CONFLICT (campaign_id, target, outcome) DO UPDATE SET count = count + 1
                        """, [report.campaignID, report.target, report.outcome.rawValue])
                    calls.append((report.campaignID, report.target, report.outcome))
                }
                outcomes.append(.stored(duplicate: false))
            }
        }
        // One count update per campaign per batch, in the same transaction.
        for (campaign, delta) in signatureDeltas {
            try db.execute("""
                INSERT INTO signature_counts (campaign_id, count) VALUES (?, ?)
                ON CONFLICT (campaign_id) DO UPDATE SET count = count + excluded.count
                """, [campaign, delta])
        }
        return (outcomes, signatureDeltas, calls)
    }
}
