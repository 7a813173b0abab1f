/// The form of an e-mail address used to tell whether two signatures come
/// from the same person: case folded, and for Gmail, whose addresses ignore
/// dots and "+tags", those removed too (as e-petitions does).
public enum CanonicalEmail {
    /// The canonical form of a valid address.
    public static func of(_ address: String) -> String {
        let trimmed = address.trimmedWhitespace
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) { return ofASCII(trimmed) }
        let lowered = trimmed.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return lowered }
        var local = String(lowered[..<at])
        var domain = String(lowered[lowered.index(after: at)...])
        if domain == "googlemail.com" { domain = "gmail.com" }
        if domain == "gmail.com" {
            if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
            local = local.replacingOccurrences(of: ".", with: "")
        }
        return local + "@" + domain
    }

    /// The same for an ASCII address (nearly all of them), byte by byte, as
    /// every signature needs it.
    private static func ofASCII(_ address: String) -> String {
        let bytes = Array(address.asciiFastLowercased.utf8)
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return String(decoding: bytes, as: UTF8.self) }
        let domain = bytes[(at + 1)...]
        guard domain.elementsEqual("gmail.com".utf8) || domain.elementsEqual("googlemail.com".utf8) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let local = bytes[..<at].prefix { $0 != UInt8(ascii: "+") }.filter { $0 != UInt8(ascii: ".") }
        return String(decoding: local + "@gmail.com".utf8, as: UTF8.self)
    }
}
