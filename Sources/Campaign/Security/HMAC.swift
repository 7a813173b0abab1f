/// Keyed message authentication (RFC 2104), for signing values the server
/// hands out and must later trust again, such as confirmation links.
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`: 32 bytes.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let blockSize = 64
        // Keys longer than a block are hashed first; shorter ones are zero-padded.
        var block = key.count > blockSize ? SHA256.hash(key) : key
        block += repeatElement(0, count: blockSize - block.count)

        var inner = SHA256.Hasher()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()

        var outer = SHA256.Hasher()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return outer.finalize()
    }
}
