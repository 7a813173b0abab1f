/// Reads the `Cookie` request header and writes `Set-Cookie` response
/// headers (RFC 6265).
public enum Cookies {
    /// How a cookie travels with requests started by other sites.
    public enum SameSite: String, Sendable {
        /// Sent on top-level navigations from other sites, not on their
        /// forms or embeds: links in e-mails still arrive signed in.
        case lax = "Lax"
        /// Never sent on requests started by another site.
        case strict = "Strict"
        /// Sent inside other sites' pages too (our form in their frame);
        /// browsers take it only with `Secure`.
        case none = "None"
    }

    /// The cookies in a `Cookie` header (`a=1; b=2`). The first of several
    /// with the same name wins, because browsers send the most specific path
    /// first. Quoted values are unquoted. Pieces that are not
    /// `token=cookie-octets` are skipped: they may belong to another
    /// application on the same host and must not break ours.
    public static func parse(_ header: String) -> [String: String] {
        var cookies: [String: String] = [:]
        visit(header) { name, value in
            let key = String(decoding: name, as: UTF8.self)
            if cookies[key] == nil {
                cookies[key] = String(decoding: value, as: UTF8.self)
            }
            return true
        }
        return cookies
    }

    /// The value of the cookie called `name` in a `Cookie` header, read as
    /// `parse` reads it, without making the others.
    public static func value(named name: String, in header: String) -> String? {
        var found: String?
        visit(header) { candidate, value in
            guard candidate.count == name.utf8.count, candidate.elementsEqual(name.utf8) else { return true }
            found = String(decoding: value, as: UTF8.self)
            return false
        }
        return found
    }

    /// Calls `body` with each well-formed cookie's name and unquoted value,
    /// in order, until it returns false.
    private static func visit(_ header: String, _ body: (Slice<UnsafeBufferPointer<UInt8>>, Slice<UnsafeBufferPointer<UInt8>>) -> Bool) {
        var header = header
        header.withUTF8 { bytes in
            var start = 0
            while start < bytes.endIndex {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
                let piece = bytes[start..<end]
                start = end + 1
                guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }
                let name = trimmed(piece[..<equals])
                var value = trimmed(piece[(equals + 1)...])
                if value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") {
                    value = value.dropFirst().dropLast()
                }
                guard !name.isEmpty, name.allSatisfy(isTokenCharacter), value.allSatisfy(isCookieOctet) else { continue }
                guard body(name, value) else { return }
            }
        }
    }

    /// A `Set-Cookie` header value, or nil when the cookie cannot be written
    /// safely. Values are always our own base64url tokens or locale tags, so
    /// only `A–Z a–z 0–9 . _ ~ -` are accepted (an empty value, for deleting,
    /// too); names must be RFC 7230 tokens and the path printable ASCII
    /// beginning with `/`. Anything else (`;`, `,`, spaces, controls) could
    /// add attributes or headers, so the cookie is dropped instead of being
    /// sent mangled. Names with the `__Host-` or `__Secure-` prefix must be
    /// `secure` (and `__Host-` needs path `/`), or browsers would ignore them.
    /// A negative `maxAge` is written as 0: expire now. `partitioned` (CHIPS)
    /// keeps the cookie in a jar of its own per top-level site, which is
    /// how browsers that block third-party cookies still keep one inside a
    /// frame; like `SameSite=None`, it needs `secure`.
    public static func setCookie(
        name: String,
        value: String,
        maxAge: Int? = nil,
        path: String = "/",
        secure: Bool = true,
        httpOnly: Bool = true,
        sameSite: SameSite = .lax,
        partitioned: Bool = false
    ) -> String? {
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenCharacter),
              value.utf8.allSatisfy(isSafeValueCharacter),
              path.hasPrefix("/"), path.utf8.allSatisfy(isPathCharacter)
        else { return nil }
        if name.hasPrefix("__Secure-") || name.hasPrefix("__Host-") {
            guard secure else { return nil }
        }
        if name.hasPrefix("__Host-") {
            guard path == "/" else { return nil }
        }
        if sameSite == .none || partitioned {
            guard secure else { return nil }
        }

        var header = "\(name)=\(value)"
        if let maxAge { header += "; Max-Age=\(max(0, maxAge))" }
        header += "; Path=\(path)"
        if secure { header += "; Secure" }
        if httpOnly { header += "; HttpOnly" }
        header += "; SameSite=\(sameSite.rawValue)"
        if partitioned { header += "; Partitioned" }
        return header
    }

    // MARK: - Characters

    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return bytes[bytes.endIndex...] }
        return bytes[first...last]
    }

    /// RFC 7230 `tchar`: what a cookie name may contain.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || tokenSymbols.contains(byte)
    }

    private static let tokenSymbols: [UInt8] = Array("!#$%&'*+-.^_`|~".utf8)

    /// RFC 6265 `cookie-octet`: printable ASCII except `"`, `,`, `;` and `\`.
    private static func isCookieOctet(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte)
            && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: ",")
            && byte != UInt8(ascii: ";") && byte != UInt8(ascii: "\\")
    }

    /// What our own cookie values are made of: base64url and locale tags.
    private static func isSafeValueCharacter(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "-")
    }

    /// RFC 6265 `path-value` allows any character but controls and `;`; we
    /// also refuse spaces and `,`, which our paths never need and which some
    /// header parsers treat as separators.
    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && byte != UInt8(ascii: ";") && byte != UInt8(ascii: ",")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
