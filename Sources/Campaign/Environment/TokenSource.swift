import Synchronization

/// Where unpredictable bytes come from: session ids, confirmation links,
/// unsubscribe and organizer tokens, secrets. Passed in like the clock, so
/// a test can make the same tokens every run.
public struct TokenSource: Sendable {
    private let draw: @Sendable (Int) -> [UInt8]

    /// A source that gives `draw(count)` bytes when asked for `count`.
    public init(_ draw: @escaping @Sendable (Int) -> [UInt8]) {
        self.draw = draw
    }

    /// `count` bytes.
    public func bytes(_ count: Int) -> [UInt8] { draw(count) }

    /// `byteCount` bytes as base64url without padding: 16 bytes (128 bits,
    /// beyond guessing) make 22 characters safe in URLs and cookies.
    public func token(byteCount: Int = 16) -> String { Base64URL.encode(bytes(byteCount)) }

    /// The operating system's cryptographic random bytes.
    public static let live = TokenSource { SecureRandom.bytes($0) }

    /// Bytes that follow from `seed` (SplitMix64): the same every run, for
    /// tests only.
    public static func seeded(_ seed: UInt64) -> TokenSource {
        let state = Mutex(seed)
        return TokenSource { count in
            state.withLock { state in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(count)
                while bytes.count < count {
                    state &+= 0x9E37_79B9_7F4A_7C15
                    var mixed = state
                    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                    mixed ^= mixed >> 31
                    withUnsafeBytes(of: mixed) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
                }
                return bytes
            }
        }
    }
}
