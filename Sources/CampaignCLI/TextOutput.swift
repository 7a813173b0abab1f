import Foundation
import Synchronization

/// A stream of text a command writes to (standard output, standard error, or
/// a buffer in tests), knowing whether it is a terminal and how wide.
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

    public func write(_ text: String) { sink(text) }
    public func line(_ text: String = "") { write(text + "\n") }
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
