import Foundation

/// Organizers' API tokens for `/admin/…`: shown once when made, stored only
/// as a SHA-256, checked by looking the hash up (the hash of a random
/// 256-bit token leaks nothing about other tokens by its timing).
public enum OrganizerTokens {
    /// A token as `token list` shows it: never the token itself.
    public struct Entry: Sendable {
        public let name: String
        public let createdAt: String
        public let lastUsedAt: String?
        public let revokedAt: String?
    }

    /// Tokens start with this, so one found in a log or a repository is recognisable.
    public static let prefix = "cmpn_"

    /// Makes a token called `name`; returns the token, which is not stored.
    public static func create(name: String, tokens: TokenSource, at now: Date, _ db: Database) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 80, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InputError("--name '\(name)': give a short name without control characters, such as the organizer's or the tool's")
        }
        guard try !TokenStore.hasLive(name: trimmed, db) else {
            throw InputError("--name '\(trimmed)': a token with this name exists; revoke it first or choose another name")
        }
        // A revoked token's name is free again: the old row goes.
        try TokenStore.deleteRevoked(name: trimmed, db)
        let token = prefix + tokens.token(byteCount: 32)
        try TokenStore.insert(name: trimmed, hash: SHA256.tokenHash(token), at: CampaignStore.timestamp(now), db)
        return token
    }

    /// The name of the live token `token`, or nil.
    public static func verify(_ token: String, _ db: Database) throws -> String? {
        guard token.hasPrefix(prefix), token.count < 200 else { return nil }
        return try TokenStore.liveName(hash: SHA256.tokenHash(token), db)
    }

    /// Notes that a token was used.
    public static func touch(name: String, at now: Date, _ db: Database) throws {
        try TokenStore.touch(name: name, at: CampaignStore.timestamp(now), db)
    }

    public static func list(_ db: Database) throws -> [Entry] {
        try TokenStore.all(db)
    }

    /// Revokes the token called `name`; throws when there is none.
    public static func revoke(name: String, at now: Date, _ db: Database) throws {
        guard try TokenStore.revoke(name: name, at: CampaignStore.timestamp(now), db) else { throw InputError("no token named '\(name)' (see `campaign token list`)") }
    }
}
