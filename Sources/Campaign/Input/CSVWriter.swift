/// Writes CSV that spreadsheet programs open correctly and safely, for
/// every export: RFC 4180 quoting (a field is quoted when it holds a
/// comma, quote or line break), CRLF between records, and a cell that a
/// spreadsheet would take for a formula neutralised with a leading
/// apostrophe, as OWASP advises and e-petitions does. Signer lists and the
/// directory carry what others typed: a name such as `=HYPERLINK(…)` must
/// open as text.
///
/// A cell is neutralised when it starts with `=`, `+`, `-`, `@`, tab or
/// carriage return, or with apostrophes before one of those. `CSVReader`
/// takes the one apostrophe off such a cell (`unguarded`), so a file this
/// writes reads back as it was: a phone `+1 206…`, a name starting with
/// `-`, and a value that really began with `'=`.
public enum CSVWriter {
    /// The byte order mark that makes Excel read the file as UTF-8.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    // MARK: - Streaming

    /// Writes one field (without separator).
    public static func writeField(_ bytes: UnsafeBufferPointer<UInt8>, to output: ByteOutput) {
        write(field: bytes, to: output)
    }

    /// Writes one field given as a string.
    public static func writeField(_ text: String, to output: ByteOutput) {
        write(field: text, to: output)
    }

    /// Writes a whole record of string fields, ending in CRLF.
    public static func writeRecord(_ fields: [String], to output: ByteOutput) {
        write(record: fields, to: output)
    }

    // MARK: - Whole files

    /// One record, ending in CRLF.
    public static func record(_ fields: [String]) -> String {
        let gathered = GatheredBytes()
        write(record: fields, to: gathered)
        return String(decoding: gathered.bytes, as: UTF8.self)
    }

    /// One field, quoted and neutralised if it needs to be.
    public static func escape(_ field: String) -> String {
        let gathered = GatheredBytes()
        write(field: field, to: gathered)
        return String(decoding: gathered.bytes, as: UTF8.self)
    }

    // MARK: - Reading back

    /// A field as written before `CSVWriter` neutralised it: a cell that
    /// starts with an apostrophe the writer would have added loses it.
    public static func unguarded(_ value: String) -> String {
        let bytes = value.utf8
        guard bytes.first == apostrophe, isNeutralised(bytes.dropFirst()) else { return value }
        return String(decoding: bytes.dropFirst(), as: UTF8.self)
    }

    // MARK: - Writing

    /// Whether a cell of `bytes` is written with an apostrophe before it:
    /// one a spreadsheet would run as a formula, and one that begins with
    /// apostrophes before such a start, so that taking one apostrophe off
    /// on reading always gives back what was written.
    @inline(__always)
    static func isNeutralised(_ bytes: some Collection<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        if startsFormula(first) { return true }
        guard first == apostrophe, let afterApostrophes = bytes.first(where: { $0 != apostrophe }) else { return false }
        return startsFormula(afterApostrophes)
    }

    /// Whether a field starting with `byte` would be read as a formula.
    @inline(__always)
    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }

    private static let apostrophe = UInt8(ascii: "'")

    private static func write(record fields: [String], to output: some CSVOutput) {
        // A record of one empty field is written `""`: an empty line is read as no record at all.
        if fields.count == 1, fields[0].isEmpty {
            output.write(byte: UInt8(ascii: "\""))
            output.write(byte: UInt8(ascii: "\""))
        } else {
            for (index, field) in fields.enumerated() {
                if index > 0 { output.write(byte: UInt8(ascii: ",")) }
                write(field: field, to: output)
            }
        }
        output.write(byte: 0x0D)
        output.write(byte: 0x0A)
    }

    private static func write(field text: String, to output: some CSVOutput) {
        var text = text
        text.withUTF8 { write(field: $0, to: output) }
    }

    /// Bytes, not characters, are looked at: a quote or comma with a
    /// combining mark after it is one `Character`, but a quote or comma all
    /// the same to a reader.
    private static func write(field bytes: UnsafeBufferPointer<UInt8>, to output: some CSVOutput) {
        let neutralise = isNeutralised(bytes)
        var needsQuotes = neutralise
        for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { output.write(bytes); return }
        output.write(byte: UInt8(ascii: "\""))
        if neutralise { output.write(byte: apostrophe) }
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") {
            output.write(UnsafeBufferPointer(rebasing: bytes[start...index]))
            output.write(byte: UInt8(ascii: "\""))
            start = index + 1
        }
        output.write(UnsafeBufferPointer(rebasing: bytes[start...]))
        output.write(byte: UInt8(ascii: "\""))
    }
}

/// Where `CSVWriter` writes: a streaming `ByteOutput` (signer exports), or
/// bytes gathered for a file made whole (the directory's). A class, so that
/// passing one on costs no copy of a reference.
protocol CSVOutput: AnyObject {
    func write(_ bytes: UnsafeBufferPointer<UInt8>)
    func write(byte: UInt8)
}

extension ByteOutput: CSVOutput {}

/// Bytes gathered in memory.
private final class GatheredBytes: CSVOutput {
    private(set) var bytes: [UInt8] = []

    func write(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }
    func write(byte: UInt8) { bytes.append(byte) }
}
