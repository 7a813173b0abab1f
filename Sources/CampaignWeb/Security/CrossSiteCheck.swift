/// Tells form posts sent from another site by what browsers say of them:
/// `Sec-Fetch-Site` (`cross-site`, or `same-site` from a sibling host: our
/// own forms are always `same-origin`) and `Origin`, which must be the
/// site's own: the configured base URL's, or the one the request was made
/// to (its `Host`, over HTTPS when it came so, which `--trust-proxy` lets
/// the proxy say). A request with neither header, as curl and older
/// browsers send, is left to its CSRF token. The embed's form, inside a
/// frame on another site, is a page of ours too: its post comes from our
/// origin (`same-origin`), so it passes.
struct CrossSiteCheck: Sendable {
    /// The origin of the public address ("https://act.example.org").
    let siteOrigin: String?

    /// Checks against the origin of `baseURL`.
    init(baseURL: String) {
        siteOrigin = Self.origin(of: baseURL)
    }

    /// Whether `request` came from a page of another site.
    func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers["sec-fetch-site"]?.trimmedWhitespace.asciiFastLowercased, site == "cross-site" || site == "same-site" {
            return true
        }
        guard let header = request.headers["origin"] else { return false }
        // "null" (a sandboxed frame, a data: page) or anything unreadable is not ours.
        guard let origin = Self.origin(of: header.trimmedWhitespace) else { return true }
        if origin == siteOrigin { return false }
        if let host = request.headers["host"], origin == Self.normalized(scheme: request.isSecure ? "https" : "http", authority: host.trimmedWhitespace) {
            return false
        }
        return true
    }

    /// `scheme://host[:port]` of an http or https URL, lower-cased, without
    /// the scheme's default port; nil for anything else.
    static func origin(of url: String) -> String? {
        guard let separator = url.range(of: "://") else { return nil }
        let scheme = String(url[..<separator.lowerBound]).asciiFastLowercased
        let authority = url[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return normalized(scheme: scheme, authority: String(authority))
    }

    static func normalized(scheme: String, authority: String) -> String? {
        guard scheme == "http" || scheme == "https", !authority.isEmpty, !authority.contains("@"), !authority.contains(" ") else { return nil }
        var authority = authority.asciiFastLowercased
        let defaultPort = scheme == "https" ? ":443" : ":80"
        if authority.hasSuffix(defaultPort) { authority.removeLast(defaultPort.count) }
        return scheme + "://" + authority
    }
}
