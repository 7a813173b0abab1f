import Glibc

/// Unpredictable bytes and tokens from the operating system, for session
/// ids, confirmation links and unsubscribe tokens.
///
/// The bytes come from getentropy(3), glibc's wrapper of getrandom(2): one
/// system call for up to 256 bytes, blocking only until the kernel pool is
/// first seeded. Should it fail, `SystemRandomNumberGenerator` (also
/// getrandom, one call per 8 bytes; it traps rather than return weak bytes)
/// fills in.
///
/// Requests of up to 32 bytes are served from a reserve of 256 drawn in one
/// call, each byte handed out once and then cleared: a page view that starts
/// a session needs 16, and a system call for each cost as much as the rest
/// of making the session.
public enum SecureRandom {
    private struct Reserve {
        var bytes: [UInt8] = []
        var next = 0
    }

    private static let reserve = LockedValue(Reserve())
    private static let reserveSize = 256

    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes needs a count of zero or more, not \(count)")
        guard count <= 32 else { return drawn(count) }
        return reserve.withLock { reserve in
            if reserve.next + count > reserve.bytes.count {
                reserve.bytes = drawn(reserveSize)
                reserve.next = 0
            }
            let start = reserve.next
            reserve.next += count
            return reserve.bytes.withUnsafeMutableBytes { held in
                let taken = UnsafeMutableRawBufferPointer(rebasing: held[start..<(start + count)])
                defer { taken.initializeMemory(as: UInt8.self, repeating: 0) }
                return Array(taken)
            }
        }
    }

    /// `count` bytes straight from the operating system.
    private static func drawn(_ count: Int) -> [UInt8] {
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
