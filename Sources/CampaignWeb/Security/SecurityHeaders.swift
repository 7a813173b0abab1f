/// Headers every response carries: no inline script or style, no framing,
/// no MIME sniffing, no referrer beyond our origin. The embedded sign form
/// is the one page framed, by the origins its campaign lists.
public enum SecurityHeaders {
    /// The content security policy: our own stylesheet and script only.
    public static let contentSecurityPolicy = policy(frameAncestors: "'none'")

    /// Lets the sites at `origins` (checked origins from `embed_origins`)
    /// frame a page made for it; with none, the page keeps the usual
    /// headers, framed by nobody.
    public static func allowFraming(_ response: inout Response, by origins: [String]) {
        guard !origins.isEmpty else { return }
        response.add("Content-Security-Policy", policy(frameAncestors: origins.joined(separator: " ")))
    }

    private static func policy(frameAncestors: String) -> String {
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors \(frameAncestors); base-uri 'none'"
    }

    /// Adds the headers to a response. One that carries its own policy (the
    /// embed) keeps it and gets no `X-Frame-Options`, which would forbid
    /// the framing that policy allows.
    public static func apply(to response: inout Response, secure: Bool) {
        response.headers.reserveCapacity(response.headers.count + 6)
        if !response.headers.contains(where: { $0.name == "Content-Security-Policy" }) {
            response.add("Content-Security-Policy", contentSecurityPolicy)
            response.add("X-Frame-Options", "DENY")
        }
        response.add("X-Content-Type-Options", "nosniff")
        response.add("Referrer-Policy", "same-origin")
        response.add("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
        if secure { response.add("Strict-Transport-Security", "max-age=31536000") }
    }
}
