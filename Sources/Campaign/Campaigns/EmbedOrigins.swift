/// `embed_origins` in campaign.toml: the sites whose pages may show the
/// campaign's sign form in a frame. Each becomes a source of the embed's
/// `Content-Security-Policy: frame-ancestors`, so each must be an origin
/// alone, and an HTTPS one: the session cookie inside a third-party frame
/// is `SameSite=None; Secure`, which browsers keep only over HTTPS.
public enum EmbedOrigins {
    /// `text` as a `frame-ancestors` source ("https://example.org",
    /// "https://*.example.org:8443"), lower-cased, without the default port
    /// or a trailing slash; or what is wrong with it.
    public static func origin(_ text: String) -> Result<String, Problem> {
        let lowered = text.lowercased()
        guard let separator = lowered.range(of: "://") else { return .failure(.notAnOrigin) }
        guard lowered[..<separator.lowerBound] == "https" else { return .failure(.notHTTPS) }
        var authority = String(lowered[separator.upperBound...])
        if authority.hasSuffix("/") { authority.removeLast() }
        if authority.contains(where: { "/?#".contains($0) }) { return .failure(.hasPath) }
        var host = Substring(authority)
        if let colon = authority.lastIndex(of: ":") {
            let port = authority[authority.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigit), let number = Int(port), (1...65535).contains(number) else {
                return .failure(.notAnOrigin)
            }
            host = authority[..<colon]
            if number == 443 { authority = String(host) }
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let valid = labels.enumerated().allSatisfy { index, label in
            (index == 0 && label == "*" && labels.count > 2)
                || (!label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCIIDigit || ("a"..."z").contains($0) || $0 == "-" })
        }
        guard valid else { return .failure(.notAnOrigin) }
        return .success("https://" + authority)
    }

    /// Why a value is not an origin to embed on.
    public enum Problem: Error, Sendable, Equatable {
        case notHTTPS, hasPath, notAnOrigin

        /// The message for `value`, naming what to write instead.
        func message(_ value: String) -> String {
            switch self {
            case .notHTTPS:
                "embed_origins: \(value) is not an https:// origin; embeds work only between HTTPS sites (the form's cookie inside another "
                    + "site's frame must be Secure), so write https://…"
            case .hasPath:
                "embed_origins: \(value) has a path; write the origin alone, scheme and host (and port): https://example.org"
            case .notAnOrigin:
                "embed_origins: \(value) is not an origin; write https:// and a host name, e.g. https://example.org or https://*.example.org "
                    + "(international names in their xn-- form)"
            }
        }
    }
}

extension MetadataReader {
    /// `embed_origins = ["https://example.org"]`: the origins, each once, in order.
    var embedOrigins: [String] {
        guard let node = root["embed_origins"] else { return [] }
        guard let items = node.array else {
            errors.add("'embed_origins' must be a list of origins, e.g. [\"https://example.org\"]", at: node.location)
            return []
        }
        var origins: [String] = []
        for item in items {
            guard let text = item.string else {
                errors.add("embed_origins holds origins in quotes, e.g. \"https://example.org\"", at: item.location)
                continue
            }
            switch EmbedOrigins.origin(text) {
            case .success(let origin): if !origins.contains(origin) { origins.append(origin) }
            case .failure(let problem): errors.add(problem.message(item.quoted), at: item.location)
            }
        }
        return origins
    }
}
