import Foundation

/// The token that reaches a signature later: its unsubscribe link, which
/// also begins its confirmation link (`ConfirmationLink`). Confirmation
/// links mailed before that were tokens of this kind too. Each is the time
/// it was made, in 12 hex digits of milliseconds, a dot, and random bytes
/// beyond guessing. The database keeps only `storedHash` of one.
///
/// The time comes first for the database's sake. The token is indexed and
/// checked unique, and a random key lands on a random page of its index: a
/// batch of fifty signatures wrote fifty pages of the index to the log.
/// Keys that grow with time land together at the index's end. The time
/// says only when someone signed, which the mail the token arrives in says
/// too.
public enum SignerToken {
    /// A new token made at `date` with `byteCount` bytes from `tokens` (16: 128 bits).
    public static func make(_ tokens: TokenSource, byteCount: Int = 16, at date: Date) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = tokens.token(byteCount: byteCount)
        // Written in one piece: every signature makes one.
        return String(unsafeUninitializedCapacity: prefixLength + 1 + random.utf8.count) { text in
            // The time's low six bytes are its twelve hex digits.
            var written = withUnsafeBytes(of: milliseconds.bigEndian) { SHA256.writeHex($0.suffix(prefixLength / 2), into: text, at: 0) }
            text[written] = UInt8(ascii: ".")
            written += 1
            for byte in random.utf8 {
                text[written] = byte
                written += 1
            }
            return written
        }
    }

    /// How a token is stored (an unsubscribe token, or a confirmation token
    /// from before `ConfirmationLink`): its time kept, so the stored values
    /// are in order too, and the whole token hashed. A token without the
    /// time (made before tokens had it) is hashed whole. Migration 13 hashes
    /// the unsubscribe tokens stored before in the same way, in SQL.
    public static func storedHash(_ token: String) -> String {
        let utf8 = token.utf8
        guard utf8.count > prefixLength, utf8.dropFirst(prefixLength).first == UInt8(ascii: "."),
              utf8.prefix(prefixLength).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else { return SHA256.tokenHash(token) }
        let digest = SHA256.hash(utf8)
        return String(unsafeUninitializedCapacity: prefixLength + 1 + digest.count * 2) { text in
            for (offset, byte) in utf8.prefix(prefixLength + 1).enumerated() { text[offset] = byte }
            return SHA256.writeHex(digest, into: text, at: prefixLength + 1)
        }
    }

    /// Hex digits of the time: enough milliseconds for thousands of years.
    static let prefixLength = 12
}
