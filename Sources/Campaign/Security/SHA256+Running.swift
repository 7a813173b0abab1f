import COpenSSL

extension SHA256 {
    /// A SHA-256 digest of bytes that come a piece at a time: a file read
    /// in pieces is hashed as it is read, never held whole.
    public final class Running {
        private let context: OpaquePointer

        /// Starts a digest of no bytes yet.
        public init() {
            guard let context = EVP_MD_CTX_new() else { LibCrypto.fail("EVP_MD_CTX_new") }
            guard EVP_DigestInit_ex(context, SHA256.algorithm, nil) == 1 else {
                EVP_MD_CTX_free(context)
                LibCrypto.fail("EVP_DigestInit_ex(SHA256)")
            }
            self.context = context
        }

        deinit { EVP_MD_CTX_free(context) }

        /// Adds the next piece.
        public func update(_ bytes: some Collection<UInt8>) {
            let added = bytes.withContiguousStorageIfAvailable { add(UnsafeRawBufferPointer($0)) }
                ?? Array(bytes).withUnsafeBytes { add($0) }
            guard added else { LibCrypto.fail("EVP_DigestUpdate(SHA256)") }
        }

        private func add(_ bytes: UnsafeRawBufferPointer) -> Bool {
            bytes.isEmpty || EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1
        }

        /// The 32-byte digest of every piece added, as `SHA256.hash` of
        /// them all together gives it. The digest starts again after.
        public func finish() -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: SHA256.byteCount) { digest, initialized in
                var length: UInt32 = 0
                guard EVP_DigestFinal_ex(context, digest.baseAddress, &length) == 1, length == SHA256.byteCount,
                      EVP_DigestInit_ex(context, SHA256.algorithm, nil) == 1
                else { LibCrypto.fail("EVP_DigestFinal_ex(SHA256)") }
                initialized = SHA256.byteCount
            }
        }
    }
}
