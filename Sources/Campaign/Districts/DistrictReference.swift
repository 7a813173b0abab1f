import Foundation

/// One district of one jurisdiction, as signatures and call reports keep it:
/// "ocd-division/country:us/district:dc#6". A space, "#" or "%" in either
/// part is kept as "%20", "%23" or "%25", so references can be listed with
/// spaces between them.
public struct DistrictReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let jurisdictionID: String
    public let code: String

    public init(jurisdictionID: String, code: String) {
        self.jurisdictionID = jurisdictionID
        self.code = code
    }

    /// The reference to `district`.
    public init(_ district: District) {
        self.init(jurisdictionID: district.jurisdictionID, code: district.code)
    }

    /// Reads a stored reference; nil for text that is not one.
    public init?(stored text: Substring) {
        guard let mark = text.lastIndex(of: "#") else { return nil }
        let jurisdiction = text[..<mark], code = text[text.index(after: mark)...]
        guard !jurisdiction.isEmpty, !code.isEmpty,
              let jurisdictionID = Self.decoded(jurisdiction), let code = Self.decoded(code) else { return nil }
        self.init(jurisdictionID: jurisdictionID, code: code)
    }

    /// As stored: the jurisdiction's id, "#", the district's code.
    public var description: String { Self.encoded(jurisdictionID) + "#" + Self.encoded(code) }

    private static func encoded(_ part: String) -> String {
        // Looked at as bytes: every signature for a district seat writes its references.
        guard part.utf8.contains(where: { $0 == 0x20 || $0 == 0x23 || $0 == 0x25 }) else { return part }
        return part.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "#", with: "%23")
    }

    private static func decoded(_ part: Substring) -> String? {
        guard part.utf8.contains(0x25) else { return String(part) }
        return String(part).removingPercentEncoding
    }

    public static func < (left: Self, right: Self) -> Bool {
        (left.jurisdictionID, left.code) < (right.jurisdictionID, right.code)
    }
}
