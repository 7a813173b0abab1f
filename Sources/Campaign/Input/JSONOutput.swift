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
        var bytes: [UInt8] = []
        write(into: &bytes, indent: 0)
        bytes.append(0x0A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The JSON text on one line with no spaces, for storing.
    public func compact() -> String {
        var bytes: [UInt8] = []
        write(into: &bytes, indent: nil)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the value as UTF-8, indented `indent` levels of two spaces;
    /// a nil indent writes it without any white space.
    private func write(into out: inout [UInt8], indent: Int?) {
        func newline(_ level: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
        }
        switch self {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .number(let number):
            out += (number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)).utf8
        case .string(let string): JSONOutput.appendQuoted(string, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if let indent { newline(indent + 1) }
                element.write(into: &out, indent: indent.map { $0 + 1 })
            }
            if let indent { newline(indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if let indent { newline(indent + 1) }
                JSONOutput.appendQuoted(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                value.write(into: &out, indent: indent.map { $0 + 1 })
            }
            if let indent { newline(indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal.
    public static func quote(_ string: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 2)
        appendQuoted(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `string` as a JSON string literal, working on its UTF-8
    /// bytes: only quotes, backslashes, control characters and the two
    /// JavaScript line separators (U+2028, U+2029) are escaped.
    static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        var string = string
        out.append(UInt8(ascii: "\""))
        string.withUTF8 { source in
            var index = 0
            while index < source.count {
                // Copy the run of bytes that need no escape in one go.
                let run = index
                while index < source.count, source[index] >= 0x20, source[index] != UInt8(ascii: "\""),
                      source[index] != UInt8(ascii: "\\"), source[index] != 0xE2 {
                    index += 1
                }
                if index > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: source[run..<index])) }
                guard index < source.count else { break }
                let byte = source[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case ..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                case 0xE2 where index + 1 < source.count && source[index] == 0x80 && (source[index + 1] == 0xA8 || source[index + 1] == 0xA9):
                    out += "\\u202".utf8
                    out.append(source[index + 1] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                    index += 2
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
