import Foundation

/// What the token in a confirmation link finds its signature by.
///
/// A link's token is the signature's unsubscribe token, a tilde, and a
/// secret. The unsubscribe token's hash is indexed anyway, so the signature
/// is found through that index, and only the secret's hash is stored, in a
/// column of its own with no index: every signature is one index entry
/// cheaper to store. The mail is written after the signature is stored,
/// from the whole link token kept with it until then; a second signing
/// before confirming renews both parts.
///
/// Links mailed before had no tilde (neither a hex time nor Base64URL has
/// one); they are still found by their own stored hash.
public enum ConfirmationLink: Sendable, Equatable {
    /// A link with its signature's unsubscribe token as stored (hashed) and the hash of its secret.
    case signature(unsubscribeHash: String, secretHash: String)
    /// A link from before: the stored hash of its whole token.
    case storedHash(String)

    /// A new secret for a link (24 random bytes, 32 characters).
    public static func makeSecret(_ tokens: TokenSource) -> String { tokens.token(byteCount: 24) }

    /// How a secret is stored: its SHA-256, so the database alone cannot confirm anyone.
    public static func hash(secret: String) -> String { SHA256.tokenHash(secret) }

    /// The token that goes in the mailed link.
    public static func token(unsubscribeToken: String, secret: String) -> String { unsubscribeToken + "~" + secret }

    /// The unsubscribe token a link's token begins with; nil for a link from before.
    static func unsubscribeToken(inLink token: String) -> String? {
        token.utf8.firstIndex(of: UInt8(ascii: "~")).map { String(token[..<$0]) }
    }

    /// Reads the token from a link.
    public init(token: String) {
        let utf8 = token.utf8
        if let tilde = utf8.firstIndex(of: UInt8(ascii: "~")) {
            self = .signature(unsubscribeHash: SignerToken.storedHash(String(token[..<tilde])),
                              secretHash: Self.hash(secret: String(token[utf8.index(after: tilde)...])))
        } else {
            self = .storedHash(SignerToken.storedHash(token))
        }
    }
}
