import Foundation

/// Writes one header field as RFC 5322 and RFC 2047 want it: plain words
/// where they are safe, encoded-words where they are not, folded at spaces
/// so that lines keep to 78 characters where the content allows. No single
/// unbreakable piece is longer than an address, so no line comes near
/// SMTP's hard limit of 998.
///
/// Values are passed through `sanitized` first by the callers: a header
/// value can then hold no CR or LF, and header injection is impossible.
struct MailHeaderWriter {
    /// The line length RFC 5322 §2.1.1 asks for.
    static let preferredLineLength = 78
    /// The longest encoded-word RFC 2047 §2 allows.
    static let maximumEncodedWordLength = 75

    private var output: String
    private var lineLength: Int

    /// Starts a field called `name` (already checked to be a field name).
    init(name: String) {
        output = name + ":"
        lineLength = name.utf8.count + 1
    }

    /// The whole field, folded, ending in CRLF.
    var field: String { output + "\r\n" }

    // MARK: - Sanitising

    /// `text` with every control character (CR, LF, NUL, tab, DEL, C1) and
    /// line or paragraph separator replaced by a space, runs of spaces made
    /// one and the ends trimmed. Subjects and names come from supporters and
    /// templates: this is what makes a line break in them harmless.
    static func sanitized(_ text: String) -> String {
        // Most names are printable ASCII with single spaces inside: as they are.
        var previous: UInt8 = 0
        let plain = text.utf8.allSatisfy { byte in
            defer { previous = byte }
            return byte > 0x20 && byte < 0x7F || byte == 0x20 && previous != 0x20 && previous != 0
        }
        if plain && text.utf8.last != 0x20 { return text }
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isSpace: Bool
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: isSpace = true
            default: isSpace = scalar == " "
            }
            if isSpace {
                if !lastWasSpace { scalars.append(" ") }
            } else {
                scalars.append(scalar)
            }
            lastWasSpace = isSpace
        }
        return String(scalars).trimmedWhitespace
    }

    // MARK: - Content

    /// Appends a piece that must not be split, after a space where the line
    /// may be folded if the piece does not fit.
    mutating func appendWord(_ word: String) {
        let length = word.utf8.count
        if lineLength + 1 + length > Self.preferredLineLength {
            output += "\r\n " + word
            lineLength = 1 + length
        } else {
            output += " " + word
            lineLength += 1 + length
        }
    }

    /// Appends free text such as a subject: printable ASCII words stay as
    /// they are, and each run of words that holds anything else (or `=?`,
    /// which a reader would take for an encoded-word, or a word too long to
    /// fold) becomes encoded-words. `text` must be sanitised.
    mutating func appendUnstructured(_ text: String) {
        guard !text.isEmpty else { return }
        let words = text.split(separator: " ").map(String.init)
        var index = 0
        while index < words.count {
            guard Self.needsEncoding(words[index]) else {
                appendWord(words[index])
                index += 1
                continue
            }
            // One run of encoded-words: the spaces inside it are encoded
            // too, because the space between two encoded-words vanishes
            // when they are decoded.
            var end = index + 1
            while end < words.count, Self.needsEncoding(words[end]) { end += 1 }
            appendEncodedWords(words[index..<end].joined(separator: " "))
            index = end
        }
    }

    /// Appends a display name (RFC 5322 `phrase`): as atoms when it is
    /// letters and digits, as a quoted-string when it holds ASCII specials
    /// (`Smith, "Jo"`), as encoded-words when it holds anything else.
    /// `name` must be sanitised.
    mutating func appendPhrase(_ name: String) {
        let words = name.split(separator: " ").map(String.init)
        if words.contains(where: Self.needsEncoding) {
            appendEncodedWords(name)
        } else if words.allSatisfy({ $0.utf8.allSatisfy(Self.isAtext) }) {
            words.forEach { appendWord($0) }
        } else {
            var quoted = "\""
            for character in name.unicodeScalars {
                if character == "\"" || character == "\\" { quoted += "\\" }
                quoted.unicodeScalars.append(character)
            }
            quoted += "\""
            // A quoted-string is not folded inside, so a long one is encoded instead.
            if quoted.utf8.count < Self.preferredLineLength { appendWord(quoted) } else { appendEncodedWords(name) }
        }
    }

    /// Appends a list of mailboxes separated by commas.
    mutating func appendAddresses(_ addresses: [MailAddress]) {
        for (index, mailbox) in addresses.enumerated() {
            let comma = index == addresses.count - 1 ? "" : ","
            if mailbox.name.isEmpty {
                appendWord(mailbox.asciiAddress + comma)
            } else {
                appendPhrase(mailbox.name)
                appendWord("<" + mailbox.asciiAddress + ">" + comma)
            }
        }
    }

    // MARK: - Encoded-words

    /// Appends `text` as a sequence of UTF-8 encoded-words separated by
    /// folding spaces (which decoders drop), each at most 75 characters and
    /// each holding whole Unicode scalars, so no character is ever split
    /// between two words. Q is used unless B is more than a quarter
    /// shorter: Q keeps Latin text half readable in the raw message, which is
    /// worth a little length when a delivery problem has to be read.
    mutating func appendEncodedWords(_ text: String) {
        let allBytes = Array(text.utf8)
        // Where each scalar starts: a UTF-8 byte that is not a continuation byte.
        let starts = allBytes.indices.filter { allBytes[$0] & 0xC0 != 0x80 } + [allBytes.count]
        let bLength = Self.bCost(byteCount: allBytes.count)
        let useQ = allBytes.reduce(0) { $0 + Self.qCost($1) } <= bLength + bLength / 4
        // "=?UTF-8?Q?" and "?=": 12 characters around the encoded text.
        let overhead = 12
        // One scalar costs at most 12 characters (4 bytes as =XX in Q).
        let smallestUsefulRoom = overhead + 12
        var start = 0
        let scalarCount = starts.count - 1
        while start < scalarCount {
            var room = min(Self.maximumEncodedWordLength, Self.preferredLineLength - lineLength - 1)
            if room < smallestUsefulRoom { room = Self.maximumEncodedWordLength }  // appendWord will fold
            var qLength = 0
            var end = start
            while end < scalarCount {
                let scalar = allBytes[starts[end]..<starts[end + 1]]
                let nextQLength = qLength + scalar.reduce(0) { $0 + Self.qCost($1) }
                let cost = useQ ? nextQLength : Self.bCost(byteCount: starts[end + 1] - starts[start])
                if overhead + cost > room, end > start { break }
                qLength = nextQLength
                end += 1
            }
            let bytes = allBytes[starts[start]..<starts[end]]
            appendWord(useQ ? "=?UTF-8?Q?" + Self.qEncoded(bytes) + "?=" : "=?UTF-8?B?" + Self.base64(Array(bytes)) + "?=")
            start = end
        }
    }

    /// Whether a word cannot go into a header as it is: non-ASCII or
    /// control bytes, `=?` (it would read as the start of an encoded-word),
    /// or too long to fit on a folded line.
    static func needsEncoding(_ word: String) -> Bool {
        word.utf8.count > preferredLineLength - 1 || word.contains("=?") || word.utf8.contains { $0 < 0x21 || $0 > 0x7E }
    }

    /// RFC 5322 `atext`: the characters of an atom.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// The bytes Q leaves as they are. This is the strict set RFC 2047 §5(3)
    /// allows in a phrase; using it everywhere keeps one encoder for all headers.
    private static func isQLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!*+-/".utf8.contains(byte)
        }
    }

    private static func qCost(_ byte: UInt8) -> Int {
        isQLiteral(byte) || byte == UInt8(ascii: " ") ? 1 : 3
    }

    private static func bCost(byteCount: Int) -> Int {
        (byteCount + 2) / 3 * 4
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x37 + value }

    private static func qEncoded(_ bytes: ArraySlice<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            if isQLiteral(byte) {
                text.append(byte)
            } else if byte == UInt8(ascii: " ") {
                text.append(UInt8(ascii: "_"))
            } else {
                text.append(UInt8(ascii: "="))
                text.append(hexDigit(byte >> 4))
                text.append(hexDigit(byte & 0x0F))
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Standard base64 with padding, as RFC 2047's B encoding wants.
    private static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
