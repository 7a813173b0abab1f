import Foundation

/// A checked signature on its way to the writer. A class: the writer's
/// switch over a queued item copied the struct, a retain and a release for
/// each of its strings; a reference is one.
public final class NewSignature: Sendable {
    public let campaignID: Int64
    public let form: SignatureForm
    public let locale: String
    /// Over the rate limit: stored, never counted.
    public let suspect: Bool
    /// Whether it counts at once; false while e-mail confirmation is pending.
    public let confirmed: Bool
    /// The hash of the secret in the confirmation link (`ConfirmationLink`),
    /// when the petition asks signers to confirm.
    public let confirmationHash: String?
    /// The token of the signer's unsubscribe link; only its hash is stored.
    public let unsubscribeToken: String
    public let createdAt: Date
    /// The secret to mail in a confirmation link, kept with the signature
    /// until the mail is written into the outbox; nil when no mail goes.
    public let mailedConfirmationSecret: String?
    /// How the signer's districts were known, and which.
    public let resolution: DistrictResolution
    /// Whether the reason may be shown at once, or waits for an organizer.
    public let reasonState: ReasonState
    /// Worked out by the request, not by the one writer, which every
    /// signature waits on: the duplicate key, the ZIP as stored, the stamp,
    /// the unsubscribe token as stored, and the confirmation link's token,
    /// kept with the signature until its mail is written.
    let canonicalEmail: String
    let storedZIP: String
    let createdStamp: String
    let storedUnsubscribeToken: String
    let waitingLink: String?
    let storedMethod: String
    let storedDistricts: String

    /// Makes a signature from a form with no problems.
    public init(campaignID: Int64, form: SignatureForm, locale: String, suspect: Bool, confirmed: Bool,
                confirmationHash: String?, unsubscribeToken: String, createdAt: Date, mailedConfirmationSecret: String? = nil,
                resolution: DistrictResolution = .zipOnly, reasonState: ReasonState = .shown) {
        self.campaignID = campaignID
        self.form = form
        self.locale = locale
        self.suspect = suspect
        self.confirmed = confirmed
        self.confirmationHash = confirmationHash
        self.unsubscribeToken = unsubscribeToken
        self.createdAt = createdAt
        self.mailedConfirmationSecret = mailedConfirmationSecret
        self.resolution = resolution
        self.reasonState = reasonState
        storedDistricts = resolution.storedDistricts
        // A district code given without its jurisdiction is a choice, read as one was before districts were recorded.
        storedMethod = resolution == .zipOnly && !form.district.isEmpty ? DistrictResolution.Method.chosen.rawValue : resolution.method.rawValue
        canonicalEmail = CanonicalEmail.of(form.email)
        storedZIP = form.normalizedZIP ?? form.zip
        createdStamp = CampaignStore.timestamp(createdAt)
        storedUnsubscribeToken = SignerToken.storedHash(unsubscribeToken)
        waitingLink = mailedConfirmationSecret.map { ConfirmationLink.token(unsubscribeToken: unsubscribeToken, secret: $0) }
    }

    /// Whether storing it adds one to the public count.
    var counts: Bool { confirmed && !suspect }
}

/// A supporter's report of how a call went.
public struct CallReport: Sendable {
    /// What happened on the call.
    public enum Outcome: String, Sendable, CaseIterable {
        case reached, voicemail, busy, skipped
    }

    public let campaignID: Int64
    /// The official's id, or the office's id for an office nobody holds.
    public let target: String
    public let outcome: Outcome
    public let suspect: Bool
    public let createdAt: Date
    /// The caller's five-digit ZIP code, when they gave one.
    public let zip: String
    /// How the caller's districts were known, and which.
    public let resolution: DistrictResolution

    /// Makes a report.
    public init(campaignID: Int64, target: String, outcome: Outcome, suspect: Bool, createdAt: Date, zip: String = "",
                resolution: DistrictResolution = .zipOnly, reasonState: ReasonState = .shown) {
        self.campaignID = campaignID
        self.target = target
        self.outcome = outcome
        self.suspect = suspect
        self.createdAt = createdAt
        self.zip = zip
        self.resolution = resolution
    }
}
