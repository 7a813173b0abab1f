/// Keyed message authentication (RFC 2104), for signing values the server
/// hands out and must later trust again, such as confirmation links.
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`: 32 bytes.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Key(key).sha256(message)
    }

    /// A key with its padded blocks already hashed, for a key used again and
    /// again (the server's CSRF secret): each message then costs two
    /// compressions fewer.
    public struct Key: Sendable {
        private var inner: SHA256.Hasher
        private let outer: SHA256.Hasher

        /// Prepares `key`.
        public init(_ key: [UInt8]) {
            let blockSize = 64
            // Keys longer than a block are hashed first; shorter ones are zero-padded.
            var block = key.count > blockSize ? SHA256.hash(key) : key
            block += repeatElement(0, count: blockSize - block.count)
            var inner = SHA256.Hasher()
            inner.update(block.map { $0 ^ 0x36 })
            var outer = SHA256.Hasher()
            outer.update(block.map { $0 ^ 0x5c })
            self.inner = inner
            self.outer = outer
        }

        /// The same key for messages that all begin with `prefix`: the
        /// prefix is hashed once here rather than with every message, and
        /// `sha256(rest)` is the HMAC of `prefix + rest`.
        public func prefixed(by prefix: some Collection<UInt8>) -> Key {
            var key = self
            key.inner.update(prefix)
            return key
        }

        /// HMAC-SHA256 of `message`.
        public func sha256(_ message: some Collection<UInt8>) -> [UInt8] {
            var inner = self.inner
            inner.update(message)
            var outer = self.outer
            outer.update(inner.finalize())
            return outer.finalize()
        }
    }
}
