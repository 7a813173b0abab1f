import Foundation
import Synchronization

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
        /// The campaign is not open (closed since the page was served): nothing was stored.
        case closed
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
        /// Callers of `flush` and `stop`, told when the queue is idle or the writer has stopped.
        var idleWaiters: [DispatchSemaphore] = []
        var stopWaiters: [DispatchSemaphore] = []
        /// The stored counts changed outside the writer: read them again.
        var recount = false
    }

    private let pool: DatabasePool
    private let counts: SignatureCounts
    private let queue = Mutex(Queue())
    /// Signalled when there may be work: an item queued, or stopping.
    private let work = DispatchSemaphore(value: 0)
    private let maximumBatch: Int
    /// Called after a commit that left a confirmation to mail, to wake
    /// whoever writes it into the outbox.
    private let confirmationWaiting: @Sendable () -> Void
    /// Told why a batch could not be stored (never what was in it).
    private let log: @Sendable (String) -> Void
    /// What has been stored so far, for `/metrics`.
    public let statistics = WriterStatistics()
    /// When confirmations and unsubscribes happen.
    private let clock: Clock

    /// Starts the writer's thread.
    public init(pool: DatabasePool, counts: SignatureCounts, maximumBatch: Int = 2000, clock: Clock = .live,
                confirmationWaiting: @escaping @Sendable () -> Void = {}, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.pool = pool
        self.clock = clock
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
        if accepted { work.signal() } else { completion(.failed(reason: "the server is shutting down")) }
    }

    /// Commits everything queued, answers it, and stops; later items are refused.
    public func stop() {
        let stopped = DispatchSemaphore(value: 0)
        let waits = queue.withLock { queue -> Bool in
            queue.stopping = true
            guard !queue.stopped else { return false }
            queue.stopWaiters.append(stopped)
            return true
        }
        work.signal()
        if waits { stopped.wait() }
    }

    /// Reads the stored counts again in the writer's next transaction and
    /// shows those: for counts another program changed (an organizer
    /// approving suspect signatures). Read by the writer, the counts in
    /// memory never miss or repeat a change of its own.
    public func reloadCounts() {
        queue.withLock { $0.recount = true }
        work.signal()
    }

    /// Items waiting for the next batch.
    public var queueDepth: Int { queue.withLock { $0.items.count } }

    /// Returns once everything queued so far is committed and answered.
    public func flush() {
        let idle = DispatchSemaphore(value: 0)
        let waits = queue.withLock { queue -> Bool in
            guard !queue.items.isEmpty || queue.committing else { return false }
            queue.idleWaiters.append(idle)
            return true
        }
        if waits { idle.wait() }
    }

    private func loop() {
        while true {
            let (batch, recount) = queue.withLock { queue -> ([Pending], Bool) in
                let batch = Array(queue.items.prefix(maximumBatch))
                queue.items.removeFirst(batch.count)
                queue.committing = !batch.isEmpty
                defer { queue.recount = false }
                return (batch, queue.recount)
            }
            if !batch.isEmpty || recount { commit(batch, recount: recount) }
            let (idle, finished, waiters) = queue.withLock { queue -> (Bool, Bool, [DispatchSemaphore]) in
                queue.committing = false
                guard queue.items.isEmpty else { return (false, false, []) }
                var waiters = queue.idleWaiters
                queue.idleWaiters = []
                if queue.stopping {
                    queue.stopped = true
                    waiters += queue.stopWaiters
                    queue.stopWaiters = []
                }
                return (true, queue.stopping, waiters)
            }
            for waiter in waiters { waiter.signal() }
            if finished { return }
            // An item queued since the queue was found idle has signalled already.
            if idle { work.wait() }
        }
    }

    private func commit(_ batch: [Pending], recount: Bool) {
        if !batch.isEmpty { statistics.batchSizes.observe(batch.count) }
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            let now = CampaignStore.timestamp(clock.now())
            let stored = try pool.write { db in
                var stored = try Self.store(batch, at: now, db)
                if recount { stored.recounted = try CountStore.all(db) }
                return stored
            }
            if !batch.isEmpty { statistics.commitMicroseconds.observe(Int((DispatchTime.now().uptimeNanoseconds - started) / 1000)) }
            if let recounted = stored.recounted {
                counts.replace(with: recounted)
            } else {
                counts.add(signatures: stored.signatureDeltas, calls: stored.calls)
            }
            for (counter, amount) in stored.tally { statistics.add(amount, to: counter) }
            statistics.add(stored.signatureDeltas.values.reduce(0, +), to: .signaturesCounted)
            for (pending, outcome) in zip(batch, stored.outcomes) { pending.completion(outcome) }
            if stored.leftConfirmation { confirmationWaiting() }
        } catch {
            // A full disk, an I/O error or a database server out of reach: nothing of the batch is stored.
            let full = (error as? DatabaseError)?.isFull == true || (error as? PostgresError)?.isFull == true
            let reason = full ? "the disk is full" : "the database could not be written"
            if batch.isEmpty {
                log("could not read the stored counts again (\(reason)); they are read with the next batch")
            } else {
                log("could not store \(batch.count) submission\(batch.count == 1 ? "" : "s"), answered \"try again\": \(reason)")
            }
            statistics.add(batch.count, to: .failedItems)
            for pending in batch { pending.completion(.failed(reason: reason)) }
            if recount { queue.withLock { $0.recount = true } }
        }
    }

    /// What one batch's transaction did.
    private struct Stored: Sendable {
        var outcomes: [Outcome] = []
        var signatureDeltas: [Int64: Int] = [:]
        var calls: [(campaign: Int64, target: String, outcome: CallReport.Outcome)] = []
        var leftConfirmation = false
        /// Every stored count, read at the end of the transaction, when asked for.
        var recounted: CountStore.Counts?
        /// For the writer's statistics, added only once the batch has committed.
        var tally: [WriterStatistics.Counter: Int] = [:]
    }

    /// Stores a batch; `now` stamps confirmations and unsubscribes (a
    /// signature or report carries the time it was made).
    private static func store(_ batch: [Pending], at now: String, _ db: Database) throws -> Stored {
        var stored = Stored()
        var sequence = try SignatureStore.validatedSequence(db)
        // Whether each campaign takes signatures and calls, read in this
        // transaction: closing commits before it or after all of it.
        var open: [Int64: Bool] = [:]
        func isOpen(_ campaignID: Int64) throws -> Bool {
            if let known = open[campaignID] { return known }
            let known = try CampaignStore.isOpen(campaignID: campaignID, db)
            open[campaignID] = known
            return known
        }
        var index = 0
        while index < batch.count {
            // Signatures side by side in the queue are stored together.
            var signatures: [NewSignature] = []
            while index < batch.count, case .signature(let signature) = batch[index].item {
                signatures.append(signature)
                index += 1
            }
            if !signatures.isEmpty {
                stored.outcomes += try store(signatures, sequence: &sequence, isOpen: isOpen, db, &stored)
                continue
            }
            switch batch[index].item {
            case .signature:
                preconditionFailure("stored above")
            case .call(let report) where try !isOpen(report.campaignID):
                stored.outcomes.append(.closed)
            case .confirmation(let campaignID, let link):
                stored.outcomes.append(try confirm(campaignID: campaignID, link: link, sequence: &sequence, at: now, db, &stored))
            case .unsubscribe(let token):
                if let locale = try SignatureStore.unsubscribe(token: token, at: now, db) {
                    stored.outcomes.append(.unsubscribed(locale: locale))
                    stored.tally[.unsubscribes, default: 0] += 1
                } else {
                    stored.outcomes.append(.unknownToken)
                }
            case .call(let report):
                try CallStore.insert(report, db)
                stored.tally[.callReports, default: 0] += 1
                if report.suspect { stored.tally[.callReportsSuspect, default: 0] += 1 }
                if !report.suspect {
                    try CountStore.addCall(campaignID: report.campaignID, target: report.target, outcome: report.outcome, db)
                    stored.calls.append((report.campaignID, report.target, report.outcome))
                }
                stored.outcomes.append(.stored(duplicate: false))
            }
            index += 1
        }
        // One count update per campaign per batch, in the same transaction.
        for (campaign, delta) in stored.signatureDeltas { try CountStore.addSignatures(delta, campaignID: campaign, db) }
        try SignatureStore.save(sequence, db)
        return stored
    }

    /// Stores signatures for campaigns that are open, and answers each in
    /// order. A repeat (the signer signed before) is answered as stored.
    private static func store(_ signatures: [NewSignature], sequence: inout SignatureStore.ValidatedSequence,
                              isOpen: (Int64) throws -> Bool, _ db: Database, _ stored: inout Stored) throws -> [Outcome] {
        let open = try signatures.map { try isOpen($0.campaignID) }
        let inserted = try SignatureStore.insert(zip(signatures, open).filter(\.1).map(\.0), sequence: &sequence, db)
        var insertedInOrder = inserted.makeIterator()
        return try zip(signatures, open).map { signature, open in
            guard open, let inserted = insertedInOrder.next() else { return .closed }
            if inserted && signature.counts { stored.signatureDeltas[signature.campaignID, default: 0] += 1 }
            stored.tally[inserted ? .signaturesStored : .signaturesDuplicate, default: 0] += 1
            if inserted && signature.suspect { stored.tally[.signaturesSuspect, default: 0] += 1 }
            if signature.waitingLink != nil, signature.confirmationHash != nil {
                // Signing again before confirming sends a new link, which
                // replaces the old; over the rate limit it does not, so
                // the limit cannot become a way to fill one inbox.
                let replaced = try !inserted && !signature.suspect && SignatureStore.replaceConfirmationLink(with: signature, db)
                if inserted || replaced { stored.leftConfirmation = true }
            }
            return .stored(duplicate: !inserted)
        }
    }

    /// Validates the pending signature `link` finds, which then counts,
    /// suspect or not: a confirmed address is better proof than the
    /// network it signed from. A campaign closed since still counts it: it
    /// was signed while open. The link stays good for its own signature, so
    /// opening it again (a mail scanner opened it first) answers that the
    /// signature is confirmed, and counts nothing more.
    private static func confirm(campaignID: Int64, link: ConfirmationLink, sequence: inout SignatureStore.ValidatedSequence, at now: String,
                                _ db: Database, _ stored: inout Stored) throws -> Outcome {
        guard let signature = try SignatureStore.confirmable(campaignID: campaignID, link: link, db) else { return .unknownToken }
        switch signature.state {
        case "pending":
            try SignatureStore.confirm(id: signature.id, validatedSeq: sequence.take(), at: now, db)
            stored.signatureDeltas[campaignID, default: 0] += 1
            stored.tally[.confirmations, default: 0] += 1
            return .confirmed(locale: signature.locale, alreadyConfirmed: false)
        case "validated":
            return .confirmed(locale: signature.locale, alreadyConfirmed: true)
        default:
            // Rejected by an organizer: the link no longer stands for a signature.
            return .unknownToken
        }
    }
}
