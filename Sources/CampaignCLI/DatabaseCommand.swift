import ArgumentParsing
import Campaign
import Foundation

/// `campaign db …`: the database file itself.
struct DatabaseCommand: CommandGroup {
    static let name = "db"
    static let abstract = "Migrate, back up, copy and seed the database."
    static var subcommands: [any Command.Type] { [Migrate.self, Backup.self, Copy.self, Seed.self] }

    struct Migrate: ArgumentlessCommand {
        static let name = "migrate"
        static let abstract = "Bring the database schema up to date (opening the database does this too)."

        func run(_ context: CommandContext) throws {
            let version = try context.pool().read { try Migrator.version(of: $0) }
            context.output.line("\(context.databaseName) is at schema version \(version).")
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
            context.errors.line("Backed up \(context.databaseName) to \(path).")
        }
    }

    struct Copy: Command {
        static let name = "copy"
        static let abstract = "Copy every row into a new, empty database (SQLite to PostgreSQL, or back), then compare each table's rows and checksum."
        static let discussion = """
            Stop the servers (or let nothing write) while copying: what is written to the source after the copy began \
            is not copied. The target is created and migrated if needed, and must hold no data yet; it is written in \
            one transaction, so a failed copy leaves it empty. Exits with 1 when a table does not match.
            """
        static let from = Option<String>(name: "from", valueName: "path|url", check: .nonEmpty("a file name or a postgres:// URL"),
                                         help: "The database to copy.")
        static let to = Option<String>(name: "to", valueName: "path|url", check: .nonEmpty("a file name or a postgres:// URL"),
                                       help: "The new database.")
        static let arguments: [any ArgumentSpec] = [from, to]
        let source: String
        let target: String

        init(_ arguments: ParsedArguments) throws {
            source = try arguments[Self.from]
            target = try arguments[Self.to]
        }

        func validate() throws {
            if source == target { throw InputError("--from and --to name the same database; copy into a new one") }
            if !DatabasePool.isPostgreSQL(source), !FileManager.default.fileExists(atPath: source) {
                throw InputError("--from: no database at \(source)")
            }
        }

        func run(_ context: CommandContext) throws {
            let report = try DatabaseCopy.copy(from: DatabasePool(path: source), to: DatabasePool(path: target))
            let width = report.tables.map(\.table.count).max() ?? 0
            for table in report.tables {
                let name = table.table.padding(toLength: width, withPad: " ", startingAt: 0)
                if table.matches {
                    context.output.line("\(name)  \(table.targetRows) rows  sha256 \(table.targetChecksum.prefix(16))  matches")
                } else {
                    context.output.line("\(name)  \(table.sourceRows) rows copied, \(table.targetRows) stored  sha256 \(table.sourceChecksum.prefix(16)) ≠ \(table.targetChecksum.prefix(16))  DIFFERS")
                }
            }
            let rows = report.tables.reduce(0) { $0 + $1.targetRows }
            if report.matches {
                context.output.line("Copied \(DatabasePool.displayName(of: source)) to \(DatabasePool.displayName(of: target)): \(report.tables.count) tables, \(rows) rows, every row count and checksum matches.")
            } else {
                throw InputError("the copy in \(DatabasePool.displayName(of: target)) differs from \(DatabasePool.displayName(of: source)) (see the tables marked DIFFERS)")
            }
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
            context.output.line("Seeded \(context.databaseName) from \(folder): officials \(officials.added.count) added, \(officials.changed.count) changed, \(officials.unchanged.count) unchanged; districts from \(summary.districtFiles.count) files; \(summary.campaigns.count) campaigns.")
            if let today = summary.current?.officials {
                context.output.line("Today's officials from \(folder)/\(DemoDataLoader.currentFolder): \(today.added.count) added, \(today.changed.count) changed, \(today.unchanged.count) unchanged.")
            }
        }
    }
}
