/// Quoted-printable as a mail reader decodes it: bodies (RFC 2045 §6.7) and
/// the "Q" encoding of encoded-words (RFC 2047 §4.2). Written apart from the
/// encoder, so the tests and the MailHeader fuzz target check it by round
/// trip; `fuzz/build` compiles this file into the fuzz targets too.
enum QuotedPrintableDecoding {
    /// A body: soft line breaks removed, `=XX` turned into bytes.
    static func decode(_ text: String) -> String {
        String(decoding: unescape(Array(text.utf8), softLineBreaks: true, underscoreIsSpace: false), as: UTF8.self)
    }

    /// The bytes of a "Q" encoded-word's text, where `_` is a space.
    static func decodeWord<Text: Sequence<UInt8>>(_ text: Text) -> [UInt8] {
        unescape(Array(text), softLineBreaks: false, underscoreIsSpace: true)
    }

    private static func unescape(_ bytes: [UInt8], softLineBreaks: Bool, underscoreIsSpace: Bool) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if softLineBreaks, bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                index += 3
            } else if underscoreIsSpace, bytes[index] == UInt8(ascii: "_") {
                output.append(UInt8(ascii: " "))
                index += 1
            } else if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// An uppercase hex digit's value; encoders write uppercase only.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
