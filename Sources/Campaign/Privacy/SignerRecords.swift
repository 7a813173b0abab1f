/// Everything stored about one person, for an access request (`campaign
/// signers find --email`): their signatures in every campaign, found by
/// the canonical form of the address as signatures are deduplicated, with
/// their consent history, and the mail addressed to them. Call reports
/// hold nothing that names a caller, so they are not part of it.
public struct SignerRecords: Sendable {
    /// One signature, with every column that says something about its signer.
    public struct Signature: Sendable, Equatable {
        public let id: Int64
        let campaignID: Int64
        public let campaign: String
        public let name: String
        public let publicName: String
        public let email: String
        public let zip: String
        public let district: String
        /// How their district was known: chosen, located, geocoded or zip.
        public let districtKnown: String
        public let districts: String
        public let reason: String
        /// Whether the organizers show, hold or hid the reason.
        public let reasonState: String
        public let locale: String
        public let state: String
        public let suspect: Bool
        public let signedAt: String
        public let confirmedAt: String?
        /// Its place in the order of counted signatures.
        public let countedAs: Int64?
        public let consentPublic: Bool
        public let consentShareEmail: Bool
        public let consentUpdates: Bool
        /// When they agreed to updates.
        public let consentUpdatesGivenAt: String?
        /// When they unsubscribed, which withdraws that consent.
        public let consentUpdatesWithdrawnAt: String?
        /// A confirmation link is out and not yet used (only its hash is stored).
        public let confirmationPending: Bool
    }

    /// A message in the outbox addressed to them.
    public struct Message: Sendable, Equatable {
        public let id: Int64
        public let kind: String
        public let campaign: String?
        public let recipient: String
        public let subject: String
        public let state: String
        public let queuedAt: String
        public let sentAt: String?
    }

    /// The address asked about.
    public let email: String
    public let signatures: [Signature]
    public let messages: [Message]

    /// Reads what is stored about the person with `email`, in one read.
    public static func find(email: String, pool: DatabasePool) throws -> SignerRecords {
        let canonical = CanonicalEmail.of(email)
        return try pool.read { db in
            let signatures = try PrivacyStore.signatures(canonicalEmail: canonical, db)
            let messages = try addressedTo(canonical, db).compactMap { try PrivacyStore.message(id: $0, db) }
            return SignerRecords(email: email, signatures: signatures, messages: messages)
        }
    }

    /// The outbox messages (of one campaign when given) whose recipient has
    /// the canonical address `canonical`. Compared here, not in SQL, so that
    /// a Gmail address with dots or a +tag is the same person there as on
    /// their signatures.
    static func addressedTo(_ canonical: String, campaignID: Int64? = nil, _ db: Database) throws -> [Int64] {
        try PrivacyStore.recipients(campaignID: campaignID, db).filter { CanonicalEmail.of($0.recipient) == canonical }.map(\.id)
    }

    /// Whether nothing is stored about them.
    public var isEmpty: Bool { signatures.isEmpty && messages.isEmpty }

    // MARK: - Output

    /// One row per stored value: record (signature or mail), campaign, id,
    /// field and value, so that both kinds of record fit one table.
    public func csv() -> String {
        var text = CSVWriter.record(["record", "campaign", "id", "field", "value"])
        for signature in signatures {
            for (field, value) in Self.fields(of: signature) where !["campaign", "id"].contains(field) {
                text += CSVWriter.record(["signature", signature.campaign, String(signature.id), field, Self.plain(value)])
            }
        }
        for message in messages {
            for (field, value) in Self.fields(of: message) where !["campaign", "id"].contains(field) {
                text += CSVWriter.record(["mail", message.campaign ?? "", String(message.id), field, Self.plain(value)])
            }
        }
        return text
    }

    /// `{"email": …, "signatures": [{…}], "mail": [{…}]}`.
    public func json() -> String {
        func object(_ fields: [(String, JSONOutput)]) -> JSONOutput { .object(fields) }
        return JSONOutput.object([
            ("email", .string(email)),
            ("signatures", .array(signatures.map { object(Self.fields(of: $0)) })),
            ("mail", .array(messages.map { object(Self.fields(of: $0)) })),
        ]).rendered()
    }

    private static func fields(of signature: Signature) -> [(String, JSONOutput)] {
        [("campaign", .string(signature.campaign)), ("id", .number(Double(signature.id))), ("name", .string(signature.name)),
         ("public_name", .string(signature.publicName)), ("email", .string(signature.email)), ("zip", .string(signature.zip)),
         ("district", .string(signature.district)), ("district_known", .string(signature.districtKnown)),
         ("districts", .string(signature.districts)), ("reason", .string(signature.reason)),
         ("reason_state", .string(signature.reasonState)), ("language", .string(signature.locale)),
         ("state", .string(signature.state)), ("suspect", .bool(signature.suspect)), ("signed_at", .string(signature.signedAt)),
         ("confirmed_at", .string(signature.confirmedAt)), ("counted_as", signature.countedAs.map { .number(Double($0)) } ?? .null),
         ("consent_public", .bool(signature.consentPublic)), ("consent_share_email", .bool(signature.consentShareEmail)),
         ("consent_updates", .bool(signature.consentUpdates)), ("consent_updates_given_at", .string(signature.consentUpdatesGivenAt)),
         ("consent_updates_withdrawn_at", .string(signature.consentUpdatesWithdrawnAt)),
         ("confirmation_link_pending", .bool(signature.confirmationPending))]
    }

    private static func fields(of message: Message) -> [(String, JSONOutput)] {
        [("campaign", .string(message.campaign)), ("id", .number(Double(message.id))), ("kind", .string(message.kind)),
         ("recipient", .string(message.recipient)), ("subject", .string(message.subject)), ("state", .string(message.state)),
         ("queued_at", .string(message.queuedAt)), ("sent_at", .string(message.sentAt))]
    }

    /// A JSON value as a CSV cell: text as it is, numbers whole, yes or no, empty for none.
    private static func plain(_ value: JSONOutput) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "yes" : "no"
        case .number(let number): String(Int64(number))
        case .string(let text): text
        case .array, .object: value.compact()
        }
    }
}
