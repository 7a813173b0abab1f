/// Reads RFC 4180 CSV as spreadsheets write it: UTF-8 with or without a
/// byte-order mark, CRLF or LF line ends, quoted fields holding commas,
/// quotes and line breaks. Every field keeps its line and column. A field
/// `CSVWriter` neutralised (`'=…`, `'+1 206…`) reads as it was before.
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
    ///
    /// Quotes and commas are read scalar by scalar: a quote or comma with a
    /// combining mark after it is one `Character` to Swift, but still a quote
    /// or comma to the program that wrote the file. Columns count characters.
    public func records() throws -> [Record] {
        var records: [Record] = []
        var fields: [Field] = []
        var value = ""
        var line = 1, column = 1
        var fieldStart = SourceLocation(file: file, line: 1, column: 1)
        var recordStart = fieldStart
        var quoted = false, inQuotes = false, afterQuote = false
        // A quote inside a quoted field: it closes the field, unless the next
        // scalar is a quote too and the two stand for one.
        var quoteInQuotes = false

        func endField() {
            fields.append(Field(value: CSVWriter.unguarded(value), location: fieldStart))
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
        func closeQuotes() {
            quoteInQuotes = false
            inQuotes = false
            afterQuote = true
        }

        for character in text {
            let here = SourceLocation(file: file, line: line, column: column)
            // A line break is always a Character of its own.
            if character == "\n" || character == "\r\n" || character == "\r" {
                if quoteInQuotes { closeQuotes() }
                line += 1
                column = 1
                if inQuotes {
                    value.append(character)
                } else {
                    endRecord()
                    fieldStart = SourceLocation(file: file, line: line, column: column)
                    recordStart = fieldStart
                }
                continue
            }
            column += 1
            let scalars = character.unicodeScalars
            for (offset, scalar) in zip(0..., scalars) {
                if quoteInQuotes {
                    quoteInQuotes = false
                    if scalar == "\"" { value.unicodeScalars.append(scalar); continue }
                    closeQuotes()
                }
                if inQuotes {
                    if scalar == "\"" { quoteInQuotes = true } else { value.unicodeScalars.append(scalar) }
                    continue
                }
                switch scalar {
                case ",":
                    endField()
                    // With a combining mark after the comma, the next field starts in the comma's character.
                    fieldStart = SourceLocation(file: file, line: line, column: offset == scalars.count - 1 ? column : column - 1)
                case "\"" where value.isEmpty && !quoted:
                    quoted = true
                    inQuotes = true
                default:
                    if afterQuote {
                        let unexpected = String(String.UnicodeScalarView(scalars.dropFirst(offset)))
                        throw InputError("unexpected character \(String(reflecting: unexpected)) after a closing quote; a quote inside a quoted field is written twice (\"\")", at: here)
                    }
                    value.unicodeScalars.append(scalar)
                }
            }
        }
        if quoteInQuotes { closeQuotes() }
        if inQuotes { throw InputError("a quoted field is never closed", at: fieldStart) }
        if !value.isEmpty || quoted || !fields.isEmpty { endRecord() }
        return records
    }
}
