import ArgumentParsing
import Campaign
import Foundation

/// A command of the `campaign` tool, shaped like swift-argument-parser's:
/// a name, a one-line abstract, the specs of the arguments it takes, and
/// either subcommands or a `run`. Its initializer reads each value through
/// its spec (`try arguments[Self.olderThan]`); usage and help are made from
/// the same specs.
protocol Command {
    static var name: String { get }
    static var abstract: String { get }
    static var discussion: String { get }
    /// Every argument the command takes, in usage order.
    static var arguments: [any ArgumentSpec] { get }
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
    static var arguments: [any ArgumentSpec] { [] }
    static var subcommands: [any Command.Type] { [] }
    func validate() throws {}

    /// The command's help screen, reached by `path`.
    static func help(path: [String]) -> CommandHelp {
        CommandHelp(commandPath: path, abstract: abstract, discussion: discussion, arguments: arguments,
                    subcommands: subcommands.map { ($0.name, $0.abstract) })
    }
}

/// A command that takes no arguments of its own, made with `init()`.
protocol ArgumentlessCommand: Command {
    init()
}

extension ArgumentlessCommand {
    init(_ arguments: ParsedArguments) throws { self.init() }
}

/// A command that only gathers subcommands (`campaign officials`): the
/// dispatcher shows its help rather than running it.
protocol CommandGroup: ArgumentlessCommand {}

extension CommandGroup {
    func run(_ context: CommandContext) throws {}
}

/// What every command may use: the database, the output streams, the clock, the tokens.
final class CommandContext {
    /// The database file, or a PostgreSQL URL.
    let databasePath: String
    let output: TextOutput
    let errors: TextOutput
    /// Where "now" comes from: ages, timestamps and windows are measured from it.
    let clock: Clock
    /// Where organizer tokens and message keys come from.
    let tokens: TokenSource
    private var openedPool: DatabasePool?

    init(databasePath: String, output: TextOutput, errors: TextOutput, clock: Clock, tokens: TokenSource) {
        self.databasePath = databasePath
        self.output = output
        self.errors = errors
        self.clock = clock
        self.tokens = tokens
    }

    /// The database as messages name it (a URL without its password).
    var databaseName: String { DatabasePool.displayName(of: databasePath) }

    /// The database, created and migrated on first use.
    func pool() throws -> DatabasePool {
        if let openedPool { return openedPool }
        let pool = try DatabasePool(path: databasePath)
        openedPool = pool
        return pool
    }

    /// The database if its file exists, else nil: for commands that only
    /// read and must not leave a new database behind (`check`, `render` and
    /// `preview` of a folder).
    func existingPool() throws -> DatabasePool? {
        if let openedPool { return openedPool }
        guard DatabasePool.isPostgreSQL(databasePath) || FileManager.default.fileExists(atPath: databasePath) else { return nil }
        return try pool()
    }

    /// Says on standard error that a command went without the database.
    func noteMissingDatabase(_ consequence: String) {
        errors.line("Note: no database at \(databaseName) (--db or CAMPAIGN_DB): \(consequence).")
    }

    /// Says so when `locale`'s catalog lacks texts that English has: they
    /// were written in English, and nothing else would tell.
    func noteCatalogGaps(_ localizer: Localizer, locale: String) {
        let missing = localizer.missingKeys(in: locale)
        guard !missing.isEmpty else { return }
        errors.line("Note: the \(locale) catalog lacks \(missing.count) text\(missing.count == 1 ? "" : "s"), written in English here "
                    + "(campaign check on a campaign in \(locale) lists them).")
    }
}
