import Foundation

/// One argument a command takes, as declared for parsing and help.
struct ArgumentSpec: Sendable {
    enum Kind: Sendable {
        /// `--name VALUE`; `repeating` allows it several times.
        case option(valueName: String, repeating: Bool)
        /// `--name`.
        case flag
        /// A positional argument; `repeating` takes all that remain.
        case positional(repeating: Bool, optional: Bool)
    }

    let name: String
    let kind: Kind
    let help: String

    static func option(_ name: String, _ valueName: String, repeating: Bool = false, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .option(valueName: valueName, repeating: repeating), help: help)
    }
    static func flag(_ name: String, help: String) -> ArgumentSpec { ArgumentSpec(name: name, kind: .flag, help: help) }
    static func positional(_ name: String, repeating: Bool = false, optional: Bool = false, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .positional(repeating: repeating, optional: optional), help: help)
    }

    var usageFragment: String {
        switch kind {
        case let .option(valueName, repeating): return "[--\(name) <\(valueName)>]" + (repeating ? " ..." : "")
        case .flag: return "[--\(name)]"
        case let .positional(repeating, optional):
            let core = "<\(name)>" + (repeating ? " ..." : "")
            return optional ? "[\(core)]" : core
        }
    }
}

/// A command line that does not fit the command: exit status 64.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    /// The command whose help to point at.
    var commandPath: String = "campaign"
    init(_ message: String, commandPath: String = "campaign") {
        description = message
        self.commandPath = commandPath
    }
}

/// The arguments given to one command, checked against its declaration.
struct ParsedArguments {
    private(set) var options: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String: [String]] = [:]
    let commandPath: String

    init(_ arguments: [String], specs: [ArgumentSpec], commandPath: String) throws {
        self.commandPath = commandPath
        var loose: [String] = []
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                if argument.hasPrefix("-") && argument != "-" && !onlyPositionals && Double(argument) == nil {
                    throw UsageError("Unknown option '\(argument)'.", commandPath: commandPath)
                }
                loose.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw UsageError("Unknown option '--\(name)'.", commandPath: commandPath)
            }
            switch spec.kind {
            case .flag:
                if inlineValue != nil { throw UsageError("Option '--\(name)' takes no value.", commandPath: commandPath) }
                flags.insert(name)
            case let .option(valueName, repeating):
                let value: String
                if let inlineValue { value = inlineValue } else {
                    guard index < arguments.count else {
                        throw UsageError("Missing value for '--\(name) <\(valueName)>'.", commandPath: commandPath)
                    }
                    value = arguments[index]
                    index += 1
                }
                if !repeating && options[name] != nil {
                    throw UsageError("Option '--\(name)' is given more than once.", commandPath: commandPath)
                }
                options[name, default: []].append(value)
            case .positional:
                throw UsageError("Unknown option '--\(name)'.", commandPath: commandPath)
            }
        }
        for spec in specs {
            guard case let .positional(repeating, optional) = spec.kind else { continue }
            if loose.isEmpty {
                if !optional { throw UsageError("Missing expected argument '<\(spec.name)>'.", commandPath: commandPath) }
                continue
            }
            positionals[spec.name] = repeating ? loose : [loose.removeFirst()]
            if repeating { loose = [] }
        }
        if let extra = loose.first { throw UsageError("Unexpected argument '\(extra)'.", commandPath: commandPath) }
    }

    func option(_ name: String) -> String? { options[name]?.last }
    func options(_ name: String) -> [String] { options[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    func positional(_ name: String) -> String? { positionals[name]?.first }
    func positionals(_ name: String) -> [String] { positionals[name] ?? [] }

    /// A required option.
    func required(_ name: String) throws -> String {
        guard let value = option(name), !value.isEmpty else {
            throw UsageError("Missing expected option '--\(name)'.", commandPath: commandPath)
        }
        return value
    }

    /// An option that must be one of `choices`.
    func choice(_ name: String, from choices: [String], default defaultValue: String) throws -> String {
        let value = option(name) ?? defaultValue
        guard choices.contains(value) else {
            throw UsageError("Invalid value '\(value)' for '--\(name)': expected one of \(choices.joined(separator: ", ")).", commandPath: commandPath)
        }
        return value
    }
}
