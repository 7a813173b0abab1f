/// Validates Open Civic Data identifiers: divisions such as
/// `ocd-division/country:us/state:wa/place:seattle`, and organizations such
/// as `ocd-organization/us-conference-of-mayors` for bodies that are not
/// places.
///
/// Division ids follow the grammar the ocd-division-ids project checks its
/// own files with (`scripts/compile.py`):
/// `^ocd-division/(country|region):[a-z]{2}(/[^\W\d]+[-]?[^\W\d]+:[\w.~-]+)*$`,
/// Python's Unicode `\w`, and the id equal to its lowercase form. Any type
/// the grammar allows is accepted, so a type the project adds later imports
/// too; what a type is becomes the jurisdiction's kind.
public enum OCDIdentifier {
    /// Why `id` is not a valid OCD id, or nil when it is.
    public static func problem(with id: String) -> String? {
        if id.hasPrefix("ocd-organization/") {
            let name = id.dropFirst("ocd-organization/".count)
            return !name.isEmpty && name.allSatisfy(isASCIIValueCharacter)
                ? nil : "an organization id is 'ocd-organization/' and a lowercase name of letters, digits, '_', '.', '~' or '-'"
        }
        guard id.hasPrefix("ocd-division/") else {
            return "an OCD id starts with 'ocd-division/' (or 'ocd-organization/')"
        }
        let segments = id.dropFirst("ocd-division/".count).split(separator: "/", omittingEmptySubsequences: false)
        guard let first = segments.first, first.count == "country:".count + 2 || first.count == "region:".count + 2,
              first.hasPrefix("country:") || first.hasPrefix("region:"),
              first.suffix(2).allSatisfy({ $0.isASCII && $0.isLowercase }) else {
            return "an OCD division id starts with 'ocd-division/country:' and a two-letter code, e.g. ocd-division/country:us/state:wa/place:seattle"
        }
        for segment in segments.dropFirst() {
            let parts = segment.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return "segment '\(segment)' must be type:value" }
            guard isType(parts[0]) else {
                return "segment type '\(parts[0])' must be lowercase letters or '_', with at most one '-' inside"
            }
            guard !parts[1].isEmpty, parts[1].unicodeScalars.allSatisfy(isValueScalar), parts[1] == parts[1].lowercased() else {
                return "segment value '\(parts[1])' must be lowercase letters, digits, '_', '.', '~' or '-'"
            }
        }
        return nil
    }

    /// Whether `id` names an organization rather than a division.
    public static func isOrganization(_ id: String) -> Bool { id.hasPrefix("ocd-organization/") }

    /// The type of a division id's last segment ("place", "ward"), or nil
    /// for an organization or a country.
    public static func divisionType(of id: String) -> String? {
        guard !isOrganization(id) else { return nil }
        let segments = id.split(separator: "/")
        guard segments.count > 2, let last = segments.last, let colon = last.firstIndex(of: ":") else { return nil }
        return String(last[..<colon])
    }

    /// The divisions `id` lies in, nearest first: for
    /// `…/state:wa/place:seattle/ward:1`, Seattle, then Washington, then the
    /// United States. Empty for an organization or a country.
    public static func ancestors(of id: String) -> [String] {
        guard !isOrganization(id) else { return [] }
        var result: [String] = []
        var current = Substring(id)
        while let slash = current.lastIndex(of: "/"), current[..<slash] != "ocd-division" {
            current = current[..<slash]
            result.append(String(current))
        }
        return result
    }

    /// `[^\W\d]+[-]?[^\W\d]+`: two or more letters or '_', lowercase, with
    /// at most one '-' that is neither first nor last.
    private static func isType(_ type: Substring) -> Bool {
        guard type == type.lowercased() else { return false }
        let pieces = type.split(separator: "-", omittingEmptySubsequences: false)
        guard type.count >= 2, pieces.count <= 2, pieces.allSatisfy({ !$0.isEmpty }) else { return false }
        return pieces.allSatisfy { $0.unicodeScalars.allSatisfy(isTypeScalar) }
    }

    /// Python's `[\w.~-]`: a word character, '.', '~' or '-'.
    private static func isValueScalar(_ scalar: Unicode.Scalar) -> Bool {
        isWordScalar(scalar) || scalar == "." || scalar == "~" || scalar == "-"
    }

    /// Python's `[^\W\d]`: a word character that is not a decimal digit.
    private static func isTypeScalar(_ scalar: Unicode.Scalar) -> Bool {
        isWordScalar(scalar) && scalar.properties.generalCategory != .decimalNumber
    }

    /// Python's Unicode `\w`: a letter, a number or '_'.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: return true
        default: return scalar == "_"
        }
    }

    private static func isASCIIValueCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLowercase || character.isNumber || "_.~-".contains(character))
    }
}
