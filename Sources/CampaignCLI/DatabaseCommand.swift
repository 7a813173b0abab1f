import ArgumentParsing
import Campaign
import Foundation

/// `campaign db …`: the database file itself.
struct DatabaseCommand: CommandGroup {
    static let name = "db"
    static let abstract = "Migrate, back up and seed the database."
    static var subcommands: [any Command.Type] { [Migrate.self, Backup.self, Seed.self] }

    struct Migrate: ArgumentlessCommand {
        static let name = "migrate"
        static let abstract = "Bring the database schema up to date (opening the database does this too)."

        func run(_ context: CommandContext) throws {
            let version = try context.pool().read { try Migrator.version(of: $0) }
            context.output.line("\(context.databasePath) is at schema version \(version).")
        }
    }

    struct Backup: Command {
        static let name = "backup"
        static let abstract = "Copy the database with SQLite's online backup; safe while the server runs."
        static let path = Positional<String>(name: "path", check: .nonEmpty("a file name"), help: "The new file; it must not exist.")
        static let arguments: [any ArgumentSpec] = [path]
        let path: String

        init(_ arguments: ParsedArguments) throws { path = try arguments[Self.path] }

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
        static let discussion = """
            With --current, today's officials (Open States' Washington and DC files in the data folder's openstates/: \
            the mayors, the Governor and statewide officers, the Legislature, DC's Council) are then imported over the \
            seed-era directory, as `officials import --format openstates` would.
            """
        static let data = Option<String>(name: "data", default: "data", valueName: "folder", check: .nonEmpty("a folder"), help: "The data folder.")
        static let current = Flag(name: "current", help: "Also load today's WA and DC officials from the data folder's openstates/.")
        static let arguments: [any ArgumentSpec] = [data, current]
        let folder: String
        let current: Bool

        init(_ arguments: ParsedArguments) throws {
            folder = try arguments[Self.data]
            current = try arguments[Self.current]
        }

        func run(_ context: CommandContext) throws {
            let summary = try DemoDataLoader.load(from: folder, into: context.pool(), clock: context.clock, current: current)
            let officials = summary.directory.officials
            context.output.line("Seeded \(context.databasePath) from \(folder): officials \(officials.added.count) added, \(officials.changed.count) changed, \(officials.unchanged.count) unchanged; districts from \(summary.districtFiles.count) files; \(summary.campaigns.count) campaigns.")
            if let today = summary.current?.officials {
                context.output.line("Today's officials from \(folder)/\(DemoDataLoader.currentFolder): \(today.added.count) added, \(today.changed.count) changed, \(today.unchanged.count) unchanged.")
            }
        }
    }
}
