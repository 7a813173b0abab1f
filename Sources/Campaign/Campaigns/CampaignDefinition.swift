/// A campaign as its files describe it: metadata from `campaign.toml` and
/// prose per locale from `petition.<locale>.md`, `script.<locale>.md`,
/// `script.<locale>.<role>.md` and `points.<locale>.md`.
public struct CampaignDefinition: Sendable {
    /// Whether supporters can act.
    public enum Status: String, Sendable, CaseIterable {
        case draft, live, closed
    }

    /// The questions a signer may be asked to consent to.
    public enum Consent: String, Sendable, CaseIterable {
        /// Show my first name, locality and reason publicly.
        case `public`
        /// Share my e-mail address with the targets.
        case shareEmail = "share_email"
        /// Send me updates about this campaign.
        case updates
    }

    /// When a signer's reason is shown: `[petition] reasons`.
    public enum ReasonsPolicy: String, Sendable, CaseIterable {
        /// Shown at once; an organizer can hide it.
        case after
        /// Held until an organizer approves it.
        case before
        /// The form asks for no reason, and none is shown.
        case off
    }

    /// Whether signers' reasons go anywhere beyond the organizers' own
    /// export: with `reasons = "off"`, none does (pages, packets, digests,
    /// CRMs), whatever was stored before the organizers chose it.
    public var sharesReasons: Bool { petition.map { $0.reasons != .off } ?? false }

    /// The petition part, when the campaign has one.
    public struct Petition: Sendable {
        public var goal: Int?
        public var confirmEmail: Bool
        public var consent: [Consent]
        /// Markdown by locale.
        public var text: [String: String]
        /// When reasons are shown.
        public var reasons: ReasonsPolicy = .after
        /// Words and phrases that hold a reason for review where it would
        /// show at once, folded once when the campaign is read.
        public var holdWords = HoldWords([])
    }

    /// The call part, when the campaign has one.
    public struct Call: Sendable {
        /// Script templates by locale, then by role ("" for the default).
        public var scripts: [String: [String: Template]]
        /// Talking points, Markdown by locale.
        public var talkingPoints: [String: String]
    }

    /// Who gets digests of the campaign's progress.
    public struct Digest: Sendable {
        /// The organizers' addresses, for the organizer digest.
        public var organizers: [MailAddress] = []
        /// Whether each target with an e-mail address gets a digest of
        /// their constituents' signatures. Off unless the campaign says so.
        public var officials = false

        public init(organizers: [MailAddress] = [], officials: Bool = false) {
            self.organizers = organizers
            self.officials = officials
        }
    }

    /// Who delivers the petition and how an official's office replies to
    /// them: `[organizer]`, printed on the delivery packet's cover letter.
    public struct Organizer: Sendable, Equatable {
        public var name = ""
        public var email = ""
        /// As the organizer wrote it (checked to be a phone number).
        public var phone = ""

        public init(name: String = "", email: String = "", phone: String = "") {
            self.name = name
            self.email = email
            self.phone = phone
        }

        /// The fields left empty, by their key in campaign.toml.
        public var missing: [String] {
            [("name", name), ("email", email), ("phone", phone)].filter { $0.1.isEmpty }.map(\.0)
        }
    }

    public var slug: String
    public var status: Status
    public var defaultLocale: String
    public var locales: [String]
    public var starts: PartialDate?
    public var ends: PartialDate?
    /// The document the campaign's text comes from.
    public var source: String
    public var title: [String: String]
    public var summary: [String: String]
    /// Locales whose text is a translation, with a note saying so.
    public var translations: [String: String]
    public var petition: Petition?
    public var call: Call?
    public var targets: [TargetRule]
    public var digest: Digest = Digest()
    public var organizer = Organizer()
    /// Steps of a petition's progress shown on its page, in rising order.
    public var milestones: [Milestone] = []
    /// Days after the campaign closes that its signers' personal data is
    /// kept; `campaign purge` erases it then. Nil: kept until erased by hand.
    public var retainDaysAfterClose: Int? = nil
    /// The sites allowed to frame the campaign's embedded sign form
    /// (`/c/SLUG/embed`), as origins ("https://example.org"); none by default.
    public var embedOrigins: [String] = []

    /// The script for a target's role in a locale: the role's variant, else the default.
    public func script(locale: String, role: String) -> Template? {
        call?.scripts[locale]?[role] ?? call?.scripts[locale]?[""]
    }

    /// Whether `slug` is a valid campaign slug.
    public static func isValidSlug(_ slug: String) -> Bool {
        Official.isValidID(slug) && slug.count <= 80
    }
}
