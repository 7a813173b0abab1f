import Campaign
import Foundation

/// Exit statuses, as sysexits.h names them.
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
}

/// Finds the command a command line names, parses its arguments and runs it.
func runCommandLine(_ arguments: [String]) -> Int32 {
    let errors = TextOutput.standard(2)
    var remaining = arguments
    var databasePath = ProcessInfo.processInfo.environment["CAMPAIGN_DB"] ?? "campaign.sqlite"
    let optionsEnd = remaining.firstIndex(of: "--") ?? remaining.endIndex
    if let index = remaining[..<optionsEnd].firstIndex(where: { $0 == "--db" || $0.hasPrefix("--db=") }) {
        if remaining[index].hasPrefix("--db=") {
            databasePath = String(remaining[index].dropFirst(5))
            remaining.remove(at: index)
        } else if index + 1 < remaining.count {
            databasePath = remaining[index + 1]
            remaining.removeSubrange(index...(index + 1))
        } else {
            errors.line("Error: Missing value for '--db <path>'.\nHelp:  campaign --help")
            return ExitStatus.usage
        }
    }
    guard !databasePath.isEmpty else {
        errors.line("Error: '--db' needs a file name, e.g. --db campaign.sqlite.\nHelp:  campaign --help")
        return ExitStatus.usage
    }
    var command: any Command.Type = CampaignCommand.self
    var path = ["campaign"]
    var wantsHelp = false
    while let next = remaining.first {
        if next == "help" && !command.subcommands.isEmpty { wantsHelp = true; remaining.removeFirst(); continue }
        guard let sub = command.subcommands.first(where: { $0.name == next }) else { break }
        command = sub
        path.append(next)
        remaining.removeFirst()
    }
    let beforeDoubleDash = remaining.prefix { $0 != "--" }
    if wantsHelp || beforeDoubleDash.contains("--help") || beforeDoubleDash.contains("-h") {
        TextOutput.standard(1).write(HelpText.render(command, path: path))
        return ExitStatus.success
    }
    let context = CommandContext(databasePath: databasePath, output: .standard(1), errors: errors,
                                 today: ProcessInfo.processInfo.environment["CAMPAIGN_TODAY"].flatMap(PartialDate.init).flatMap(date(of:)) ?? Date())
    do {
        if !command.subcommands.isEmpty {
            if let unknown = remaining.first {
                let what = unknown.hasPrefix("-") ? "option" : "subcommand"
                throw UsageError("Unknown \(what) '\(unknown)'.", commandPath: path.joined(separator: " "))
            }
            TextOutput.standard(2).write(HelpText.render(command, path: path))
            return ExitStatus.usage
        }
        let parsed = try ParsedArguments(remaining, specs: command.arguments, commandPath: path.joined(separator: " "))
        let instance = try command.init(parsed)
        try instance.validate()
        try instance.run(context)
        return ExitStatus.success
    } catch {
        return report(error, to: errors)
    }
}

/// Prints an error as the user should read it and chooses the exit status.
func report(_ error: any Error, to errors: TextOutput) -> Int32 {
    switch error {
    case let usage as UsageError:
        errors.line("Error: \(usage.description)\nHelp:  \(usage.commandPath) --help")
        return ExitStatus.usage
    case let input as InputError:
        errors.line("Error: \(input.description)")
        return ExitStatus.dataError
    case let inputs as InputErrors:
        errors.line("Error: \(inputs.errors.count) problems; nothing was written.")
        for input in inputs.errors { errors.line(input.description) }
        return ExitStatus.dataError
    case let check as CheckCommand.CheckFailed:
        errors.line(check.summary)
        return ExitStatus.dataError
    case let storage as StorageError:
        errors.line("Error: \(storage.description)")
        return ExitStatus.dataError
    default:
        errors.line("Error: \(error)")
        return ExitStatus.failure
    }
}

/// Noon UTC of a day, for `CAMPAIGN_TODAY` in tests.
func date(of day: PartialDate) -> Date? {
    var components = DateComponents()
    components.year = day.year
    components.month = day.month ?? 1
    components.day = day.day ?? 1
    components.hour = 12
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    return calendar.date(from: components)
}

exit(runCommandLine(Array(CommandLine.arguments.dropFirst())))
