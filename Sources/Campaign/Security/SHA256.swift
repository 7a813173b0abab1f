/// SHA-256 (FIPS 180-4), written out here because the package may depend on
/// nothing but Foundation and Glibc.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize()
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

    // MARK: - Streaming

    /// A hash in progress: input is fed in pieces of any size and compressed
    /// a 64-byte block at a time, so no padded copy of the message is made.
    /// HMAC feeds its key pad and message through one of these.
    struct Hasher {
        private var state = SIMD8<UInt32>(
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
            0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
        )
        /// Input not yet compressed: always fewer than 64 bytes between calls.
        /// Kept inline, so a copied hasher (HMAC copies its prepared key
        /// states for every message) allocates nothing.
        private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        private var pendingCount = 0
        private var byteCount: UInt64 = 0

        init() {}

        /// Adds `bytes` to the message.
        mutating func update(_ bytes: some Collection<UInt8>) {
            let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
                update(contiguous: UnsafeRawBufferPointer(buffer))
            }
            guard handled == nil else { return }
            // Lazy and other non-contiguous collections are copied a few
            // kilobytes at a time rather than whole.
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Swift.min(bytes.count, 4096))
            for byte in bytes {
                chunk.append(byte)
                if chunk.count == 4096 {
                    chunk.withUnsafeBytes { update(contiguous: $0) }
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            chunk.withUnsafeBytes { update(contiguous: $0) }
        }

        private mutating func update(contiguous input: UnsafeRawBufferPointer) {
            byteCount &+= UInt64(input.count)
            var rest = input[...]
            if pendingCount > 0 {
                let taken = rest.prefix(64 - pendingCount)
                appendPending(UnsafeRawBufferPointer(rebasing: taken))
                rest = rest[taken.endIndex...]
                guard pendingCount == 64 else { return }
                compressPending()
            }
            // Whole blocks are compressed straight from the caller's memory.
            while rest.count >= 64 {
                let block = UnsafeRawBufferPointer(rebasing: rest.prefix(64))
                Self.compress(&state, block)
                rest = rest.dropFirst(64)
            }
            appendPending(UnsafeRawBufferPointer(rebasing: rest))
        }

        private mutating func appendPending(_ bytes: UnsafeRawBufferPointer) {
            guard !bytes.isEmpty else { return }
            let count = pendingCount
            withUnsafeMutableBytes(of: &pending) { buffer in
                buffer.baseAddress!.advanced(by: count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            }
            pendingCount += bytes.count
        }

        /// Pads the message (a 1 bit, zeros, the bit length) and returns the digest.
        mutating func finalize() -> [UInt8] {
            let bitLength = byteCount &* 8
            let count = pendingCount
            withUnsafeMutableBytes(of: &pending) { buffer in
                buffer[count] = 0x80
                for index in (count + 1)..<64 { buffer[index] = 0 }
            }
            if count >= 56 {
                withUnsafeBytes(of: &pending) { Self.compress(&state, $0) }
                withUnsafeMutableBytes(of: &pending) { buffer in _ = buffer.initializeMemory(as: UInt8.self, repeating: 0) }
            }
            withUnsafeMutableBytes(of: &pending) { buffer in
                for index in 0..<8 { buffer[56 + index] = UInt8(truncatingIfNeeded: bitLength &>> UInt64(56 - 8 * index)) }
            }
            withUnsafeBytes(of: &pending) { Self.compress(&state, $0) }
            pendingCount = 0

            let words = state
            return [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
                for index in 0..<8 {
                    let word = words[index]
                    digest[4 * index] = UInt8(truncatingIfNeeded: word &>> 24)
                    digest[4 * index + 1] = UInt8(truncatingIfNeeded: word &>> 16)
                    digest[4 * index + 2] = UInt8(truncatingIfNeeded: word &>> 8)
                    digest[4 * index + 3] = UInt8(truncatingIfNeeded: word)
                }
                count = 32
            }
        }

        private mutating func compressPending() {
            withUnsafeBytes(of: &pending) { Self.compress(&state, $0) }
            pendingCount = 0
        }

        // MARK: - Compression

        /// Mixes one 64-byte block into `state` (FIPS 180-4 §6.2.2).
        private static func compress(_ state: inout SIMD8<UInt32>, _ block: UnsafeRawBufferPointer) {
            // The message schedule lives on the stack: no heap allocation per block.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for t in 0..<16 {
                    w[t] = UInt32(block[4 * t]) &<< 24 | UInt32(block[4 * t + 1]) &<< 16
                        | UInt32(block[4 * t + 2]) &<< 8 | UInt32(block[4 * t + 3])
                }
                for t in 16..<64 {
                    let s0 = rotate(w[t - 15], 7) ^ rotate(w[t - 15], 18) ^ (w[t - 15] &>> 3)
                    let s1 = rotate(w[t - 2], 17) ^ rotate(w[t - 2], 19) ^ (w[t - 2] &>> 10)
                    w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                }

                var a = state[0], b = state[1], c = state[2], d = state[3]
                var e = state[4], f = state[5], g = state[6], h = state[7]
                // Eight rounds per pass, the variables taking turns in each
                // role, rather than shifting all eight along after every round.
                roundConstants.withUnsafeBufferPointer { k in
                    for t in stride(from: 0, to: 64, by: 8) {
                        round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                        round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                        round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                        round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                        round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                        round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                        round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                    }
                }
                state &+= SIMD8(a, b, c, d, e, f, g, h)
            }
        }

        /// One round: `d` becomes the next round's `e`, and `h` its `a`.
        @inline(__always)
        private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                                  _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ constantAndWord: UInt32) {
            let t1 = h &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ ((e & f) ^ (~e & g)) &+ constantAndWord
            let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d &+= t1
            h = t1 &+ t2
        }

        @inline(__always)
        private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 {
            x &>> n | x &<< (32 - n)
        }

        /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static let roundConstants: [UInt32] = [
            0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
            0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
            0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
            0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
            0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
            0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
            0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
            0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
        ]
    }
}
