/// The e-mail syntax the directory and the sign form accept: what people
/// actually use (`local@domain.tld`), not every form RFC 5322 allows.
public enum EmailAddress {
    /// Whether `text` is one address with a plausible local part and a
    /// domain IDNA accepts (`IDNA`): an internationalised domain that cannot
    /// be written in ASCII could never be mailed.
    public static func isValid(_ text: String) -> Bool {
        // Checked on bytes: every signature passes through here.
        let bytes = Array(text.utf8)
        guard let domain = wellFormedDomain(bytes) else { return false }
        return IDNA.accepts(domain)
    }

    /// Whether `text` has the shape of an address, leaving aside whether
    /// IDNA accepts its domain; `MailAddress` asks IDNA itself, to say why.
    static func isWellFormed(_ text: String) -> Bool {
        wellFormedDomain(Array(text.utf8)) != nil
    }

    /// The domain of `bytes` when they are one address with a plausible
    /// local part and domain, or nil.
    private static func wellFormedDomain(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")), !bytes[(at + 1)...].contains(UInt8(ascii: "@")) else { return nil }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
              local.allSatisfy(isLocalByte), !zip(local, local.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") })
        else { return nil }
        // Labels between dots, at least two, read in one pass (the generic
        // split cost more than the rest of the check).
        var labels = 0
        var start = domain.startIndex
        while true {
            let end = domain[start...].firstIndex(of: UInt8(ascii: ".")) ?? domain.endIndex
            let label = domain[start..<end]
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                  // Letters and digits beyond ASCII are allowed (internationalised domains).
                  label.allSatisfy({ $0 >= 0x80 || isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return nil }
            labels += 1
            guard end < domain.endIndex else { return labels >= 2 ? domain : nil }
            start = end + 1
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || (byte < 0x80 && localSymbols & (1 << UInt128(byte)) != 0)
    }

    /// The symbols RFC 5322's dot-atom allows besides letters and digits, as
    /// one bit per ASCII byte: one test per byte, not a search of the list.
    private static let localSymbols: UInt128 = "!#$%&'*+/=?^_`{|}~.-".utf8.reduce(0) { $0 | 1 << UInt128($1) }
}
