import Foundation
import Glibc

// A constant-rate HTTP/1.1 load generator, for the spike replay in
// `bench/run`. Requests are due at fixed times whatever the server does;
// each one's latency runs from when it was due, not from when a connection
// was free to send it, so a slow server cannot hide its queue (the
// coordinated omission that closed-loop tools such as wrk have).
//
//   load-bench --port P --slug S [--page-rate 5000] [--count-rate 5000]
//              [--sign-rate 1000] [--duration 60] [--connections 64] [--threads 2]
//              [--static PATH]
//
// Pages are `GET /c/SLUG`; counts are `GET /api/v1/campaigns/SLUG`; each
// signature is a new signer (unique e-mail) from its own X-Forwarded-For
// address, so the server must run with --trust-proxy and every signature
// takes the durable path.

struct Options {
    var port: UInt16 = 8080
    var slug = "seattle-thank-welcoming-city"
    var rates: [Double] = [5000, 5000, 1000]
    var duration = 60.0
    var connections = 64
    var threads = 2
    /// A path to GET instead of the campaign page (for nginx's static file).
    var staticPath: String?

    init(_ arguments: [String]) {
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fatalError("missing value for \(arguments[index - 1])") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--port": port = UInt16(value())!
            case "--slug": slug = value()
            case "--page-rate": rates[0] = Double(value())!
            case "--count-rate": rates[1] = Double(value())!
            case "--sign-rate": rates[2] = Double(value())!
            case "--duration": duration = Double(value())!
            case "--connections": connections = Int(value())!
            case "--threads": threads = Int(value())!
            case "--static": staticPath = value()
            default: fatalError("unknown option \(arguments[index])")
            }
            index += 1
        }
    }
}

enum Kind: Int, CaseIterable {
    case page, count, sign
    var name: String { ["page GET", "count GET (API)", "signature POST"][rawValue] }
}

func monotonic() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// One blocking request, for the session cookie and CSRF token the
/// signatures need.
func session(port: UInt16, slug: String) -> (cookie: String, token: String) {
    let socket = connectSocket(port: port, blocking: true)
    let request = "GET /c/\(slug) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    _ = request.withCString { write(socket, $0, strlen($0)) }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(socket, &buffer, buffer.count)
        if count <= 0 { break }
        response += buffer[..<count]
    }
    close(socket)
    let text = String(decoding: response, as: UTF8.self)
    guard let cookieStart = text.range(of: "Set-Cookie: sid="),
          let cookieEnd = text.range(of: ";", range: cookieStart.upperBound..<text.endIndex),
          let tokenStart = text.range(of: "name=\"csrf\" value=\""),
          let tokenEnd = text.range(of: "\"", range: tokenStart.upperBound..<text.endIndex) else {
        fatalError("no session cookie or CSRF token on /c/\(slug)")
    }
    return ("sid=" + text[cookieStart.upperBound..<cookieEnd.lowerBound], String(text[tokenStart.upperBound..<tokenEnd.lowerBound]))
}

/// A connection to the server on loopback; connected before it is made
/// non-blocking, so the first request is never written too early.
func connectSocket(port: UInt16, blocking: Bool) -> Int32 {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var one: Int32 = 1
    setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if !blocking { _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK) }
    return socket
}

/// What one thread measured.
final class Tally: @unchecked Sendable {
    var latencies: [[Float]] = Kind.allCases.map { _ in [] }
    var errors = [Int](repeating: 0, count: Kind.allCases.count)
    var unfinished = [Int](repeating: 0, count: Kind.allCases.count)
    var statuses: [Int: Int] = [:]
    var connectionFailures = 0
    var largestQueue = 0
}

/// A connection and the request it is waiting on.
struct Connection {
    var socket: Int32 = -1
    var busy = false
    var kind = Kind.page
    var due = 0.0
    var received: [UInt8] = []
}

/// One thread's share of the load: its own connections, polled, and rates.
func drive(thread: Int, options: Options, session: (cookie: String, token: String), start: Double, tally: Tally) {
    let share = Double(options.threads)
    let intervals = options.rates.map { $0 > 0 ? share / $0 : Double.infinity }
    // Threads start their schedules offset, so together they are even.
    var next = intervals.map { start + $0 * Double(thread) / share }
    let end = start + options.duration
    var connections = [Connection](repeating: Connection(), count: max(1, options.connections / options.threads))
    var polled = [pollfd](repeating: pollfd(), count: connections.count)
    var idle: [Int] = []
    var queue: [(kind: Kind, due: Double)] = []
    var queueHead = 0
    var signed = 0
    let run = Int(start * 1000)

    func open(_ index: Int) {
        let socket = connectSocket(port: options.port, blocking: false)
        connections[index] = Connection(socket: socket)
        polled[index] = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
    }
    func request(_ kind: Kind) -> [UInt8] {
        switch kind {
        case .page: return Array("GET \(options.staticPath ?? "/c/" + options.slug) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        case .count: return Array("GET /api/v1/campaigns/\(options.slug) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        case .sign:
            signed += 1
            let body = "csrf=\(session.token)&lang=en&name=Spike+Signer&email=spike-\(run)-\(thread)-\(signed)%40example.org&zip=98104&reason=&consent_public=yes&website="
            return Array("""
                POST /c/\(options.slug)/sign HTTP/1.1\r
                Host: 127.0.0.1\r
                Cookie: \(session.cookie)\r
                X-Forwarded-For: 10.\(thread % 250).\(signed / 250 % 250).\(signed % 250)\r
                Content-Type: application/x-www-form-urlencoded\r
                Content-Length: \(body.utf8.count)\r
                \r
                \(body)
                """.utf8)
        }
    }
    func send(_ index: Int, _ kind: Kind, due: Double) {
        let bytes = request(kind)
        connections[index].busy = true
        connections[index].kind = kind
        connections[index].due = due
        connections[index].received.removeAll(keepingCapacity: true)
        let written = bytes.withUnsafeBytes { write(connections[index].socket, $0.baseAddress, $0.count) }
        if written != bytes.count { fail(index) }
    }
    func fail(_ index: Int) {
        if connections[index].busy {
            tally.errors[connections[index].kind.rawValue] += 1
            tally.latencies[connections[index].kind.rawValue].append(Float(monotonic() - connections[index].due))
        }
        tally.connectionFailures += 1
        close(connections[index].socket)
        open(index)
        idle.append(index)
    }
    /// A whole response in `received`: its status, or nil while it is partial.
    func complete(_ received: [UInt8]) -> Int? {
        guard received.count >= 12 else { return nil }
        var headerEnd = -1
        var index = 0
        while index + 3 < received.count {
            if received[index] == 13, received[index + 1] == 10, received[index + 2] == 13, received[index + 3] == 10 { headerEnd = index + 4; break }
            index += 1
        }
        guard headerEnd > 0 else { return nil }
        // Header lines split on bytes: as a String, "\r\n" is one Character.
        var length = 0
        for line in received[..<headerEnd].split(separator: 10) {
            let text = String(decoding: line, as: UTF8.self).lowercased()
            if text.hasPrefix("content-length:") {
                length = Int(text.dropFirst("content-length:".count).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            }
        }
        guard received.count >= headerEnd + length else { return nil }
        return Int(String(decoding: received[9..<12], as: UTF8.self)) ?? 0
    }

    for index in connections.indices {
        open(index)
        idle.append(index)
    }
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let now = monotonic()
        if now >= end { break }
        for kind in Kind.allCases {
            while next[kind.rawValue] <= now {
                queue.append((kind, next[kind.rawValue]))
                next[kind.rawValue] += intervals[kind.rawValue]
            }
        }
        tally.largestQueue = max(tally.largestQueue, queue.count - queueHead)
        // Oldest idle connection first, so each is used in turn: one left
        // idle past the server's keep-alive timeout (30 s) is closed by the
        // server, and a request sent on it would fail.
        while queueHead < queue.count, !idle.isEmpty {
            let index = idle.removeFirst()
            send(index, queue[queueHead].kind, due: queue[queueHead].due)
            queueHead += 1
        }
        if queueHead > 4096 {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        let wait = max(0, min(next.min()!, end) - monotonic())
        let ready = poll(&polled, nfds_t(polled.count), Int32((wait * 1000).rounded(.up)))
        guard ready > 0 else { continue }
        for index in polled.indices where polled[index].revents != 0 {
            polled[index].revents = 0
            let count = read(connections[index].socket, &buffer, buffer.count)
            if count <= 0 {
                if count < 0 && errno == EAGAIN { continue }
                fail(index)
                continue
            }
            connections[index].received += buffer[..<count]
            guard connections[index].busy, let status = complete(connections[index].received) else { continue }
            let kind = connections[index].kind
            tally.latencies[kind.rawValue].append(Float(monotonic() - connections[index].due))
            tally.statuses[status, default: 0] += 1
            let expected = kind == .sign ? 303 : 200
            if status != expected { tally.errors[kind.rawValue] += 1 }
            connections[index].busy = false
            idle.append(index)
        }
    }
    // Whatever is still waiting or under way did not finish in time.
    for pending in queue[queueHead...] { tally.unfinished[pending.kind.rawValue] += 1 }
    for connection in connections where connection.busy { tally.unfinished[connection.kind.rawValue] += 1 }
    for connection in connections { close(connection.socket) }
}

signal(SIGPIPE, SIG_IGN)
let options = Options(Array(CommandLine.arguments.dropFirst()))
let credentials = options.rates[Kind.sign.rawValue] > 0 ? session(port: options.port, slug: options.slug) : (cookie: "", token: "")
let start = monotonic() + 0.2
let tallies = (0..<options.threads).map { _ in Tally() }
let done = DispatchGroup()
for index in 0..<options.threads {
    done.enter()
    Thread.detachNewThread {
        drive(thread: index, options: options, session: credentials, start: start, tally: tallies[index])
        done.leave()
    }
}
done.wait()

func milliseconds(_ seconds: Float) -> String { String(format: "%.2f", seconds * 1000) }
func row(_ cells: [String]) -> String {
    cells.enumerated().map { index, cell in
        index == 0 ? cell.padding(toLength: 18, withPad: " ", startingAt: 0) : String(repeating: " ", count: max(0, 10 - cell.count)) + cell
    }.joined(separator: " ")
}
print(row(["requests", "rate/s", "done/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "unfinished"]))
for kind in Kind.allCases where options.rates[kind.rawValue] > 0 {
    let latencies = tallies.flatMap { $0.latencies[kind.rawValue] }.sorted()
    func percentile(_ p: Double) -> Float { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    let errors = tallies.reduce(0) { $0 + $1.errors[kind.rawValue] }
    let unfinished = tallies.reduce(0) { $0 + $1.unfinished[kind.rawValue] }
    print(row([kind.name, String(format: "%.0f", options.rates[kind.rawValue]), String(format: "%.0f", Double(latencies.count) / options.duration),
               milliseconds(percentile(0.5)), milliseconds(percentile(0.99)), milliseconds(percentile(0.999)), milliseconds(latencies.last ?? 0),
               "\(errors)", "\(unfinished)"]))
}
let statuses = tallies.reduce(into: [Int: Int]()) { total, tally in total.merge(tally.statuses, uniquingKeysWith: +) }
print("statuses: " + statuses.sorted { $0.key < $1.key }.map { "\($0.key) × \($0.value)" }.joined(separator: ", ")
      + "; connection failures: \(tallies.reduce(0) { $0 + $1.connectionFailures })"
      + "; longest queue of due requests: \(tallies.map(\.largestQueue).max() ?? 0)")
