@testable import Campaign
import Foundation

/// The MIME header encoder (RFC 2047 encoded-words and folding) and the
/// quoted-printable body encoder, through `MailHeaderWriter` and whole
/// `MailMessage`s.
///
/// Input: any text, used as a subject, a display name, an extra header's
/// value and a body. Invariants: header fields are printable ASCII in lines
/// of at most 78 characters, with no CR or LF but the CRLF ending each line
/// and a space after every fold; encoded-words are at most 75 characters;
/// decoding a field gives the text back with control characters as spaces
/// (`MailHeaderWriter.sanitized`); body lines are at most 76 characters and
/// decode to the text with CRLF line ends.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    let sanitized = MailHeaderWriter.sanitized(text)
    Invariant.require(!sanitized.unicodeScalars.contains(where: Invariant.isLineBreakingOrControl), "sanitized text holds a control character")
    Invariant.require(!sanitized.contains("  ") && sanitized == sanitized.trimmedWhitespace, "sanitized text has runs of spaces or untrimmed ends")

    var subject = MailHeaderWriter(name: "Subject")
    subject.appendUnstructured(sanitized)
    let subjectValue = checkedField(subject.field, name: "Subject")
    Invariant.require(RFC2047.decodeUnstructured(subjectValue) == sanitized,
                      "subject \(String(reflecting: sanitized)) decodes as \(String(reflecting: RFC2047.decodeUnstructured(subjectValue)))")

    if let mailbox = try? MailAddress(name: text, address: "ana@example.org") {
        var to = MailHeaderWriter(name: "To")
        to.appendAddresses([mailbox])
        let toValue = checkedField(to.field, name: "To")
        let name = RFC2047.displayName(inMailbox: toValue)
        Invariant.require(name == sanitized, "display name \(String(reflecting: sanitized)) decodes as \(String(reflecting: name))")
    }

    let message = MailMessage(from: try! MailAddress(name: text, address: "act@act.example.org"), to: [], subject: text, text: text,
                              html: text, date: Date(timeIntervalSince1970: 1_795_255_200), messageID: text,
                              unsubscribeURL: text, headers: [(name: "X-Note", value: text), (name: text, value: "x")])
    checkMessage(message.encoded(boundarySeed: "fuzz"), text: text)
    return 0
}

/// Checks one field written by `MailHeaderWriter` and returns its value unfolded.
private func checkedField(_ field: String, name: String) -> String {
    let bytes = Array(field.utf8)
    Invariant.require(bytes.count >= 2 && bytes.suffix(2) == [0x0D, 0x0A], "field does not end in CRLF")
    let lines = field.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { Array($0) }
    for (index, line) in lines.enumerated() {
        Invariant.require(line.last == 0x0D, "a LF without CR in \(String(reflecting: field))")
        let content = line.dropLast()
        Invariant.require(content.allSatisfy { (0x20...0x7E).contains($0) }, "a byte that is not printable ASCII in \(String(reflecting: field))")
        Invariant.require(content.count <= MailHeaderWriter.preferredLineLength, "a line of \(content.count) characters in \(String(reflecting: field))")
        Invariant.require(index == 0 || content.first == 0x20, "a folded line without leading space in \(String(reflecting: field))")
        Invariant.require(index > 0 || content.starts(with: Array((name + ":").utf8)), "field does not start with its name")
    }
    let value = String(decoding: lines.map { $0.dropLast() }.joined(), as: UTF8.self).dropFirst(name.utf8.count + 1)
    for word in RFC2047.encodedWords(in: String(value)) {
        Invariant.require(word.utf8.count <= MailHeaderWriter.maximumEncodedWordLength, "an encoded-word of \(word.utf8.count) characters")
    }
    return String(value.drop { $0 == " " })
}

/// Checks a whole encoded message: ASCII, CRLF lines, short header lines
/// (a Message-ID or unsubscribe link is one unbreakable piece, and may be
/// longer, up to SMTP's 998), short body lines that decode to the text.
private func checkMessage(_ bytes: [UInt8], text: String) {
    Invariant.require(bytes.allSatisfy { $0 < 0x80 }, "a message byte beyond ASCII")
    let raw = String(decoding: bytes, as: UTF8.self)
    guard let split = raw.range(of: "\r\n\r\n") else { fatalError("invariant broken: no blank line after the headers") }
    var inUnbreakable = false
    for line in raw[..<split.lowerBound].components(separatedBy: "\r\n") {
        Invariant.require(!line.contains("\r") && !line.contains("\n"), "a bare CR or LF in a header line")
        if !line.hasPrefix(" ") { inUnbreakable = line.hasPrefix("List-Unsubscribe:") || line.hasPrefix("Message-ID:") }
        Invariant.require(line.utf8.count <= (inUnbreakable ? 998 : MailHeaderWriter.preferredLineLength), "a header line of \(line.utf8.count) characters: \(line)")
    }
    let boundary = "--" + MailMessage.boundary(seed: "fuzz")
    let parts = raw[split.upperBound...].components(separatedBy: boundary + "\r\n").dropFirst()
    Invariant.require(parts.count == 2, "\(parts.count) parts where text and HTML were given")
    let expected = text.replacingLineEnds()
    for (index, part) in parts.enumerated() {
        guard let bodyStart = part.range(of: "\r\n\r\n") else { fatalError("invariant broken: a part without headers") }
        var body = String(part[bodyStart.upperBound...])
        // The CRLF before the next delimiter belongs to the delimiter.
        let delimiter = index == parts.count - 1 ? "\r\n" + boundary + "--\r\n" : "\r\n"
        Invariant.require(body.hasSuffix(delimiter), "a part that does not end with its delimiter")
        body = String(body.dropLast(delimiter.count))
        for line in body.components(separatedBy: "\r\n") {
            Invariant.require(line.utf8.count <= QuotedPrintable.maximumLineLength, "a body line of \(line.utf8.count) characters")
            Invariant.require(!line.hasPrefix(".") && !line.hasPrefix("From "), "a body line starting with '.' or 'From '")
        }
        let decoded = QuotedPrintableDecoding.decode(body)
        Invariant.require(decoded == expected, "body \(String(reflecting: expected)) decodes as \(String(reflecting: decoded))")
    }
}

private extension String {
    /// The text with each CRLF, lone CR and lone LF as CRLF.
    func replacingLineEnds() -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(self.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == 0x0D || utf8[index] == 0x0A {
                if utf8[index] == 0x0D, index + 1 < utf8.count, utf8[index + 1] == 0x0A { index += 1 }
                bytes += [0x0D, 0x0A]
            } else {
                bytes.append(utf8[index])
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Decoding as a mail reader does it, written apart from the encoder.
private enum RFC2047 {
    /// The encoded-words in an unfolded value.
    static func encodedWords(in value: String) -> [String] {
        value.split(separator: " ").map(String.init).filter { decodeWord($0) != nil }
    }

    /// An unstructured value: encoded-words decoded, the white space between
    /// two adjacent encoded-words dropped (RFC 2047 §6.2).
    static func decodeUnstructured(_ value: String) -> String {
        var output: [UInt8] = []
        var previousWasEncoded = false
        for (index, token) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if let bytes = decodeWord(String(token)) {
                if index > 0 && !previousWasEncoded { output.append(0x20) }
                output += bytes
                previousWasEncoded = true
            } else {
                if index > 0 { output.append(0x20) }
                output += Array(token.utf8)
                previousWasEncoded = false
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The display name of `Name <address>`: a quoted-string unquoted, else
    /// atoms and encoded-words decoded.
    static func displayName(inMailbox value: String) -> String {
        guard let open = value.range(of: " <", options: .backwards) else { return "" }
        let phrase = String(value[..<open.lowerBound])
        guard phrase.hasPrefix("\"") else { return decodeUnstructured(phrase) }
        Invariant.require(phrase.count >= 2 && phrase.hasSuffix("\""), "an unclosed quoted-string: \(phrase)")
        var name = ""
        var escaping = false
        for character in phrase.dropFirst().dropLast() {
            if character == "\\" && !escaping { escaping = true } else { name.append(character); escaping = false }
        }
        return name
    }

    /// The bytes of one `=?UTF-8?Q?…?=` or `=?UTF-8?B?…?=` word, or nil.
    static func decodeWord(_ word: String) -> [UInt8]? {
        guard word.hasPrefix("=?"), word.hasSuffix("?="), word.utf8.count >= 12 else { return nil }
        let fields = word.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].uppercased() == "UTF-8" else { return nil }
        switch fields[1].uppercased() {
        case "B":
            return Data(base64Encoded: String(fields[2])).map(Array.init)
        case "Q":
            return QuotedPrintableDecoding.decodeWord(fields[2].utf8)
        default:
            return nil
        }
    }
}

