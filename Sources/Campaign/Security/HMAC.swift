import COpenSSL
import Synchronization

/// Keyed message authentication (RFC 2104), for signing values the server
/// hands out and must later trust again, such as confirmation links.
/// Computed by OpenSSL's libcrypto (`EVP_MAC` "HMAC" with SHA-256).
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`: 32 bytes.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Key(key).sha256(message)
    }

    /// A key prepared once for many messages (the server's CSRF secret).
    ///
    /// OpenSSL's one-shot `HMAC()` looks the algorithms up and hashes the
    /// key's pads again on every call, several times the cost of the
    /// message. A key instead keeps contexts that hold the hashed pads, and
    /// resets one for each message (`EVP_MAC_init` with no key keeps the
    /// key): nothing is allocated per message once a context is free.
    public struct Key: Sendable {
        private let contexts: Contexts
        /// Bytes every message begins with, fed before it.
        private let prefix: [UInt8]

        /// Prepares `key`.
        public init(_ key: [UInt8]) {
            contexts = Contexts(key: key)
            prefix = []
        }

        private init(contexts: Contexts, prefix: [UInt8]) {
            self.contexts = contexts
            self.prefix = prefix
        }

        /// The same key for messages that all begin with `prefix`:
        /// `sha256(rest)` is the HMAC of `prefix + rest`.
        public func prefixed(by prefix: some Collection<UInt8>) -> Key {
            Key(contexts: contexts, prefix: self.prefix + prefix)
        }

        /// HMAC-SHA256 of `message`.
        public func sha256(_ message: some Collection<UInt8>) -> [UInt8] {
            if let mac = message.withContiguousStorageIfAvailable({ contexts.mac(prefix: prefix, message: UnsafeRawBufferPointer($0)) }) {
                return mac
            }
            return Array(message).withUnsafeBytes { contexts.mac(prefix: prefix, message: $0) }
        }
    }

    /// HMAC-SHA256 contexts keyed with one key: a prepared one to copy,
    /// and those free for the next message. A context serves one thread at
    /// a time, so each message takes one from the free list (or copies the
    /// prepared one) and puts it back after.
    private final class Contexts: Sendable {
        private struct Pool {
            let prepared: OpaquePointer
            var free: [Context] = []
        }

        /// A context handed from the free list to one thread for one message
        /// and back: OpenSSL contexts are not Sendable, and this one is only
        /// ever used by its one holder.
        private struct Context: @unchecked Sendable {
            let pointer: OpaquePointer
        }

        // Every use of the contexts' pointers is under this lock, or on a
        // context taken off the free list for the time of one message.
        private let pool: Mutex<Pool>

        init(key: [UInt8]) {
            guard let context = EVP_MAC_CTX_new(HMAC.algorithm) else { LibCrypto.fail("EVP_MAC_CTX_new(HMAC)") }
            let keyed = key.withUnsafeBufferPointer { campaign_hmac_sha256_init(context, $0.baseAddress, $0.count) }
            guard keyed == 1 else {
                EVP_MAC_CTX_free(context)
                LibCrypto.fail("EVP_MAC_init(HMAC-SHA256)")
            }
            pool = Mutex(Pool(prepared: context))
        }

        deinit {
            pool.withLock { pool in
                EVP_MAC_CTX_free(pool.prepared)
                pool.free.forEach { EVP_MAC_CTX_free($0.pointer) }
            }
        }

        func mac(prefix: [UInt8], message: UnsafeRawBufferPointer) -> [UInt8] {
            let taken = pool.withLock { pool in
                if let context = pool.free.popLast() { return context }
                guard let context = EVP_MAC_CTX_dup(pool.prepared) else { LibCrypto.fail("EVP_MAC_CTX_dup(HMAC)") }
                return Context(pointer: context)
            }
            defer { pool.withLock { $0.free.append(taken) } }
            let context = taken.pointer
            return [UInt8](unsafeUninitializedCapacity: SHA256.byteCount) { mac, initialized in
                var length = 0
                let computed = EVP_MAC_init(context, nil, 0, nil) == 1
                    && prefix.withUnsafeBufferPointer { EVP_MAC_update(context, $0.baseAddress, $0.count) } == 1
                    && EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
                    && EVP_MAC_final(context, mac.baseAddress, &length, mac.count) == 1
                guard computed, length == SHA256.byteCount else { LibCrypto.fail("HMAC-SHA256") }
                initialized = length
            }
        }
    }

    /// HMAC fetched once, for the life of the process, as `SHA256.algorithm` is.
    nonisolated(unsafe) private static let algorithm: OpaquePointer = {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { LibCrypto.fail("EVP_MAC_fetch(HMAC)") }
        return mac
    }()
}
