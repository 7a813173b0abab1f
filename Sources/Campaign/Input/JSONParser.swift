/// Parses JSON (RFC 8259) into `JSONNode`s with locations. Errors name the
/// line and column of the offending character.
public struct JSONParser {
    private let file: String
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    /// Scalars on this line that do not begin a character (combining marks,
    /// flags), so columns count characters as CSV and editors do. Only
    /// strings hold such scalars; those of a string are counted when it
    /// closes, and those of the string being read as a location is taken.
    private var lineScalarsBeyondCharacters = 0
    /// Where the string being read begins, while it is read.
    private var openStringStart: Int?
    private var depth = 0
    private static let maximumDepth = 512

    /// Parses a whole file; anything after the top-level value is an error.
    public static func parse(bytes: [UInt8], file: String) throws -> JSONNode {
        var parser = JSONParser(file: file, text: try TextDecoding.utf8(bytes, file: file))
        parser.skipWhitespace()
        let node = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == parser.scalars.count else { throw parser.error("unexpected text after the JSON value") }
        return node
    }

    private init(file: String, text: String) {
        self.file = file
        self.scalars = Array(text.unicodeScalars)
    }

    private var location: SourceLocation {
        let beyondInOpenString = openStringStart.map { Self.scalarsBeyondCharacters(scalars[$0..<index]) } ?? 0
        return SourceLocation(file: file, line: line, column: index - lineStart - lineScalarsBeyondCharacters - beyondInOpenString + 1)
    }

    /// How many of `scalars` do not begin a character.
    private static func scalarsBeyondCharacters(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        guard scalars.contains(where: { !$0.isASCII }) else { return 0 }
        return scalars.count - String(String.UnicodeScalarView(scalars)).count
    }

    private func error(_ message: String) -> InputError {
        InputError(message, at: location)
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func skipWhitespace() {
        while let scalar = current {
            switch scalar {
            case "\n": index += 1; line += 1; lineStart = index; lineScalarsBeyondCharacters = 0
            case "\r":
                index += 1
                if current != "\n" { line += 1; lineStart = index; lineScalarsBeyondCharacters = 0 }
            case " ", "\t": index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSONNode {
        let start = location
        guard let scalar = current else { throw error("unexpected end of file; a JSON value was expected") }
        switch scalar {
        case "{": return JSONNode(value: try parseObject(), location: start)
        case "[": return JSONNode(value: try parseArray(), location: start)
        case "\"": return JSONNode(value: .string(try parseString()), location: start)
        case "t": try expectWord("true"); return JSONNode(value: .bool(true), location: start)
        case "f": try expectWord("false"); return JSONNode(value: .bool(false), location: start)
        case "n": try expectWord("null"); return JSONNode(value: .null, location: start)
        case "-", "0"..."9": return JSONNode(value: try parseNumber(), location: start)
        default: throw error("unexpected character '\(scalar)'; a JSON value was expected")
        }
    }

    private mutating func expectWord(_ word: String) throws {
        for expected in word.unicodeScalars {
            guard current == expected else { throw error("invalid literal; expected '\(word)'") }
            index += 1
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth { throw error("JSON nested deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: JSONNode)] = []
        var keyLocations: [String: SourceLocation] = [:]
        skipWhitespace()
        if current == "}" { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == "\"" else { throw error("expected a member name in double quotes") }
            let keyLocation = location
            let key = try parseString()
            // A name given twice would leave the file's meaning to whichever reader.
            if let first = keyLocations.updateValue(keyLocation, forKey: key) {
                throw InputError("member \"\(key)\" is given twice (first at \(first.line):\(first.column))", at: keyLocation)
            }
            skipWhitespace()
            guard current == ":" else { throw error("expected ':' after the member name \"\(key)\"") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            switch current {
            case ",": index += 1
            case "}": index += 1; return .object(members)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray() throws -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if current == "]" { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            switch current {
            case ",": index += 1
            case "]": index += 1; return .array(elements)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseString() throws -> String {
        let start = index
        openStringStart = start
        defer {
            lineScalarsBeyondCharacters += Self.scalarsBeyondCharacters(scalars[start..<index])
            openStringStart = nil
        }
        index += 1
        var result = String.UnicodeScalarView()
        while let scalar = current {
            index += 1
            switch scalar {
            case "\"": return String(result)
            case "\\":
                guard let escaped = current else { break }
                index += 1
                switch escaped {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "/": result.append("/")
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u": result.append(try parseUnicodeEscape())
                default:
                    index -= 1
                    throw error("invalid escape '\\\(escaped)' in a string")
                }
            case "\n", "\r":
                index -= 1
                throw error("a string is not closed before the end of the line")
            default:
                if scalar.value < 0x20 {
                    index -= 1
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    throw error("control character U+\(String(repeating: "0", count: 4 - hex.count) + hex) inside a string must be escaped")
                }
                result.append(scalar)
            }
        }
        throw error("a string is never closed")
    }

    private mutating func parseHex4() throws -> UInt32 {
        // Digits only: UInt32(_:radix:) would also take a sign ("\u+041").
        guard index + 4 <= scalars.count, scalars[index..<(index + 4)].allSatisfy(\.properties.isASCIIHexDigit),
              let value = UInt32(String(String.UnicodeScalarView(scalars[index..<(index + 4)])), radix: 16) else {
            throw error("\\u must be followed by four hexadecimal digits")
        }
        index += 4
        return value
    }

    private mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800...0xDBFF).contains(first) {
            guard current == "\\", index + 1 < scalars.count, scalars[index + 1] == "u" else {
                throw error("a high surrogate \\u escape must be followed by a low surrogate")
            }
            index += 2
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second),
                  let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else {
                throw error("invalid surrogate pair in a \\u escape")
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("a lone low surrogate in a \\u escape") }
        return scalar
    }

    private mutating func parseNumber() throws -> JSONNode.Value {
        let start = index
        if current == "-" { index += 1 }
        guard let first = current, ("0"..."9").contains(first) else { throw error("invalid number") }
        if first == "0" { index += 1 } else { while let digit = current, ("0"..."9").contains(digit) { index += 1 } }
        if current == "." {
            index += 1
            guard let digit = current, ("0"..."9").contains(digit) else { throw error("invalid number: digits must follow '.'") }
            while let digit = current, ("0"..."9").contains(digit) { index += 1 }
        }
        if current == "e" || current == "E" {
            index += 1
            if current == "+" || current == "-" { index += 1 }
            guard let digit = current, ("0"..."9").contains(digit) else { throw error("invalid number: digits must follow the exponent") }
            while let digit = current, ("0"..."9").contains(digit) { index += 1 }
        }
        // A number is ASCII, so its text is made from bytes: made from a
        // slice of scalars it cost microseconds, for each of the thousands
        // of coordinates of a district boundary.
        let text = String(unsafeUninitializedCapacity: index - start) { bytes in
            for (offset, scalar) in scalars[start..<index].enumerated() { bytes[offset] = UInt8(truncatingIfNeeded: scalar.value) }
            return index - start
        }
        guard let number = Double(text), number.isFinite else {
            // Named where the number begins; a number is ASCII on one line.
            let end = location
            throw InputError("number \(text) is out of range", at: SourceLocation(file: file, line: end.line, column: end.column - (index - start)))
        }
        return .number(number, text: text)
    }
}
