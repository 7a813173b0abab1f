/// Base64 with the URL- and filename-safe alphabet (RFC 4648 §5) and no
/// padding: the form of tokens put in links and cookies.
public enum Base64URL {
    /// `bytes` as base64url text without `=` padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ encode(contiguous: UnsafeRawBufferPointer($0)) }) { return text }
        return Array(bytes).withUnsafeBytes { encode(contiguous: $0) }
    }

    private static func encode(contiguous bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: (bytes.count * 4 + 2) / 3) { text in
            // A static string's bytes: no array, no lazy global, on every token.
            let table = alphabet.utf8Start
            var read = 0
            var written = 0
            while bytes.count - read >= 3 {
                let group = UInt32(bytes[read]) << 16 | UInt32(bytes[read + 1]) << 8 | UInt32(bytes[read + 2])
                text[written] = table[Int(group >> 18 & 0x3F)]
                text[written + 1] = table[Int(group >> 12 & 0x3F)]
                text[written + 2] = table[Int(group >> 6 & 0x3F)]
                text[written + 3] = table[Int(group & 0x3F)]
                read += 3
                written += 4
            }
            let left = bytes.count - read
            if left > 0 {
                let group = UInt32(bytes[read]) << 16 | (left > 1 ? UInt32(bytes[read + 1]) << 8 : 0)
                text[written] = table[Int(group >> 18 & 0x3F)]
                text[written + 1] = table[Int(group >> 12 & 0x3F)]
                written += 2
                if left > 1 {
                    text[written] = table[Int(group >> 6 & 0x3F)]
                    written += 1
                }
            }
            return written
        }
    }

    /// The bytes `text` encodes, or nil unless it is canonical unpadded
    /// base64url. Padding, the `+` and `/` of standard base64, whitespace, a
    /// length that leaves a lone character, and nonzero leftover bits are all
    /// refused, so that each byte string has exactly one accepted spelling and
    /// tokens can be compared as text.
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count * 3 / 4)
        var group: UInt32 = 0
        var sextets = 0
        for character in characters {
            guard let value = sextet(character) else { return nil }
            group = group << 6 | UInt32(value)
            sextets += 1
            if sextets == 4 {
                bytes.append(UInt8(truncatingIfNeeded: group >> 16))
                bytes.append(UInt8(truncatingIfNeeded: group >> 8))
                bytes.append(UInt8(truncatingIfNeeded: group))
                group = 0
                sextets = 0
            }
        }
        switch sextets {
        case 2:  // 12 bits: one byte and 4 unused bits
            guard group & 0x0F == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:  // 18 bits: two bytes and 2 unused bits
            guard group & 0x03 == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: group >> 10))
            bytes.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return bytes
    }

    private static var alphabet: StaticString { "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
