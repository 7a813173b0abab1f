/// A command line checked against a command's specs, whose values the
/// command reads through the specs themselves: `try arguments[Self.limit]`.
///
/// Options come as `--name VALUE` or `--name=VALUE`, in any order among the
/// positionals; `--` ends the options, so what follows is positional even if
/// it begins with dashes. Every spec's value is read once while parsing, so
/// a bad one is a `UsageError` before the command does anything.
public struct ParsedArguments: Sendable {
    /// The command as typed so far, for messages: "campaign officials stale".
    public let commandPath: String
    /// The variables that options with an `environment` fall back on.
    public let environment: [String: String]
    /// Option name to the values given on the command line, in order.
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []
    /// Positional name to the values it took.
    private var positionals: [String: [String]] = [:]
    /// The labels of the specs the command declared.
    private let declared: Set<String>

    /// Parses `arguments` for a command declaring `specs`.
    public init(_ arguments: [String], specs: [any ArgumentSpec], commandPath: String,
                environment: [String: String] = [:]) throws(UsageError) {
        self.commandPath = commandPath
        self.environment = environment
        declared = Set(specs.map(\.label))
        let named = specs.filter { !$0.isPositional }
        assert(Set(named.map(\.name)).count == named.count, "two options of \(commandPath) share a name")
        var loose: [String] = []
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" || Double(argument) != nil {
                loose.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            guard argument.hasPrefix("--") else { throw UsageError("Unknown option '\(argument)'.", commandPath: commandPath) }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = named.first(where: { $0.name == name }) else {
                throw UsageError("Unknown option '--\(name)'.", commandPath: commandPath)
            }
            switch spec.kind {
            case .flag:
                if inlineValue != nil { throw UsageError("Option '--\(name)' takes no value.", commandPath: commandPath) }
                flags.insert(name)
            case let .option(_, repeating, _):
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    // "--role --format csv" lacks the role: an option is not a value.
                    guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                        throw UsageError("Missing value for '\(spec.label)'.", commandPath: commandPath)
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
            guard case let .positional(repeating, _) = spec.kind, !loose.isEmpty else { continue }
            positionals[spec.name] = repeating ? loose : [loose.removeFirst()]
            if repeating { loose = [] }
        }
        if let extra = loose.first { throw UsageError("Unexpected argument '\(extra)'.", commandPath: commandPath) }
        for spec in specs { try spec.check(in: self) }
    }

    /// Whether `arguments` ask for help: `--help` or `-h` before any `--`.
    public static func asksForHelp(_ arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains { $0 == "--help" || $0 == "-h" }
    }

    // MARK: - Reading values

    /// The option's value: from the command line, else its environment
    /// variable, else its default.
    public subscript<Value>(option: Option<Value>) -> Value {
        get throws(UsageError) {
            assert(declared.contains(option.label), "\(commandPath) reads \(option.label) but does not declare it")
            let (texts, variable) = supplied(option, given: options[option.name] ?? [])
            do {
                return try option.read(texts)
            } catch {
                throw usageError(error, option, variable: variable)
            }
        }
    }

    /// Whether the flag is given (or its environment variable says so).
    public subscript(flag: Flag) -> Bool {
        get throws(UsageError) {
            assert(declared.contains(flag.label), "\(commandPath) reads \(flag.label) but does not declare it")
            if flags.contains(flag.name) { return true }
            let (texts, variable) = supplied(flag, given: [])
            guard let text = texts.first else { return false }
            do {
                return try readValue(text, ValueCheck<Bool>.any)
            } catch {
                throw usageError(error, flag, variable: variable)
            }
        }
    }

    /// The positional's value or values.
    public subscript<Value>(positional: Positional<Value>) -> Value {
        get throws(UsageError) {
            assert(declared.contains(positional.label), "\(commandPath) reads \(positional.label) but does not declare it")
            do {
                return try positional.read(positionals[positional.name] ?? [])
            } catch {
                throw usageError(error, positional, variable: nil)
            }
        }
    }

    /// Whether the command line itself gives the option or flag (its
    /// environment variable does not count).
    public func isGiven(_ spec: any ArgumentSpec) -> Bool {
        options[spec.name] != nil || flags.contains(spec.name)
    }

    /// The texts for a spec: those given, else its variable's (an empty
    /// variable counts as unset), and the variable they came from.
    private func supplied(_ spec: any ArgumentSpec, given: [String]) -> (texts: [String], variable: String?) {
        if !given.isEmpty { return (given, nil) }
        if let variable = spec.environment, let text = environment[variable], !text.isEmpty { return ([text], variable) }
        return ([], nil)
    }

    private func usageError(_ failure: ReadFailure, _ spec: any ArgumentSpec, variable: String?) -> UsageError {
        let quoted = spec.isPositional ? "'\(spec.label)'" : "'--\(spec.name)'"
        switch failure {
        case let .invalid(text, expected):
            let source = variable.map { " (from \($0))" } ?? ""
            return UsageError("Invalid value '\(text)' for \(quoted)\(source): \(expected).", commandPath: commandPath)
        case .missing:
            let what = spec.isPositional ? "argument" : "option"
            return UsageError("Missing expected \(what) \(quoted).", commandPath: commandPath)
        }
    }
}
