// MARK: - Spreadsheet exports

extension TextDecoding {
    /// Text and the encoding it was read in, named as people know it ("UTF-16LE").
    struct Decoded {
        let text: String
        let encodingName: String
    }

    /// Decodes a spreadsheet export: UTF-8 with or without a byte-order
    /// mark, UTF-16 with one, or windows-1252 when asked. A byte-order mark
    /// wins over nothing but is refused beside `--encoding windows-1252`,
    /// since the two disagree about what the file is.
    static func spreadsheet(_ bytes: [UInt8], file: String, encoding: SpreadsheetEncoding) throws -> Decoded {
        let layout = try Layout(startingWith: bytes, file: file, encoding: encoding)
        let body = bytes.dropFirst(layout.markLength)
        switch layout.form {
        case .windows1252:
            return Decoded(text: try windows1252(body, file: file), encodingName: layout.name)
        case .utf16(let littleEndian):
            return Decoded(text: try utf16(body, littleEndian: littleEndian, file: file), encodingName: layout.name)
        case .utf8:
            return Decoded(text: try utf8(bytes, file: file, advice: "save the file as UTF-8, or give --encoding windows-1252 if it is in that encoding"),
                           encodingName: layout.name)
        }
    }

    /// How a file's bytes are to be read, told from its first bytes.
    struct Layout {
        enum Form { case utf8, utf16(littleEndian: Bool), windows1252 }
        let form: Form
        /// "UTF-16LE", as people know it.
        let name: String
        /// The byte-order mark's length, to drop before decoding.
        let markLength: Int

        /// A byte-order mark wins over nothing but is refused beside
        /// `--encoding windows-1252`, since the two disagree about what the file is.
        init(startingWith bytes: some Collection<UInt8>, file: String, encoding: SpreadsheetEncoding) throws {
            let start = SourceLocation(file: file, line: 1)
            let first = Array(bytes.prefix(3))
            let mark: String? = first.starts(with: [0xEF, 0xBB, 0xBF]) ? "UTF-8"
                : first.starts(with: [0xFF, 0xFE]) ? "UTF-16LE"
                : first.starts(with: [0xFE, 0xFF]) ? "UTF-16BE" : nil
            switch (encoding, mark) {
            case (.windows1252, let mark?):
                throw InputError("this file starts with a \(mark) byte-order mark, so it is not windows-1252; leave out --encoding", at: start)
            case (.windows1252, nil):
                (form, name, markLength) = (.windows1252, "windows-1252", 0)
            case (.unicode, "UTF-16LE"):
                (form, name, markLength) = (.utf16(littleEndian: true), "UTF-16LE", 2)
            case (.unicode, "UTF-16BE"):
                (form, name, markLength) = (.utf16(littleEndian: false), "UTF-16BE", 2)
            case (.unicode, _):
                // A header is text, so UTF-16 without a mark shows as a zero byte beside a letter.
                if first.count >= 2, (first[0] == 0) != (first[1] == 0) {
                    throw InputError("this file looks like UTF-16\(first[1] == 0 ? "LE" : "BE") without a byte-order mark; "
                                     + "save it as UTF-8, or as UTF-16 with a byte-order mark (\"Unicode text\")", at: start)
                }
                (form, name, markLength) = (.utf8, "UTF-8", mark == nil ? 0 : 3)
            }
        }
    }

    static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool, file: String) throws -> String {
        let name = littleEndian ? "UTF-16LE" : "UTF-16BE"
        var scalars = String.UnicodeScalarView()
        var index = bytes.startIndex
        func unit(at position: Int) -> UInt16 {
            let first = UInt16(bytes[position]), second = UInt16(bytes[position + 1])
            return littleEndian ? first | second << 8 : first << 8 | second
        }
        while index < bytes.endIndex {
            guard index + 1 < bytes.endIndex else {
                throw InputError("this file is \(name) but ends in half a character (an odd number of bytes); save it again",
                                 at: location(after: String(scalars), file: file))
            }
            let lead = unit(at: index)
            index += 2
            if let scalar = Unicode.Scalar(lead) {
                scalars.append(scalar)
                continue
            }
            if (0xD800...0xDBFF).contains(lead), index + 1 < bytes.endIndex {
                let trail = unit(at: index)
                if (0xDC00...0xDFFF).contains(trail),
                   let scalar = Unicode.Scalar((UInt32(lead - 0xD800) << 10 | UInt32(trail - 0xDC00)) + 0x10000) {
                    scalars.append(scalar)
                    index += 2
                    continue
                }
            }
            throw InputError("this file is \(name) but holds an unpaired surrogate (0x\(String(lead, radix: 16, uppercase: true))); save it again",
                             at: location(after: String(scalars), file: file))
        }
        return String(scalars)
    }

    /// Bytes 0x80–0x9F of windows-1252; the rest are Latin-1. Five bytes have no character.
    private static let windows1252High: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: ArraySlice<UInt8>, file: String) throws -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            guard let value, let scalar = Unicode.Scalar(value) else {
                throw InputError("byte 0x\(String(byte, radix: 16, uppercase: true)) is not a character in windows-1252; is the file in another encoding?",
                                 at: location(after: String(scalars), file: file))
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The place just after `prefix`: lines ended by LF, CRLF or a lone CR, columns in characters.
    private static func location(after prefix: String, file: String) -> SourceLocation {
        var line = 1, column = 1
        for character in prefix {
            if character == "\n" || character == "\r\n" || character == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
