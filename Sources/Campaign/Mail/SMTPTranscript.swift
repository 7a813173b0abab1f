/// The SMTP commands libcurl sent during one transfer and the replies it got,
/// read from its debug callback. libcurl reports only a numeric code for the
/// whole transfer; this tells which recipient a 550 was for and whether a 451
/// answered the sender, a recipient or the message.
///
/// Only the kind of each command is kept, never its arguments (addresses,
/// AUTH credentials), and message bodies are never looked at. A class, so
/// libcurl's C callback can reach it through an unretained pointer.
final class SMTPTranscript {
    /// What a reply answered.
    enum Command: Equatable {
        /// The server's first words on a new connection.
        case greeting
        case hello
        case startTLS
        /// AUTH and the lines of its challenge and response.
        case authentication
        case mailFrom
        /// The RCPT for the transfer's recipient at `index`, in list order.
        case recipient(index: Int)
        /// The DATA command, answered by 354 when the server wants the message.
        case data
        /// The message itself, answered once its final dot is sent.
        case endOfData
        /// The goodbye libcurl sends when it drops a connection, even in the
        /// middle of a failed transfer; its reply is not kept.
        case quit
        case other
    }

    /// One command (or the greeting) and its reply.
    struct Exchange {
        let command: Command
        let code: Int
        /// The reply's text after the code, lines joined by spaces.
        let text: String
    }

    /// The exchanges of the transfer so far, in order.
    private(set) var exchanges: [Exchange] = []
    /// The command waiting for its reply; nil before any, which on a new
    /// connection means the greeting.
    private var pending: Command?
    private var recipientsSent = 0
    private var lastCode = 0
    private var replyLines: [String] = []
    private var incoming: [UInt8] = []
    private var outgoing: [UInt8] = []

    /// Forgets the previous transfer.
    func reset() {
        exchanges.removeAll(keepingCapacity: true)
        pending = nil
        recipientsSent = 0
        lastCode = 0
        replyLines.removeAll()
        incoming.removeAll()
        outgoing.removeAll()
    }

    /// Bytes of commands libcurl sent (`CURLINFO_HEADER_OUT`).
    func sent(_ bytes: UnsafeRawBufferPointer) {
        outgoing.append(contentsOf: bytes)
        while let end = outgoing.firstIndex(of: 0x0A) {
            let line = outgoing[..<end]
            outgoing.removeSubrange(...end)
            pending = classify(line)
        }
    }

    /// Bytes of replies libcurl read (`CURLINFO_HEADER_IN`).
    func received(_ bytes: UnsafeRawBufferPointer) {
        incoming.append(contentsOf: bytes)
        while let end = incoming.firstIndex(of: 0x0A) {
            var line = String(decoding: incoming[..<end], as: UTF8.self)
            incoming.removeSubrange(...end)
            if line.hasSuffix("\r") { line.removeLast() }
            receivedLine(line)
        }
    }

    /// The recipients' replies that refused them, by index in the list.
    var refusedRecipients: [(index: Int, code: Int, text: String)] {
        exchanges.compactMap { exchange in
            guard case .recipient(let index) = exchange.command, exchange.code >= 400 else { return nil }
            return (index, exchange.code, exchange.text)
        }
    }

    /// The RCPT commands that were answered at all.
    var recipientReplies: Int {
        exchanges.filter { if case .recipient = $0.command { return true } else { return false } }.count
    }

    /// One reply line: `250-…` goes on, `250 …` ends the reply.
    private func receivedLine(_ line: String) {
        let digits = line.prefix(3)
        guard digits.count == 3, let code = Int(digits) else { return }
        let rest = line.dropFirst(3)
        replyLines.append(String(rest.dropFirst()))
        if rest.first == "-" { return }
        let exchange = Exchange(command: pending ?? .greeting, code: code,
                                text: replyLines.filter { !$0.isEmpty }.joined(separator: " "))
        replyLines.removeAll()
        if exchange.command == .quit { return }
        exchanges.append(exchange)
        lastCode = code
        // After 354 the message goes out and the next reply is about it.
        if exchange.command == .data && code == 354 {
            pending = .endOfData
        } else if code == 334 {
            pending = .authentication
        } else {
            pending = .other
        }
    }

    /// The kind of a command line; the line itself is not kept.
    private func classify(_ line: ArraySlice<UInt8>) -> Command {
        // The lines answering an AUTH challenge are credentials in base64.
        if lastCode == 334 && pending == .authentication { return .authentication }
        let verb = String(decoding: line.prefix(10), as: UTF8.self).uppercased()
        if verb.hasPrefix("EHLO") || verb.hasPrefix("HELO") { return .hello }
        if verb.hasPrefix("STARTTLS") { return .startTLS }
        if verb.hasPrefix("AUTH") { return .authentication }
        if verb.hasPrefix("MAIL FROM") { return .mailFrom }
        if verb.hasPrefix("RCPT TO") {
            recipientsSent += 1
            return .recipient(index: recipientsSent - 1)
        }
        if verb.hasPrefix("DATA") { return .data }
        if verb.hasPrefix("QUIT") { return .quit }
        return .other
    }
}
