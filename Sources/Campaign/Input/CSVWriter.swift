/// Writes CSV that spreadsheet programs open correctly: fields quoted when
/// they hold a comma, quote or line break, CRLF between records.
public enum CSVWriter {
    /// One record, ending in CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted if it needs to be.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
