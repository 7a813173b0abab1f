/// What every message the product sends shares: who it is from and the
/// public address its links point to.
public struct MailSettings: Sendable {
    /// The `From` of every message and the envelope sender.
    public let from: MailAddress
    /// Where replies go, when not to `from`.
    public let replyTo: MailAddress?
    /// The site's public address, without a trailing slash ("https://act.example.org").
    public let baseURL: String

    public init(from: MailAddress, replyTo: MailAddress? = nil, baseURL: String) {
        self.from = from
        self.replyTo = replyTo
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The domain message ids are made in: the sender's.
    public var messageDomain: String {
        guard let at = from.address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return from.address.isEmpty ? "localhost" : from.address }
        let domain = from.address.utf8[from.address.utf8.index(after: at)...]
        return domain.isEmpty ? "localhost" : String(Substring(domain))
    }

    /// The link that unsubscribes the holder of `token`. The token is in the
    /// query, which the request log leaves out.
    public func unsubscribeURL(token: String) -> String { baseURL + "/unsubscribe?token=" + token }

    /// The default sender for a site at `baseURL`: no-reply at its host.
    public static func defaultSender(baseURL: String) -> String {
        var host = baseURL
        if let scheme = host.range(of: "://") { host = String(host[scheme.upperBound...]) }
        host = String(host.prefix { $0 != "/" && $0 != ":" })
        if host.isEmpty || host == "127.0.0.1" || host == "localhost" || !host.contains(".") { host = "localhost.localdomain" }
        return "no-reply@" + host
    }
}
