import Campaign
import Foundation

/// Tokens that tie a form to the browser session that loaded it, to the
/// campaign it belongs to, and to a lifetime: an HMAC under a server secret
/// of the session cookie, the campaign and the time the token was made. A
/// form posted from another site cannot know the token, because it cannot
/// read the cookie; a token that leaked works for one campaign, and not
/// after `lifetime`.
///
/// Session ids are the server's own: random bytes and their HMAC. An id a
/// client made up is not taken as a session (a fresh one is issued), so
/// nobody can hand a browser an id whose forms they could post for it.
public struct CSRFProtection: Sendable {
    /// The secret, with the tokens' "csrf:" prefix already hashed in.
    private let tokenKey: HMAC.Key
    /// The same secret for session ids ("sid:").
    private let sessionKey: HMAC.Key

    /// The session cookie's name.
    public static let sessionCookie = "sid"

    /// How long a form's token is taken: a page left open overnight is
    /// answered with the form kept and a fresh token to send it again with.
    public static let lifetime: TimeInterval = 12 * 3600

    /// Uses the stored secret, creating it on first use.
    public init(pool: DatabasePool, tokens: TokenSource) throws {
        self.init(secret: try pool.write { db in try SecretStore.secret(named: "csrf", orStore: { tokens.bytes(32) }, db) })
    }

    /// Uses a given secret (tests).
    public init(secret: [UInt8]) {
        let key = HMAC.Key(secret)
        tokenKey = key.prefixed(by: "csrf:".utf8)
        sessionKey = key.prefixed(by: "sid:".utf8)
    }

    // MARK: - Sessions

    /// A new session id: 16 random bytes and 16 bytes of their HMAC, in
    /// base64url with a dot between (45 characters).
    public func newSession(_ tokens: TokenSource) -> String {
        let random = tokens.token(byteCount: 16)
        return random + "." + Base64URL.encode(sessionMAC(random))
    }

    /// Whether `session` is an id this server issued.
    public func isIssued(_ session: String) -> Bool {
        guard session.utf8.count == 45, let dot = session.utf8.firstIndex(of: UInt8(ascii: ".")),
              let mac = Base64URL.decode(String(session[session.index(after: dot)...]))
        else { return false }
        return ConstantTime.equals(mac, sessionMAC(Substring(session[..<dot])))
    }

    private func sessionMAC(_ random: some StringProtocol) -> [UInt8] {
        Array(sessionKey.sha256(Array(random.utf8)).prefix(16))
    }

    // MARK: - Tokens

    /// The token for forms of `campaign` (its slug) in `session`, made at `date`:
    /// the time in whole seconds, a dot, and the HMAC.
    public func token(session: String, campaign: String, at date: Date) -> String {
        let made = String(Int64(date.timeIntervalSince1970.rounded(.down)))
        return made + "." + Base64URL.encode(mac(session: session, campaign: campaign, made: made))
    }

    /// Whether `token` was made for `session`, an id this server issued, and
    /// for `campaign`, within `lifetime` before `now` (and not after it,
    /// beyond a minute of clock skew).
    public func isValid(_ token: String, session: String, campaign: String, now: Date) -> Bool {
        guard isIssued(session), let dot = token.utf8.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let made = String(token[..<dot])
        guard made.utf8.count <= 12, let seconds = Int64(made), String(seconds) == made,
              let given = Base64URL.decode(String(token[token.index(after: dot)...]))
        else { return false }
        let age = now.timeIntervalSince1970 - Double(seconds)
        guard age <= Self.lifetime, age >= -60 else { return false }
        return ConstantTime.equals(given, mac(session: session, campaign: campaign, made: made))
    }

    private func mac(session: String, campaign: String, made: String) -> [UInt8] {
        // Parts joined by a byte none of them holds: an id and a slug are
        // base64url, dots and hyphens; the time is digits.
        tokenKey.sha256(Array((session + "\n" + campaign + "\n" + made).utf8))
    }
}
