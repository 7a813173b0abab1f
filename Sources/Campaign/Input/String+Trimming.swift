import Foundation

extension String {
    /// The text without white space (Unicode's, line breaks included) at
    /// either end. Foundation's `trimmingCharacters` bridges to NSString,
    /// which costs more than a sign request's validation.
    public var trimmedWhitespace: String {
        // Text that starts and ends with printable ASCII has nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20 && first < 0x7F, last > 0x20 && last < 0x7F { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }

    /// The text without spaces and tabs at either end, as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` gives it (line breaks stay),
    /// without bridging to NSString when there is nothing to trim: a large
    /// spreadsheet has millions of fields, nearly all of them so.
    public var trimmedSpaces: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        // A printable ASCII character at either end is neither a space nor a tab.
        if first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return self }
        return trimmingCharacters(in: .whitespaces)
    }

    /// The text lowercased; ASCII text byte by byte, without the Unicode
    /// case mapping `lowercased()` looks up for every character.
    public var asciiFastLowercased: String {
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return lowercased() }
        guard utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else { return self }
        return String(unsafeUninitializedCapacity: utf8.count) { copy in
            for (offset, byte) in utf8.enumerated() { copy[offset] = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte }
            return utf8.count
        }
    }
}
