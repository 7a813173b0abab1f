/// The form of an e-mail address used to tell whether two signatures come
/// from the same person: case folded, and for Gmail, whose addresses ignore
/// dots and "+tags", those removed too (as e-petitions does).
public enum CanonicalEmail {
    /// The canonical form of a valid address. Read byte by byte, as every
    /// signature needs it: "@", "+" and "." are single bytes in UTF-8, never
    /// part of another character's bytes.
    public static func of(_ address: String) -> String {
        let bytes = Array(address.trimmedWhitespace.asciiFastLowercased.utf8)
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return String(decoding: bytes, as: UTF8.self) }
        let domain = bytes[(at + 1)...]
        guard domain.elementsEqual("gmail.com".utf8) || domain.elementsEqual("googlemail.com".utf8) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let local = bytes[..<at].prefix { $0 != UInt8(ascii: "+") }.filter { $0 != UInt8(ascii: ".") }
        return String(decoding: local + "@gmail.com".utf8, as: UTF8.self)
    }
}
