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
    public static func create(name: String, at now: Date = Date(), _ db: Database) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 80, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InputError("--name '\(name)': give a short name without control characters, such as the organizer's or the tool's")
        }
        guard try db.value("SELECT 1 FROM organizer_tokens WHERE name = ? AND revoked_at IS NULL", [trimmed], as: Int.self) == nil else {
            throw InputError("--name '\(trimmed)': a token with this name exists; revoke it first or choose another name")
        }
        // A revoked token's name is free again: the old row goes.
        try db.execute("DELETE FROM organizer_tokens WHERE name = ? AND revoked_at IS NOT NULL", [trimmed])
        let token = prefix + SecureRandom.token(byteCount: 32)
        try db.execute("INSERT INTO organizer_tokens (name, token_hash, created_at) VALUES (?, ?, ?)",
                       [trimmed, SHA256.tokenHash(token), CampaignStore.timestamp(now)])
        return token
    }

    /// The name of the live token `token`, or nil.
    public static func verify(_ token: String, _ db: Database) throws -> String? {
        guard token.hasPrefix(prefix), token.count < 200 else { return nil }
        return try db.value("SELECT name FROM organizer_tokens WHERE token_hash = ? AND revoked_at IS NULL", [SHA256.tokenHash(token)])
    }

    /// Notes that a token was used.
    public static func touch(name: String, at now: Date = Date(), _ db: Database) throws {
        try db.execute("UPDATE organizer_tokens SET last_used_at = ? WHERE name = ?", [CampaignStore.timestamp(now), name])
    }

    public static func list(_ db: Database) throws -> [Entry] {
        try db.rows("SELECT name, created_at, last_used_at, revoked_at FROM organizer_tokens ORDER BY created_at, name").map {
            Entry(name: $0[0] ?? "", createdAt: $0[1] ?? "", lastUsedAt: $0[2], revokedAt: $0[3])
        }
    }

    /// Revokes the token called `name`; throws when there is none.
    public static func revoke(name: String, at now: Date = Date(), _ db: Database) throws {
        try db.execute("UPDATE organizer_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ?", [CampaignStore.timestamp(now), name])
        guard db.changedRowCount == 1 else { throw InputError("no token named '\(name)' (see `campaign token list`)") }
    }
}
