import Campaign
import Foundation

// The server's first duty, kept from the start: on a new database it loads
// the demo directory, so the site it serves is never empty. HTTP serving
// over libmicrohttpd is built on top of this.

let environment = ProcessInfo.processInfo.environment
let arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
if arguments.contains("--help") || arguments.contains("-h") {
    print("""
        OVERVIEW: Prepare the campaign database (created and loaded with the demo data when new).

        USAGE: campaign-server [--db <path>] [--data <folder>]

        OPTIONS:
          --db <path>             The database file (default: $CAMPAIGN_DB, else campaign.sqlite).
          --data <folder>         The demo data folder loaded into a new database (default: data).
          -h, --help              Show help information.
        """)
    exit(0)
}
let databasePath = option("--db") ?? environment["CAMPAIGN_DB"] ?? "campaign.sqlite"
let dataFolder = option("--data") ?? "data"
do {
    let isNew = !FileManager.default.fileExists(atPath: databasePath)
    let pool = try DatabasePool(path: databasePath)
    if isNew { try DemoDataLoader.load(from: dataFolder, into: pool) }
    let count = try pool.read { try $0.value("SELECT count(*) FROM officials", as: Int.self) } ?? 0
    FileHandle.standardError.write(Data("campaign-server: \(databasePath) is ready with \(count) officials\(isNew ? " (demo data loaded)" : "").\n".utf8))
} catch {
    FileHandle.standardError.write(Data("campaign-server: \(error)\n".utf8))
    exit(1)
}
