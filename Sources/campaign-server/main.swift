import Campaign
import Foundation

// The server's first duty, kept from the start: on a new database it loads
// the demo directory, so the site it serves is never empty. HTTP serving
// over libmicrohttpd is built on top of this.

let environment = ProcessInfo.processInfo.environment
let usage = """
    OVERVIEW: Prepare the campaign database (created and loaded with the demo data when it holds no directory).

    USAGE: campaign-server [--db <path>] [--data <folder>]

    OPTIONS:
      --db <path>             The database file (default: $CAMPAIGN_DB, else campaign.sqlite).
      --data <folder>         The demo data folder loaded into an empty database (default: data).
      -h, --help              Show help information.
    """

/// The options given as `--name value` or `--name=value`; anything else is a usage error.
func parseOptions(_ arguments: [String]) -> [String: String] {
    var options: [String: String] = [:]
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--help" || argument == "-h" { print(usage); exit(0) }
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard let name = parts.first, ["--db", "--data"].contains(name) else {
            FileHandle.standardError.write(Data("Error: Unknown option '\(argument)'.\nHelp:  campaign-server --help\n".utf8))
            exit(64)
        }
        if parts.count == 2 {
            options[name] = parts[1]
        } else if index + 1 < arguments.count {
            index += 1
            options[name] = arguments[index]
        } else {
            FileHandle.standardError.write(Data("Error: Missing value for '\(name)'.\nHelp:  campaign-server --help\n".utf8))
            exit(64)
        }
        index += 1
    }
    return options
}

let options = parseOptions(Array(CommandLine.arguments.dropFirst()))
let databasePath = options["--db"] ?? environment["CAMPAIGN_DB"] ?? "campaign.sqlite"
let dataFolder = options["--data"] ?? "data"
do {
    let pool = try DatabasePool(path: databasePath)
    // An empty directory, not a new file: a first start that failed half-way is completed.
    let isNew = try DemoDataLoader.isEmpty(pool)
    if isNew { try DemoDataLoader.load(from: dataFolder, into: pool) }
    let count = try pool.read { try $0.value("SELECT count(*) FROM officials", as: Int.self) } ?? 0
    FileHandle.standardError.write(Data("campaign-server: \(databasePath) is ready with \(count) officials\(isNew ? " (demo data loaded)" : "").\n".utf8))
} catch {
    FileHandle.standardError.write(Data("campaign-server: \(error)\n".utf8))
    exit(1)
}
