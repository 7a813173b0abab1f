/// Where a piece of input stands, for messages: `file:line:column`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in characters.
    public let column: Int

    /// Makes a location.
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
