import CCurl
import Foundation

/// Hands messages to one SMTP server through libcurl, keeping the connection
/// open from one message to the next (libcurl keeps it in the easy handle's
/// cache and reconnects when it has died).
///
/// Not `Sendable`: a libcurl easy handle must be used by one thread at a
/// time, so each sending thread makes its own transport. Nothing it reports
/// holds a message body, a password or a recipient address, except the
/// `refused` list, which the caller asked for.
public final class SMTPTransport {
    /// A recipient the server would not take, with its reply.
    public typealias Refusal = (recipient: String, code: Int, message: String)

    /// The server and credentials.
    public let configuration: SMTPConfiguration
    /// The libcurl easy handle, made at the first send and released by `close`.
    private var handle: UnsafeMutableRawPointer?
    /// Where libcurl writes the detail of its last error (`CURLOPT_ERRORBUFFER`).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let transcript = SMTPTranscript()

    /// libcurl's process-wide set-up, run once whatever the number of threads.
    private static let curlReady: Bool = campaign_curl_global_init_default() == CURLE_OK

    /// Makes a transport; nothing connects before the first `send`.
    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        close()
        errorBuffer.deallocate()
    }

    /// Sends one message (RFC 5322 bytes with CRLF line ends, which libcurl
    /// needs to dot-stuff correctly) from `from` to the envelope `recipients`.
    /// A refused recipient does not stop the others: it is listed in
    /// `refused` with its reply, and the message counts as sent when any
    /// recipient took it.
    public func send(from: String, to recipients: [String], message: [UInt8]) -> (delivery: SMTPDelivery, refused: [Refusal]) {
        guard !recipients.isEmpty else {
            return (.permanentFailure(code: nil, message: "a message needs at least one recipient; nothing was sent"), [])
        }
        guard !([from] + recipients).contains(where: { $0.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) }) else {
            return (.permanentFailure(code: nil, message: "an envelope address holds a line break or control character; nothing was sent"), [])
        }
        var attempt = transfer(from: from, to: recipients, message: message)
        // A connection the server closed while it sat idle fails before any
        // reply; nothing reached the server, so one more try is safe.
        if attempt.reusedConnection && attempt.code != CURLE_OK && transcript.exchanges.isEmpty && Self.isConnectionLoss(attempt.code) {
            attempt = transfer(from: from, to: recipients, message: message)
        }
        let refused = transcript.refusedRecipients.compactMap { refusal -> Refusal? in
            guard recipients.indices.contains(refusal.index) else { return nil }
            return (recipients[refusal.index], refusal.code, refusal.text)
        }
        return (classify(attempt.code, setupProblem: attempt.setupProblem, recipientCount: recipients.count), refused)
    }

    /// Opens a session with the server (its greeting, EHLO, STARTTLS and
    /// the login, as configured), sends no message, and closes it: whether
    /// the server answers again after an outage. Nil when it does; else what
    /// went wrong, in the words a failed send would use.
    public func checkSession() -> String? {
        close()
        defer { close() }
        transcript.reset()
        errorBuffer[0] = 0
        guard Self.curlReady else { return classify(CURLE_FAILED_INIT, setupProblem: "libcurl could not be initialised", recipientCount: 0).failureMessage }
        let handle: UnsafeMutableRawPointer
        switch preparedHandle() {
        case .success(let prepared): handle = prepared
        case .failure(let problem): return classify(CURLE_FAILED_INIT, setupProblem: problem.description, recipientCount: 0).failureMessage
        }
        let option = campaign_curl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
        guard option == CURLE_OK else {
            return classify(option, setupProblem: "libcurl refused CURLOPT_CONNECT_ONLY: \(Self.text(of: option))", recipientCount: 0).failureMessage
        }
        let code = curl_easy_perform(handle)
        return code == CURLE_OK ? nil : classify(code, setupProblem: nil, recipientCount: 0).failureMessage
    }

    /// Says goodbye to the server (QUIT) and releases the connection; the
    /// next `send` opens a new one.
    public func close() {
        if let handle { curl_easy_cleanup(handle) }
        handle = nil
    }

    // MARK: - One transfer

    /// What `curl_easy_perform` left.
    private struct Attempt {
        var code: CURLcode
        var reusedConnection = false
        /// Why the handle could not be set up, when it could not.
        var setupProblem: String?
    }

    /// Runs one SMTP transaction on the (possibly reused) connection.
    private func transfer(from: String, to recipients: [String], message: [UInt8]) -> Attempt {
        transcript.reset()
        errorBuffer[0] = 0
        guard Self.curlReady else { return Attempt(code: CURLE_FAILED_INIT, setupProblem: "libcurl could not be initialised") }
        let handle: UnsafeMutableRawPointer
        switch preparedHandle() {
        case .success(let prepared): handle = prepared
        case .failure(let problem): return Attempt(code: CURLE_FAILED_INIT, setupProblem: problem.description)
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients {
            guard let longer = curl_slist_append(list, recipient) else {
                curl_slist_free_all(list)
                return Attempt(code: CURLE_OUT_OF_MEMORY, setupProblem: "out of memory for the recipient list")
            }
            list = longer
        }
        defer {
            _ = campaign_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
            _ = campaign_curl_setopt_pointer(handle, CURLOPT_READDATA, nil)
            curl_slist_free_all(list)
        }
        let reader = MessageReader(message)
        let options = [
            campaign_curl_setopt_string(handle, CURLOPT_MAIL_FROM, from),
            campaign_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, list),
            campaign_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(reader).toOpaque()),
            campaign_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count)),
        ]
        if let failed = options.first(where: { $0 != CURLE_OK }) {
            return Attempt(code: failed, setupProblem: "libcurl refused the envelope: \(Self.text(of: failed))")
        }
        let code = withExtendedLifetime(reader) { curl_easy_perform(handle) }
        var connects = 0
        _ = campaign_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        return Attempt(code: code, reusedConnection: connects == 0)
    }

    /// The easy handle, made and set up on first use.
    private func preparedHandle() -> Result<UnsafeMutableRawPointer, SetupProblem> {
        if let handle { return .success(handle) }
        guard let made = curl_easy_init() else { return .failure(SetupProblem(description: "libcurl could not make a handle")) }
        let configuration = configuration
        let ssl: curl_usessl
        switch configuration.tls {
        case .none: ssl = CURLUSESSL_NONE
        case .opportunistic: ssl = CURLUSESSL_TRY
        case .required: ssl = CURLUSESSL_ALL
        }
        var options: [(name: String, code: CURLcode)] = [
            ("URL", campaign_curl_setopt_string(made, CURLOPT_URL, configuration.curlURL)),
            ("UPLOAD", campaign_curl_setopt_long(made, CURLOPT_UPLOAD, 1)),
            ("NOSIGNAL", campaign_curl_setopt_long(made, CURLOPT_NOSIGNAL, 1)),
            ("USE_SSL", campaign_curl_setopt_long(made, CURLOPT_USE_SSL, Int(ssl.rawValue))),
            ("TIMEOUT_MS", campaign_curl_setopt_long(made, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.timeout))),
            ("CONNECTTIMEOUT_MS", campaign_curl_setopt_long(made, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))),
            ("MAIL_RCPT_ALLLOWFAILS", campaign_curl_setopt_long(made, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1)),
            ("ERRORBUFFER", campaign_curl_setopt_pointer(made, CURLOPT_ERRORBUFFER, errorBuffer)),
            ("READFUNCTION", campaign_curl_setopt_read_function(made, readMessage)),
            // VERBOSE feeds the debug callback, which reads the exchange;
            // with a callback set, libcurl prints nothing itself.
            ("DEBUGFUNCTION", campaign_curl_setopt_debug_function(made, readProtocol)),
            ("DEBUGDATA", campaign_curl_setopt_pointer(made, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(transcript).toOpaque())),
            ("VERBOSE", campaign_curl_setopt_long(made, CURLOPT_VERBOSE, 1)),
        ]
        if let user = configuration.user {
            options.append(("USERNAME", campaign_curl_setopt_string(made, CURLOPT_USERNAME, user)))
            options.append(("PASSWORD", campaign_curl_setopt_string(made, CURLOPT_PASSWORD, configuration.password ?? "")))
        }
        if let failed = options.first(where: { $0.code != CURLE_OK }) {
            curl_easy_cleanup(made)
            return .failure(SetupProblem(description: "libcurl refused CURLOPT_\(failed.name): \(Self.text(of: failed.code))"))
        }
        handle = made
        return .success(made)
    }

    /// Why a handle could not be set up.
    private struct SetupProblem: Error {
        let description: String
    }

    // MARK: - Outcome

    /// Turns libcurl's result and the transcript into a delivery; the
    /// message names the server, never a recipient.
    private func classify(_ code: CURLcode, setupProblem: String?, recipientCount: Int) -> SMTPDelivery {
        if code == CURLE_OK { return .sent }
        let server = configuration.server
        if let setupProblem {
            return .temporaryFailure(code: nil, message: "cannot send through the SMTP server at \(server): \(setupProblem)")
        }
        // A refusal that ended the transaction: the last reply, when it refused.
        if let last = transcript.exchanges.last, last.code >= 400 {
            let reply = "\(last.code) \(Self.withoutAddresses(last.text))"
            let permanent = last.code >= 500
            func failure(_ message: String) -> SMTPDelivery {
                permanent ? .permanentFailure(code: last.code, message: message) : .temporaryFailure(code: last.code, message: message)
            }
            // Refusals before the transaction (session, TLS, authentication)
            // carry no code: the next message would fail the same way.
            if last.code == 530 || (last.code >= 534 && last.code <= 538) || last.command == .authentication {
                return .temporaryFailure(code: nil, message: "the SMTP server at \(server) refused authentication"
                    + (configuration.user == nil ? " (no user is configured): " : " (check the user name and password): ") + reply)
            }
            switch last.command {
            case .mailFrom:
                return failure("the SMTP server at \(server) refused the sender: \(reply)")
            case .recipient:
                let refused = transcript.refusedRecipients
                if refused.count == transcript.recipientReplies && refused.count == recipientCount {
                    let allPermanent = refused.allSatisfy { $0.code >= 500 }
                    let first = refused.first(where: { allPermanent || $0.code < 500 }) ?? refused[0]
                    let message = "the SMTP server at \(server) refused every recipient (\(refused.count)): "
                        + "\(first.code) \(Self.withoutAddresses(first.text))"
                    return allPermanent ? .permanentFailure(code: first.code, message: message)
                        : .temporaryFailure(code: first.code, message: message)
                }
                return failure("the SMTP server at \(server) refused a recipient: \(reply)")
            case .data, .endOfData:
                return failure("the SMTP server at \(server) did not accept the message: \(reply)")
            case .greeting, .hello, .quit, .other:
                return .temporaryFailure(code: nil, message: "the SMTP server at \(server) refused the session: \(reply)")
            case .startTLS:
                return .temporaryFailure(code: nil, message: "the SMTP server at \(server) refused STARTTLS: \(reply)")
            case .authentication:
                return .temporaryFailure(code: nil, message: "the SMTP server at \(server) refused authentication: \(reply)")
            }
        }
        return .temporaryFailure(code: nil, message: connectionProblem(code))
    }

    /// A failure of the connection rather than a refusal, in words.
    private func connectionProblem(_ code: CURLcode) -> String {
        let server = configuration.server
        switch code {
        case CURLE_COULDNT_CONNECT:
            var osError = 0
            if let handle { _ = campaign_curl_getinfo_long(handle, CURLINFO_OS_ERRNO, &osError) }
            if osError == Int(ECONNREFUSED) || osError == 0 { return "the SMTP server at \(server) refused the connection" }
            return "cannot connect to the SMTP server at \(server): \(String(cString: strerror(Int32(osError))))"
        case CURLE_COULDNT_RESOLVE_HOST:
            return "cannot find the host of the SMTP server at \(server): the name does not resolve"
        case CURLE_OPERATION_TIMEDOUT:
            if transcript.exchanges.isEmpty {
                return "the SMTP server at \(server) did not answer within \(Self.seconds(configuration.connectTimeout)) seconds"
            }
            return "the SMTP server at \(server) stopped answering; gave up after \(Self.seconds(configuration.timeout)) seconds"
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
            return "the SMTP server at \(server) closed the connection"
        case CURLE_USE_SSL_FAILED:
            return "the SMTP server at \(server) does not offer STARTTLS, which --smtp-tls required asks for"
        case CURLE_LOGIN_DENIED:
            return "the SMTP server at \(server) refused authentication (check the user name and password)"
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return "TLS with the SMTP server at \(server) failed: \(detail(of: code))"
        case CURLE_WEIRD_SERVER_REPLY:
            return "the SMTP server at \(server) gave an unexpected reply: \(detail(of: code))"
        default:
            return "sending through the SMTP server at \(server) failed: \(detail(of: code))"
        }
    }

    /// libcurl's detail for the last error, else its text for the code.
    private func detail(of code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return Self.withoutAddresses(detail.isEmpty ? Self.text(of: code) : detail)
    }

    /// Whether the connection broke (rather than the server refusing).
    private static func isConnectionLoss(_ code: CURLcode) -> Bool {
        code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING
    }

    private static func text(of code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }

    /// Server text with anything looking like a mail address replaced, so a
    /// failure's message never carries a recipient.
    static func withoutAddresses(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.contains("@") ? "<address>" : String($0) }
            .joined(separator: " ")
    }

    private static func milliseconds(_ seconds: TimeInterval) -> Int {
        Int((seconds * 1000).rounded())
    }

    private static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

// MARK: - libcurl callbacks

/// The bytes of one message, handed to libcurl as it asks for them.
private final class MessageReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Copies up to `capacity` bytes into `buffer`; 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

/// `CURLOPT_READFUNCTION`: the next piece of the message.
private let readMessage: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { buffer, size, count, reader in
    guard let buffer, let reader else { return 0 }
    return Unmanaged<MessageReader>.fromOpaque(reader).takeUnretainedValue().read(into: buffer, capacity: size * count)
}

/// `CURLOPT_DEBUGFUNCTION`: commands and replies go to the transcript;
/// everything else (curl's notes, the message, TLS bytes) is ignored.
private let readProtocol: @convention(c) (UnsafeMutableRawPointer?, curl_infotype, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = { _, kind, data, size, transcript in
    guard let data, let transcript, kind == CURLINFO_HEADER_OUT || kind == CURLINFO_HEADER_IN else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let log = Unmanaged<SMTPTranscript>.fromOpaque(transcript).takeUnretainedValue()
    if kind == CURLINFO_HEADER_OUT { log.sent(bytes) } else { log.received(bytes) }
    return 0
}
