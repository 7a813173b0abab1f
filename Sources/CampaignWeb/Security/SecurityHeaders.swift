/// Headers every response carries: no inline script or style, no framing,
/// no MIME sniffing, no referrer beyond our origin.
public enum SecurityHeaders {
    /// The content security policy: our own stylesheet and script only.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Adds the headers to a response.
    public static func apply(to response: inout Response, secure: Bool) {
        response.headers.reserveCapacity(response.headers.count + 6)
        response.add("Content-Security-Policy", contentSecurityPolicy)
        response.add("X-Content-Type-Options", "nosniff")
        response.add("Referrer-Policy", "same-origin")
        response.add("X-Frame-Options", "DENY")
        response.add("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
        if secure { response.add("Strict-Transport-Security", "max-age=31536000") }
    }
}
