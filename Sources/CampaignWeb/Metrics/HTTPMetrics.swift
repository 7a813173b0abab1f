import Campaign

/// What the HTTP server counts: requests by method, route and status class,
/// their latency by route, and connections. The socket binding records into
/// it; `/metrics` reads it. Recording a request is a handful of relaxed
/// atomic adds and no allocation beyond splitting the path.
public final class HTTPMetrics: Sendable {
    /// Methods other than these share one label, so a client inventing
    /// methods cannot add series.
    static let methods = ["GET", "HEAD", "POST", "other"]
    /// Status classes; "none" is a request that ended without an answer
    /// (the client went away, or was cut for being too slow).
    static let statuses = ["none", "1xx", "2xx", "3xx", "4xx", "5xx"]
    /// Upper bounds of the latency buckets, in microseconds: 1 ms to 10 s.
    public static let latencyBounds = [1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
                                       1_000_000, 2_500_000, 5_000_000, 10_000_000]

    /// The route table, whose templates are the route labels.
    private let router: Router
    private let requests: AtomicCounters
    private let latency: [AtomicHistogram]
    private let connections = AtomicCounters(count: Connection.allCases.count)

    private enum Connection: Int, CaseIterable { case open, accepted, cut, requestsInFlight }

    /// Counts requests by the routes of `router`.
    public init(router: Router) {
        self.router = router
        requests = AtomicCounters(count: Self.methods.count * router.labels.count * Self.statuses.count)
        latency = router.labels.map { _ in AtomicHistogram(bounds: Self.latencyBounds) }
    }

    // MARK: - Recording

    /// A request is complete (answered, or abandoned when `status` is 0).
    @inline(__always)
    public func requestFinished(method: String, target: String, status: Int, microseconds: Int) {
        let route = router.labelIndex(target: target)
        let methodIndex = switch method {
        case "GET": 0
        case "HEAD": 1
        case "POST": 2
        default: 3
        }
        let statusIndex = (100...599).contains(status) ? status / 100 : 0
        requests.add(1, at: (methodIndex * router.labels.count + route) * Self.statuses.count + statusIndex)
        latency[route].observe(microseconds)
    }

    public func connectionOpened() {
        connections.add(1, at: Connection.open.rawValue)
        connections.add(1, at: Connection.accepted.rawValue)
    }

    public func connectionClosed() { connections.add(-1, at: Connection.open.rawValue) }

    /// A connection was cut for sending its request too slowly.
    public func connectionCut() { connections.add(1, at: Connection.cut.rawValue) }

    public func requestBegan() { connections.add(1, at: Connection.requestsInFlight.rawValue) }
    public func requestEnded() { connections.add(-1, at: Connection.requestsInFlight.rawValue) }

    // MARK: - Reading

    /// Requests begun and not yet complete, suspended ones included.
    public var requestsInFlight: Int { connections[Connection.requestsInFlight.rawValue] }
    public var openConnections: Int { connections[Connection.open.rawValue] }

    /// The request count of one method, route and status class.
    func requestCount(method: Int, route: Int, status: Int) -> Int {
        requests[(method * router.labels.count + route) * Self.statuses.count + status]
    }

    /// Writes the HTTP families.
    func write(to text: inout PrometheusText) {
        text.family("campaign_http_requests_total", "counter", "HTTP requests completed, by method, route template and status class.")
        for method in Self.methods.indices {
            for route in router.labels.indices {
                for status in Self.statuses.indices {
                    let count = requestCount(method: method, route: route, status: status)
                    // Series appear once they have happened: 360 lines of zeros would drown the rest.
                    if count > 0 {
                        text.sample("campaign_http_requests_total", count,
                                    labels: [("method", Self.methods[method]), ("route", router.labels[route]), ("status", Self.statuses[status])])
                    }
                }
            }
        }
        text.family("campaign_http_request_duration_seconds", "histogram",
                    "Time from a request's first line to the end of its answer, by route template.")
        for (route, label) in router.labels.enumerated() {
            let snapshot = latency[route].snapshot()
            if snapshot.count > 0 {
                text.histogram("campaign_http_request_duration_seconds", [("route", label)], bounds: Self.latencyBounds, snapshot, divisor: 1e6)
            }
        }
        text.family("campaign_http_requests_in_flight", "gauge", "Requests begun and not yet answered, those waiting for the signature writer included.")
        text.sample("campaign_http_requests_in_flight", requestsInFlight)
        text.family("campaign_http_connections_open", "gauge", "Client connections open now.")
        text.sample("campaign_http_connections_open", openConnections)
        text.family("campaign_http_connections_total", "counter", "Client connections accepted.")
        text.sample("campaign_http_connections_total", connections[Connection.accepted.rawValue])
        text.family("campaign_http_connections_cut_total", "counter", "Connections cut for sending a request's headers or body too slowly.")
        text.sample("campaign_http_connections_cut_total", connections[Connection.cut.rawValue])
    }
}
