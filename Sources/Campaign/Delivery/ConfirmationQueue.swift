import Foundation

/// Confirmation mails waiting on their signatures. Signing stores only the
/// link's secret (`ConfirmationLink`), in the signature's own row and
/// transaction; the server writes the mail into the outbox afterwards,
/// oldest first and at the pace mail can leave. A surge of signers then
/// costs one row each, not a composed message each that no SMTP server
/// could take that fast.
public enum ConfirmationQueue {
    /// What one pass did.
    public struct Moved: Sendable, Equatable {
        /// Written into the outbox.
        public var written = 0
        /// Could not be written (the address no longer parses, the campaign
        /// has no published version): dropped, as signing would have.
        public var dropped = 0

        public init(written: Int = 0, dropped: Int = 0) {
            self.written = written
            self.dropped = dropped
        }
    }

    /// Published campaigns as read for their mail, kept from one pass to the
    /// next while their version stands: reading one parses its files.
    public struct Campaigns: Sendable {
        var folders: [Int64: (version: Int, folder: CampaignFolder?)] = [:]

        public init() {}

        mutating func folder(_ id: Int64, slug: String, _ db: Database) throws -> CampaignFolder? {
            let version = try CampaignStore.latestVersion(campaignID: id, db)
            if let cached = folders[id], cached.version == version { return cached.folder }
            let folder = try CampaignStore.current(slug, db)?.folder
            folders[id] = (version, folder)
            return folder
        }
    }

    /// Confirmations not yet written into the outbox.
    public static func waiting(_ db: Database) throws -> Int {
        try SignatureStore.waitingConfirmationCount(db)
    }

    /// A waiting confirmation, its mail written; nil where it cannot be.
    public struct Prepared: Sendable {
        let signatureID: Int64
        /// What `confirmation_mail` held: taken off only if it still does.
        let waiting: String
        let mail: OutboxMessage?
    }

    /// Writes up to `limit` waiting confirmations into the outbox, oldest
    /// first, with `composer`'s sender and links, in the caller's transaction.
    public static func moveToOutbox(limit: Int, composer: MailComposer, campaigns: inout Campaigns, at now: Date,
                                    _ db: Database) throws -> Moved {
        try store(try prepare(limit: limit, composer: composer, campaigns: &campaigns, at: now, db), at: now, db)
    }

    /// Reads up to `limit` waiting confirmations, oldest first, and writes
    /// their mail. Needs only a read: a server does this outside the write
    /// lock, which signing waits on, and then `store`s the result.
    public static func prepare(limit: Int, composer: MailComposer, campaigns: inout Campaigns, at now: Date,
                               _ db: Database) throws -> [Prepared] {
        var checked: [Int64: CampaignFolder?] = [:]
        return try SignatureStore.waitingConfirmations(limit: limit, db).map { signature in
            let campaignID = signature.campaignID
            if checked[campaignID] == nil { checked[campaignID] = try campaigns.folder(campaignID, slug: signature.slug, db) }
            // The link's whole token, the unsubscribe token it begins with, and the secret's hash.
            var mail: OutboxMessage?
            if let folder = checked[campaignID] ?? nil, let secretHash = signature.confirmationHash,
               let unsubscribeToken = ConfirmationLink.unsubscribeToken(inLink: signature.waiting) {
                mail = try? composer.confirmation(campaign: folder, campaignID: campaignID, signerName: signature.name, email: signature.email,
                                                  locale: signature.locale, token: signature.waiting, tokenHash: secretHash,
                                                  unsubscribeToken: unsubscribeToken, at: now)
            }
            return Prepared(signatureID: signature.id, waiting: signature.waiting, mail: mail)
        }
    }

    /// Queues prepared mail and takes each signature off the queue, in the
    /// caller's transaction. One whose link was replaced since (the signer
    /// signed again) is left for the next pass, with its new link.
    public static func store(_ prepared: [Prepared], at now: Date, _ db: Database) throws -> Moved {
        let taken = try SignatureStore.takeOffConfirmationQueue(prepared.map { ($0.signatureID, $0.waiting) }, db)
        let moving = zip(prepared, taken).filter(\.1).map(\.0.mail)
        let mail = moving.compactMap { $0 }
        try OutboxStore.enqueue(mail, at: now, db)
        return Moved(written: mail.count, dropped: moving.count - mail.count)
    }
}
