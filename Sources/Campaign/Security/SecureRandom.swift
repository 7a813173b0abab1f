/// Unpredictable bytes and tokens from the operating system, for session
/// ids, confirmation links and unsubscribe tokens.
///
/// The bytes come from `SystemRandomNumberGenerator`. On Linux the standard
/// library fills it with getrandom(2) (flags 0: it waits until the kernel pool
/// is seeded, retries on EINTR, falls back to /dev/urandom only where the
/// system call does not exist) and traps rather than return weak bytes. We do
/// not call getrandom ourselves because the Glibc module does not export it
/// (`<sys/random.h>` is outside its module map) and `syscall` is variadic, so
/// calling it directly would need a C shim target for no gain.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes needs a count of zero or more, not \(count)")
        var generator = SystemRandomNumberGenerator()
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            let word = generator.next()
            withUnsafeBytes(of: word) { result.append(contentsOf: $0.prefix(count - result.count)) }
        }
        return result
    }

    /// `byteCount` random bytes as base64url without padding: 16 bytes
    /// (128 bits, beyond guessing) make 22 characters safe in URLs and cookies.
    public static func token(byteCount: Int = 16) -> String {
        Base64URL.encode(bytes(byteCount))
    }
}
