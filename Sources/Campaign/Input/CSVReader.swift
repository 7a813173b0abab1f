/// Reads RFC 4180 CSV as spreadsheets write it: UTF-8 with or without a
/// byte-order mark, UTF-16 with one, or windows-1252 when asked; fields
/// separated by commas, semicolons or tabs, whichever the header uses;
/// CRLF or LF line ends, quoted fields holding separators,
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
    /// The encoding the file was read in: UTF-8, UTF-16LE, UTF-16BE or windows-1252.
    public let encodingName: String
    /// The field separator found in the header: a comma, semicolon or tab.
    public let separator: Unicode.Scalar
    private let source: Source

    /// Where the text comes from: decoded whole, or read from disk a piece
    /// at a time as the records are read.
    private enum Source: Sendable {
        case text(String)
        case file(SpreadsheetEncoding, pieceSize: Int)
    }

    /// Decodes the bytes (see `SpreadsheetEncoding`); bytes that are not
    /// text in that encoding are an `InputError` naming the place.
    public init(bytes: [UInt8], file: String, encoding: SpreadsheetEncoding = .unicode) throws {
        self.file = file
        let decoded = try TextDecoding.spreadsheet(bytes, file: file, encoding: encoding)
        source = .text(decoded.text)
        encodingName = decoded.encodingName
        separator = Self.separator(ofHeader: decoded.text)
    }

    /// Reads the file at `file` a piece at a time as the records are read
    /// (see `TextDecoding.Chunks`), never holding it whole: what a large
    /// import needs. Its encoding and separator are read now; a byte that
    /// is not text is an `InputError` when the records reach it, with the
    /// message and place `init(bytes:)` gives.
    public init(contentsOf file: String, encoding: SpreadsheetEncoding = .unicode) throws {
        try self.init(contentsOf: file, encoding: encoding, pieceSize: TextDecoding.Chunks.defaultPieceSize)
    }

    /// The same in pieces of `pieceSize` bytes: tests use a few bytes, so
    /// that characters and line ends fall across pieces.
    init(contentsOf file: String, encoding: SpreadsheetEncoding, pieceSize: Int) throws {
        self.file = file
        let chunks = try TextDecoding.Chunks(file: file, encoding: encoding, pieceSize: pieceSize)
        encodingName = chunks.layout.name
        // The header line, and then some (a quoted name may hold a line break); bytes that are not text there are refused now.
        var start = ""
        while start.utf8.count < 4096 || !start.contains(where: \.isNewline), let piece = try chunks.next() { start += piece }
        separator = Self.separator(ofHeader: start)
        source = .file(encoding, pieceSize: pieceSize)
    }

    /// The separator's name in the plural, for messages: "commas".
    public var separatorName: String {
        switch separator {
        case ";": "semicolons"
        case "\t": "tabs"
        default: "commas"
        }
    }

    /// What was seen that is not plain UTF-8 with commas ("this file is
    /// UTF-16LE and this header is separated by semicolons"), for messages
    /// about the header; nil when there is nothing unusual to say.
    public var layoutNote: String? {
        let notes = (encodingName == "UTF-8" ? [] : ["this file is \(encodingName)"])
            + (separator == "," ? [] : ["this header is separated by \(separatorName)"])
        return notes.isEmpty ? nil : notes.joined(separator: " and ")
    }

    /// The comma, semicolon or tab the first line holds most of outside
    /// quotes; a comma when it holds none (a file of one column) or on a tie.
    static func separator(ofHeader text: String) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [:]
        var inQuotes = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if scalar == "\n" || scalar == "\r" { break }
            if scalar == "," || scalar == ";" || scalar == "\t" { counts[scalar, default: 0] += 1 }
        }
        return [",", ";", "\t"].max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? ","
    }

    /// Every record, blank lines skipped.
    public func records() throws -> [Record] {
        var stream = recordStream()
        var records: [Record] = []
        while let record = try stream.next() { records.append(record) }
        return records
    }

    /// The records one at a time, as `records()` gives them, for a reader
    /// that need not hold them all: a 50 MB file's fields, each a string
    /// with its place, took many times the file.
    public func recordStream() -> RecordStream { RecordStream(reader: self) }

    /// Records read one at a time from a `CSVReader`'s text.
    ///
    /// Quotes and separators are read scalar by scalar: a quote or comma with a
    /// combining mark after it is one `Character` to Swift, but still a quote
    /// or comma to the program that wrote the file. Columns count characters.
    public struct RecordStream {
        private let file: String
        private let separator: Unicode.Scalar
        private var characters: CharacterFeed
        private var fields: [Field] = []
        // The field read so far, as UTF-8: appending bytes costs less than
        // appending scalars to a string, for every character of a large file.
        private var value: [UInt8] = []
        private var line = 1, column = 1
        private var fieldStart: SourceLocation
        private var recordStart: SourceLocation
        private var quoted = false, inQuotes = false, afterQuote = false
        // A quote inside a quoted field: it closes the field, unless the next
        // scalar is a quote too and the two stand for one.
        private var quoteInQuotes = false
        private var finished = false

        /// The SHA-256 of the file's bytes once every record was read from
        /// a file; nil before, and for text given whole. A second read of
        /// the file that gives another is a file that changed in between.
        public var fileDigest: [UInt8]? { characters.digest }

        init(reader: CSVReader) {
            file = reader.file
            separator = reader.separator
            switch reader.source {
            case .text(let text): characters = CharacterFeed(text: text)
            case .file(let encoding, let pieceSize): characters = CharacterFeed(file: reader.file, encoding: encoding, pieceSize: pieceSize)
            }
            fieldStart = SourceLocation(file: reader.file, line: 1, column: 1)
            recordStart = fieldStart
        }

        private mutating func append(_ scalar: Unicode.Scalar) {
            if scalar.isASCII { value.append(UInt8(truncatingIfNeeded: scalar.value)) } else { value.append(contentsOf: scalar.utf8) }
        }

        private mutating func endField() {
            fields.append(Field(value: CSVWriter.unguarded(String(decoding: value, as: UTF8.self)), location: fieldStart))
            value.removeAll(keepingCapacity: true)
            quoted = false
            afterQuote = false
        }

        /// The record just ended; nil for a blank line.
        private mutating func endRecord() -> Record? {
            // A line holding only "" is a record with one empty field, not a blank line.
            let wasQuoted = quoted
            endField()
            defer { fields = [] }
            return fields.count == 1 && fields[0].value.isEmpty && !wasQuoted ? nil : Record(fields: fields, location: recordStart)
        }

        private mutating func closeQuotes() {
            quoteInQuotes = false
            inQuotes = false
            afterQuote = true
        }

        /// The next record; nil at the end of the text.
        public mutating func next() throws -> Record? {
            while let character = try characters.next() {
                // A line break is always a Character of its own.
                if character == "\n" || character == "\r\n" || character == "\r" {
                    if quoteInQuotes { closeQuotes() }
                    line += 1
                    column = 1
                    if inQuotes {
                        value.append(contentsOf: character.utf8)
                    } else {
                        let record = endRecord()
                        fieldStart = SourceLocation(file: file, line: line, column: column)
                        recordStart = fieldStart
                        if let record { return record }
                    }
                    continue
                }
                column += 1
                let scalars = character.unicodeScalars
                for (offset, scalar) in zip(0..., scalars) {
                    if quoteInQuotes {
                        quoteInQuotes = false
                        if scalar == "\"" { append(scalar); continue }
                        closeQuotes()
                    }
                    if inQuotes {
                        if scalar == "\"" { quoteInQuotes = true } else { append(scalar) }
                        continue
                    }
                    switch scalar {
                    case separator:
                        endField()
                        // With a combining mark after the comma, the next field starts in the comma's character.
                        fieldStart = SourceLocation(file: file, line: line, column: offset == scalars.count - 1 ? column : column - 1)
                    case "\"" where value.isEmpty && !quoted:
                        quoted = true
                        inQuotes = true
                    default:
                        if afterQuote {
                            let unexpected = String(String.UnicodeScalarView(scalars.dropFirst(offset)))
                            // The character's own column: the count has moved past it.
                            throw InputError("unexpected character \(String(reflecting: unexpected)) after a closing quote; a quote inside a quoted field is written twice (\"\")",
                                             at: SourceLocation(file: file, line: line, column: column - 1))
                        }
                        append(scalar)
                    }
                }
            }
            guard !finished else { return nil }
            finished = true
            if quoteInQuotes { closeQuotes() }
            if inQuotes { throw InputError("a quoted field is never closed", at: fieldStart) }
            if !value.isEmpty || quoted || !fields.isEmpty { return endRecord() }
            return nil
        }
    }

    /// The characters of the text, from a string or from a file's pieces.
    /// The last character of a piece is held back until the next piece is
    /// read: a CR may be the start of a CRLF, a letter may take a combining
    /// mark, and both are one `Character`.
    struct CharacterFeed {
        private var current: Substring.Iterator
        private var chunks: TextDecoding.Chunks?
        private var opening: (file: String, encoding: SpreadsheetEncoding, pieceSize: Int)?
        private var heldBack = ""
        /// The file's digest, once its last piece was read.
        private(set) var digest: [UInt8]?

        init(text: String) {
            current = text[...].makeIterator()
        }

        init(file: String, encoding: SpreadsheetEncoding, pieceSize: Int) {
            current = ""[...].makeIterator()
            opening = (file, encoding, pieceSize)
        }

        mutating func next() throws -> Character? {
            while true {
                if let character = current.next() { return character }
                if let (file, encoding, pieceSize) = opening {
                    opening = nil
                    chunks = try TextDecoding.Chunks(file: file, encoding: encoding, pieceSize: pieceSize)
                }
                guard let source = chunks else { return nil }
                guard let piece = try source.next() else {
                    digest = source.digest
                    chunks = nil
                    current = heldBack[...].makeIterator()
                    heldBack = ""
                    continue
                }
                var text = heldBack + piece
                heldBack = text.last.map { String($0) } ?? ""
                if !text.isEmpty { text.removeLast() }
                current = text[...].makeIterator()
            }
        }
    }
}
