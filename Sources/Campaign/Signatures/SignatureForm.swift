/// What a supporter typed into the sign form, checked field by field. A
/// rejected form keeps every value, so the page can show it again.
public struct SignatureForm: Sendable, Equatable {
    public var name: String
    public var email: String
    public var zip: String
    public var reason: String
    public var consent: Set<CampaignDefinition.Consent>
    /// The district the supporter chose while finding their officials, when
    /// their ZIP did not settle it: delivery then knows their council seat.
    /// A code that is not one of the ZIP's districts is ignored, not an error.
    public var district: String
    /// The name the signer chose to show beside a public reason; empty
    /// when they left it so, and the first word of `name` is shown.
    public var publicName: String

    /// A problem with one field, as a catalog key for the supporter's language.
    public struct Problem: Sendable, Equatable {
        /// The form field: name, email, zip, reason or public_name.
        public let field: String
        /// The catalog key of the message.
        public let messageKey: String
    }

    public static let maximumName = 200
    public static let maximumEmail = 254
    public static let maximumReason = 1000
    public static let maximumPublicName = 50

    /// Makes a form from typed values, trimming surrounding white space.
    public init(name: String, email: String, zip: String, reason: String = "", consent: Set<CampaignDefinition.Consent> = [], district: String = "",
                publicName: String = "") {
        self.name = name.trimmedWhitespace
        self.publicName = publicName.trimmedWhitespace
        self.email = email.trimmedWhitespace
        self.zip = zip.trimmedWhitespace
        self.reason = reason.trimmedWhitespace
        self.consent = consent
        let code = district.trimmedWhitespace
        self.district = code.count <= 32 && code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) ? code : ""
    }

    /// Every problem, in the order the fields appear.
    public var problems: [Problem] {
        var problems: [Problem] = []
        func add(_ field: String, _ key: String) { problems.append(Problem(field: field, messageKey: key)) }
        if name.isEmpty { add("name", "error.name.missing") } else if Self.longer(name, than: Self.maximumName) { add("name", "error.name.long") }
        else if name.unicodeScalars.contains(where: Self.isControl) { add("name", "error.name.invalid") }
        else if !name.unicodeScalars.contains(where: Self.isVisible) { add("name", "error.name.invisible") }
        if email.isEmpty { add("email", "error.email.missing") }
        else if email.utf8.count > Self.maximumEmail || !EmailAddress.isValid(email) { add("email", "error.email.invalid") }
        if zip.isEmpty { add("zip", "error.zip.missing") } else if normalizedZIP == nil { add("zip", "error.zip.invalid") }
        if Self.longer(reason, than: Self.maximumReason) { add("reason", "error.reason.long") }
        else if reason.unicodeScalars.contains(where: { Self.isControl($0) && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            add("reason", "error.reason.invalid")
        }
        if Self.longer(publicName, than: Self.maximumPublicName) { add("public_name", "error.public_name.long") }
        else if publicName.unicodeScalars.contains(where: Self.isControl) { add("public_name", "error.public_name.invalid") }
        return problems
    }

    /// What is shown beside a public reason for this signer: the name they
    /// chose, else the first word of their name.
    public var shownName: String {
        publicName.isEmpty ? Self.firstWord(of: name) : publicName
    }

    /// The first word of a name: up to the first white space of any kind
    /// (a no-break or ideographic space as well as a plain one). A name
    /// written without spaces is one word.
    public static func firstWord(of name: String) -> String {
        let scalars = name.unicodeScalars.drop { $0.properties.isWhitespace }
        return String(String.UnicodeScalarView(scalars.prefix { !$0.properties.isWhitespace }))
    }

    /// Whether `text` has more than `limit` characters; no need to count
    /// them when it has no more bytes than that.
    private static func longer(_ text: String, than limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }

    /// A control character (general category Cc: U+0000 to U+001F and U+007F
    /// to U+009F), without looking up its properties.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether `scalar` shows as something: a letter, digit, punctuation or
    /// symbol. Spaces, format characters (U+200B ZERO WIDTH SPACE, joiners,
    /// bidi controls), combining marks without a base and the blank
    /// fillers that are letters in name only (Hangul fillers, the blank
    /// Braille pattern) do not: a name of only those would be published
    /// and delivered as nothing at all.
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value > 0x20 && scalar.value < 0x7F }
        switch scalar.value {
        case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// The five-digit ZIP, from `98104` or `98104-1234`.
    public var normalizedZIP: String? {
        // By bytes: every character allowed is one ASCII byte.
        let bytes = zip.utf8
        guard bytes.count == 5 || bytes.count == 10 else { return nil }
        for (offset, byte) in bytes.enumerated() {
            guard offset == 5 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        }
        return bytes.count == 5 ? zip : String(Substring(zip.utf8.prefix(5)))
    }
}
