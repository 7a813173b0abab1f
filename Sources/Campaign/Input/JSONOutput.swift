import Foundation

/// JSON to write, with members kept in the order given so exports are
/// stable and diff well.
public indirect enum JSONOutput: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    /// An optional string, `null` when absent.
    public static func string(_ text: String?) -> JSONOutput { text.map { .string($0) } ?? .null }

    /// The JSON text, indented by two spaces, with a final newline.
    public func rendered() -> String {
        var text = ""
        write(into: &text, indent: "")
        return text + "\n"
    }

    /// The JSON text on one line with no spaces, for storing.
    public func compact() -> String {
        var text = ""
        write(into: &text, indent: nil)
        return text
    }

    /// Writes the value; a nil indent writes it without any white space.
    private func write(into text: inout String, indent: String?) {
        switch self {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number):
            text += number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let string): text += JSONOutput.quote(string)
        case .array(let elements):
            guard !elements.isEmpty else { text += "[]"; return }
            text += "["
            for (index, element) in elements.enumerated() {
                if let indent { text += "\n" + indent + "  " } else if index > 0 { text += "," }
                element.write(into: &text, indent: indent.map { $0 + "  " })
                if indent != nil && index < elements.count - 1 { text += "," }
            }
            if let indent { text += "\n" + indent }
            text += "]"
        case .object(let members):
            guard !members.isEmpty else { text += "{}"; return }
            text += "{"
            for (index, (key, value)) in members.enumerated() {
                if let indent { text += "\n" + indent + "  " } else if index > 0 { text += "," }
                text += JSONOutput.quote(key) + (indent == nil ? ":" : ": ")
                value.write(into: &text, indent: indent.map { $0 + "  " })
                if indent != nil && index < members.count - 1 { text += "," }
            }
            if let indent { text += "\n" + indent }
            text += "}"
        }
    }

    /// A JSON string literal.
    public static func quote(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 { result += String(format: "\\u%04x", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
