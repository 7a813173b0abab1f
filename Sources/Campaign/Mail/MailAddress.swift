/// A mailbox: a display name and an address, as in
/// `From: Ana Pérez <ana@example.org>`.
public struct MailAddress: Sendable, Hashable {
    /// The display name, possibly empty. Names come from supporters, so a
    /// line break or other control character in one is not an error: it is
    /// replaced by a space (runs of spaces become one, the ends are trimmed).
    public let name: String
    /// The address, checked with `EmailAddress.isValid`.
    public let address: String
    /// The address as it goes into headers and the SMTP envelope: the same,
    /// except that an internationalised domain is in its ASCII `xn--` form
    /// (`IDNA`).
    public let asciiAddress: String

    /// Makes a mailbox; throws an `InputError` naming the address when it is
    /// not a valid one. A CR, LF, NUL or any other control character or
    /// white space makes it invalid, beyond-ASCII ones included, since the
    /// address also goes into the SMTP envelope. So does a domain IDNA
    /// refuses, and the error then gives IDNA's reason.
    public init(name: String = "", address: String) throws {
        let printableASCII = address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        guard EmailAddress.isWellFormed(address), printableASCII || !address.unicodeScalars.contains(where: Self.isControlOrSpace),
              let at = address.lastIndex(of: "@")
        else {
            throw InputError("malformed e-mail address '\(address)'")
        }
        do {
            asciiAddress = String(address[...at]) + (try IDNA.asciiDomain(String(address[address.index(after: at)...])))
        } catch {
            throw InputError("malformed e-mail address '\(address)': \(error)")
        }
        self.name = MailHeaderWriter.sanitized(name)
        self.address = address
    }

    /// Parses `Name <address>`, `"Quoted, Name" <address>` or a bare
    /// address, as given in flags like `--from`; throws an `InputError`
    /// naming the text when it is none of these, or naming the address with
    /// IDNA's reason when IDNA refuses its domain.
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
        guard nameIsWellFormed, EmailAddress.isWellFormed(address) else {
            throw InputError("malformed mailbox '\(text)'; use 'Name <address@example.org>' or 'address@example.org'")
        }
        try self.init(name: name, address: address)
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
