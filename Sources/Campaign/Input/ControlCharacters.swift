/// Control characters in text that comes from outside (a directory file, a
/// command line): found, to refuse the input and say where; and written as
/// visible escapes (`\u{1B}`), so that printing text can never drive a
/// terminal (ESC starts colour and cursor sequences, CR overwrites a line).
public enum ControlCharacters {
    /// Whether `scalar` is a control character: general category Cc
    /// (U+0000 to U+001F, U+007F to U+009F), and the line and paragraph
    /// separators, which some terminals and editors break lines at.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    /// The first control character in `text`; line breaks (LF, CR, CRLF:
    /// a file may end its lines with any) are allowed when
    /// `allowingLineBreaks` (a postal address).
    public static func first(in text: String, allowingLineBreaks: Bool = false) -> Unicode.Scalar? {
        // Printable ASCII, the common case, has none: checked byte by byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        return text.unicodeScalars.first { isControl($0) && !(allowingLineBreaks && ($0 == "\n" || $0 == "\r")) }
    }

    /// The scalar as people look it up: `U+001B`.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with each control character written as `\u{1B}`. Line feeds
    /// and tabs stay when `keepingLayout` (messages and reports are laid out
    /// with them); in one table cell or one line, they are escaped too.
    public static func escaped(_ text: String, keepingLayout: Bool = true) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool {
            isControl(scalar) && !(keepingLayout && (scalar == "\n" || scalar == "\t"))
        }
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) || !text.unicodeScalars.contains(where: escapes) { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if escapes(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
