/// How the bytes of a CSV file are read. Spreadsheet programs write UTF-8
/// (with or without a byte-order mark), UTF-16 with a byte-order mark
/// ("Unicode text"), or the Windows code page of the machine.
public enum SpreadsheetEncoding: String, Sendable, CaseIterable, Codable {
    /// UTF-8, or UTF-16 little- or big-endian when the file starts with its byte-order mark.
    case unicode = "utf-8"
    /// Windows Western European (code page 1252), which has no byte-order mark to recognise it by.
    case windows1252 = "windows-1252"
}
