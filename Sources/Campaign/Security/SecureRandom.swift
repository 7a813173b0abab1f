import COpenSSL
import Synchronization

/// Unpredictable bytes and tokens, for session ids, confirmation links and
/// unsubscribe tokens.
///
/// The bytes come from OpenSSL's RAND_bytes: its generator is seeded from
/// the operating system (getrandom) and reseeded after a fork. If it ever
/// cannot give bytes, the process stops (`LibCrypto.fail`): a token is
/// never made of weaker ones.
///
/// Requests of up to 32 bytes are served from a reserve of 256 drawn in one
/// call, each byte handed out once and then cleared: a page view that starts
/// a session needs 16, and a call for each cost as much as the rest of
/// making the session.
public enum SecureRandom {
    private struct Reserve {
        var bytes: [UInt8] = []
        var next = 0
    }

    private static let reserve = Mutex(Reserve())
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

    /// `count` bytes straight from the generator.
    private static func drawn(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Fills `buffer` with bytes from `generator` (RAND_bytes, or a failing
    /// one in tests), which returns 1 on success; stops the process otherwise.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer,
                     from generator: (UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = RAND_bytes) {
        var filled = 0
        while filled < buffer.count, let base = buffer.baseAddress {
            let chunk = min(buffer.count - filled, Int(Int32.max))
            guard generator(base.advanced(by: filled).assumingMemoryBound(to: UInt8.self), Int32(chunk)) == 1 else {
                LibCrypto.fail("RAND_bytes")
            }
            filled += chunk
        }
    }

    /// `byteCount` random bytes as base64url without padding: 16 bytes
    /// (128 bits, beyond guessing) make 22 characters safe in URLs and cookies.
    public static func token(byteCount: Int = 16) -> String {
        Base64URL.encode(bytes(byteCount))
    }
}
