import Campaign
import Foundation

/// `campaign db …`: the database file itself.
struct DatabaseCommand: Command {
    static let name = "db"
    static let abstract = "Migrate, back up and seed the database."
    static var subcommands: [any Command.Type] { [Migrate.self, Backup.self, Seed.self] }
    init(_ arguments: ParsedArguments) throws {}
    func run(_ context: CommandContext) throws {}

    struct Migrate: Command {
        static let name = "migrate"
        static let abstract = "Bring the database schema up to date (opening the database does this too)."
        init(_ arguments: ParsedArguments) throws {}

        func run(_ context: CommandContext) throws {
            let version = try context.pool().read { try Migrator.version(of: $0) }
            context.output.line("\(context.databasePath) is at schema version \(version).")
        }
    }

    struct Backup: Command {
        static let name = "backup"
        static let abstract = "Copy the database with SQLite's online backup; safe while the server runs."
        static let arguments: [ArgumentSpec] = [.positional("path", help: "The new file; it must not exist.")]
        let path: String

        init(_ arguments: ParsedArguments) throws { path = arguments.positional("path") ?? "" }

        func validate() throws {
            if FileManager.default.fileExists(atPath: path) { throw InputError("\(path) exists already; choose a new file for the backup") }
        }

        func run(_ context: CommandContext) throws {
            try context.pool().backup(to: path)
            context.errors.line("Backed up \(context.databasePath) to \(path).")
        }
    }

    struct Seed: Command {
        static let name = "seed"
        static let abstract = "Load the demo data folder (officials, districts, sample campaigns); running it again changes nothing."
        static let arguments: [ArgumentSpec] = [.option("data", "folder", help: "The data folder (default: data).")]
        let folder: String

        init(_ arguments: ParsedArguments) throws { folder = arguments.option("data") ?? "data" }

        func run(_ context: CommandContext) throws {
            let summary = try DemoDataLoader.load(from: folder, into: context.pool())
            let officials = summary.directory.officials
            context.output.line("Seeded \(context.databasePath) from \(folder): officials \(officials.added.count) added, \(officials.changed.count) changed, \(officials.unchanged.count) unchanged; districts from \(summary.districtFiles.count) files; \(summary.campaigns.count) campaigns.")
        }
    }
}
