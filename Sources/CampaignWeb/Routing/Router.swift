/// The route table and what it decides: which route answers a request,
/// what a path allows when its method is not one of them, and the route
/// label a request's metrics are counted under. The table is the only list
/// of routes: dispatch and metrics both read it.
public struct Router: Sendable {
    /// What the table says of a request.
    enum Decision {
        case route(Route, Route.Parameters)
        /// The path is a route's, but not for this method: these are allowed.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    public let routes: [Route]
    /// One label per distinct template, in table order, then "other".
    public let labels: [String]
    /// For each route, its label's place in `labels`.
    private let labelIndex: [Int]

    init(routes: [Route]) {
        self.routes = routes
        var labels: [String] = []
        labelIndex = routes.map { route in
            if let index = labels.firstIndex(of: route.template.text) { return index }
            labels.append(route.template.text)
            return labels.count - 1
        }
        self.labels = labels + ["other"]
    }

    /// The route for `method` and `path` (decoded, without the query).
    func decide(method: String, path: String) -> Decision {
        var allowed: [String] = []
        for route in routes {
            guard let values = route.template.match(path) else { continue }
            if route.allows(method) { return .route(route, Route.Parameters(values: values)) }
            if route.hidden { continue }
            allowed.append(route.method)
            if route.method == "GET" { allowed.append("HEAD") }
        }
        guard !allowed.isEmpty else { return .notFound }
        let order = ["GET", "HEAD", "POST"]
        return .methodNotAllowed(allowed: Array(Set(allowed)).sorted { (order.firstIndex(of: $0) ?? 9, $0) < (order.firstIndex(of: $1) ?? 9, $1) })
    }

    /// The index in `labels` of the route a request target (path and query
    /// as sent) goes to; the last label, "other", for anything else. Reads
    /// the target in place: it runs for every request.
    public func labelIndex(target: String) -> Int {
        var target = target
        return target.withUTF8 { bytes in
            let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
            for (index, route) in routes.enumerated() where route.template.matches(bytes, end: end) { return labelIndex[index] }
            return labels.count - 1
        }
    }

    /// The label of a request target's route.
    public func label(target: String) -> String { labels[labelIndex(target: target)] }
}
