import Foundation

/// A way to reach an official or an office: a phone line, an e-mail
/// address, a web form or a postal address, with where it came from.
public struct Contact: Sendable, Hashable {
    /// The kinds of contact.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case phone, email, web, address
    }

    public var kind: Kind
    /// The normalised value: E.164 for a phone, the address itself otherwise.
    public var value: String
    /// The value as printed by the source ("206-263-9600").
    public var display: String
    /// What the line is ("Olympia office", "Press office").
    public var label: String
    /// When it is answered ("Mon–Fri 8:30–4:30").
    public var hours: String
    /// Anything a caller should know.
    public var note: String
    /// The document or URL the contact was taken from.
    public var source: String
    /// When the contact was last checked against its source.
    public var verified: PartialDate?
    /// Whether the contact came with an imported file or was added by an
    /// organizer: an import replaces only the imported ones.
    public var origin: Origin = .imported

    /// Where a contact came from.
    public enum Origin: String, Sendable, Hashable, CaseIterable {
        /// From an imported file.
        case imported
        /// Added by hand (`campaign officials add`/`edit`); kept over a re-import.
        case local
    }

    /// Makes a contact from a value as printed, normalising it.
    public init(kind: Kind, display: String, label: String = "", hours: String = "", note: String = "",
                source: String, verified: PartialDate?) throws(ContactError) {
        let display = display.trimmedSpaces
        self.kind = kind
        self.display = display
        self.value = try Contact.normalize(display, as: kind)
        self.label = label
        self.hours = hours
        self.note = note
        self.source = source
        self.verified = verified
    }

    /// Makes a contact from stored parts, trusting them.
    init(kind: Kind, value: String, display: String, label: String, hours: String, note: String,
         source: String, verified: PartialDate?, origin: Origin = .imported) {
        self.origin = origin
        self.kind = kind
        self.value = value
        self.display = display
        self.label = label
        self.hours = hours
        self.note = note
        self.source = source
        self.verified = verified
    }

    /// Checks and normalises a value of the given kind.
    public static func normalize(_ display: String, as kind: Kind) throws(ContactError) -> String {
        guard !display.isEmpty else { throw .empty(kind) }
        switch kind {
        case .phone:
            switch PhoneNumber.normalize(display) {
            case .success(let number): return number
            case .failure(let problem): throw .malformedPhone(display, problem)
            }
        case .email:
            guard EmailAddress.isValid(display) else { throw .malformedEmail(display) }
            return display
        case .web:
            guard let url = URL(string: display), let scheme = url.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", let host = url.host, host.contains(".") else {
                throw .malformedURL(display)
            }
            return display
        case .address:
            return display
        }
    }
}

/// Why a contact value was rejected.
public enum ContactError: Error, Sendable, CustomStringConvertible {
    case empty(Contact.Kind)
    case malformedPhone(String, PhoneNumberError)
    case malformedEmail(String)
    case malformedURL(String)

    public var description: String {
        switch self {
        case .empty(let kind): return "empty \(kind.rawValue) contact"
        case let .malformedPhone(text, problem): return "malformed phone number '\(text)': \(problem)"
        case .malformedEmail(let text): return "malformed e-mail address '\(text)'"
        case .malformedURL(let text): return "malformed web address '\(text)'; it must start with http:// or https://"
        }
    }
}
