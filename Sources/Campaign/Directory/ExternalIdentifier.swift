/// An id another registry gives a person or a place: Open States'
/// `ocd-person/…`, a Popolo file's own ids, a Wikidata item, a social
/// media handle. Imports match records by them, so a record keeps its slug
/// when its name changes at the source.
public struct ExternalIdentifier: Sendable, Hashable, Comparable, Codable {
    /// Whose id it is: "openstates", "popolo", "wikidata", "twitter".
    public var scheme: String
    /// The id itself, as the registry writes it.
    public var value: String

    /// Makes an identifier from parts already checked (see `problem`).
    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }

    /// Why these parts make no identifier, or nil. A scheme is lowercase
    /// letters, digits, `_` and `-`; a value is one line without `;`,
    /// which separates identifiers in a spreadsheet cell.
    public static func problem(scheme: String, value: String) -> String? {
        if scheme.isEmpty || scheme.count > 40
            || !scheme.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }) {
            return "malformed identifier scheme '\(scheme)'; use lowercase letters, digits, _ and -"
        }
        if value.isEmpty { return "empty \(scheme) identifier" }
        if value.count > 500 || value.contains(";") || ControlCharacters.first(in: value, allowingLineBreaks: false) != nil {
            return "malformed \(scheme) identifier '\(value)'; it must be one line without ';'"
        }
        return nil
    }

    /// "scheme:value".
    public var description: String { "\(scheme):\(value)" }

    /// Several identifiers as one spreadsheet cell: "openstates:…; twitter:…".
    public static func cell(_ identifiers: [ExternalIdentifier]) -> String {
        identifiers.sorted().map(\.description).joined(separator: "; ")
    }

    /// Reads a spreadsheet cell of identifiers, refusing the first part
    /// that is not "scheme:value".
    public static func parseCell(_ text: String, at location: SourceLocation?) throws -> [ExternalIdentifier] {
        var identifiers: Set<ExternalIdentifier> = []
        for part in text.split(separator: ";") {
            let part = part.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            guard let colon = part.firstIndex(of: ":") else {
                throw InputError("identifier '\(part)' has no scheme; write scheme:value, as openstates:ocd-person/…", at: location)
            }
            let scheme = String(part[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(part[part.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            if let problem = problem(scheme: scheme, value: value) { throw InputError(problem, at: location) }
            identifiers.insert(ExternalIdentifier(scheme: scheme, value: value))
        }
        return identifiers.sorted()
    }

    public static func < (lhs: ExternalIdentifier, rhs: ExternalIdentifier) -> Bool {
        (lhs.scheme, lhs.value) < (rhs.scheme, rhs.value)
    }
}
