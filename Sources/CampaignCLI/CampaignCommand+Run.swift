import ArgumentParsing
import Campaign
import Foundation

/// Exit statuses, as sysexits.h names them.
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
}

extension CampaignCommand {
    /// Finds the command a command line names, parses its arguments, runs it
    /// and says how it went as an exit status. Everything it needs from
    /// outside comes in: the environment, the clock, where tokens come from
    /// and the two streams.
    public static func run(_ arguments: [String], environment: [String: String], clock: Clock, tokens: TokenSource = .live,
                           output: TextOutput, errors: TextOutput) -> Int32 {
        do {
            let split = Self.globalArguments(in: arguments)
            let databasePath = try ParsedArguments(split.global, specs: [database], commandPath: name, environment: environment)[database]
            var remaining = split.rest
            var command: any Command.Type = CampaignCommand.self
            var path = [name]
            var wantsHelp = false
            while let next = remaining.first {
                if next == "help" && !command.subcommands.isEmpty { wantsHelp = true; remaining.removeFirst(); continue }
                guard let sub = command.subcommands.first(where: { $0.name == next }) else { break }
                command = sub
                path.append(next)
                remaining.removeFirst()
            }
            if wantsHelp || ParsedArguments.asksForHelp(remaining) {
                output.write(command.help(path: path).rendered())
                return ExitStatus.success
            }
            let commandPath = path.joined(separator: " ")
            if !command.subcommands.isEmpty {
                if let unknown = remaining.first {
                    let what = unknown.hasPrefix("-") ? "option" : "subcommand"
                    throw UsageError("Unknown \(what) '\(unknown)'.", commandPath: commandPath)
                }
                errors.write(command.help(path: path).rendered())
                return ExitStatus.usage
            }
            let parsed = try ParsedArguments(remaining, specs: command.arguments, commandPath: commandPath, environment: environment)
            let instance = try command.init(parsed)
            try instance.validate()
            let context = CommandContext(databasePath: databasePath, output: output, errors: errors, clock: clock, tokens: tokens)
            try instance.run(context)
            return ExitStatus.success
        } catch {
            return report(error, to: errors)
        }
    }

    /// Splits off the global options (`--db PATH`, `--db=PATH`), which may
    /// stand anywhere before `--`, from the rest.
    static func globalArguments(in arguments: [String]) -> (global: [String], rest: [String]) {
        var global: [String] = []
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                rest += arguments[(index - 1)...]
                break
            }
            if argument.hasPrefix("--db=") {
                global.append(argument)
            } else if argument == "--db" {
                global.append(argument)
                if index < arguments.count, !arguments[index].hasPrefix("--") {
                    global.append(arguments[index])
                    index += 1
                }
            } else {
                rest.append(argument)
            }
        }
        return (global, rest)
    }

    /// Prints an error as the user should read it and chooses the exit status.
    static func report(_ error: any Error, to errors: TextOutput) -> Int32 {
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
}
