/// Reads RFC 4180 CSV as spreadsheets write it: UTF-8 with or without a
/// byte-order mark, CRLF or LF line ends, quoted fields holding commas,
/// quotes and line breaks. Every field keeps its line and column.
public struct CSVReader: Sendable {
    /// One field and where it starts.
    public struct Field: Sendable, Hashable {
        public let value: String
        public let location: SourceLocation
    }

    /// One record: its fields and the line it starts on.
    public struct Record: Sendable {
        public let fields: [Field]
        public let location: SourceLocation
    }

    /// The file name used in locations.
    public let file: String
    private let text: String

    /// Decodes the bytes as UTF-8; invalid UTF-8 is an `InputError`.
    public init(bytes: [UInt8], file: String) throws {
        self.file = file
        self.text = try TextDecoding.utf8(bytes, file: file)
    }

    /// Every record, blank lines skipped.
    public func records() throws -> [Record] {
        var records: [Record] = []
        var fields: [Field] = []
        var value = ""
        var line = 1, column = 1
        var fieldStart = SourceLocation(file: file, line: 1, column: 1)
        var recordStart = fieldStart
        var quoted = false, inQuotes = false, afterQuote = false
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func endField() {
            fields.append(Field(value: value, location: fieldStart))
            value = ""
            quoted = false
            afterQuote = false
        }
        func endRecord() {
            // A line holding only "" is a record with one empty field, not a blank line.
            let wasQuoted = quoted
            endField()
            if !(fields.count == 1 && fields[0].value.isEmpty && !wasQuoted) {
                records.append(Record(fields: fields, location: recordStart))
            }
            fields = []
        }

        while let character = pending ?? iterator.next() {
            pending = nil
            let here = SourceLocation(file: file, line: line, column: column)
            if character == "\n" || character == "\r\n" || (character == "\r" && inQuotes) { line += 1; column = 1 } else { column += 1 }
            if inQuotes {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { value.append("\""); column += 1 } else {
                        inQuotes = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    value.append(character)
                }
                continue
            }
            switch character {
            case ",":
                endField()
                fieldStart = SourceLocation(file: file, line: line, column: column)
            case "\n", "\r\n", "\r":
                if character == "\r" { line += 1; column = 1 }
                endRecord()
                fieldStart = SourceLocation(file: file, line: line, column: column)
                recordStart = fieldStart
            case _ where character.unicodeScalars.count > 1 && character.unicodeScalars.first == ",":
                // A comma with a combining mark after it is one Character, but still a separator.
                endField()
                fieldStart = SourceLocation(file: file, line: line, column: column - 1)
                value = String(String.UnicodeScalarView(character.unicodeScalars.dropFirst()))
            case "\"" where value.isEmpty && !quoted:
                quoted = true
                inQuotes = true
            default:
                if afterQuote {
                    throw InputError("unexpected character \(String(reflecting: String(character))) after a closing quote; a quote inside a quoted field is written twice (\"\")", at: here)
                }
                value.append(character)
            }
        }
        if inQuotes { throw InputError("a quoted field is never closed", at: fieldStart) }
        if !value.isEmpty || quoted || !fields.isEmpty { endRecord() }
        return records
    }
}
