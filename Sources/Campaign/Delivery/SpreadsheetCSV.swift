/// CSV fields for files people open in spreadsheet programs: RFC 4180
/// quoting, and a cell that a spreadsheet would take for a formula (one
/// starting with `=`, `+`, `-`, `@`, tab or carriage return) is neutralised
/// with a leading apostrophe, as e-petitions does.
public enum SpreadsheetCSV {
    /// The byte order mark that makes Excel read the file as UTF-8.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Whether a field starting with `byte` would be read as a formula.
    @inline(__always)
    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }

    /// Writes one field (without separator).
    public static func writeField(_ bytes: UnsafeBufferPointer<UInt8>, to output: ByteOutput) {
        let neutralise = bytes.first.map(startsFormula) ?? false
        var needsQuotes = neutralise
        for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { output.write(bytes); return }
        output.write(byte: UInt8(ascii: "\""))
        if neutralise { output.write(byte: UInt8(ascii: "'")) }
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") {
            output.write(UnsafeBufferPointer(rebasing: bytes[start...index]))
            output.write(byte: UInt8(ascii: "\""))
            start = index + 1
        }
        output.write(UnsafeBufferPointer(rebasing: bytes[start...]))
        output.write(byte: UInt8(ascii: "\""))
    }

    /// Writes one field given as a string.
    public static func writeField(_ text: String, to output: ByteOutput) {
        var text = text
        text.withUTF8 { writeField($0, to: output) }
    }

    /// Writes a whole record of string fields, ending in CRLF.
    public static func writeRecord(_ fields: [String], to output: ByteOutput) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.write(byte: UInt8(ascii: ",")) }
            writeField(field, to: output)
        }
        output.write(byte: 0x0D)
        output.write(byte: 0x0A)
    }
}
