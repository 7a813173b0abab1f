import Foundation
import Glibc

// A small HTTP/1.1 server on 127.0.0.1 for tests of the code that calls
// other services (the geocoders): each request is recorded and answered by
// the test's handler, one connection at a time, and every answer closes its
// connection. It blocks its own thread only.

/// One request as the server read it.
struct LoopbackRequest: Sendable {
    let method: String
    /// The path without the query: `/search`.
    let path: String
    /// The query exactly as sent, still percent-encoded.
    let rawQuery: String
    /// Headers in the order received.
    let headers: [(name: String, value: String)]

    /// The query's parameters, percent-decoded; a `&` or `=` the client
    /// failed to encode splits or cuts a value here.
    var query: [String: String] {
        var parameters: [String: String] = [:]
        for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? "<undecodable>") : ""
            parameters[name] = value
        }
        return parameters
    }

    /// The first header with this name (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the server does with a request.
enum LoopbackReply: Sendable {
    /// Answers with this status and body, then closes the connection.
    case respond(status: Int, contentType: String = "application/json", body: String)
    /// Reads the request and never answers; the connection stays open
    /// until the server stops.
    case silence
}

/// The server. Its thread holds it until `stop`, which each test calls.
final class LoopbackHTTPServer: Sendable {
    /// The port it listens on.
    let port: Int
    /// `http://127.0.0.1:PORT`.
    var url: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let handler: @Sendable (LoopbackRequest) -> LoopbackReply
    private let received = Locked<[LoopbackRequest]>([])
    private let held = Locked<[Int32]>([])
    private let stopped = Locked(false)

    /// Listens on a free port and answers each request with `handler`.
    init(_ handler: @escaping @Sendable (LoopbackRequest) -> LoopbackReply) throws {
        let (descriptor, port) = try Self.boundSocket()
        guard listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw HTTPTestError.system("listen", errno)
        }
        listener = descriptor
        self.port = port
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// The requests received so far, in order.
    var requests: [LoopbackRequest] { received.withLock { $0 } }

    /// Stops listening and closes every connection still open.
    func stop() {
        guard stopped.withLock({ already in
            defer { already = true }
            return !already
        }) else { return }
        // Wakes the thread blocked in accept(), which then closes the socket.
        shutdown(listener, Int32(SHUT_RDWR))
        for connection in held.withLock({ connections in defer { connections = [] }; return connections }) { close(connection) }
    }

    /// A TCP socket bound to a free port on 127.0.0.1, and the port.
    static func boundSocket() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPTestError.system("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw HTTPTestError.system("bind", errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    // MARK: - Serving

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                break
            }
            if stopped.withLock({ $0 }) {
                close(connection)
                break
            }
            serve(connection)
        }
        close(listener)
    }

    private func serve(_ connection: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else {
            close(connection)
            return
        }
        received.withLock { $0.append(request) }
        switch handler(request) {
        case .silence:
            held.withLock { $0.append(connection) }
        case .respond(let status, let contentType, let body):
            let bytes = Array(body.utf8)
            let head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Type: \(contentType)\r\n"
                + "Content-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
            let message = Array(head.utf8) + bytes
            var sent = 0
            while sent < message.count {
                let count = message[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count <= 0 { break }
                sent += count
            }
            close(connection)
        }
    }

    /// The request line and headers (a GET has no body).
    private func readRequest(_ connection: Int32) -> LoopbackRequest? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end = Array("\r\n\r\n".utf8)
        while bytes.count < end.count || !bytes.suffix(end.count).elementsEqual(end) {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
            if bytes.count > 65536 { return nil }
        }
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        let target = String(requestLine[1])
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        let rawQuery = target.contains("?") ? String(target[target.index(after: target.firstIndex(of: "?") ?? target.startIndex)...]) : ""
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        return LoopbackRequest(method: String(requestLine[0]), path: path, rawQuery: rawQuery, headers: headers)
    }
}
