/// Reads and writes signatures. All signature SQL lives here; callers pass
/// the connection of their `read` or `write` block and get records back.
public enum SignatureStore {
    /// A signature found by the link in its confirmation mail.
    struct Confirmable: Sendable {
        let id: Int64
        let locale: String
        let state: String
    }

    /// A signature whose confirmation mail is not yet in the outbox.
    struct WaitingConfirmation: Sendable {
        let id: Int64
        let campaignID: Int64
        let slug: String
        let name: String
        let email: String
        let locale: String
        /// What `confirmation_mail` holds: the link's whole token, the
        /// unsubscribe token, a tilde and the secret.
        let waiting: String
        /// The stored hash of the secret.
        let confirmationHash: String?
    }

    /// A counted signature, as a digest reads it.
    struct Counted: Sendable {
        let name: String
        /// What the signer chose to show beside a public reason.
        let publicName: String
        let email: String
        let zip: String
        /// A district chosen before districts were recorded with their jurisdiction.
        let district: String
        /// How the signer's districts were known, and which.
        let resolution: DistrictResolution
        let reason: String
        let isPublic: Bool
        let sharesEmail: Bool
        let locale: String
        let wantsUpdates: Bool
    }

    /// What the organizer digest reports beyond the counted signatures.
    struct Activity: Sendable, Equatable {
        /// Signatures made, not kept as suspect, confirmed or not.
        let made: Int
        /// Of those, the confirmed.
        let confirmed: Int
        /// Signatures kept as suspect (over the rate limit) made after the moment asked about.
        let suspect: Int
        /// Signers who unsubscribed after the moment asked about.
        let unsubscribed: Int
    }

    /// A public reason for signing, with what locates its signer.
    public struct PublicReason: Sendable {
        /// The name the signer chose to show with it.
        public let publicName: String
        public let zip: String
        public let reason: String
    }

    /// A confirmed signature as exports read it, filled in place row by row.
    struct Exported: Sendable {
        var id: Int64 = 0
        var name = ""
        var email = ""
        var zip = ""
        var reason = ""
        /// Whether the reason may be shown; only an organizer's export has the others.
        var reasonState = ReasonState.shown
        var createdAt = ""
        var validatedAt = ""
        var state = ""
        var suspect = false
        var locale = ""
        var consentPublic = false
        var consentShareEmail = false
        /// Whether the signer may be sent updates now: they agreed, and have not unsubscribed since.
        var consentUpdates = false
        /// When they agreed to updates; empty when they did not, or (before
        /// this was kept) when they unsubscribed since.
        var consentUpdatesAt = ""
        var unsubscribed = false
        /// When they unsubscribed, which withdraws that consent; empty when they have not.
        var unsubscribedAt = ""
        /// A district chosen before districts were recorded with their jurisdiction.
        var district = ""
        /// How the signer's districts were known, and which.
        var resolution = DistrictResolution.zipOnly
    }

    /// A signature whose districts may be found anew: known only by its ZIP
    /// code, or by a district chosen before districts were recorded with
    /// their jurisdiction.
    struct Unresolved: Sendable {
        let id: Int64
        let zip: String
        /// A district chosen before districts were recorded with their jurisdiction.
        let district: String
        let resolution: DistrictResolution
    }

    /// A signature kept as suspect (over the rate limit) that waits for an
    /// organizer's decision, with what an organizer's export shows of it.
    public struct Suspect: Sendable, Equatable {
        public let id: Int64
        public let name: String
        public let email: String
        public let zip: String
        public let reason: String
        public let locale: String
        public let createdAt: String
    }

    /// Who an unsubscribe link belongs to.
    public struct Subscriber: Sendable, Equatable {
        /// The language they signed in.
        public let locale: String
        /// Whether they unsubscribed already.
        public let unsubscribed: Bool
    }

    // MARK: - The writer

    /// The order in which signatures start to count, taken a number at a time
    /// inside the writer's transaction and stored back at its end.
    struct ValidatedSequence: Sendable {
        private(set) var last: Int64
        private let stored: Int64

        fileprivate init(last: Int64) {
            self.last = last
            stored = last
        }

        /// The next number.
        mutating func take() -> Int64 {
            last += 1
            return last
        }

        var moved: Bool { last != stored }
    }

    /// Where the order of counted signatures stands, to take numbers from.
    static func validatedSequence(_ db: Database) throws -> ValidatedSequence {
        ValidatedSequence(last: try db.value(statements(db).readSequence, ["validated_seq"], as: Int64.self) ?? 0)
    }

    /// Stores the numbers taken; the same transaction must commit them.
    static func save(_ sequence: ValidatedSequence, _ db: Database) throws {
        guard sequence.moved else { return }
        try db.execute(statements(db).writeSequence, [sequence.last, "validated_seq"])
    }

    /// The last number handed out: every counted signature has one up to it.
    static func lastValidatedSeq(_ db: Database) throws -> Int64 {
        try db.value(statements(db).readSequence, ["validated_seq"], as: Int64.self) ?? 0
    }

    /// Inserts each signature unless its signer signed the campaign before
    /// (earlier in the list too); true for each inserted. One that counts
    /// at once takes the next number of `sequence`, its place in the order
    /// of counted signatures; one not inserted takes none. The inserts go
    /// together (`Database.executeEach`), numbered as if none were a
    /// repeat; those after a repeat then move down, so the numbers have no gaps.
    static func insert(_ signatures: [NewSignature], sequence: inout ValidatedSequence, _ db: Database) throws -> [Bool] {
        let sql = statements(db)
        var hopeful = sequence
        let numbers = signatures.map { $0.counts ? hopeful.take() : nil }
        let inserted = try db.executeEach(sql.insert, zip(signatures, numbers).map { signature, validatedSeq -> [any DatabaseValueConvertible] in
            let form = signature.form
            return [
                signature.campaignID, form.name, form.email, signature.canonicalEmail, signature.storedZIP,
                form.reason, signature.locale, form.consent.contains(.public), form.consent.contains(.shareEmail),
                form.consent.contains(.updates), signature.confirmed ? "validated" : "pending", signature.suspect,
                signature.createdStamp, signature.confirmationHash, signature.storedUnsubscribeToken, validatedSeq,
                validatedSeq == nil ? nil : signature.createdStamp, form.district, signature.waitingLink, form.shownName,
                form.consent.contains(.updates) ? signature.createdStamp : nil, signature.storedMethod, signature.storedDistricts,
                signature.reasonState.rawValue,
            ]
        }).map { $0 == 1 }
        // In ascending order each number moves onto one left free.
        for (number, wasInserted) in zip(numbers, inserted) where wasInserted {
            guard let number else { continue }
            let final = sequence.take()
            if final != number { try db.execute(sql.renumber, [final, number]) }
        }
        return inserted
    }

    /// Gives a pending signature the confirmation link of `signature`, its
    /// signer's signing again, replacing the old link and the unsubscribe
    /// token with it (only a token's hash is kept, so the new mail needs a
    /// token of its own); false when the signer's signature is not pending.
    static func replaceConfirmationLink(with signature: NewSignature, _ db: Database) throws -> Bool {
        try db.execute(statements(db).replaceLink, [signature.confirmationHash, signature.waitingLink, signature.storedUnsubscribeToken,
                                                   signature.campaignID, signature.canonicalEmail])
        return db.changedRowCount == 1
    }

    /// The signature a confirmation link finds, if any.
    static func confirmable(campaignID: Int64, link: ConfirmationLink, _ db: Database) throws -> Confirmable? {
        let row: Row?
        switch link {
        case .signature(let unsubscribeHash, let secretHash):
            row = try db.row(statements(db).findByLink, [unsubscribeHash, campaignID, secretHash])
        case .storedHash(let tokenHash):
            row = try db.row(statements(db).findByStoredHash, [campaignID, tokenHash])
        }
        return try row.map { row in
            Confirmable(id: try row.decode("id"), locale: try row.decode("locale"), state: try row.decode("state"))
        }
    }

    /// Validates a pending signature, which now counts at `validatedSeq`
    /// in the order of counted signatures: a confirmed address settles a
    /// signature kept as suspect too. The link's hash stays, so that the
    /// link opened again (a mail scanner opens it before its reader) finds
    /// the signature confirmed rather than nothing.
    static func confirm(id: Int64, validatedSeq: Int64, at stamp: String, _ db: Database) throws {
        try db.execute(statements(db).confirm, [stamp, validatedSeq, id])
    }

    /// Stops mail to the signer of the signature with `token`; their
    /// language, or nil when no signature has that token. Only the token's
    /// hash is stored (`SignerToken.storedHash`). What they agreed to when
    /// signing is kept: the time they unsubscribed withdraws it.
    static func unsubscribe(token: String, at stamp: String, _ db: Database) throws -> String? {
        guard let row = try unsubscribing(token: token, db) else { return nil }
        try db.execute(statements(db).unsubscribe, [stamp, try row.decode("id", as: Int64.self)])
        return try row.decode("locale")
    }

    /// The signature an unsubscribe token belongs to: its own token, else
    /// that of a later mail to its signer (`DeliveryStore.addMailToken`).
    private static func unsubscribing(token: String, _ db: Database) throws -> Row? {
        let hash = SignerToken.storedHash(token)
        return try db.row(statements(db).findByUnsubscribeToken, [hash]) ?? db.row(statements(db).findByMailToken, [hash])
    }

    /// The signer an unsubscribe link belongs to, or nil when no signature has that token.
    public static func subscriber(token: String, _ db: Database) throws -> Subscriber? {
        try unsubscribing(token: token, db).map { row in
            Subscriber(locale: try row.decode("locale"), unsubscribed: try row.decode("unsubscribed_at", as: String?.self) != nil)
        }
    }

    // MARK: - Suspect signatures

    /// A campaign's signatures kept as suspect that wait for an organizer:
    /// confirmed (or needing no confirmation), neither approved nor
    /// rejected yet; oldest first.
    public static func suspects(campaignID: Int64, _ db: Database) throws -> [Suspect] {
        try db.rows(statements(db).suspects, [campaignID]).map { row in
            Suspect(id: try row.decode("id"), name: try row.decode("name"), email: try row.decode("email"), zip: try row.decode("zip"),
                    reason: try row.decode("reason"), locale: try row.decode("locale"), createdAt: try row.decode("created_at"))
        }
    }

    /// How many of a campaign's suspect signatures wait for their signer to
    /// confirm by e-mail, which will make them count.
    public static func suspectsAwaitingConfirmation(campaignID: Int64, _ db: Database) throws -> Int {
        try db.value(statements(db).suspectsAwaitingConfirmation, [campaignID], as: Int.self) ?? 0
    }

    /// Makes a suspect signature count from now, at `validatedSeq` in the
    /// counting order; false when `id` is not one of the campaign's
    /// suspect signatures waiting for a decision.
    static func approveSuspect(id: Int64, campaignID: Int64, validatedSeq: Int64, at stamp: String, _ db: Database) throws -> Bool {
        try db.execute(statements(db).approveSuspect, [validatedSeq, stamp, id, campaignID])
        return db.changedRowCount == 1
    }

    /// Marks a suspect signature as never counting; false when `id` is not
    /// one of the campaign's suspect signatures waiting for a decision.
    static func rejectSuspect(id: Int64, campaignID: Int64, _ db: Database) throws -> Bool {
        try db.execute(statements(db).rejectSuspect, [id, campaignID])
        return db.changedRowCount == 1
    }

    // MARK: - Confirmation mail

    /// Signatures whose confirmation mail is not yet in the outbox, oldest first.
    static func waitingConfirmations(limit: Int, _ db: Database) throws -> [WaitingConfirmation] {
        try db.rows(statements(db).waitingConfirmations, [limit]).map { row in
            WaitingConfirmation(id: try row.decode("id"), campaignID: try row.decode("campaign_id"), slug: try row.decode("slug"),
                                name: try row.decode("name"), email: try row.decode("email"), locale: try row.decode("locale"),
                                waiting: try row.decode("confirmation_mail"), confirmationHash: try row.decode("confirmation_hash"))
        }
    }

    /// Takes each signature off the confirmation queue if it still waits
    /// with its `waiting` link (not one renewed since), together; true for each it did.
    static func takeOffConfirmationQueue(_ signatures: [(id: Int64, waiting: String)], _ db: Database) throws -> [Bool] {
        try db.executeEach(statements(db).takeOffQueue, signatures.map { [$0.id, $0.waiting] }).map { $0 == 1 }
    }

    /// How many confirmation mails wait to be written into the outbox.
    static func waitingConfirmationCount(_ db: Database) throws -> Int {
        try db.value(statements(db).countWaiting, as: Int.self) ?? 0
    }

    // MARK: - Reading

    /// A page of public reasons of counted signatures, newest first: only those shown.
    public static func publicReasons(campaignID: Int64, limit: Int, offset: Int, _ db: Database) throws -> [PublicReason] {
        try db.rows(statements(db).publicReasons, [campaignID, limit, offset]).map { row in
            PublicReason(publicName: try row.decode("public_name"), zip: try row.decode("zip"), reason: try row.decode("reason"))
        }
    }

    /// The signatures of a campaign whose place in the counting order lies
    /// after `afterSeq`, up to `throughSeq`, in that order.
    static func counted(campaignID: Int64, afterSeq: Int64, throughSeq: Int64, _ db: Database) throws -> [Counted] {
        try db.rows(statements(db).countedInWindow, [campaignID, afterSeq, throughSeq]).map { row in
            Counted(name: try row.decode("name"), publicName: try row.decode("public_name"), email: try row.decode("email"), zip: try row.decode("zip"),
                    district: try row.decode("district"),
                    resolution: DistrictResolution(storedMethod: try row.decode("district_method"), storedDistricts: try row.decode("districts")),
                    reason: try row.decode("reason"), isPublic: try row.decode("consent_public"), sharesEmail: try row.decode("consent_share_email"),
                    locale: try row.decode("locale"), wantsUpdates: try row.decode("consent_updates"))
        }
    }

    /// The campaign's signatures made and confirmed so far, and the suspect
    /// signatures and unsubscribes after `since` (a stored timestamp; "" for all).
    static func activity(campaignID: Int64, since: String, _ db: Database) throws -> Activity {
        // Counts over no rows are one row of zeros; no row at all means the same.
        guard let row = try db.row(statements(db).activity, [since, since, campaignID]) else {
            return Activity(made: 0, confirmed: 0, suspect: 0, unsubscribed: 0)
        }
        return Activity(made: try row.decode("made"), confirmed: try row.decode("confirmed"), suspect: try row.decode("suspect"),
                        unsubscribed: try row.decode("unsubscribed"))
    }

    /// How many signatures of a campaign lie in a window of the counting order.
    static func countedCount(campaignID: Int64, afterSeq: Int64, throughSeq: Int64, _ db: Database) throws -> Int {
        try db.value(statements(db).countInWindow, [campaignID, afterSeq, throughSeq], as: Int.self) ?? 0
    }

    /// Calls `body` with the ZIP, chosen district and known districts of each counted signature.
    static func forEachCountedPlace(campaignID: Int64, _ db: Database,
                                    _ body: (_ zip: String, _ district: String, _ resolution: DistrictResolution) throws -> Void) throws {
        try db.scan(statements(db).countedPlaces, [campaignID]) { row in
            try body(try row.text("zip"), try row.text("district"),
                     DistrictResolution(storedMethod: try row.text("district_method"), storedDistricts: try row.text("districts")))
        }
    }

    /// Up to `limit` of a campaign's signatures, in any state, whose districts
    /// may be found anew (`Unresolved`), with ids after `afterID`, in id order.
    static func unresolved(campaignID: Int64, afterID: Int64, limit: Int, _ db: Database) throws -> [Unresolved] {
        try db.rows(statements(db).unresolved, [campaignID, afterID, limit]).map { row in
            Unresolved(id: try row.decode("id"), zip: try row.decode("zip"), district: try row.decode("district"),
                       resolution: DistrictResolution(storedMethod: try row.decode("district_method"), storedDistricts: try row.decode("districts")))
        }
    }

    /// Stores how a signature's districts are known now; the district chosen
    /// before they were recorded with their jurisdiction stays as it was.
    static func setResolution(id: Int64, _ resolution: DistrictResolution, _ db: Database) throws {
        try db.execute(statements(db).setResolution, [resolution.method.rawValue, resolution.storedDistricts, id])
    }

    /// Counted signatures of a campaign per day of signing ("2026-11-21").
    static func countedPerDay(campaignID: Int64, _ db: Database) throws -> [String: Int] {
        var days: [String: Int] = [:]
        try db.scan(statements(db).countedPerDay, [campaignID]) { row in days[try row.text("day")] = try row.int("count") }
        return days
    }

    /// Calls `body` with each confirmed signature of a campaign in signing
    /// order: only those that count when `onlyCounted`, only those made on
    /// or after `since` (a day, "2026-11-01") when given. `include` sees a
    /// signature's ZIP, chosen district and known districts first; the rest
    /// is read only for those it keeps.
    static func forEachConfirmed(campaignID: Int64, onlyCounted: Bool, since: String?, _ db: Database,
                                 include: (_ zip: String, _ district: String, _ resolution: DistrictResolution) throws -> Bool,
                                 _ body: (Exported) throws -> Void) throws {
        let sql = statements(db)
        var signature = Exported()
        try db.scan(onlyCounted ? sql.countedForExport : sql.confirmedForExport, [campaignID, since ?? ""]) { row in
            signature.zip = try row.text("zip")
            signature.district = try row.text("district")
            signature.resolution = DistrictResolution(storedMethod: try row.text("district_method"), storedDistricts: try row.text("districts"))
            guard try include(signature.zip, signature.district, signature.resolution) else { return }
            signature.id = try row.int64("id")
            signature.name = try row.text("name")
            signature.email = try row.text("email")
            signature.reason = try row.text("reason")
            signature.reasonState = ReasonState(rawValue: try row.text("reason_state")) ?? .held
            signature.createdAt = try row.text("created_at")
            signature.validatedAt = try row.optionalText("validated_at") ?? ""
            signature.state = try row.text("state")
            signature.suspect = try row.bool("suspect")
            signature.locale = try row.text("locale")
            signature.consentPublic = try row.bool("consent_public")
            signature.consentShareEmail = try row.bool("consent_share_email")
            signature.unsubscribedAt = try row.optionalText("unsubscribed_at") ?? ""
            signature.unsubscribed = !signature.unsubscribedAt.isEmpty
            signature.consentUpdatesAt = try row.optionalText("consent_updates_at") ?? ""
            signature.consentUpdates = try row.bool("consent_updates") && !signature.unsubscribed
            try body(signature)
        }
    }
}

// MARK: - Tally

extension SignatureStore {
    /// How a campaign's signatures stand, for the organizer.
    public struct Tally: Sendable, Equatable {
        /// Confirmed (or not needing confirmation) and counted.
        public var counted = 0
        /// Waiting for their signer to confirm by e-mail.
        public var waiting = 0
        /// Kept as suspect (over the per-address limit) and not counted.
        public var suspect = 0
        /// Set aside, never to count.
        public var invalidated = 0

        public init() {}
    }

    /// The tally of one campaign's signatures.
    public static func tally(campaignID: Int64, _ db: Database) throws -> Tally {
        var tally = Tally()
        for row in try db.rows(statements(db).tally, [campaignID]) {
            let count: Int = try row.decode("count")
            switch (try row.decode("state", as: String.self), try row.decode("suspect", as: Bool.self)) {
            case ("validated", false): tally.counted += count
            case ("validated", true): tally.suspect += count
            case ("pending", _): tally.waiting += count
            default: tally.invalidated += count
            }
        }
        return tally
    }
}

// MARK: - SQL

extension SignatureStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let readSequence: String
        let writeSequence: String
        let insert: String
        let renumber: String
        let replaceLink: String
        let findByLink: String
        let findByStoredHash: String
        let confirm: String
        let findByUnsubscribeToken: String
        let findByMailToken: String
        let unsubscribe: String
        let suspects: String
        let suspectsAwaitingConfirmation: String
        let approveSuspect: String
        let rejectSuspect: String
        let waitingConfirmations: String
        let takeOffQueue: String
        let countWaiting: String
        let publicReasons: String
        let countedInWindow: String
        let countInWindow: String
        let countedPlaces: String
        let countedPerDay: String
        let unresolved: String
        let setResolution: String
        let countedForExport: String
        let confirmedForExport: String
        let tally: String
        let activity: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension SignatureStore.Statements {
    static let sqlite = SignatureStore.Statements(
        readSequence: "SELECT value FROM sequences WHERE name = ?",
        writeSequence: "UPDATE sequences SET value = ? WHERE name = ?",
        // A second signature by the same person is the UNIQUE constraint's to refuse.
        insert: """
            INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, reason, locale, consent_public,
                consent_share_email, consent_updates, state, suspect, created_at, confirmation_hash, unsubscribe_token,
                validated_seq, validated_at, district, confirmation_mail, public_name, consent_updates_at, district_method, districts,
                reason_state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (campaign_id, canonical_email) DO NOTHING
            """,
        renumber: "UPDATE signatures SET validated_seq = ? WHERE validated_seq = ?",
        replaceLink: """
            UPDATE signatures SET confirmation_token = NULL, confirmation_hash = ?, confirmation_mail = ?, unsubscribe_token = ?
            WHERE campaign_id = ? AND canonical_email = ? AND state = 'pending'
            """,
        findByLink: """
            SELECT id, locale, state FROM signatures
            WHERE unsubscribe_token = ? AND campaign_id = ? AND confirmation_hash = ?
            """,
        findByStoredHash: "SELECT id, locale, state FROM signatures WHERE campaign_id = ? AND confirmation_token = ?",
        confirm: """
            UPDATE signatures SET state = 'validated', suspect = FALSE, confirmation_mail = NULL, validated_at = ?, validated_seq = ?
            WHERE id = ?
            """,
        findByUnsubscribeToken: "SELECT id, locale, unsubscribed_at FROM signatures WHERE unsubscribe_token = ?",
        findByMailToken: """
            SELECT s.id, s.locale, s.unsubscribed_at FROM signer_mail_tokens t JOIN signatures s ON s.id = t.signature_id WHERE t.token_hash = ?
            """,
        unsubscribe: "UPDATE signatures SET unsubscribed_at = COALESCE(unsubscribed_at, ?) WHERE id = ?",
        // The conditions begin with those of the signatures_suspect index, which holds just the suspect rows.
        suspects: """
            SELECT id, name, email, zip, reason, locale, created_at FROM signatures
            WHERE campaign_id = ? AND suspect = TRUE AND state = 'validated' ORDER BY id
            """,
        suspectsAwaitingConfirmation: "SELECT COUNT(*) FROM signatures WHERE campaign_id = ? AND suspect = TRUE AND state = 'pending'",
        approveSuspect: """
            UPDATE signatures SET suspect = FALSE, validated_seq = ?, validated_at = ?
            WHERE id = ? AND campaign_id = ? AND suspect = TRUE AND state = 'validated'
            """,
        rejectSuspect: """
            UPDATE signatures SET state = 'invalidated'
            WHERE id = ? AND campaign_id = ? AND suspect = TRUE AND state = 'validated'
            """,
        waitingConfirmations: """
            SELECT s.id, s.campaign_id, c.slug, s.name, s.email, s.locale, s.confirmation_mail, s.confirmation_hash
            FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
            WHERE s.confirmation_mail IS NOT NULL ORDER BY s.id LIMIT ?
            """,
        takeOffQueue: "UPDATE signatures SET confirmation_mail = NULL WHERE id = ? AND confirmation_mail = ?",
        countWaiting: "SELECT COUNT(*) FROM signatures WHERE confirmation_mail IS NOT NULL",
        // The conditions are those of the signatures_reasons index, which
        // holds just these rows, so only the page is read.
        publicReasons: """
            SELECT public_name, zip, reason FROM signatures
            WHERE campaign_id = ? AND consent_public = TRUE AND state = 'validated' AND suspect = FALSE AND reason <> '' AND reason_state = 'shown'
            ORDER BY id DESC LIMIT ? OFFSET ?
            """,
        // Digests carry only the reasons that may be shown.
        countedInWindow: """
            SELECT name, public_name, email, zip, CASE WHEN reason_state = 'shown' THEN reason ELSE '' END AS reason, consent_public, consent_share_email, district, district_method, districts, locale,
                consent_updates FROM signatures
            WHERE campaign_id = ? AND validated_seq > ? AND validated_seq <= ? ORDER BY validated_seq
            """,
        countInWindow: "SELECT COUNT(*) FROM signatures WHERE campaign_id = ? AND validated_seq > ? AND validated_seq <= ?",
        countedPlaces: "SELECT zip, district, district_method, districts FROM signatures WHERE campaign_id = ? AND state = 'validated' AND suspect = FALSE",
        countedPerDay: """
            SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS count FROM signatures
            WHERE campaign_id = ? AND state = 'validated' AND suspect = FALSE GROUP BY day
            """,
        unresolved: """
            SELECT id, zip, district, district_method, districts FROM signatures
            WHERE campaign_id = ? AND id > ? AND (district_method = 'zip' OR (district_method = 'chosen' AND districts = '' AND district <> ''))
            ORDER BY id LIMIT ?
            """,
        setResolution: "UPDATE signatures SET district_method = ?, districts = ? WHERE id = ?",
        countedForExport: """
            SELECT id, name, email, zip, reason, reason_state, created_at, validated_at, state, suspect, locale,
                consent_public, consent_share_email, consent_updates, consent_updates_at, unsubscribed_at, district, district_method, districts
            FROM signatures WHERE campaign_id = ? AND state = 'validated' AND suspect = FALSE AND created_at >= ?
            ORDER BY id
            """,
        confirmedForExport: """
            SELECT id, name, email, zip, reason, reason_state, created_at, validated_at, state, suspect, locale,
                consent_public, consent_share_email, consent_updates, consent_updates_at, unsubscribed_at, district, district_method, districts
            FROM signatures WHERE campaign_id = ? AND state = 'validated' AND created_at >= ?
            ORDER BY id
            """,
        tally: "SELECT state, suspect, COUNT(*) AS count FROM signatures WHERE campaign_id = ? GROUP BY state, suspect",
        activity: """
            SELECT COUNT(CASE WHEN suspect = FALSE THEN 1 END) AS made,
                COUNT(CASE WHEN suspect = FALSE AND state = 'validated' THEN 1 END) AS confirmed,
                COUNT(CASE WHEN suspect = TRUE AND created_at > ? THEN 1 END) AS suspect,
                COUNT(CASE WHEN unsubscribed_at > ? THEN 1 END) AS unsubscribed
            FROM signatures WHERE campaign_id = ?
            """
    )
}

extension SignatureStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = SignatureStore.Statements.sqlite
}
