import Foundation

/// Reads and writes the outbox. All outbox SQL lives here.
public enum OutboxStore {
    /// Queues a message unless one with its key is queued already; true when added.
    @discardableResult
    public static func enqueue(_ message: OutboxMessage, at now: Date, _ db: Database) throws -> Bool {
        try enqueue([message], at: now, db)[0]
    }

    /// Queues each message unless one with its key is queued already,
    /// together (`Database.executeEach`); true for each added.
    @discardableResult
    public static func enqueue(_ messages: [OutboxMessage], at now: Date, _ db: Database) throws -> [Bool] {
        let stamp = CampaignStore.timestamp(now)
        return try db.executeEach(statements(db).enqueue, messages.map { message in
            [message.key, message.kind.rawValue, message.campaignID, message.sender, message.recipient,
             message.subject, message.bytes, message.draftJSON, stamp, stamp]
        }).map { $0 == 1 }
    }

    /// Claims the next message that is due for `claimant` and, in the same
    /// transaction, records how the one before it ended: one commit per
    /// message sent, and a crash in between repeats at most the one in
    /// flight. When nothing is due it writes nothing, not even `previous`,
    /// so the caller can record that last result in a commit of its own.
    public static func claimNext(settling previous: (id: Int64, result: Outbox.Result)?, for claimant: String, at now: Date,
                                 _ db: Database) throws -> Outbox.Claimed? {
        let sql = statements(db)
        let stamp = CampaignStore.timestamp(now)
        guard let row = try db.row(sql.nextDue, [stamp]) else { return nil }
        if let previous { try settle(previous, at: now, db) }
        let id: Int64 = try row.decode("id")
        try db.execute(sql.claim, [claimant, CampaignStore.timestamp(now.addingTimeInterval(Outbox.claimLease)), id])
        let bytes: [UInt8] = switch try row.value("message") {
        case .blob(let blob): blob
        case .text(let text): Array(text.utf8)
        default: []
        }
        return Outbox.Claimed(id: id, kind: try row.decode("kind"), sender: try row.decode("sender"), recipient: try row.decode("recipient"),
                              bytes: bytes, draft: try row.decode("draft"), attempts: try row.decode("attempts", as: Int.self) + 1)
    }

    /// Records how a claimed message ended.
    public static func settle(_ message: (id: Int64, result: Outbox.Result), at now: Date, _ db: Database) throws {
        let sql = statements(db)
        switch message.result {
        case .sent:
            // Mail to a signer holds their name and a live token; nothing needs its body any more.
            try db.execute(sql.markSent, [CampaignStore.timestamp(now), OutboxMessage.Kind.confirmation.rawValue,
                                          OutboxMessage.Kind.response.rawValue, message.id])
        case .retry(let error), .waitForServer(let error):
            let attempts = try db.value(sql.attempts, [message.id], as: Int.self) ?? 1
            if attempts >= Outbox.maximumAttempts {
                try db.execute(sql.markFailed, ["gave up after \(attempts) attempts: " + error, message.id])
            } else {
                let next = CampaignStore.timestamp(now.addingTimeInterval(Outbox.backoff(afterAttempts: attempts)))
                let marked = if case .waitForServer = message.result { Outbox.waitingForServerMark + error } else { error }
                try db.execute(sql.requeue, [next, marked, message.id])
            }
        case .failed(let error):
            try db.execute(sql.markFailed, [error, message.id])
        }
    }

    /// How many queued messages wait for a later try, and when the first is due.
    public static func deferred(at now: Date, _ db: Database) throws -> (count: Int, next: String?) {
        let row = try db.row(statements(db).deferred, [CampaignStore.timestamp(now)])
        return (try row?.decode("count") ?? 0, try row?.decode("next"))
    }

    /// How many queued messages wait for a later try only because no
    /// session with the server could be had.
    public static func waitingForServer(at now: Date, _ db: Database) throws -> Int {
        try db.value(statements(db).waitingForServer, [CampaignStore.timestamp(now), Outbox.waitingForServerMark], as: Int.self) ?? 0
    }

    /// Makes the messages that wait only for the server due now, once a
    /// session with it has succeeded; returns how many.
    @discardableResult
    public static func releaseWaitingForServer(at now: Date, _ db: Database) throws -> Int {
        let stamp = CampaignStore.timestamp(now)
        try db.execute(statements(db).releaseWaitingForServer, [stamp, Outbox.waitingForServerMark])
        return db.changedRowCount
    }

    /// Makes every queued message due now, whatever its retry time; returns
    /// how many were waiting.
    @discardableResult
    public static func sendNow(at now: Date, _ db: Database) throws -> Int {
        try db.execute(statements(db).dueNow, [CampaignStore.timestamp(now)])
        return db.changedRowCount
    }

    /// Puts back messages left 'sending' by a sender that is gone: a process
    /// on this host that no longer runs, or any claim whose lease ran out.
    /// Each may have been sent already: that one can arrive twice.
    @discardableResult
    public static func recoverAbandoned(at now: Date, isAlive: (String) -> Bool, _ db: Database) throws -> Int {
        let sql = statements(db)
        let stamp = CampaignStore.timestamp(now)
        var recovered = 0
        for row in try db.rows(sql.sending) {
            let claimant: String = try row.decode("claimed_by") ?? ""
            let leaseOver = try row.decode("next_attempt_at", as: String.self) <= stamp
            if leaseOver || !isAlive(claimant) {
                try db.execute(sql.putBack, [stamp, try row.decode("id", as: Int64.self)])
                recovered += 1
            }
        }
        return recovered
    }

    /// Messages, newest first, optionally only in one state.
    public static func list(state: Outbox.State? = nil, limit: Int = 100, _ db: Database) throws -> [Outbox.Entry] {
        let sql = statements(db)
        let rows = if let state { try db.rows(sql.listInState, [state.rawValue, limit]) } else { try db.rows(sql.list, [limit]) }
        return try rows.map { row in
            Outbox.Entry(id: try row.decode("id"), key: try row.decode("key"), kind: try row.decode("kind"), campaignID: try row.decode("campaign_id"),
                                recipient: try row.decode("recipient"), subject: try row.decode("subject"), state: try row.decode("state"),
                                attempts: try row.decode("attempts"), nextAttemptAt: try row.decode("next_attempt_at"),
                                lastError: try row.decode("last_error"), createdAt: try row.decode("created_at"), sentAt: try row.decode("sent_at"))
        }
    }

    /// How many messages are in each state.
    public static func counts(_ db: Database) throws -> [Outbox.State: Int] {
        try stateCounts(statements(db).counts, db)
    }

    /// How many messages are queued, sending and failed. Unlike `counts` it
    /// never walks the sent messages, which pile up: the `outbox_due` index
    /// starts with the state, so each state is a range of it.
    public static func backlog(_ db: Database) throws -> [Outbox.State: Int] {
        try [.queued: 0, .sending: 0, .failed: 0].merging(stateCounts(statements(db).backlog, db)) { $1 }
    }

    private static func stateCounts(_ sql: String, _ db: Database) throws -> [Outbox.State: Int] {
        var counts: [Outbox.State: Int] = [:]
        for row in try db.rows(sql) {
            counts[try row.decode("state", as: Outbox.State.self)] = try row.decode("count")
        }
        return counts
    }

    /// Queues failed messages, and those waiting for a later retry (all, or
    /// the ones given), to be tried again now; returns how many.
    @discardableResult
    public static func retry(ids: [Int64]? = nil, at now: Date, _ db: Database) throws -> Int {
        let sql = statements(db)
        let stamp = CampaignStore.timestamp(now)
        guard let ids else {
            try db.execute(sql.retryAll, [stamp])
            return db.changedRowCount
        }
        var changed = 0
        for id in ids {
            try db.execute(sql.retryOne, [stamp, id])
            changed += db.changedRowCount
        }
        return changed
    }

    /// Deletes sent (and, when asked, failed) messages created before `before`; returns how many.
    @discardableResult
    public static func purge(before: Date, includingFailed: Bool, _ db: Database) throws -> Int {
        let sql = statements(db)
        try db.execute(includingFailed ? sql.purgeSentAndFailed : sql.purgeSent, [CampaignStore.timestamp(before)])
        return db.changedRowCount
    }
}

// MARK: - SQL

extension OutboxStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        var enqueue: String
        var nextDue: String
        var claim: String
        var markSent: String
        var attempts: String
        var markFailed: String
        var requeue: String
        var sending: String
        var putBack: String
        var list: String
        var listInState: String
        var counts: String
        var backlog: String
        var retryAll: String
        var retryOne: String
        var purgeSent: String
        var purgeSentAndFailed: String
        var deferred: String
        var waitingForServer: String
        var releaseWaitingForServer: String
        var dueNow: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension OutboxStore.Statements {
    static let sqlite = OutboxStore.Statements(
        enqueue: """
            INSERT INTO outbox (key, kind, campaign_id, sender, recipient, subject, message, draft, state, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
            ON CONFLICT (key) DO NOTHING
            """,
        nextDue: """
            SELECT id, kind, sender, recipient, message, attempts, draft FROM outbox
            WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1
            """,
        claim: "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = ?, next_attempt_at = ? WHERE id = ?",
        markSent: """
            UPDATE outbox SET state = 'sent', sent_at = ?1, last_error = '', claimed_by = NULL,
                message = CASE WHEN kind IN (?2, ?3) THEN X'' ELSE message END,
                draft = CASE WHEN kind IN (?2, ?3) THEN NULL ELSE draft END
            WHERE id = ?4
            """,
        attempts: "SELECT attempts FROM outbox WHERE id = ?",
        markFailed: "UPDATE outbox SET state = 'failed', last_error = ?, claimed_by = NULL WHERE id = ?",
        requeue: "UPDATE outbox SET state = 'queued', next_attempt_at = ?, last_error = ?, claimed_by = NULL WHERE id = ?",
        sending: "SELECT id, claimed_by, next_attempt_at FROM outbox WHERE state = 'sending'",
        putBack: "UPDATE outbox SET state = 'queued', next_attempt_at = ?, claimed_by = NULL WHERE id = ?",
        list: """
            SELECT id, key, kind, campaign_id, recipient, subject, state, attempts, next_attempt_at, last_error, created_at, sent_at
            FROM outbox ORDER BY id DESC LIMIT ?
            """,
        listInState: """
            SELECT id, key, kind, campaign_id, recipient, subject, state, attempts, next_attempt_at, last_error, created_at, sent_at
            FROM outbox WHERE state = ? ORDER BY id DESC LIMIT ?
            """,
        counts: "SELECT state, COUNT(*) AS count FROM outbox GROUP BY state",
        backlog: "SELECT state, COUNT(*) AS count FROM outbox WHERE state IN ('queued', 'sending', 'failed') GROUP BY state",
        retryAll: "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ? WHERE state IN ('failed', 'queued')",
        retryOne: "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ? WHERE id = ? AND state IN ('failed', 'queued')",
        purgeSent: "DELETE FROM outbox WHERE state = 'sent' AND created_at < ?",
        purgeSentAndFailed: "DELETE FROM outbox WHERE state IN ('sent', 'failed') AND created_at < ?",
        deferred: "SELECT COUNT(*) AS count, MIN(next_attempt_at) AS next FROM outbox WHERE state = 'queued' AND next_attempt_at > ?",
        waitingForServer: """
            SELECT COUNT(*) FROM outbox
            WHERE state = 'queued' AND next_attempt_at > ?1 AND substr(last_error, 1, length(?2)) = ?2
            """,
        releaseWaitingForServer: """
            UPDATE outbox SET next_attempt_at = ?1
            WHERE state = 'queued' AND next_attempt_at > ?1 AND substr(last_error, 1, length(?2)) = ?2
            """,
        dueNow: "UPDATE outbox SET next_attempt_at = ?1 WHERE state = 'queued' AND next_attempt_at > ?1"
    )
}

extension OutboxStore.Statements {
    /// SQLite's, but for what PostgreSQL spells otherwise: an empty
    /// `bytea`, a parameter whose type nothing around it gives, and the
    /// claim's read, which skips a message another sender holds locked.
    static let postgres: OutboxStore.Statements = {
        var statements = OutboxStore.Statements.sqlite
        statements.nextDue = """
            SELECT id, kind, sender, recipient, message, attempts, draft FROM outbox
            WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1
            FOR UPDATE SKIP LOCKED
            """
        statements.markSent = """
            UPDATE outbox SET state = 'sent', sent_at = ?1, last_error = '', claimed_by = NULL,
                message = CASE WHEN kind IN (?2, ?3) THEN ''::bytea ELSE message END,
                draft = CASE WHEN kind IN (?2, ?3) THEN NULL ELSE draft END
            WHERE id = ?4
            """
        statements.waitingForServer = """
            SELECT COUNT(*) FROM outbox
            WHERE state = 'queued' AND next_attempt_at > ?1 AND substr(last_error, 1, length(?2::text)) = ?2
            """
        statements.releaseWaitingForServer = """
            UPDATE outbox SET next_attempt_at = ?1
            WHERE state = 'queued' AND next_attempt_at > ?1 AND substr(last_error, 1, length(?2::text)) = ?2
            """
        return statements
    }()
}
