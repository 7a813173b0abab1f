import Campaign

/// Tokens that tie a form to the browser session that loaded it: an HMAC of
/// the session cookie under a server secret. A form posted from another
/// site cannot know the token, because it cannot read the cookie.
public struct CSRFProtection: Sendable {
    /// The secret, with the tokens' "csrf:" prefix already hashed in.
    private let key: HMAC.Key

    /// The session cookie's name.
    public static let sessionCookie = "sid"

    /// Uses the stored secret, creating it on first use.
    public init(pool: DatabasePool, tokens: TokenSource) throws {
        key = Self.tokenKey(try pool.write { db in try SecretStore.secret(named: "csrf", orStore: { tokens.bytes(32) }, db) })
    }

    /// Uses a given secret (tests).
    public init(secret: [UInt8]) { key = Self.tokenKey(secret) }

    private static func tokenKey(_ secret: [UInt8]) -> HMAC.Key { HMAC.Key(secret).prefixed(by: "csrf:".utf8) }

    /// The token for forms of this session.
    public func token(session: String) -> String {
        Base64URL.encode(key.sha256(session.utf8))
    }

    /// Whether `token` was made for `session`.
    public func isValid(_ token: String, session: String) -> Bool {
        guard !session.isEmpty, let given = Base64URL.decode(token) else { return false }
        return ConstantTime.equals(given, key.sha256(session.utf8))
    }
}
