/// An HTTP request as the app sees it: already read whole, with the client
/// address the proxy settings allow us to believe.
public struct Request: Sendable {
    public let method: String
    /// The path, percent-decoded, without the query.
    public let path: String
    /// The query's pairs, in order.
    public let query: [(name: String, value: String)]
    /// Header values by lower-case name.
    public let headers: [String: String]
    public let body: [UInt8]
    /// The client's address (from X-Forwarded-For behind a trusted proxy).
    public let clientAddress: String
    /// Whether the client reached us over HTTPS (X-Forwarded-Proto behind a trusted proxy).
    public let isSecure: Bool
    /// The address at the other end of the socket, whatever the headers say:
    /// behind a proxy on the same machine, a loopback address.
    public let peerAddress: String

    /// Makes a request from its parts; `target` is the path and query as
    /// sent; `peerAddress` is the socket's peer when it differs from `clientAddress`.
    public init(method: String, target: String, headers: [String: String], body: [UInt8] = [], clientAddress: String, isSecure: Bool = false,
                peerAddress: String? = nil) {
        self.method = method
        path = FormDecoder.path(of: target)
        query = FormDecoder.query(of: target)
        // The server hands its names over lowercased already; others may not.
        let lowercased = headers.keys.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) } }
        self.headers = lowercased ? headers : Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
        self.clientAddress = clientAddress
        self.isSecure = isSecure
        self.peerAddress = peerAddress ?? clientAddress
    }

    /// The first query value with this name.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// One cookie's value, read without making the others.
    public func cookie(_ name: String) -> String? { headers["cookie"].flatMap { Cookies.value(named: name, in: $0) } }
}
