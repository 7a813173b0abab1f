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
        /// The signer followed the link in their confirmation mail.
        case confirmation(campaignID: Int64, link: ConfirmationLink)
        /// A supporter asked for no more mail.
        case unsubscribe(token: String)
    }

    /// The answer for one item.
    public enum Outcome: Sendable, Equatable {
        /// Stored (or, for a second signature by the same person, already there).
        case stored(duplicate: Bool)
        /// The signature now counts (or already did); in the signer's language.
        case confirmed(locale: String, alreadyConfirmed: Bool)
        /// Unsubscribed; in the supporter's language.
        case unsubscribed(locale: String)
        /// No signature has that token (never had, or it was used up).
        case unknownToken
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
    /// Called after a commit that left a confirmation to mail, to wake
    /// whoever writes it into the outbox.
    private let confirmationWaiting: @Sendable () -> Void
    /// Told why a batch could not be stored (never what was in it).
    private let log: @Sendable (String) -> Void
    /// What has been stored so far, for `/metrics`.
    public let statistics = WriterStatistics()

    /// Starts the writer's thread.
    public init(pool: DatabasePool, counts: SignatureCounts, maximumBatch: Int = 2000, confirmationWaiting: @escaping @Sendable () -> Void = {},
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.pool = pool
        self.counts = counts
        self.maximumBatch = maximumBatch
        self.confirmationWaiting = confirmationWaiting
        self.log = log
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

    /// Items waiting for the next batch.
    public var queueDepth: Int { queue.withLock { $0.items.count } }

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
        statistics.batchSizes.observe(batch.count)
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            let stored = try pool.write { db in try Self.store(batch, db) }
            statistics.commitMicroseconds.observe(Int((DispatchTime.now().uptimeNanoseconds - started) / 1000))
            counts.add(signatures: stored.signatureDeltas, calls: stored.calls)
            for (counter, amount) in stored.tally { statistics.add(amount, to: counter) }
            statistics.add(stored.signatureDeltas.values.reduce(0, +), to: .signaturesCounted)
            for (pending, outcome) in zip(batch, stored.outcomes) { pending.completion(outcome) }
            if stored.leftConfirmation { confirmationWaiting() }
        } catch {
            // A full disk or an I/O error: nothing of the batch is stored.
            let reason = (error as? DatabaseError)?.isFull == true ? "the disk is full" : "the database could not be written"
            log("could not store \(batch.count) submission\(batch.count == 1 ? "" : "s"), answered \"try again\": \(reason)")
            statistics.add(batch.count, to: .failedItems)
            for pending in batch { pending.completion(.failed(reason: reason)) }
        }
    }

    /// What one batch's transaction did.
    private struct Stored: Sendable {
        var outcomes: [Outcome] = []
        var signatureDeltas: [Int64: Int] = [:]
        var calls: [(campaign: Int64, target: String, outcome: CallReport.Outcome)] = []
        var leftConfirmation = false
        /// For the writer's statistics, added only once the batch has committed.
        var tally: [WriterStatistics.Counter: Int] = [:]
    }

    /// The next number in the order signatures start to count.
    static let nextValidatedSeq = "(SELECT COALESCE(MAX(validated_seq), 0) + 1 FROM signatures)"

    /// A new signature that counts at once, and one that does not yet; made
    /// once, as the writer looks its statements up by their text.
    private static let insertCounted = insertSignature(validatedSeq: nextValidatedSeq)
    private static let insertNotCounted = insertSignature(validatedSeq: "NULL")

    private static func insertSignature(validatedSeq: String) -> String {
        """
        INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, reason, locale, consent_public,
            consent_share_email, consent_updates, state, suspect, created_at, confirmation_hash, unsubscribe_token,
            validated_seq, validated_at, district, confirmation_mail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(validatedSeq), ?, ?, ?)
        ON CONFLICT (campaign_id, canonical_email) DO NOTHING
        """
    }

    private static func store(_ batch: [Pending], _ db: Database) throws -> Stored {
        var stored = Stored()
        for pending in batch {
            switch pending.item {
            case .signature(let signature):
                let form = signature.form
                let counts = signature.counts
                let createdAt = signature.createdStamp
                try db.execute(counts ? insertCounted : insertNotCounted, [
                    signature.campaignID, form.name, form.email, signature.canonicalEmail, signature.storedZIP,
                    form.reason, signature.locale, form.consent.contains(.public), form.consent.contains(.shareEmail),
                    form.consent.contains(.updates), signature.confirmed ? "validated" : "pending", signature.suspect,
                    createdAt, signature.confirmationHash, signature.unsubscribeToken, counts ? createdAt : nil, form.district,
                    signature.mailedConfirmationSecret,
                ])
                let inserted = db.changedRowCount == 1
                if inserted && counts { stored.signatureDeltas[signature.campaignID, default: 0] += 1 }
                stored.tally[inserted ? .signaturesStored : .signaturesDuplicate, default: 0] += 1
                if inserted && signature.suspect { stored.tally[.signaturesSuspect, default: 0] += 1 }
                if let secret = signature.mailedConfirmationSecret, let secretHash = signature.confirmationHash {
                    // Signing again before confirming sends a new link, which replaces the old.
                    if !inserted {
                        try db.execute("""
                            UPDATE signatures SET confirmation_token = NULL, confirmation_hash = ?, confirmation_mail = ?
                            WHERE campaign_id = ? AND canonical_email = ? AND state = 'pending'
                            """, [secretHash, secret, signature.campaignID, signature.canonicalEmail])
                    }
                    if inserted || db.changedRowCount == 1 { stored.leftConfirmation = true }
                }
                stored.outcomes.append(.stored(duplicate: !inserted))
            case .confirmation(let campaignID, let link):
                stored.outcomes.append(try confirm(campaignID: campaignID, link: link, db, &stored))
            case .unsubscribe(let token):
                if let row = try db.row("SELECT id, locale FROM signatures WHERE unsubscribe_token = ?", [token]), let id: Int64 = row[0] {
                    try db.execute("UPDATE signatures SET consent_updates = 0, unsubscribed_at = COALESCE(unsubscribed_at, ?) WHERE id = ?",
                                   [CampaignStore.timestamp(Date()), id])
                    stored.outcomes.append(.unsubscribed(locale: row[1] ?? "en"))
                    stored.tally[.unsubscribes, default: 0] += 1
                } else {
                    stored.outcomes.append(.unknownToken)
                }
            case .call(let report):
                try db.execute("INSERT INTO call_reports (campaign_id, target, outcome, suspect, created_at) VALUES (?, ?, ?, ?, ?)",
                               [report.campaignID, report.target, report.outcome.rawValue, report.suspect, CampaignStore.timestamp(report.createdAt)])
                stored.tally[.callReports, default: 0] += 1
                if report.suspect { stored.tally[.callReportsSuspect, default: 0] += 1 }
                if !report.suspect {
                    try db.execute("""
                        INSERT INTO call_counts (campaign_id, target, outcome, count) VALUES (?, ?, ?, 1)
                        ON CONFLICT (campaign_id, target, outcome) DO UPDATE SET count = count + 1
                        """, [report.campaignID, report.target, report.outcome.rawValue])
                    stored.calls.append((report.campaignID, report.target, report.outcome))
                }
                stored.outcomes.append(.stored(duplicate: false))
            }
        }
        // One count update per campaign per batch, in the same transaction.
        for (campaign, delta) in stored.signatureDeltas {
            try db.execute("""
                INSERT INTO signature_counts (campaign_id, count) VALUES (?, ?)
                ON CONFLICT (campaign_id) DO UPDATE SET count = count + excluded.count
                """, [campaign, delta])
        }
        return stored
    }

    /// Validates the pending signature `link` finds. The link is used up,
    /// so a replayed one finds nothing.
    private static func confirm(campaignID: Int64, link: ConfirmationLink, _ db: Database, _ stored: inout Stored) throws -> Outcome {
        let found: Row?
        switch link {
        case .signature(let unsubscribeToken, let secretHash):
            found = try db.row("SELECT id, locale, state, suspect FROM signatures WHERE unsubscribe_token = ? AND campaign_id = ? AND confirmation_hash = ?",
                               [unsubscribeToken, campaignID, secretHash])
        case .storedHash(let tokenHash):
            found = try db.row("SELECT id, locale, state, suspect FROM signatures WHERE campaign_id = ? AND confirmation_token = ?", [campaignID, tokenHash])
        }
        guard let row = found, let id: Int64 = row[0] else { return .unknownToken }
        let locale: String = row[1] ?? "en"
        guard row[2] == "pending" else {
            try db.execute("UPDATE signatures SET confirmation_token = NULL, confirmation_hash = NULL, confirmation_mail = NULL WHERE id = ?", [id])
            return .confirmed(locale: locale, alreadyConfirmed: true)
        }
        let suspect: Bool = row[3] ?? false
        let now = CampaignStore.timestamp(Date())
        try db.execute("""
            UPDATE signatures SET state = 'validated', confirmation_token = NULL, confirmation_hash = NULL, confirmation_mail = NULL, validated_at = ?,
                validated_seq = CASE WHEN suspect = 0 THEN \(nextValidatedSeq) END
            WHERE id = ?
            """, [now, id])
        if !suspect { stored.signatureDeltas[campaignID, default: 0] += 1 }
        stored.tally[.confirmations, default: 0] += 1
        return .confirmed(locale: locale, alreadyConfirmed: false)
    }
}
