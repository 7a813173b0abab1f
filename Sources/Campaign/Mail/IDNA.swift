import CIDN2

/// Internationalised domain names as they go on the wire: mail headers and
/// the SMTP envelope are ASCII, so `bücher.example` is written
/// `xn--bcher-kva.example`.
///
/// libidn2 does the work, with UTS #46 non-transitional processing: the
/// name is put in NFC, mapped (upper case and full-width letters folded,
/// `ß` kept rather than turned into `ss`), checked against IDNA2008 and
/// each label beyond ASCII Punycode-encoded. A name it refuses (a
/// disallowed character such as a symbol, a joiner out of context, a bad
/// `xn--` label) is an error naming it, never a name sent anyway.
public enum IDNA {
    /// A domain name IDNA refuses, with libidn2's reason.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// The name as given.
        public let domain: String
        /// What is wrong, in libidn2's words ("string contains a disallowed character").
        public let reason: String

        public var description: String {
            InputError.escapingControls("domain '\(domain)' is not a valid internationalised domain name: \(reason)")
        }
    }

    /// `domain` in ASCII. A name of ASCII with no `xn--` label is that
    /// already and comes back as it is; any other is processed by UTS #46,
    /// so it comes back in lower case.
    public static func asciiDomain(_ domain: String) throws(Refusal) -> String {
        if isPlainASCII(domain.utf8) { return domain }
        // libidn2 reads a C string, which would end at a NUL.
        guard !domain.utf8.contains(0) else { throw Refusal(domain: domain, reason: "it contains a NUL character") }
        var output: UnsafeMutablePointer<CChar>?
        let status = campaign_idn2_to_ascii(domain, &output)
        defer { idn2_free(output) }
        guard status == IDN2_OK.rawValue, let output else {
            throw Refusal(domain: domain, reason: String(cString: idn2_strerror(status)))
        }
        return String(cString: output)
    }

    /// Whether IDNA accepts `domain` (UTF-8).
    static func accepts(_ domain: some Collection<UInt8>) -> Bool {
        isPlainASCII(domain) || (try? asciiDomain(String(decoding: domain, as: UTF8.self))) != nil
    }

    /// Whether `domain` needs no IDNA processing: all ASCII, and no label
    /// starts with `xn--` (a label already in Punycode is checked like any
    /// internationalised one).
    static func isPlainASCII(_ domain: some Collection<UInt8>) -> Bool {
        // One pass over the bytes: every e-mail address signed with is checked.
        var position = 0
        var beginsACE = true
        for byte in domain {
            guard byte < 0x80 else { return false }
            if byte == UInt8(ascii: ".") {
                position = 0
                beginsACE = true
                continue
            }
            if position < 4 {
                // "x" and "n" in either case (only X and x fold to x with 0x20), then two hyphens.
                beginsACE = beginsACE && (position == 0 ? byte | 0x20 == UInt8(ascii: "x")
                    : position == 1 ? byte | 0x20 == UInt8(ascii: "n") : byte == UInt8(ascii: "-"))
                if position == 3, beginsACE { return false }
            }
            position += 1
        }
        return true
    }
}
