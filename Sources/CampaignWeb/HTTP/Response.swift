/// An HTTP response: status, headers in order, body bytes.
public struct Response: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// A body read from an open file instead of `body`: the descriptor and
    /// its size. Whoever serves the response owns the descriptor and closes it.
    public var file: (descriptor: Int32, size: Int)?

    /// Makes a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An HTML page.
    public static func html(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], body: Array(text.utf8))
    }

    /// A JSON document.
    public static func json(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-cache")], body: Array(text.utf8))
    }

    /// Plain text.
    public static func text(_ text: String, status: Int) -> Response {
        Response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")], body: Array(text.utf8))
    }

    /// A redirect after a form: the browser fetches `location` with GET.
    public static func seeOther(_ location: String) -> Response {
        Response(status: 303, headers: [("Location", location), ("Cache-Control", "no-store")])
    }

    /// The value of the first header with this name.
    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// Adds a header.
    public mutating func add(_ name: String, _ value: String) { headers.append((name, value)) }
}

/// What handling a request gives: a response now, or later, once the
/// signature writer has committed (the binding suspends the connection).
public enum Reply: Sendable {
    case now(Response)
    case later(@Sendable (@escaping @Sendable (Response) -> Void) -> Void)
}
