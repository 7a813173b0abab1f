import Foundation

// MARK: - A file decoded a piece at a time

extension TextDecoding {
    /// Decodes a spreadsheet export read from disk a megabyte at a time, as
    /// `spreadsheet` decodes it whole, so that a 50 MB file is never held
    /// as bytes or as text. A piece ends on a whole character of its
    /// encoding; bytes that are not text make it read the file whole once
    /// more, so that the message (with its line and column) is the one
    /// `spreadsheet` gives.
    final class Chunks {
        /// A megabyte: large enough that reading costs no more than reading whole.
        static let defaultPieceSize = 1 << 20

        let file: String
        let encoding: SpreadsheetEncoding
        let layout: Layout
        private let handle: FileHandle
        private let pieceSize: Int
        private var carried: [UInt8] = []
        private var finished = false
        private let running = SHA256.Running()
        /// The SHA-256 of the file's bytes, once the last piece was read:
        /// what a second read of the file is checked against.
        private(set) var digest: [UInt8]?

        /// Opens `file` and reads enough of it to know its encoding; the
        /// messages for a file that cannot be opened or whose start refuses
        /// the encoding are those of a whole-file read.
        init(file: String, encoding: SpreadsheetEncoding, pieceSize: Int = defaultPieceSize) throws {
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw InputError("cannot read \(file): no such file, or it is not readable")
            }
            self.file = file
            self.encoding = encoding
            self.handle = handle
            self.pieceSize = max(pieceSize, 4)
            carried = try Self.read(handle, upTo: self.pieceSize, file: file)
            running.update(carried)
            layout = try Layout(startingWith: carried, file: file, encoding: encoding)
            carried.removeFirst(layout.markLength)
        }

        deinit { try? handle.close() }

        private static func read(_ handle: FileHandle, upTo pieceSize: Int, file: String) throws -> [UInt8] {
            do {
                return try handle.read(upToCount: pieceSize).map { [UInt8]($0) } ?? []
            } catch {
                throw InputError("cannot read \(file): \(error.localizedDescription)")
            }
        }

        /// The next piece of text; nil after the last.
        func next() throws -> String? {
            guard !finished else { return nil }
            let more = try Self.read(handle, upTo: pieceSize, file: file)
            running.update(more)
            if more.isEmpty {
                finished = true
                digest = running.finish()
            }
            // The few bytes of a character the last piece cut go first; what this piece cuts waits for the next.
            let bytes = carried.isEmpty ? more : carried + more
            let cut = finished ? bytes.count : wholeCharacters(in: bytes)
            let piece = bytes[..<cut]
            let text: String?
            switch layout.form {
            case .utf8: text = String(validating: piece, as: UTF8.self)
            case .utf16(let littleEndian): text = try? utf16(piece, littleEndian: littleEndian, file: file)
            case .windows1252: text = try? windows1252(piece, file: file)
            }
            guard let text else { throw wholeFileError() }
            carried = Array(bytes[cut...])
            return text
        }

        /// How many of `bytes` make whole characters, leaving out a
        /// character that the next piece completes.
        private func wholeCharacters(in bytes: [UInt8]) -> Int {
            switch layout.form {
            case .windows1252:
                return bytes.count
            case .utf16(let littleEndian):
                let even = bytes.count - bytes.count % 2
                guard even >= 2 else { return even }
                let unit = littleEndian ? UInt16(bytes[even - 2]) | UInt16(bytes[even - 1]) << 8 : UInt16(bytes[even - 2]) << 8 | UInt16(bytes[even - 1])
                // A lead surrogate waits for its trail.
                return (0xD800...0xDBFF).contains(unit) ? even - 2 : even
            case .utf8:
                // Back up over continuation bytes to the last lead byte, and keep it back if its sequence is not complete.
                var index = bytes.count - 1, continuations = 0
                while index >= 0, continuations < 3, bytes[index] & 0xC0 == 0x80 {
                    index -= 1
                    continuations += 1
                }
                guard index >= 0 else { return bytes.count }
                let lead = bytes[index]
                let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                return continuations + 1 < length ? index : bytes.count
            }
        }

        /// The error reading the file whole gives, with its place.
        private func wholeFileError() -> Error {
            guard let bytes = FileManager.default.contents(atPath: file).map({ [UInt8]($0) }) else {
                return InputError("cannot read \(file): no such file, or it is not readable")
            }
            do {
                _ = try spreadsheet(bytes, file: file, encoding: encoding)
                return InputError("cannot read \(file): it changed while it was read")
            } catch {
                return error
            }
        }
    }
}
