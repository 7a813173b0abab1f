import Campaign
import Foundation

/// A command of the `campaign` tool: a name, a one-line abstract, the
/// arguments it declares, and either subcommands or a `run`.
protocol Command {
    static var name: String { get }
    static var abstract: String { get }
    static var discussion: String { get }
    static var arguments: [ArgumentSpec] { get }
    static var subcommands: [any Command.Type] { get }

    /// Reads the parsed arguments; a value that cannot be used is a `UsageError`.
    init(_ arguments: ParsedArguments) throws
    /// Checks the arguments together before anything runs.
    func validate() throws
    /// Does the work.
    func run(_ context: CommandContext) throws
}

extension Command {
    static var discussion: String { "" }
    static var arguments: [ArgumentSpec] { [] }
    static var subcommands: [any Command.Type] { [] }
    func validate() throws {}
}

/// What every command may use: the database, the output streams, the date.
final class CommandContext {
    let databasePath: String
    let output: TextOutput
    let errors: TextOutput
    let today: Date
    private var openedPool: DatabasePool?

    init(databasePath: String, output: TextOutput, errors: TextOutput, today: Date) {
        self.databasePath = databasePath
        self.output = output
        self.errors = errors
        self.today = today
    }

    /// The database, opened (and migrated) on first use.
    func pool() throws -> DatabasePool {
        if let openedPool { return openedPool }
        let pool = try DatabasePool(path: databasePath)
        openedPool = pool
        return pool
    }
}

/// A stream to write lines to, knowing whether it is a terminal.
struct TextOutput {
    let handle: FileHandle
    let isTerminal: Bool
    /// Columns to fit tables into, when known.
    let width: Int?

    static func standard(_ descriptor: Int32) -> TextOutput {
        let handle = descriptor == 1 ? FileHandle.standardOutput : FileHandle.standardError
        let terminal = isatty(descriptor) == 1
        var width = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init)
        if width == nil && terminal {
            var size = winsize()
            if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
        }
        return TextOutput(handle: handle, isTerminal: terminal, width: width)
    }

    func write(_ text: String) { handle.write(Data(text.utf8)) }
    func line(_ text: String = "") { write(text + "\n") }
}
