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
}
