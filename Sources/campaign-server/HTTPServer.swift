import CMicroHTTPD
import Campaign
import CampaignWeb
import Foundation
import Glibc
import Synchronization

/// The app on a socket: libmicrohttpd with an internal epoll thread pool,
/// keep-alive, connection limits, and suspend/resume so a signing request
/// waits for the writer without holding a thread.
final class HTTPServer: @unchecked Sendable {
    let app: App
    let configuration: Configuration
    let watchdog: ConnectionWatchdog
    /// Connections at once: as configured, or fewer when open files are limited.
    let connectionLimit: Int
    let log = RequestLog()
    private var daemon: OpaquePointer?
    /// Requests and connections, shared with the app's `/metrics`.
    var metrics: HTTPMetrics { app.httpMetrics }
    /// Set at shutdown: new requests on kept-alive connections are refused.
    fileprivate let draining = Atomic<Bool>(false)

    /// Where connections are accepted.
    let listener: ListeningSocket

    init(app: App, configuration: Configuration, listener: ListeningSocket) {
        self.app = app
        self.configuration = configuration
        self.listener = listener
        connectionLimit = Self.connectionsThatFit(configuration.connectionLimit)
        watchdog = ConnectionWatchdog(headerDeadline: configuration.headerDeadline, bodyDeadline: configuration.bodyDeadline,
                                      crowdedHeaderDeadline: configuration.crowdedHeaderDeadline, crowdedAt: connectionLimit * 9 / 10,
                                      metrics: app.httpMetrics)
    }

    /// Descriptors kept for what is not a connection: the database, the
    /// log, libmicrohttpd's epoll and inter-thread channels, exports.
    static let descriptorsBesideConnections = 256

    /// Raises the soft limit on open files towards the hard one as far as
    /// `wanted` connections need, and returns how many fit under it. Every
    /// connection is a descriptor: past the limit, accepting fails, and the
    /// crowded server would never shorten its header deadline (it counts
    /// against the connection limit), so new visitors would wait for the
    /// ten-second one.
    static func connectionsThatFit(_ wanted: Int) -> Int {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return wanted }
        let needed = rlim_t(wanted + descriptorsBesideConnections)
        if limit.rlim_cur < needed {
            var raised = limit
            raised.rlim_cur = min(needed, limit.rlim_max)
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return max(1, min(wanted, Int(clamping: limit.rlim_cur) - descriptorsBesideConnections))
    }

    /// Starts accepting on the listening socket.
    func start() throws {
        let context = Unmanaged.passUnretained(self).toOpaque()
        var options: [MHD_OptionItem] = [
            campaign_mhd_option_listen_socket(listener.descriptor),
            campaign_mhd_option_threads(UInt32(configuration.threads)),
            campaign_mhd_option_connection_limit(UInt32(connectionLimit)),
            // Behind a proxy every connection comes from the proxy's address.
            campaign_mhd_option_per_address_limit(UInt32(configuration.trustProxy ? connectionLimit : configuration.connectionsPerAddress)),
            campaign_mhd_option_memory_limit(configuration.memoryPerConnection),
            campaign_mhd_option_timeout(UInt32(configuration.idleTimeout)),
            campaign_mhd_option_uri_logger(requestLineReceived, context),
            campaign_mhd_option_completed(requestCompleted, context),
            campaign_mhd_option_connection(connectionChanged, context),
            campaign_mhd_option_end(),
        ]
        let started = options.withUnsafeMutableBufferPointer { buffer in
            campaign_mhd_start_daemon(campaign_mhd_server_flags(), listener.port, handleRequest, context, buffer.baseAddress)
        }
        guard let started else {
            throw InputError("cannot serve on \(configuration.bind):\(listener.port) (libmicrohttpd would not start)")
        }
        daemon = started
    }

    /// Stops accepting connections and new requests; requests whose
    /// headers are complete carry on, and clients still sending one are cut.
    func stopAccepting() {
        draining.store(true, ordering: .releasing)
        guard let daemon else { return }
        let listening = MHD_quiesce_daemon(daemon)
        if listening >= 0 { close(listening) }
        watchdog.cutUnfinishedRequests()
    }

    /// Waits until no request is in flight, at most `seconds`; false on timeout.
    func waitUntilIdle(seconds: Double) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while metrics.requestsInFlight > 0 {
            if ContinuousClock.now > deadline { return false }
            usleep(10_000)
        }
        return true
    }

    /// Closes every connection; call only once nothing is suspended.
    func stop() {
        watchdog.stop()
        log.stop()
        if let daemon { MHD_stop_daemon(daemon) }
        daemon = nil
    }

    /// The answer to a request whose body cannot be framed safely, before
    /// any of the body is read (the connection is then closed). Two lengths,
    /// or a length beside a transfer coding, could be read one way here and
    /// another by a proxy in front, which would smuggle a second request in
    /// the body (RFC 9112 §6.3); a coding other than chunked cannot be read;
    /// and a length over the limit is refused however many digits it has.
    static func framingRefusal(_ headers: [String: String], maximumBody: Int) -> Response? {
        let length = headers["content-length"]
        if let coding = headers["transfer-encoding"] {
            guard length == nil else { return .text("Send Content-Length or Transfer-Encoding, not both.\n", status: 400) }
            guard coding.lowercased() == "chunked" else { return .text("Only the chunked transfer coding is understood.\n", status: 501) }
        }
        guard let length else { return nil }
        // Repeated fields arrive joined by commas, so this also refuses a second Content-Length.
        guard !length.isEmpty, length.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .text("Content-Length must be one number.\n", status: 400)
        }
        guard let bytes = Int(length), bytes <= maximumBody else { return .text("The request is too large.\n", status: 413) }
        return nil
    }

    // MARK: - Callbacks

    fileprivate func begin(_ state: RequestState) { metrics.requestBegan() }

    /// The address a connection comes from, as text.
    fileprivate static func peerAddress(_ connection: OpaquePointer) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            guard let base = buffer.baseAddress else { return "" }
            campaign_mhd_client_address(connection, base, socklen_t(buffer.count))
            return String(cString: base)
        }
    }

    fileprivate func finish(_ state: RequestState) {
        // Method, path without query, status, duration: nothing personal.
        let microseconds = Int((DispatchTime.now().uptimeNanoseconds - state.startedAt.uptimeNanoseconds) / 1000)
        log.record(method: state.method, target: state.target, status: state.status, microseconds: microseconds)
        metrics.requestFinished(method: state.method, target: state.target, status: state.status, microseconds: microseconds)
        metrics.requestEnded()
    }

    fileprivate func respond(_ response: Response, state: RequestState, connection: OpaquePointer, close: Bool = false) -> MHD_Result {
        state.status = response.status
        state.phase = .answered
        let mhdResponse: OpaquePointer?
        if let file = response.file {
            // libmicrohttpd reads the file as the client takes it, and closes it.
            mhdResponse = MHD_create_response_from_fd(file.size, file.descriptor)
        } else {
            mhdResponse = response.body.withUnsafeBytes { bytes in
                campaign_mhd_response_copying(bytes.count, bytes.baseAddress)
            }
        }
        guard let mhdResponse else { return .NO }
        defer { MHD_destroy_response(mhdResponse) }
        for (name, value) in response.headers {
            // withCString lends a short string's bytes from the stack; passing
            // the String itself made a heap copy of most names and values.
            name.withCString { name in value.withCString { value in _ = MHD_add_response_header(mhdResponse, name, value) } }
        }
        if close { MHD_add_response_header(mhdResponse, "Connection", "close") }
        return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
    }

    /// An answer the binding gives before the app sees the request, with
    /// the security headers the app puts on its own. (libmicrohttpd's own
    /// answers to requests it cannot parse, such as 400, 414 and 431, are
    /// made inside the library, which offers no hook to add headers to them.)
    fileprivate func ownAnswer(_ response: Response, _ state: RequestState) -> Response {
        var response = response
        SecurityHeaders.apply(to: &response, secure: configuration.trustProxy && state.headers["x-forwarded-proto"]?.lowercased() == "https")
        return response
    }

    fileprivate func request(_ state: RequestState, connection: OpaquePointer, record: ConnectionWatchdog.Record?) -> Request {
        let peer = record?.peerAddress ?? Self.peerAddress(connection)
        var client = peer
        var secure = false
        if configuration.trustProxy {
            // The proxy appends the address it saw; the last entry is the one it vouches for.
            if let header = state.headers["x-forwarded-for"] {
                let last = header.utf8.contains(UInt8(ascii: ",")) ? header.split(separator: ",").last.map(String.init) ?? "" : header
                let forwarded = last.trimmedWhitespace
                if !forwarded.isEmpty { client = forwarded }
            }
            secure = state.headers["x-forwarded-proto"]?.lowercased() == "https"
        }
        return Request(method: state.method, target: state.target, headers: state.headers, body: state.body, clientAddress: client, isSecure: secure,
                       peerAddress: peer)
    }
}

// MARK: - C entry points

private func server(_ context: UnsafeMutableRawPointer?) -> HTTPServer? {
    context.map { Unmanaged<HTTPServer>.fromOpaque($0).takeUnretainedValue() }
}

/// The request line has arrived: the request's state begins here.
private let requestLineReceived: campaign_mhd_uri_logger = { context, uri, connection in
    let state = RequestState(target: uri.map { String(cString: $0) } ?? "/")
    server(context)?.begin(state)
    return Unmanaged.passRetained(state).toOpaque()
}

private let requestCompleted: MHD_RequestCompletedCallback = { context, connection, requestContext, _ in
    guard let pointer = requestContext?.pointee else { return }
    let state = Unmanaged<RequestState>.fromOpaque(pointer).takeRetainedValue()
    requestContext?.pointee = nil
    guard let server = server(context) else { return }
    if let connection, let record = campaign_mhd_socket_context(connection) {
        server.watchdog.set(Unmanaged<ConnectionWatchdog.Record>.fromOpaque(record).takeUnretainedValue(), .awaitingHeaders)
    }
    server.finish(state)
}

private let connectionChanged: MHD_NotifyConnectionCallback = { context, connection, socketContext, code in
    guard let server = server(context), let connection, let socketContext else { return }
    if campaign_mhd_is_connection_start(code) != 0 {
        let record = server.watchdog.opened(descriptor: campaign_mhd_connection_fd(connection), peerAddress: HTTPServer.peerAddress(connection))
        socketContext.pointee = Unmanaged.passRetained(record).toOpaque()
        server.metrics.connectionOpened()
    } else if let pointer = socketContext.pointee {
        let record = Unmanaged<ConnectionWatchdog.Record>.fromOpaque(pointer).takeRetainedValue()
        server.watchdog.closed(record)
        socketContext.pointee = nil
        server.metrics.connectionClosed()
    }
}

private let collectHeader: MHD_KeyValueIterator = { context, _, key, value in
    guard let context, let key else { return .YES }
    let headers = Unmanaged<HeaderBox>.fromOpaque(context).takeUnretainedValue()
    let name = String(cString: key).asciiFastLowercased
    let text = value.map { String(cString: $0) } ?? ""
    // Repeated headers join with commas, as HTTP allows; one lookup when not repeated.
    if let earlier = headers.values.updateValue(text, forKey: name) { headers.values[name] = earlier + ", " + text }
    return .YES
}

private final class HeaderBox {
    /// Room for a browser's usual dozen headers without growing.
    var values: [String: String] = Dictionary(minimumCapacity: 12)
}

private let handleRequest: MHD_AccessHandlerCallback = { context, connection, _, method, _, uploadData, uploadSize, requestContext in
    guard let server = server(context), let connection, let requestContext, let pointer = requestContext.pointee, let uploadSize else { return .NO }
    let state = Unmanaged<RequestState>.fromOpaque(pointer).takeUnretainedValue()
    let record = campaign_mhd_socket_context(connection).map { Unmanaged<ConnectionWatchdog.Record>.fromOpaque($0).takeUnretainedValue() }
    switch state.phase {
    case .new:
        state.method = method.map { String(cString: $0) } ?? ""
        if server.draining.load(ordering: .acquiring) {
            // A new request after shutdown began: refuse it and close the connection.
            return server.respond(server.ownAnswer(.text("The server is restarting; try again in a moment.\n", status: 503), state), state: state,
                                  connection: connection, close: true)
        }
        // Headers are complete. Answer on a later call, so keep-alive survives.
        let box = HeaderBox()
        MHD_get_connection_values(connection, .HEADER_KIND, collectHeader, Unmanaged.passUnretained(box).toOpaque())
        state.headers = box.values
        if let record { server.watchdog.set(record, .receivingBody) }
        if let refusal = HTTPServer.framingRefusal(state.headers, maximumBody: server.configuration.maximumBody) {
            return server.respond(server.ownAnswer(refusal, state), state: state, connection: connection, close: true)
        }
        state.phase = .receiving
        return .YES
    case .receiving where uploadSize.pointee > 0:
        if let uploadData, !state.tooLarge {
            let count = uploadSize.pointee
            if state.body.count + count > server.configuration.maximumBody {
                state.tooLarge = true
                state.body = []
            } else {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: count) { state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
            }
        }
        uploadSize.pointee = 0
        return .YES
    case .receiving:
        if let record { server.watchdog.set(record, .processing) }
        if state.tooLarge {
            return server.respond(server.ownAnswer(.text("The request is too large.\n", status: 413), state), state: state, connection: connection,
                                  close: true)
        }
        switch server.app.handle(server.request(state, connection: connection, record: record)) {
        case .now(let response):
            return server.respond(response, state: state, connection: connection)
        case .later(let start):
            state.phase = .waiting
            MHD_suspend_connection(connection)
            let resumable = ResumableConnection(connection)
            start { response in
                state.response = response
                MHD_resume_connection(resumable.connection)
            }
            return .YES
        }
    case .waiting:
        guard let response = state.response else { return .YES }
        return server.respond(response, state: state, connection: connection)
    case .answered:
        return .YES
    }
}

/// A suspended connection handed to the writer's thread to resume.
private struct ResumableConnection: @unchecked Sendable {
    let connection: OpaquePointer
    init(_ connection: OpaquePointer) { self.connection = connection }
}
