@testable import Campaign
import Foundation
import Glibc
import Testing

// A raw HTTP/1.1 client over a loopback TCP socket, and the `campaign-server`
// binary as a child process, for the end-to-end tests. Everything here
// blocks: run it on a thread of its own (`onThread`), never on the
// cooperative pool the tests themselves run on.

// MARK: - Responses and errors

/// One HTTP response as it came off the socket.
struct HTTPResponse: Sendable {
    let status: Int
    let reason: String
    /// Headers in the order received, names as sent.
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    /// The body as UTF-8 text (invalid bytes become U+FFFD).
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first header with this name (case-insensitive).
    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// Every header with this name, e.g. several `Set-Cookie`.
    func headers(_ name: String) -> [String] { headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value) }

    var setCookies: [String] { headers("Set-Cookie") }

    /// Whether the server said it will close the connection.
    var closesConnection: Bool { header("Connection")?.lowercased().contains("close") == true }

    /// A short description for failure messages.
    var summary: String { "\(status) \(reason) \(headers.map { "\($0.name): \($0.value)" }) \(text.prefix(300))" }
}

enum HTTPTestError: Error, CustomStringConvertible {
    case system(String, Int32)
    case timedOut(String)
    case closed(String, received: Int)
    case malformed(String)

    var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code))) (\(code))"
        case .timedOut(let what): "timed out \(what)"
        case .closed(let what, let received): "connection closed \(what) after \(received) bytes"
        case .malformed(let what): "malformed response: \(what)"
        }
    }
}

// MARK: - One connection

/// One TCP connection to 127.0.0.1, with receive and send timeouts.
final class HTTPConnection {
    private(set) var descriptor: Int32
    /// Received bytes not yet consumed by a response.
    private var buffer: [UInt8] = []
    private(set) var isOpen = true

    /// `source` is another loopback address to connect from (127.0.0.0/8
    /// is all local), for clients the server must see as different machines.
    init(port: UInt16, timeout: Double = 15, from source: String? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPTestError.system("socket", errno) }
        // Closes the socket when a step fails, so a failed connection holds no descriptor.
        func check(_ result: Int32, _ step: String) throws {
            guard result != 0 else { return }
            let code = errno
            Glibc.close(descriptor)
            isOpen = false
            throw HTTPTestError.system(step, code)
        }
        if let source {
            try check(Self.withLoopback(source, port: 0) { bind(descriptor, $0, $1) }, "bind \(source)")
        }
        try check(Self.withLoopback("127.0.0.1", port: port) { connect(descriptor, $0, $1) }, "connect")
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), 1 /* TCP_NODELAY */, &one, socklen_t(MemoryLayout<Int32>.size))
        setTimeout(timeout)
    }

    deinit { close() }

    /// Sets SO_RCVTIMEO and SO_SNDTIMEO.
    /// Calls `body` with an IPv4 socket address for `host` and `port`.
    private static func withLoopback(_ host: String, port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    func setTimeout(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends all of `bytes` (MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE).
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw HTTPTestError.system("send", errno)
            }
            offset += sent
        }
    }

    /// Reads more bytes into the buffer; false at the end of the stream.
    @discardableResult
    func fill(_ what: @autoclosure () -> String = "reading") throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count == 0 { return false }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw HTTPTestError.timedOut(what())
            case ECONNRESET: return false
            default: throw HTTPTestError.system("recv", errno)
            }
        }
    }

    /// Reads one response; `method` tells whether a body follows (not for HEAD).
    func readResponse(method: String = "GET") throws -> HTTPResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find(separator, in: buffer)
            if headEnd == nil, try !fill("waiting for response headers") {
                throw HTTPTestError.closed("before the response headers were complete", received: buffer.count)
            }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw HTTPTestError.malformed("status line '\(statusLine)'")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw HTTPTestError.malformed("header line '\(line)'") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let response = { (body: [UInt8]) in
            HTTPResponse(status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, body: body)
        }
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) { return response([]) }
        if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            return response(try readChunked())
        }
        if let lengthText = header("content-length") {
            guard let length = Int(lengthText), length >= 0 else { throw HTTPTestError.malformed("Content-Length '\(lengthText)'") }
            while buffer.count < length {
                if try !fill("reading a body of \(length) bytes") { throw HTTPTestError.closed("inside the body", received: buffer.count) }
            }
            let body = Array(buffer[..<length])
            buffer.removeFirst(length)
            return response(body)
        }
        // Neither: the body runs until the connection closes.
        while try fill("reading a body until close") {}
        let body = buffer
        buffer = []
        isOpen = false
        return response(body)
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        let crlf: [UInt8] = [13, 10]
        while true {
            var lineEnd = Self.find(crlf, in: buffer)
            while lineEnd == nil {
                if try !fill("reading a chunk size") { throw HTTPTestError.closed("inside a chunked body", received: body.count) }
                lineEnd = Self.find(crlf, in: buffer)
            }
            let sizeText = String(decoding: buffer[..<lineEnd!], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw HTTPTestError.malformed("chunk size '\(sizeText)'") }
            buffer.removeFirst(lineEnd! + 2)
            if size == 0 {
                // Trailers, then an empty line.
                while true {
                    var end = Self.find(crlf, in: buffer)
                    while end == nil {
                        if try !fill("reading trailers") { return body }
                        end = Self.find(crlf, in: buffer)
                    }
                    let empty = end == 0
                    buffer.removeFirst(end! + 2)
                    if empty { return body }
                }
            }
            while buffer.count < size + 2 {
                if try !fill("reading a chunk") { throw HTTPTestError.closed("inside a chunk", received: body.count) }
            }
            body.append(contentsOf: buffer[..<size])
            buffer.removeFirst(size + 2)
        }
    }

    /// Waits up to `seconds` for the peer to close; returns whether it did
    /// (end of stream or reset). Bytes that arrive meanwhile are kept in `unread`.
    func waitForClose(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, min(200, deadline.timeIntervalSinceNow * 1000))))
            if ready > 0 {
                var chunk = [UInt8](repeating: 0, count: 65536)
                let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count > 0 { buffer.append(contentsOf: chunk[..<count]); continue }
                if count == 0 || errno == ECONNRESET { return true }
            }
        }
        return false
    }

    /// Bytes received but not consumed by a response.
    var unread: [UInt8] { buffer }

    /// Sends `bytes` one at a time, `interval` seconds apart, until all are
    /// sent or the server closes or answers. Returns how long it took from
    /// `since`, whether the server closed, and what it sent back.
    func drip(_ bytes: [UInt8], interval: Double, since: Date = Date()) -> (elapsed: Double, closed: Bool, received: [UInt8]) {
        for byte in bytes {
            do { try send([byte]) } catch { return (Date().timeIntervalSince(since), true, buffer) }
            if waitForClose(seconds: interval) { return (Date().timeIntervalSince(since), true, buffer) }
            if !buffer.isEmpty {
                // An answer before the request was complete: wait for the close that should follow.
                let closed = waitForClose(seconds: 2)
                return (Date().timeIntervalSince(since), closed, buffer)
            }
        }
        return (Date().timeIntervalSince(since), false, buffer)
    }

    /// Closes the socket (FIN).
    func close() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(descriptor)
    }

    /// Closes the socket with a reset (SO_LINGER 0), as a crashed client would.
    func abort() {
        guard isOpen else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}

// MARK: - A client with a cookie jar

/// Requests with a cookie jar; one connection per request, or one
/// keep-alive connection reused for all of them.
final class HTTPTestClient {
    let port: UInt16
    /// Cookies by name, as the server set them.
    private(set) var cookies: [String: String] = [:]
    private var cookieOrder: [String] = []
    /// Reuse one connection (no `Connection: close`).
    var keepAlive: Bool
    var timeout: Double
    /// Sent with every request (e.g. Accept-Language, X-Forwarded-For).
    var defaultHeaders: [(String, String)] = []
    private var connection: HTTPConnection?
    /// How many connections this client has opened.
    private(set) var connectionsOpened = 0

    init(port: UInt16, keepAlive: Bool = false, timeout: Double = 15) {
        self.port = port
        self.keepAlive = keepAlive
        self.timeout = timeout
    }

    func cookie(_ name: String) -> String? { cookies[name] }

    func setCookie(_ name: String, _ value: String?) {
        if let value {
            if cookies[name] == nil { cookieOrder.append(name) }
            cookies[name] = value
        } else {
            cookies[name] = nil
            cookieOrder.removeAll { $0 == name }
        }
    }

    func clearCookies() {
        cookies = [:]
        cookieOrder = []
    }

    /// The Cookie header the jar sends, or nil when empty.
    var cookieHeader: String? {
        cookieOrder.isEmpty ? nil : cookieOrder.compactMap { name in cookies[name].map { "\(name)=\($0)" } }.joined(separator: "; ")
    }

    /// The raw bytes of a request.
    func requestBytes(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                      contentLength: Int? = nil) -> [UInt8] {
        var lines = ["\(method) \(target) HTTP/1.1", "Host: 127.0.0.1:\(port)"]
        let all = defaultHeaders + headers
        for (name, value) in all { lines.append("\(name): \(value)") }
        if let cookie = cookieHeader, !all.contains(where: { $0.0.lowercased() == "cookie" }) { lines.append("Cookie: \(cookie)") }
        if let length = contentLength ?? body?.count, !all.contains(where: { $0.0.lowercased() == "content-length" }) {
            lines.append("Content-Length: \(length)")
        }
        if !keepAlive { lines.append("Connection: close") }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + (body ?? [])
    }

    /// Sends a request and reads its response, keeping the cookies it sets.
    func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil) throws -> HTTPResponse {
        let connection = try openConnection()
        try connection.send(requestBytes(method, target, headers: headers, body: body))
        let response = try connection.readResponse(method: method)
        keep(response)
        if !keepAlive || response.closesConnection || !connection.isOpen {
            connection.close()
            self.connection = nil
        }
        return response
    }

    /// The connection to use: the kept one, or a new one.
    func openConnection() throws -> HTTPConnection {
        if keepAlive, let connection, connection.isOpen { return connection }
        let connection = try HTTPConnection(port: port, timeout: timeout)
        connectionsOpened += 1
        if keepAlive { self.connection = connection }
        return connection
    }

    /// Drops the kept connection.
    func disconnect() {
        connection?.close()
        connection = nil
    }

    func get(_ target: String, headers: [(String, String)] = []) throws -> HTTPResponse {
        try request("GET", target, headers: headers)
    }

    func head(_ target: String, headers: [(String, String)] = []) throws -> HTTPResponse {
        try request("HEAD", target, headers: headers)
    }

    /// POSTs a url-encoded form.
    func post(_ target: String, form: [(String, String)], headers: [(String, String)] = [],
              contentType: String? = "application/x-www-form-urlencoded") throws -> HTTPResponse {
        try post(target, body: Array(Self.encode(form).utf8), headers: headers, contentType: contentType)
    }

    /// POSTs raw bytes.
    func post(_ target: String, body: [UInt8], headers: [(String, String)] = [],
              contentType: String? = "application/x-www-form-urlencoded") throws -> HTTPResponse {
        try request("POST", target, headers: (contentType.map { [("Content-Type", $0)] } ?? []) + headers, body: body)
    }

    /// Takes the cookies a response sets (Max-Age=0 deletes).
    func keep(_ response: HTTPResponse) {
        for header in response.setCookies {
            let attributes = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            let expired = attributes.dropFirst().contains { $0.lowercased() == "max-age=0" }
            setCookie(name, expired ? nil : value)
        }
    }

    /// `application/x-www-form-urlencoded`, every byte but the unreserved ones escaped.
    static func encode(_ form: [(String, String)]) -> String {
        form.map { percentEncode($0.0) + "=" + percentEncode($0.1) }.joined(separator: "&")
    }

    static func percentEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

// MARK: - The server process

extension TestSupport {
    /// The built `campaign-server` binary, beside the `campaign` one.
    static var serverBinary: String {
        URL(fileURLWithPath: campaignBinary).deletingLastPathComponent().appendingPathComponent("campaign-server").path
    }
}

/// `campaign-server` running as a child process on a free port, its
/// standard error captured line by line.
final class ServerProcess: @unchecked Sendable {
    /// How the process ended.
    struct Exit: Sendable, Equatable, CustomStringConvertible {
        /// The exit status, or the signal that killed it.
        let status: Int32
        let signaled: Bool
        var description: String { signaled ? "killed by signal \(status)" : "exit status \(status)" }
        static let success = Exit(status: 0, signaled: false)
    }

    let process: Process
    let port: UInt16
    let databasePath: String
    private let condition = NSCondition()
    private var lines: [String] = []
    private var partial: [UInt8] = []
    private var streamEnded = false

    private init(process: Process, port: UInt16, databasePath: String, lines: [String], partial: [UInt8]) {
        self.process = process
        self.port = port
        self.databasePath = databasePath
        self.lines = lines
        self.partial = partial
    }

    /// Starts the server with `arguments` (after `--db`, `--port 0`, `--data`)
    /// and waits for its "listening" line. `openFiles` limits its open files
    /// (`ulimit -n`, through a shell that then becomes the server).
    /// `signalOnListening` is sent the instant the line is read, from the
    /// thread that reads it, for tests of a signal that comes that early.
    static func start(_ arguments: [String] = [], data: String = TestSupport.dataFolder, database: String? = nil,
                      openFiles: Int? = nil, signalOnListening: Int32? = nil, timeout: Double = 60) throws -> ServerProcess {
        // A new file of the demo data is a copy of one seeded once: the
        // server would seed it the same way, at a second of CPU each time.
        let databasePath = try database ?? (data == TestSupport.dataFolder ? TestSupport.seededDatabasePath() : TestSupport.temporaryFolder() + "/c.sqlite")
        let process = Process()
        let serverArguments = ["--db", databasePath, "--port", "0", "--data", data] + arguments
        if let openFiles {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFiles) && exec \"$0\" \"$@\"", TestSupport.serverBinary] + serverArguments
        } else {
            process.executableURL = URL(fileURLWithPath: TestSupport.serverBinary)
            process.arguments = serverArguments
        }
        process.currentDirectoryURL = TestSupport.repository
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CAMPAIGN_") }
        environment["CAMPAIGN_TEMPLATES"] = TestSupport.repository.appendingPathComponent("templates").path
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Read standard error on a thread of its own until it ends.
        let reader = StartupReader()
        let processID = process.processIdentifier
        if let signalOnListening { reader.onListening = { _ = Glibc.kill(processID, signalOnListening) } }
        let descriptor = errors.fileHandleForReading.fileDescriptor
        let handle = errors.fileHandleForReading
        let thread = Thread {
            var chunk = [UInt8](repeating: 0, count: 16384)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                reader.append(Array(chunk[..<count]))
            }
            reader.end()
            _ = handle
        }
        thread.start()
        // Wait for the port.
        let deadline = Date().addingTimeInterval(timeout)
        var port: UInt16?
        while port == nil {
            let (lines, ended) = reader.snapshot()
            for line in lines where line.hasPrefix("campaign-server: listening on http://127.0.0.1:") {
                port = UInt16(line.split(separator: ":").last ?? "")
            }
            if port != nil { break }
            if ended || !process.isRunning || Date() > deadline {
                if process.isRunning { process.terminate() }
                throw HTTPTestError.malformed("campaign-server did not start: \(lines.joined(separator: "\n"))")
            }
            usleep(10_000)
        }
        let server = ServerProcess(process: process, port: port!, databasePath: databasePath, lines: [], partial: [])
        reader.attach(server)
        return server
    }

    /// Collects output until the server object exists, then hands it on.
    private final class StartupReader: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        private var partial: [UInt8] = []
        private var ended = false
        private var server: ServerProcess?
        /// Called once, on the reading thread, when the "listening" line arrives.
        var onListening: (() -> Void)?

        func append(_ bytes: [UInt8]) {
            let (target, listening) = lock.withLock { () -> (ServerProcess?, (() -> Void)?) in
                if let server { return (server, nil) }
                partial += bytes
                var listening: (() -> Void)?
                while let newline = partial.firstIndex(of: 10) {
                    let line = String(decoding: partial[..<newline], as: UTF8.self)
                    if line.hasPrefix("campaign-server: listening on ") { listening = onListening; onListening = nil }
                    lines.append(line)
                    partial.removeFirst(newline + 1)
                }
                return (nil, listening)
            }
            listening?()
            target?.append(bytes)
        }

        func end() {
            let target = lock.withLock { () -> ServerProcess? in
                ended = true
                return server
            }
            target?.endOfStream()
        }

        func snapshot() -> ([String], Bool) { lock.withLock { (lines, ended) } }

        func attach(_ server: ServerProcess) {
            lock.withLock {
                server.condition.withLock {
                    server.lines = lines
                    server.partial = partial
                    server.streamEnded = ended
                }
                self.server = server
            }
        }
    }

    private func append(_ bytes: [UInt8]) {
        condition.withLock {
            partial += bytes
            while let newline = partial.firstIndex(of: 10) {
                lines.append(String(decoding: partial[..<newline], as: UTF8.self))
                partial.removeFirst(newline + 1)
            }
            condition.broadcast()
        }
    }

    private func endOfStream() {
        condition.withLock {
            if !partial.isEmpty { lines.append(String(decoding: partial, as: UTF8.self)); partial = [] }
            streamEnded = true
            condition.broadcast()
        }
    }

    /// Every line written to standard error so far.
    var log: [String] { condition.withLock { lines } }

    /// Waits until a line satisfies `predicate`; returns it, or nil on timeout.
    func waitForLine(timeout: Double = 5, where predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let line = lines.first(where: predicate) { return line }
            if streamEnded || !condition.wait(until: deadline) { return lines.first(where: predicate) }
        }
    }

    /// Waits until `count` lines satisfy `predicate`; returns those there are by then.
    func waitForLines(count: Int, timeout: Double = 5, where predicate: (String) -> Bool) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let found = lines.filter(predicate)
            if found.count >= count || streamEnded || !condition.wait(until: deadline) { return lines.filter(predicate) }
        }
    }

    /// Waits until standard error has ended (after the process exits).
    func waitForEndOfLog(timeout: Double = 5) {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !streamEnded && condition.wait(until: deadline) {}
    }

    var isRunning: Bool { process.isRunning }

    func send(signal: Int32) { Glibc.kill(process.processIdentifier, signal) }

    /// Waits for the process to exit; nil if it is still running after `timeout`.
    func waitForExit(timeout: Double) -> Exit? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(10_000)
        }
        waitForEndOfLog()
        return Exit(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal)
    }

    /// Sends `signal` and waits for the exit; after `timeout`, kills it with SIGKILL.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Double = 30) -> (exit: Exit, seconds: Double, timedOut: Bool) {
        let started = Date()
        guard process.isRunning else {
            return (Exit(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal), 0, false)
        }
        send(signal: signal)
        if let exit = waitForExit(timeout: timeout) { return (exit, Date().timeIntervalSince(started), false) }
        kill()
        return (waitForExit(timeout: 10) ?? Exit(status: SIGKILL, signaled: true), Date().timeIntervalSince(started), true)
    }

    /// Kills the process with SIGKILL (no chance to clean up) and waits for it.
    func kill() {
        guard process.isRunning else { return }
        send(signal: SIGKILL)
        _ = waitForExit(timeout: 10)
    }

    /// A client for this server.
    func client(keepAlive: Bool = false) -> HTTPTestClient { HTTPTestClient(port: port, keepAlive: keepAlive) }

    /// The database file, opened beside the server (WAL lets both read).
    func database() throws -> DatabasePool { try DatabasePool(path: databasePath) }

    /// Standard error as one text, for failure messages.
    var logText: String { log.joined(separator: "\n") }
}

// MARK: - Blocking work off the cooperative pool

/// Failures noticed on a plain thread, recorded against the test once the
/// thread is done (Swift Testing attributes issues through task-locals,
/// which a `Thread` does not have).
final class Checks: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [(message: String, location: Testing.SourceLocation)] = []

    /// Records a failure unless `condition` holds; returns `condition`.
    @discardableResult
    func expect(_ condition: Bool, _ message: @autoclosure () -> String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        if !condition { fail(message(), sourceLocation: sourceLocation) }
        return condition
    }

    /// Like `expect`, but stops the test body when `condition` fails.
    func require(_ condition: Bool, _ message: @autoclosure () -> String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if !condition { throw RequirementFailed(message: message(), location: sourceLocation) }
    }

    /// Unwraps `value`, or records a failure and stops the body.
    func unwrap<T>(_ value: T?, _ message: @autoclosure () -> String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> T {
        guard let value else { throw RequirementFailed(message: "unexpected nil: " + message(), location: sourceLocation) }
        return value
    }

    func fail(_ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        lock.withLock { failures.append((message, sourceLocation)) }
    }

    /// Records the failures with Swift Testing (call on the test's task).
    func replay() {
        for failure in lock.withLock({ failures }) {
            Issue.record(Comment(rawValue: failure.message), sourceLocation: failure.location)
        }
    }

    /// A failed `require` or `unwrap`: recorded once, as `#require` would.
    struct RequirementFailed: Error, CustomStringConvertible {
        let message: String
        let location: Testing.SourceLocation
        var description: String { "requirement failed: \(message)" }
    }
}

/// Runs `body` on a new thread and waits for it without holding a thread
/// of the cooperative pool; failures noted on `Checks` become issues.
func onThread<T: Sendable>(_ body: @escaping @Sendable (Checks) throws -> T) async throws -> T {
    let checks = Checks()
    let result: Result<T, Error> = await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: Result { try body(checks) }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
    checks.replay()
    if case .failure(let error as Checks.RequirementFailed) = result {
        try #require(Bool(false), Comment(rawValue: error.message), sourceLocation: error.location)
    }
    return try result.get()
}

/// Runs `bodies` at once on threads of their own and waits for all of them.
func concurrently(_ bodies: [@Sendable () -> Void]) {
    let group = DispatchGroup()
    for body in bodies {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    group.wait()
}
