import Foundation

/// The outbox table: every message is written here before anything tries
/// to send it, and a sender moves it from queued to sending to sent (or
/// failed). Only a message marked sending can be repeated after a crash.
public enum Outbox {
    /// Where a message is.
    public enum State: String, Sendable, CaseIterable {
        case queued, sending, sent, failed
    }

    /// One row, as `outbox list` shows it.
    public struct Entry: Sendable {
        public let id: Int64
        public let key: String
        public let kind: String
        public let campaignID: Int64?
        public let recipient: String
        public let subject: String
        public let state: State
        public let attempts: Int
        public let nextAttemptAt: String
        public let lastError: String
        public let createdAt: String
        public let sentAt: String?
    }

    /// A message a sender has claimed.
    public struct Claimed: Sendable {
        public let id: Int64
        public let kind: String
        public let sender: String
        public let recipient: String
        /// The encoded message; empty when there is a draft.
        public let bytes: [UInt8]
        /// A `MailDraft`'s JSON, for a message written from the templates as it is sent.
        public let draft: String?
        /// Attempts including this one.
        public let attempts: Int
    }

    /// How a claimed message ended.
    public enum Result: Sendable, Equatable {
        case sent
        /// Try again after a delay that doubles with every attempt.
        case retry(error: String)
        /// Never try again.
        case failed(error: String)
    }

    /// Attempts before a temporary failure is given up as failed: with
    /// doubling delays from 30 s, capped at 6 h, this spans about 26 hours.
    public static let maximumAttempts = 14
    /// How long a claim holds before another sender may take the message
    /// over, when the claimant cannot be checked (it ran on another host).
    public static let claimLease: TimeInterval = 600

    /// Queues a message unless one with its key is queued already; true when added.
    @discardableResult
    public static func enqueue(_ message: OutboxMessage, at now: Date = Date(), _ db: Database) throws -> Bool {
        let stamp = CampaignStore.timestamp(now)
        try db.execute("""
            INSERT INTO outbox (key, kind, campaign_id, sender, recipient, subject, message, draft, state, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
            ON CONFLICT (key) DO NOTHING
            """, [message.key, message.kind.rawValue, message.campaignID, message.sender, message.recipient, message.subject,
                  DatabaseValue.blob(message.bytes), message.draftJSON, stamp, stamp])
        return db.changedRowCount == 1
    }

    /// The delay before attempt `attempts + 1`: 30 s, 1 min, 2 min, … capped at 6 h.
    public static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(0, attempts - 1))), 6 * 3600)
    }

    /// Records how `previous` ended (if given) and claims the next message
    /// that is due, in one transaction: one commit per message sent.
    public static func settle(_ previous: (id: Int64, result: Result)?, claimNextFor claimant: String?, at now: Date, _ db: Database) throws -> Claimed? {
        let stamp = CampaignStore.timestamp(now)
        if let (id, result) = previous {
            switch result {
            case .sent:
                // A sent confirmation holds a live token; nothing needs its body any more.
                try db.execute("""
                    UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '', claimed_by = NULL,
                        message = CASE kind WHEN 'confirmation' THEN X'' ELSE message END,
                        draft = CASE kind WHEN 'confirmation' THEN NULL ELSE draft END
                    WHERE id = ?
                    """, [stamp, id])
            case .retry(let error):
                let attempts: Int = try db.value("SELECT attempts FROM outbox WHERE id = ?", [id]) ?? 1
                if attempts >= maximumAttempts {
                    try db.execute("UPDATE outbox SET state = 'failed', last_error = ?, claimed_by = NULL WHERE id = ?",
                                   ["gave up after \(attempts) attempts: " + error, id])
                } else {
                    let next = CampaignStore.timestamp(now.addingTimeInterval(backoff(afterAttempts: attempts)))
                    try db.execute("UPDATE outbox SET state = 'queued', next_attempt_at = ?, last_error = ?, claimed_by = NULL WHERE id = ?",
                                   [next, error, id])
                }
            case .failed(let error):
                try db.execute("UPDATE outbox SET state = 'failed', last_error = ?, claimed_by = NULL WHERE id = ?", [error, id])
            }
        }
        guard let claimant else { return nil }
        guard let row = try db.row("""
            SELECT id, kind, sender, recipient, message, attempts, draft FROM outbox
            WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1
            """, [stamp]), let id: Int64 = row[0] else { return nil }
        try db.execute("UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = ?, next_attempt_at = ? WHERE id = ?",
                       [claimant, CampaignStore.timestamp(now.addingTimeInterval(claimLease)), id])
        let bytes: [UInt8]
        if case .blob(let blob) = row.values[4] { bytes = blob } else { bytes = Array((row[4] as String? ?? "").utf8) }
        return Claimed(id: id, kind: row[1] ?? "", sender: row[2] ?? "", recipient: row[3] ?? "", bytes: bytes, draft: row[6], attempts: (row[5] ?? 0) + 1)
    }

    /// Puts back messages left 'sending' by a sender that is gone: a process
    /// on this host that no longer runs, or any claim whose lease ran out.
    /// Each may have been sent already: that one can arrive twice.
    @discardableResult
    public static func recoverAbandoned(at now: Date, isAlive: (String) -> Bool, _ db: Database) throws -> Int {
        var recovered = 0
        for row in try db.rows("SELECT id, claimed_by, next_attempt_at FROM outbox WHERE state = 'sending'") {
            guard let id: Int64 = row[0] else { continue }
            let claimant: String = row[1] ?? ""
            let leaseOver = (row[2] as String? ?? "") <= CampaignStore.timestamp(now)
            if leaseOver || !isAlive(claimant) {
                try db.execute("UPDATE outbox SET state = 'queued', next_attempt_at = ?, claimed_by = NULL WHERE id = ?",
                               [CampaignStore.timestamp(now), id])
                recovered += 1
            }
        }
        return recovered
    }

    /// Messages, newest first, optionally only in one state.
    public static func list(state: State? = nil, limit: Int = 100, _ db: Database) throws -> [Entry] {
        let filter = state.map { _ in "WHERE state = ?" } ?? ""
        return try db.rows("""
            SELECT id, key, kind, campaign_id, recipient, subject, state, attempts, next_attempt_at, last_error, created_at, sent_at
            FROM outbox \(filter) ORDER BY id DESC LIMIT ?
            """, (state.map { [$0.rawValue] } ?? []) + [limit]).map { row in
            Entry(id: row[0] ?? 0, key: row[1] ?? "", kind: row[2] ?? "", campaignID: row[3], recipient: row[4] ?? "", subject: row[5] ?? "",
                  state: State(rawValue: row[6] ?? "") ?? .queued, attempts: row[7] ?? 0, nextAttemptAt: row[8] ?? "",
                  lastError: row[9] ?? "", createdAt: row[10] ?? "", sentAt: row[11])
        }
    }

    /// How many messages are in each state.
    public static func counts(_ db: Database) throws -> [State: Int] {
        var counts: [State: Int] = [:]
        for row in try db.rows("SELECT state, COUNT(*) FROM outbox GROUP BY state") {
            if let state = State(rawValue: row[0] ?? "") { counts[state] = row[1] ?? 0 }
        }
        return counts
    }

    /// How many messages are queued, sending and failed. Unlike `counts` it
    /// never walks the sent messages, which pile up: the `outbox_due` index
    /// starts with the state, so each state is a range of it.
    public static func backlog(_ db: Database) throws -> [State: Int] {
        var backlog: [State: Int] = [.queued: 0, .sending: 0, .failed: 0]
        for row in try db.rows("SELECT state, COUNT(*) FROM outbox WHERE state IN ('queued', 'sending', 'failed') GROUP BY state") {
            if let state = State(rawValue: row[0] ?? "") { backlog[state] = row[1] ?? 0 }
        }
        return backlog
    }

    /// Queues failed messages, and those waiting for a later retry (all, or
    /// the ones given), to be tried again now; returns how many.
    @discardableResult
    public static func retry(ids: [Int64]? = nil, at now: Date = Date(), _ db: Database) throws -> Int {
        let stamp = CampaignStore.timestamp(now)
        if let ids {
            var changed = 0
            for id in ids {
                try db.execute("UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ? WHERE id = ? AND state IN ('failed', 'queued')", [stamp, id])
                changed += db.changedRowCount
            }
            return changed
        }
        try db.execute("UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ? WHERE state IN ('failed', 'queued')", [stamp])
        return db.changedRowCount
    }

    /// Deletes sent (and, when asked, failed) messages created before `before`; returns how many.
    @discardableResult
    public static func purge(before: Date, includingFailed: Bool, _ db: Database) throws -> Int {
        let states = includingFailed ? "('sent', 'failed')" : "('sent')"
        try db.execute("DELETE FROM outbox WHERE state IN \(states) AND created_at < ?", [CampaignStore.timestamp(before)])
        return db.changedRowCount
    }
}
