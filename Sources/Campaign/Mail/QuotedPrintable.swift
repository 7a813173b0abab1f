/// Quoted-printable (RFC 2045 §6.7) for the body parts. It keeps mostly
/// Latin text readable in the raw message, turns any line break into CRLF,
/// and keeps every line within 76 characters however long the text's own
/// lines are, far below SMTP's limit of 998.
///
/// Two guards go beyond the RFC. A `.` at the start of a line is written
/// `=2E`, so no line of the body starts with a dot: the message is then safe
/// even from a transport that forgets to dot-stuff, and a line holding just
/// "." can never end the SMTP DATA early. `From ` at the start of a line is
/// written `=46rom `, so mbox storage does not turn it into `>From `.
enum QuotedPrintable {
    /// The longest encoded line, soft line break included (RFC 2045 §6.7(5)).
    static let maximumLineLength = 76

    /// `text` as quoted-printable lines joined by CRLF. A text that ends in
    /// a line break ends in CRLF; one that does not, does not.
    static func encode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var lineStart = 0
        var index = 0
        while true {
            let atEnd = index == bytes.count
            guard atEnd || bytes[index] == carriageReturn || bytes[index] == lineFeed else {
                index += 1
                continue
            }
            encodeLine(bytes[lineStart..<index], into: &output)
            guard !atEnd else { break }
            // CRLF, a lone CR and a lone LF all end one line.
            if bytes[index] == carriageReturn, index + 1 < bytes.count, bytes[index + 1] == lineFeed { index += 1 }
            index += 1
            lineStart = index
            output.append(carriageReturn)
            output.append(lineFeed)
        }
        return output
    }

    /// Encodes one line of text (no line breaks in it), adding soft line
    /// breaks (`=` CRLF) where it would grow past 76 characters.
    private static func encodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var column = 0
        for position in line.indices {
            let byte = line[position]
            let isLast = position == line.endIndex - 1
            var escaped = !isPlain(byte) || (isLast && (byte == space || byte == tab))
            // The last piece needs no room after it for a soft line break.
            let limit = isLast ? maximumLineLength : maximumLineLength - 1
            if column + (escaped ? 3 : 1) > limit {
                output.append(equals)
                output.append(carriageReturn)
                output.append(lineFeed)
                column = 0
            }
            if column == 0, byte == dot || (byte == UInt8(ascii: "F") && line[position...].starts(with: "From ".utf8)) {
                escaped = true
            }
            // Byte by byte: an array literal here would be an allocation per escape.
            if escaped {
                output.append(equals)
                output.append(hexDigit(byte >> 4))
                output.append(hexDigit(byte & 0x0F))
                column += 3
            } else {
                output.append(byte)
                column += 1
            }
        }
    }

    /// Bytes written as themselves: printable ASCII but `=`, and space and tab.
    private static func isPlain(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && byte != equals || byte == space || byte == tab
    }

    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let equals = UInt8(ascii: "=")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let dot = UInt8(ascii: ".")
    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x37 + value }
}
