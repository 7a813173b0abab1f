/// Parses the subset of TOML (v1.0) that campaign files use into located
/// `JSONNode` values: comments, bare/quoted/dotted keys, basic and literal
/// strings (single- and multi-line), integers, booleans, dates (kept as
/// text), arrays, inline tables, `[tables]` and `[[arrays of tables]]`.
/// Errors name file:line:column.
public struct TOMLParser {
    private let file: String
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// A table being filled, with where each key was defined.
    private final class Table {
        var members: [(key: String, value: Value)] = []
        let location: SourceLocation
        /// Whether `[name]` defined it (it may not be defined twice).
        var explicitlyDefined = false
        /// Whether it is closed to additions: an inline table.
        var sealed = false
        init(location: SourceLocation) { self.location = location }

        func index(of key: String) -> Int? { members.firstIndex { $0.key == key } }
    }

    private enum Value {
        case node(JSONNode)
        case table(Table)
        case tableArray([Table], location: SourceLocation)
    }

    /// Parses a whole document into an object node.
    public static func parse(bytes: [UInt8], file: String) throws -> JSONNode {
        var parser = TOMLParser(file: file, text: try TextDecoding.utf8(bytes, file: file))
        return try parser.parseDocument()
    }

    private init(file: String, text: String) {
        self.file = file
        scalars = Array(text.unicodeScalars)
    }

    // MARK: - Document

    private mutating func parseDocument() throws -> JSONNode {
        let root = Table(location: location)
        var current = root
        while true {
            skipBlankAndComments()
            guard let scalar = peek else { break }
            if scalar == "[" {
                current = try parseHeader(root: root)
            } else {
                try parseKeyValue(into: current)
            }
            try endOfLine()
        }
        return Self.node(root)
    }

    private mutating func parseHeader(root: Table) throws -> Table {
        let start = location
        advance()
        let isArray = peek == "["
        if isArray { advance() }
        skipSpaces()
        let keys = try parseKey()
        skipSpaces()
        guard peek == "]" else { throw error("expected ']' to close the table header") }
        advance()
        if isArray {
            guard peek == "]" else { throw error("expected ']]' to close the array-of-tables header") }
            advance()
        }
        var table = root
        for (offset, key) in keys.enumerated() {
            let isLast = offset == keys.count - 1
            if let existing = table.index(of: key.name) {
                switch table.members[existing].value {
                case .table(let child):
                    if isLast && (isArray || child.explicitlyDefined || child.sealed) {
                        throw InputError("table [\(keys.map(\.name).joined(separator: "."))] is defined twice (first at \(child.location.line):\(child.location.column))", at: start)
                    }
                    if isLast { child.explicitlyDefined = true }
                    table = child
                case .tableArray(var tables, let location):
                    if isLast {
                        guard isArray else { throw InputError("'\(key.name)' is an array of tables; write [[\(key.name)]]", at: start) }
                        let child = Table(location: start)
                        tables.append(child)
                        table.members[existing].value = .tableArray(tables, location: location)
                        return child
                    }
                    guard let last = tables.last else { throw InputError("empty array of tables", at: start) }
                    table = last
                case .node:
                    throw InputError("'\(key.name)' is a value, not a table", at: key.location)
                }
            } else if isLast && isArray {
                let child = Table(location: start)
                table.members.append((key.name, .tableArray([child], location: start)))
                return child
            } else {
                let child = Table(location: start)
                child.explicitlyDefined = isLast
                table.members.append((key.name, .table(child)))
                table = child
            }
        }
        return table
    }

    private mutating func parseKeyValue(into table: Table) throws {
        let keys = try parseKey()
        skipSpaces()
        guard peek == "=" else { throw error("expected '=' after the key '\(keys.map(\.name).joined(separator: "."))'") }
        advance()
        skipSpaces()
        let value = try parseValue()
        var target = table
        for key in keys.dropLast() {
            if let existing = target.index(of: key.name) {
                guard case .table(let child) = target.members[existing].value, !child.sealed else {
                    throw InputError("'\(key.name)' is already a value", at: key.location)
                }
                target = child
            } else {
                let child = Table(location: key.location)
                target.members.append((key.name, .table(child)))
                target = child
            }
        }
        guard let last = keys.last else { return }
        if let existing = target.index(of: last.name) {
            let first = Self.location(of: target.members[existing].value)
            throw InputError("key '\(last.name)' is given twice (first at \(first.line):\(first.column))", at: last.location)
        }
        target.members.append((last.name, value))
    }

    private struct Key { let name: String; let location: SourceLocation }

    private mutating func parseKey() throws -> [Key] {
        var keys: [Key] = []
        while true {
            skipSpaces()
            let start = location
            guard let scalar = peek else { throw error("expected a key") }
            if scalar == "\"" || scalar == "'" {
                keys.append(Key(name: try parseSingleLineString(), location: start))
            } else {
                var name = ""
                while let next = peek, next.properties.isAlphabetic && next.isASCII || ("0"..."9").contains(next) || next == "_" || next == "-" {
                    name.unicodeScalars.append(next)
                    advance()
                }
                guard !name.isEmpty else { throw error("expected a key: letters, digits, '_' or '-', or a quoted name") }
                keys.append(Key(name: name, location: start))
            }
            skipSpaces()
            guard peek == "." else { return keys }
            advance()
        }
    }

    // MARK: - Values

    private mutating func parseValue() throws -> Value {
        let start = location
        guard let scalar = peek else { throw error("expected a value") }
        switch scalar {
        case "\"", "'":
            let multiline = lookingAt(scalar == "\"" ? "\"\"\"" : "'''")
            let text = multiline ? try parseMultiLineString(quote: scalar) : try parseSingleLineString()
            return .node(JSONNode(value: .string(text), location: start))
        case "[": return .node(try parseArray())
        case "{": return .table(try parseInlineTable())
        case "t" where lookingAt("true"):
            advance(by: 4)
            return .node(JSONNode(value: .bool(true), location: start))
        case "f" where lookingAt("false"):
            advance(by: 5)
            return .node(JSONNode(value: .bool(false), location: start))
        default:
            var text = ""
            while let next = peek, !" \t\n\r,]}#".unicodeScalars.contains(next) {
                text.unicodeScalars.append(next)
                advance()
            }
            if PartialDate(text) != nil, text.count == 10 { return .node(JSONNode(value: .string(text), location: start)) }
            let digits = text.replacingOccurrences(of: "_", with: "")
            if let number = Int(digits), !text.hasPrefix("_"), !text.hasSuffix("_") {
                return .node(JSONNode(value: .number(Double(number), text: digits), location: start))
            }
            index -= text.unicodeScalars.count
            throw error(text.isEmpty ? "expected a value" : "'\(text)' is not a value; text must be in quotes, dates are YYYY-MM-DD")
        }
    }

    private mutating func parseArray() throws -> JSONNode {
        let start = location
        advance()
        var elements: [JSONNode] = []
        while true {
            skipBlankAndComments()
            if peek == "]" { advance(); break }
            let elementStart = location
            guard case .node(let element) = try parseValue() else {
                throw InputError("tables inside arrays are not supported here; use [[name]] sections", at: elementStart)
            }
            elements.append(element)
            skipBlankAndComments()
            if peek == "," { advance(); continue }
            guard peek == "]" else { throw error("expected ',' or ']' in an array") }
            advance()
            break
        }
        return JSONNode(value: .array(elements), location: start)
    }

    private mutating func parseInlineTable() throws -> Table {
        let table = Table(location: location)
        advance()
        skipSpaces()
        if peek == "}" { advance(); table.sealed = true; return table }
        while true {
            try parseKeyValue(into: table)
            skipSpaces()
            if peek == "," { advance(); continue }
            guard peek == "}" else { throw error("expected ',' or '}' in an inline table") }
            advance()
            table.sealed = true
            return table
        }
    }

    private mutating func parseSingleLineString() throws -> String {
        let quote = peek
        let start = location
        advance()
        var text = String.UnicodeScalarView()
        while let scalar = peek {
            if scalar == "\n" || scalar == "\r" { break }
            advance()
            if scalar == quote { return String(text) }
            if scalar == "\\" && quote == "\"" { text.append(try parseEscape()) } else { text.append(scalar) }
        }
        throw InputError("string is not closed before the end of the line", at: start)
    }

    private mutating func parseMultiLineString(quote: Unicode.Scalar) throws -> String {
        let start = location
        let delimiter = String(repeating: String(quote), count: 3)
        advance(by: 3)
        // A line break right after the opening quotes is not part of the text.
        if peek == "\r" { advance() }
        if peek == "\n" { advance() }
        var text = String.UnicodeScalarView()
        while let scalar = peek {
            if lookingAt(delimiter) {
                advance(by: 3)
                return String(text)
            }
            advance()
            if scalar == "\\" && quote == "\"" {
                if let next = peek, next == "\n" || next == " " || next == "\t" || next == "\r" {
                    // A line-ending backslash joins lines, dropping the white space after it.
                    while let blank = peek, blank == "\n" || blank == " " || blank == "\t" || blank == "\r" { advance() }
                } else {
                    text.append(try parseEscape())
                }
            } else if scalar != "\r" {
                text.append(scalar)
            }
        }
        throw InputError("multi-line string is never closed with \(delimiter)", at: start)
    }

    private mutating func parseEscape() throws -> Unicode.Scalar {
        guard let scalar = peek else { throw error("a backslash ends the file") }
        // Taken before stepping past the scalar: stepping back would not
        // undo the line count when it is a line feed.
        let escapeLocation = location
        advance()
        switch scalar {
        case "\"": return "\""
        case "\\": return "\\"
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "u", "U":
            let count = scalar == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let digit = peek, digit.properties.isASCIIHexDigit else { throw error("\\\(scalar) needs \(count) hexadecimal digits") }
                hex.unicodeScalars.append(digit)
                advance()
            }
            guard let value = UInt32(hex, radix: 16), let result = Unicode.Scalar(value) else { throw error("\\\(scalar)\(hex) is not a character") }
            return result
        case "\n", "\r":
            throw InputError("a backslash ends the line; only a multi-line string (\"\"\") may go on to the next line", at: escapeLocation)
        default:
            throw InputError("invalid escape '\\\(scalar)'; write \\\\ for a backslash", at: escapeLocation)
        }
    }

    // MARK: - Lines and positions

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: index - lineStart + 1) }

    private func error(_ message: String) -> InputError { InputError(message, at: location) }

    private func lookingAt(_ text: String) -> Bool {
        let wanted = Array(text.unicodeScalars)
        guard index + wanted.count <= scalars.count else { return false }
        return Array(scalars[index..<(index + wanted.count)]) == wanted
    }

    private mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" { line += 1; lineStart = index + 1 }
            index += 1
        }
    }

    private mutating func skipSpaces() {
        while let scalar = peek, scalar == " " || scalar == "\t" { advance() }
    }

    private mutating func skipBlankAndComments() {
        while let scalar = peek {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { advance() } else if scalar == "#" {
                while let next = peek, next != "\n" { advance() }
            } else { return }
        }
    }

    private mutating func endOfLine() throws {
        skipSpaces()
        if peek == "#" { while let next = peek, next != "\n" { advance() } }
        if peek == "\r" { advance() }
        guard peek == nil || peek == "\n" else { throw error("unexpected text after the value; one key = value per line") }
        advance()
    }

    // MARK: - Output

    private static func node(_ table: Table) -> JSONNode {
        JSONNode(value: .object(table.members.map { ($0.key, node($0.value)) }), location: table.location)
    }

    private static func node(_ value: Value) -> JSONNode {
        switch value {
        case .node(let node): return node
        case .table(let table): return node(table)
        case let .tableArray(tables, location): return JSONNode(value: .array(tables.map { node($0) }), location: location)
        }
    }

    private static func location(of value: Value) -> SourceLocation {
        switch value {
        case .node(let node): return node.location
        case .table(let table): return table.location
        case .tableArray(_, let location): return location
        }
    }
}
