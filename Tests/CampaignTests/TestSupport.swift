@testable import Campaign
@testable import CampaignCLI
import Foundation

/// Helpers shared by the tests: temporary databases, repository paths, and
/// running `campaign` in this process or as the real binary.
enum TestSupport {
    /// The repository's root folder.
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped demo data folder.
    static var dataFolder: String { repository.appendingPathComponent("data").path }

    /// A file under `Tests/CampaignTests/Fixtures`.
    static func fixture(_ name: String) -> String {
        repository.appendingPathComponent("Tests/CampaignTests/Fixtures").appendingPathComponent(name).path
    }

    /// A new folder of its own, inside this run's folder.
    static func temporaryFolder() -> String {
        let path = runFolder + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Where this test process keeps its databases and files, removed when
    /// the process exits. Every seeded database is megabytes, and a run
    /// makes hundreds: left behind, they filled the disk run after run.
    static let runFolder: String = {
        removeFoldersOfEndedRuns()
        let path = NSTemporaryDirectory() + runFolderPrefix + String(getpid())
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestSupport.runFolder) }
        return path
    }()

    private static let runFolderPrefix = "campaign-tests-"

    /// Removes the folders of test processes that were killed before they
    /// could remove their own (their process is gone).
    private static func removeFoldersOfEndedRuns() {
        let temporary = NSTemporaryDirectory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix(runFolderPrefix) {
            guard let pid = pid_t(name.dropFirst(runFolderPrefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temporary + name)
        }
    }

    /// The backend the suite runs on: SQLite, or with
    /// `CAMPAIGN_TEST_DATABASE=postgres` a PostgreSQL cluster the tests
    /// start themselves (`PostgresCluster`).
    static let backend: Backend = ProcessInfo.processInfo.environment["CAMPAIGN_TEST_DATABASE"] == "postgres" ? .postgres : .sqlite

    enum Backend {
        case sqlite, postgres
    }

    /// Whether the suite runs on SQLite: for tests of what only a file has.
    static var onSQLite: Bool { backend == .sqlite }

    /// Where a new database goes: a new file with a unique name, or on
    /// PostgreSQL the URL of a new database.
    static func temporaryDatabasePath() -> String {
        switch backend {
        case .sqlite: return temporaryFolder() + "/campaign.sqlite"
        case .postgres:
            do { return try PostgresCluster.shared().database() } catch { fatalError("PostgreSQL: \(error)") }
        }
    }

    /// A path for a new SQLite file, whatever the backend.
    static func temporarySQLitePath() -> String {
        temporaryFolder() + "/campaign.sqlite"
    }

    /// A new, migrated database.
    static func temporaryDatabase() throws -> DatabasePool {
        try DatabasePool(path: temporaryDatabasePath())
    }

    /// A database with the demo data loaded.
    static func seededDatabase() throws -> DatabasePool {
        try DatabasePool(path: seededDatabasePath())
    }

    /// A new database file with the demo data loaded: a copy of one seeded
    /// once per test process (seeding parses every boundary file, and
    /// dozens of tests and servers need the same rows).
    static func seededDatabasePath() throws -> String {
        switch backend {
        case .sqlite:
            let path = temporaryDatabasePath()
            try FileManager.default.copyItem(atPath: seededTemplate.get(), toPath: path)
            return path
        case .postgres:
            return try PostgresCluster.shared().database(template: seededTemplate.get())
        }
    }

    /// The seeded file, or the name of the seeded PostgreSQL database to copy.
    private static let seededTemplate: Result<String, any Error> = Result {
        switch backend {
        case .sqlite:
            let path = temporaryFolder() + "/seeded.sqlite"
            let pool = try DatabasePool(path: path)
            try DemoDataLoader.load(from: dataFolder, into: pool)
            // One file, with nothing left in the WAL, to copy.
            try pool.withWriterConnection { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
            return path
        case .postgres:
            let cluster = try PostgresCluster.shared()
            let url = try cluster.database()
            // A database copied as a template must have no other connection open.
            try DemoDataLoader.load(from: dataFolder, into: DatabasePool(path: url))
            return String(url.split(separator: "/").last!)
        }
    }

    /// Writes text to a new temporary file and returns its path.
    static func write(_ text: String, named name: String) -> String {
        let path = temporaryFolder() + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// The built `campaign` binary beside the test bundle.
    static var campaignBinary: String {
        let products = Bundle.main.bundleURL.path.contains(".build")
            ? Bundle.main.bundleURL : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [products, products.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("campaign").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return repository.appendingPathComponent(".build/debug/campaign").path
    }

    /// The outcome of one run of the CLI.
    struct CommandResult {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs `campaign` (the built binary, or `binary`) with `arguments`
    /// against `database`, in `folder`.
    @discardableResult
    static func campaign(_ arguments: [String], database: String? = nil, folder: String? = nil,
                         environment: [String: String] = [:], binary: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary ?? campaignBinary)
        process.arguments = (database.map { ["--db", $0] } ?? []) + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder ?? repository.path)
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "CAMPAIGN_DB")
        merged.removeValue(forKey: "CAMPAIGN_TEMPLATES")
        merged.removeValue(forKey: "COLUMNS")
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                             errors: String(decoding: errorData, as: UTF8.self))
    }

    /// The built-in templates folder.
    static var templatesFolder: String { repository.appendingPathComponent("templates").path }

    /// Runs `campaign` with `arguments` in this process, against `database`,
    /// at the time `clock` gives, with `environment` as its whole environment
    /// (`CAMPAIGN_TEMPLATES` is the repository's unless given); its two
    /// streams are captured. Relative paths are taken from this process's
    /// working folder, so tests give absolute ones.
    static func campaignInProcess(_ arguments: [String], database: String? = nil, clock: Clock = .live,
                                  environment: [String: String] = [:]) -> CommandResult {
        let output = OutputBuffer(), errors = OutputBuffer()
        let environment = ["CAMPAIGN_TEMPLATES": templatesFolder].merging(environment) { _, given in given }
        let width = environment["COLUMNS"].flatMap(Int.init)
        let status = CampaignCommand.run((database.map { ["--db", $0] } ?? []) + arguments, environment: environment, clock: clock,
                                         output: .into(output, width: width), errors: .into(errors, width: width))
        return CommandResult(status: status, output: output.text, errors: errors.text)
    }

    /// Noon UTC on a day, for a fixed clock.
    static func noon(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date(timeIntervalSince1970: 0)
    }

    /// Every row of every table, as text, to check that a failed command
    /// changed nothing. The site generation is left out: it counts writes,
    /// so a repeated import that changes nothing still moves it.
    static func snapshot(_ path: String) throws -> String {
        let pool = try DatabasePool(path: path)
        return try pool.read { db in
            let tablesSQL = db.dialect == .sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'site_generation' ORDER BY name"
                : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('site_generation', 'campaign_schema') ORDER BY table_name"
            let tables = try db.rows(tablesSQL).compactMap { $0["name"] as String? }
            return try tables.map { table in
                let rows = try db.rows("SELECT * FROM \"\(table)\"").map { row in row.values.map { "\($0)" }.joined(separator: "|") }
                return table + ":\n" + rows.sorted().joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }
}
