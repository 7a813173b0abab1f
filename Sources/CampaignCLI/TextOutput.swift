import Campaign
import Foundation
import Synchronization

/// A stream of text a command writes to (standard output, standard error, or
/// a buffer in tests), knowing whether it is a terminal and how wide.
/// Control characters in what is written (an ESC in an official's name, a
/// lone CR) come out as visible escapes (`\u{1B}`): only line feeds, tabs,
/// CRLF line ends and, on a terminal, the bold of a table's header pass.
public struct TextOutput: Sendable {
    private let sink: @Sendable (String) -> Void
    /// Whether escape codes (bold table headers) may be written.
    public let isTerminal: Bool
    /// Columns to fit tables into, when known.
    public let width: Int?

    /// A stream that hands what is written to `write`.
    public init(isTerminal: Bool = false, width: Int? = nil, write: @escaping @Sendable (String) -> Void) {
        sink = write
        self.isTerminal = isTerminal
        self.width = width
    }

    /// Standard output (1) or standard error (2); the width from `COLUMNS`,
    /// else the terminal's.
    public static func standard(_ descriptor: Int32, environment: [String: String]) -> TextOutput {
        let handle = descriptor == 1 ? FileHandle.standardOutput : FileHandle.standardError
        let terminal = isatty(descriptor) == 1
        var width = environment["COLUMNS"].flatMap(Int.init)
        if width == nil && terminal {
            var size = winsize()
            if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
        }
        return TextOutput(isTerminal: terminal, width: width) { handle.write(Data($0.utf8)) }
    }

    /// A stream into `buffer`, as a pipe would be: no terminal.
    public static func into(_ buffer: OutputBuffer, width: Int? = nil) -> TextOutput {
        TextOutput(width: width) { buffer.append($0) }
    }

    public func write(_ text: String) { sink(Self.visible(text, styled: isTerminal)) }
    public func line(_ text: String = "") { write(text + "\n") }

    /// The bold and plain escapes `TableFormatter` writes on a terminal.
    static let bold = "\u{1B}[1m", plain = "\u{1B}[0m"

    /// `text` with its control characters escaped, but for line feeds,
    /// tabs and CRLF, and, when `styled`, the table header's bold.
    static func visible(_ text: String, styled: Bool) -> String {
        // Most text has no control byte at all, nor a C1 control or line separator (0xC2, 0xE2 lead bytes).
        if !text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) { return text }
        let scalars = Array(text.unicodeScalars)
        // Scalars are appended one at a time: appending a slice of them
        // copies the whole text so far, which made a CSV of 20,000 lines
        // (CRLF after each) take minutes.
        var result = String.UnicodeScalarView()
        var index = 0
        func follows(_ text: String) -> Bool { scalars[index...].starts(with: text.unicodeScalars) }
        while index < scalars.count {
            let scalar = scalars[index]
            let passing = !ControlCharacters.isControl(scalar) || scalar == "\n" || scalar == "\t" ? 1
                : follows("\r\n") ? 2
                : styled && (follows(bold) || follows(plain)) ? bold.unicodeScalars.count : 0
            if passing > 0 {
                for passed in scalars[index..<index + passing] { result.append(passed) }
                index += passing
            } else {
                for escape in ControlCharacters.escaped(String(scalar), keepingLayout: false).unicodeScalars { result.append(escape) }
                index += 1
            }
        }
        return String(result)
    }
}

/// Text written to a `TextOutput`, kept for a test to read.
public final class OutputBuffer: Sendable {
    private let storage = Mutex("")

    /// An empty buffer.
    public init() {}

    /// Everything written so far.
    public var text: String { storage.withLock { $0 } }

    func append(_ text: String) { storage.withLock { $0 += text } }
}
