/// Writes CSV that spreadsheet programs open correctly: fields quoted when
/// they hold a comma, quote or line break, CRLF between records.
public enum CSVWriter {
    /// One record, ending in CRLF. A record of one empty field is written
    /// `""`, since an empty line is read as no record at all.
    public static func record(_ fields: [String]) -> String {
        if fields == [""] { return "\"\"\r\n" }
        return fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted if it needs to be. Scalars are looked at, not
    /// characters: a quote or comma with a combining mark after it is one
    /// `Character`, but a quote or comma all the same to a reader.
    public static func escape(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in field.unicodeScalars {
            if scalar == "\"" { quoted.append(scalar) }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }
}
