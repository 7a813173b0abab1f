/// A command line that does not fit the command: exit status 64
/// (`EX_USAGE`). Its description is the sentence to print after "Error: ".
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    /// The command whose help to point at: "campaign officials list".
    public var commandPath: String

    /// A usage error about the command at `commandPath`.
    public init(_ message: String, commandPath: String) {
        description = message
        self.commandPath = commandPath
    }
}
