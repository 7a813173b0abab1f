import Glibc

/// Unpredictable bytes and tokens from the operating system, for session
/// ids, confirmation links and unsubscribe tokens.
///
/// The bytes come from getentropy(3), glibc's wrapper of getrandom(2): one
/// system call for up to 256 bytes, blocking only until the kernel pool is
/// first seeded. Should it fail, `SystemRandomNumberGenerator` (also
/// getrandom, one call per 8 bytes; it traps rather than return weak bytes)
/// fills in.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes needs a count of zero or more, not \(count)")
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        result.withUnsafeMutableBytes { buffer in
            while filled < count, let base = buffer.baseAddress {
                let chunk = min(256, count - filled)
                guard getentropy(base + filled, chunk) == 0 else { break }
                filled += chunk
            }
        }
        if filled < count {
            var generator = SystemRandomNumberGenerator()
            while filled < count {
                let word = generator.next()
                withUnsafeBytes(of: word) { bytes in
                    for byte in bytes.prefix(count - filled) {
                        result[filled] = byte
                        filled += 1
                    }
                }
            }
        }
        return result
    }

    /// `byteCount` random bytes as base64url without padding: 16 bytes
    /// (128 bits, beyond guessing) make 22 characters safe in URLs and cookies.
    public static func token(byteCount: Int = 16) -> String {
        Base64URL.encode(bytes(byteCount))
    }
}
