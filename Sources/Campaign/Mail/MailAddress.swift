/// A mailbox: a display name and an address, as in
/// `From: Ana Pérez <ana@example.org>`.
public struct MailAddress: Sendable, Hashable {
    /// The display name, possibly empty. Names come from supporters, so a
    /// line break or other control character in one is not an error: it is
    /// replaced by a space (runs of spaces become one, the ends are trimmed).
    public let name: String
    /// The address, checked with `EmailAddress.isValid`.
    public let address: String

    /// Makes a mailbox; throws an `InputError` naming the address when it is
    /// not a valid one. A CR, LF, NUL or any other control character or
    /// white space makes it invalid, beyond-ASCII ones included, since the
    /// address also goes into the SMTP envelope.
    public init(name: String = "", address: String) throws {
        let printableASCII = address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        guard EmailAddress.isValid(address), printableASCII || !address.unicodeScalars.contains(where: Self.isControlOrSpace) else {
            throw InputError("malformed e-mail address '\(address)'")
        }
        self.name = MailHeaderWriter.sanitized(name)
        self.address = address
    }

    /// Parses `Name <address>`, `"Quoted, Name" <address>` or a bare
    /// address, as given in flags like `--from`; throws an `InputError`
    /// naming the text when it is none of these.
    public init(parsing text: String) throws {
        let trimmed = text.trimmedWhitespace
        var name = ""
        var address = trimmed
        var nameIsWellFormed = true
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let phrase = String(trimmed[..<open]).trimmedWhitespace
            name = Self.unquoted(phrase)
            // Angle brackets in an unquoted name mean two addresses, or a typo.
            nameIsWellFormed = name != phrase || !phrase.contains(where: { $0 == "<" || $0 == ">" })
        }
        guard nameIsWellFormed, EmailAddress.isValid(address) else {
            throw InputError("malformed mailbox '\(text)'; use 'Name <address@example.org>' or 'address@example.org'")
        }
        try self.init(name: name, address: address)
    }

    /// The address as it goes into headers and the SMTP envelope: the same,
    /// except that an internationalised domain is in its ASCII `xn--` form.
    public var asciiAddress: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[...at]) + Punycode.asciiDomain(String(address[address.index(after: at)...]))
    }

    /// Whether `scalar` is a control character, white space or a line or
    /// paragraph separator (`EmailAddress` lets any non-ASCII byte through).
    private static func isControlOrSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .spaceSeparator, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// The text of an RFC 5322 quoted-string without its quotes and
    /// backslashes; any other text as it is.
    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var result = ""
        var escaping = false
        for character in text.dropFirst().dropLast() {
            if character == "\\", !escaping {
                escaping = true
            } else {
                result.append(character)
                escaping = false
            }
        }
        return result
    }
}
