/// Turns file bytes into text, refusing invalid UTF-8 with the place of the
/// first bad byte, and dropping a UTF-8 byte-order mark.
enum TextDecoding {
    static func utf8(_ bytes: [UInt8], file: String, advice: String = "save the file as UTF-8") throws -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        throw InputError("invalid UTF-8 (byte 0x\(String(firstInvalidByte(body).byte, radix: 16, uppercase: true))); \(advice)",
                         at: firstInvalidByte(body).location(file: file, in: body))
    }

    private struct BadByte {
        let offset: Int
        let byte: UInt8
        func location(file: String, in bytes: ArraySlice<UInt8>) -> SourceLocation {
            let before = bytes[bytes.startIndex..<(bytes.startIndex + offset)]
            // LF, CRLF and a lone CR each end a line.
            var line = 1
            var lineStart = bytes.startIndex
            for position in before.indices where before[position] == 0x0A || before[position] == 0x0D {
                if before[position] == 0x0D, position + 1 < bytes.endIndex, bytes[position + 1] == 0x0A { continue }
                line += 1
                lineStart = position + 1
            }
            let column = String(decoding: bytes[lineStart..<(bytes.startIndex + offset)], as: UTF8.self).count + 1
            return SourceLocation(file: file, line: line, column: column)
        }
    }

    private static func firstInvalidByte(_ bytes: ArraySlice<UInt8>) -> BadByte {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return BadByte(offset: index - bytes.startIndex, byte: lead)
            }
            guard index + length <= bytes.endIndex,
                  String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil else {
                return BadByte(offset: index - bytes.startIndex, byte: lead)
            }
            index += length
        }
        return BadByte(offset: 0, byte: bytes.first ?? 0)
    }
}
