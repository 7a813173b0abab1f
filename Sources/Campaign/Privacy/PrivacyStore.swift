import Foundation

/// Reads what is stored about a signer and erases it. All the SQL of
/// access requests, erasures and retention lives here.
enum PrivacyStore {
    /// A message in the outbox, as an erasure weighs it.
    struct Addressed: Sendable {
        let id: Int64
        let recipient: String
    }

    /// A digest in the outbox, whose key says which signatures it lists.
    struct DigestMessage: Sendable {
        let id: Int64
        let key: String
    }

    // MARK: - Reading

    /// Every signature of the signer with `canonicalEmail`, in any campaign, oldest first.
    static func signatures(canonicalEmail: String, _ db: Database) throws -> [SignerRecords.Signature] {
        try db.rows(statements(db).signatures, [canonicalEmail]).map { row in
            SignerRecords.Signature(
                id: try row.decode("id"), campaignID: try row.decode("campaign_id"), campaign: try row.decode("slug"),
                name: try row.decode("name"), publicName: try row.decode("public_name"), email: try row.decode("email"),
                zip: try row.decode("zip"), district: try row.decode("district"), districtKnown: try row.decode("district_method"),
                districts: try row.decode("districts"), reason: try row.decode("reason"),
                reasonState: try row.decode("reason_state"), locale: try row.decode("locale"),
                state: try row.decode("state"), suspect: try row.decode("suspect"), signedAt: try row.decode("created_at"),
                confirmedAt: try row.decode("validated_at"), countedAs: try row.decode("validated_seq"),
                consentPublic: try row.decode("consent_public"), consentShareEmail: try row.decode("consent_share_email"),
                consentUpdates: try row.decode("consent_updates"), consentUpdatesGivenAt: try row.decode("consent_updates_at"),
                consentUpdatesWithdrawnAt: try row.decode("unsubscribed_at"),
                confirmationPending: try row.decode("confirmation_pending"))
        }
    }

    /// Every message in the outbox with its recipient (of one campaign when given), in id order.
    static func recipients(campaignID: Int64?, _ db: Database) throws -> [Addressed] {
        let sql = statements(db)
        var found: [Addressed] = []
        let body: (Cursor) throws -> Void = { row in found.append(Addressed(id: try row.int64("id"), recipient: try row.text("recipient"))) }
        if let campaignID { try db.scan(sql.campaignRecipients, [campaignID], body) } else { try db.scan(sql.recipients, [], body) }
        return found
    }

    /// The outbox message with `id`, as an access request shows it.
    static func message(id: Int64, _ db: Database) throws -> SignerRecords.Message? {
        try db.row(statements(db).message, [id]).map { row in
            SignerRecords.Message(id: try row.decode("id"), kind: try row.decode("kind"), campaign: try row.decode("slug"),
                                  recipient: try row.decode("recipient"), subject: try row.decode("subject"), state: try row.decode("state"),
                                  queuedAt: try row.decode("created_at"), sentAt: try row.decode("sent_at"))
        }
    }

    /// The campaign's digests in the outbox that still hold their body.
    static func digests(campaignID: Int64, _ db: Database) throws -> [DigestMessage] {
        try db.rows(statements(db).digests, [campaignID, OutboxMessage.Kind.organizerDigest.rawValue, OutboxMessage.Kind.officialDigest.rawValue])
            .map { DigestMessage(id: try $0.decode("id"), key: try $0.decode("key")) }
    }

    /// The ids, addresses and places in the counting order of a campaign's signatures not yet erased.
    static func unerased(campaignID: Int64, _ db: Database) throws -> [(id: Int64, email: String, validatedSeq: Int64?)] {
        try db.rows(statements(db).unerased, [campaignID]).map { (try $0.decode("id"), try $0.decode("email"), try $0.decode("validated_seq")) }
    }

    /// How many of a campaign's signatures still hold personal data.
    static func unerasedCount(campaignID: Int64, _ db: Database) throws -> Int {
        try db.value(statements(db).unerasedCount, [campaignID], as: Int.self) ?? 0
    }

    // MARK: - Erasing

    /// Erases a signature's personal data, keeping its place in the counts,
    /// its ZIP code and districts, its state and its consent history. Its
    /// address and unsubscribe token become a marker of the row, unique as
    /// they must be.
    static func erase(signatureID: Int64, at stamp: String, _ db: Database) throws {
        try erase(signatureIDs: [signatureID], at: stamp, db)
    }

    /// Erases each signature's personal data as `erase(signatureID:)` does,
    /// with the unsubscribe links of later mail to them.
    static func erase(signatureIDs: [Int64], at stamp: String, _ db: Database) throws {
        let sql = statements(db)
        try db.executeEach(sql.erase, signatureIDs.map { [stamp, $0] })
        try db.executeEach(sql.deleteMailTokens, signatureIDs.map { [$0] })
    }

    /// Deletes a message from the outbox, queued or sent.
    static func deleteMessage(id: Int64, _ db: Database) throws {
        try db.execute(statements(db).deleteMessage, [id])
    }

    /// Empties a digest's body; one not yet sent is withdrawn (marked failed) with `reason`.
    static func withdrawDigest(id: Int64, reason: String, _ db: Database) throws {
        try db.execute(statements(db).withdrawDigest, [reason, id])
    }

    /// Records an erasure (`cause`: request or retention) and its count per campaign, never whose.
    static func record(cause: String, at stamp: String, signatures: Int, messages: Int, perCampaign: [Int64: Int], _ db: Database) throws {
        let sql = statements(db)
        guard let id = try db.value(sql.recordErasure, [stamp, cause, signatures, messages], as: Int64.self) else {
            throw DatabaseError.noRow(sql: sql.recordErasure)
        }
        for (campaignID, count) in perCampaign.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql.recordCampaign, [id, campaignID, count])
        }
    }
}

// MARK: - SQL

extension PrivacyStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        var signatures: String
        var recipients: String
        var campaignRecipients: String
        var message: String
        var digests: String
        var unerased: String
        var unerasedCount: String
        var erase: String
        var deleteMailTokens: String
        var deleteMessage: String
        var withdrawDigest: String
        var recordErasure: String
        var recordCampaign: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension PrivacyStore.Statements {
    static let sqlite = PrivacyStore.Statements(
        signatures: """
            SELECT s.id, s.campaign_id, c.slug, s.name, s.public_name, s.email, s.zip, s.district, s.district_method, s.districts,
                s.reason, s.reason_state, s.locale, s.state, s.suspect, s.created_at, s.validated_at, s.validated_seq, s.consent_public,
                s.consent_share_email, s.consent_updates, s.consent_updates_at, s.unsubscribed_at,
                s.confirmation_hash IS NOT NULL AND s.state = 'pending' AS confirmation_pending
            FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
            WHERE s.canonical_email = ? ORDER BY s.id
            """,
        recipients: "SELECT id, recipient FROM outbox ORDER BY id",
        campaignRecipients: "SELECT id, recipient FROM outbox WHERE campaign_id = ? ORDER BY id",
        message: """
            SELECT o.id, o.kind, c.slug, o.recipient, o.subject, o.state, o.created_at, o.sent_at
            FROM outbox o LEFT JOIN campaigns c ON c.id = o.campaign_id WHERE o.id = ?
            """,
        digests: """
            SELECT id, key FROM outbox WHERE campaign_id = ? AND kind IN (?, ?) AND (draft IS NOT NULL OR length(message) > 0) ORDER BY id
            """,
        unerased: "SELECT id, email, validated_seq FROM signatures WHERE campaign_id = ? AND erased_at IS NULL ORDER BY id",
        unerasedCount: "SELECT COUNT(*) FROM signatures WHERE campaign_id = ? AND erased_at IS NULL",
        erase: """
            UPDATE signatures SET name = '', public_name = '', email = '', reason = '',
                canonical_email = 'erased:' || id, unsubscribe_token = 'erased:' || id,
                confirmation_token = NULL, confirmation_hash = NULL, confirmation_mail = NULL, erased_at = ?
            WHERE id = ?
            """,
        deleteMailTokens: "DELETE FROM signer_mail_tokens WHERE signature_id = ?",
        deleteMessage: "DELETE FROM outbox WHERE id = ?",
        withdrawDigest: """
            UPDATE outbox SET message = X'', draft = NULL, claimed_by = NULL,
                last_error = CASE WHEN state = 'sent' THEN last_error ELSE ? END,
                state = CASE WHEN state = 'sent' THEN state ELSE 'failed' END
            WHERE id = ?
            """,
        recordErasure: "INSERT INTO erasures (erased_at, cause, signatures, messages) VALUES (?, ?, ?, ?) RETURNING id",
        recordCampaign: "INSERT INTO erasure_campaigns (erasure_id, campaign_id, signatures) VALUES (?, ?, ?)"
    )
}

extension PrivacyStore.Statements {
    /// SQLite's, but for PostgreSQL's empty `bytea`.
    static let postgres: PrivacyStore.Statements = {
        var statements = PrivacyStore.Statements.sqlite
        statements.withdrawDigest = statements.withdrawDigest.replacingOccurrences(of: "X''", with: "''::bytea")
        return statements
    }()
}
