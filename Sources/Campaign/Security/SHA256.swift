import COpenSSL

/// SHA-256 (FIPS 180-4), computed by OpenSSL's libcrypto.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) { return digest }
        return Array(bytes).withUnsafeBytes { digest($0) }
    }

    /// `bytes` (usually a digest from `hash`) as lowercase hexadecimal, the
    /// form test vectors, checksums and stored token hashes are written in:
    /// `SHA256.hex(SHA256.hash(data))`.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in writeHex(bytes, into: text, at: 0) }
    }

    /// How a secret token is stored: the hex digest of its UTF-8, so the
    /// database alone cannot be used to act with it.
    public static func tokenHash(_ token: String) -> String { hex(hash(token.utf8)) }

    /// Writes `bytes` in lowercase hex at `offset`; returns the offset after them.
    static func writeHex(_ bytes: some Collection<UInt8>, into text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        // A static string's bytes: no array made on every call.
        let digits = ("0123456789abcdef" as StaticString).utf8Start
        var written = offset
        for byte in bytes {
            text[written] = digits[Int(byte >> 4)]
            text[written + 1] = digits[Int(byte & 0x0F)]
            written += 2
        }
        return written
    }

    /// The digest of `input` through EVP_Digest, OpenSSL's one-shot: no
    /// context of ours to make and free per call.
    private static func digest(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: byteCount) { digest, initialized in
            var length: UInt32 = 0
            // An empty message may have no address; EVP_Digest reads nothing then.
            guard EVP_Digest(input.baseAddress, input.count, digest.baseAddress, &length, algorithm, nil) == 1,
                  length == byteCount
            else { LibCrypto.fail("EVP_Digest(SHA256)") }
            initialized = byteCount
        }
    }

    /// The digest's length in bytes.
    static let byteCount = 32

    /// SHA-256 fetched once, for the life of the process. `EVP_sha256()`
    /// would have OpenSSL 3 look the algorithm up again in every EVP_Digest,
    /// which doubled the cost of hashing a token. OpenSSL never changes a
    /// fetched `EVP_MD` and lets any thread use it.
    nonisolated(unsafe) static let algorithm: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else { LibCrypto.fail("EVP_MD_fetch(SHA256)") }
        return md
    }()
}
