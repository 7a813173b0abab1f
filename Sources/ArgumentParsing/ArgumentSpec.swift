/// What the parser and the help renderer know of one declared argument,
/// whatever its value type: `Option`, `Flag` and `Positional` are specs.
/// A command lists its specs once; parsing, usage and help all come from
/// that list.
public protocol ArgumentSpec: Sendable {
    /// The option's name without dashes (`older-than`), or the positional's
    /// placeholder (`path`).
    var name: String { get }
    /// How it appears on the command line.
    var kind: ArgumentKind { get }
    /// One or two sentences for help.
    var help: String { get }
    /// The variable read when the command line does not give it.
    var environment: String? { get }
    /// Notes help adds after `help`: "values: csv, json", "default: 30d".
    var helpDetails: [String] { get }
    /// Reads what was given, so that a bad value is reported before the
    /// command does anything.
    func check(in arguments: ParsedArguments) throws(UsageError)
}

/// How an argument appears on the command line.
public enum ArgumentKind: Sendable, Equatable {
    /// `--name VALUE` or `--name=VALUE`; `repeating` allows it several times.
    case option(valueName: String, repeating: Bool, required: Bool)
    /// `--name`, true when present.
    case flag
    /// A value by its position; `repeating` takes all that remain.
    case positional(repeating: Bool, optional: Bool)
}

extension ArgumentSpec {
    /// `--older-than <duration>`, `--dry-run`, `<path>`: the argument as
    /// messages and help name it.
    public var label: String {
        switch kind {
        case let .option(valueName, _, _): return "--\(name) <\(valueName)>"
        case .flag: return "--\(name)"
        case .positional: return "<\(name)>"
        }
    }

    /// The argument's part of a usage line: `[--format <format>]`, `<file> ...`.
    public var usageFragment: String {
        switch kind {
        case let .option(_, repeating, required):
            let core = label + (repeating ? " ..." : "")
            return required ? core : "[\(core)]"
        case .flag: return "[\(label)]"
        case let .positional(repeating, optional):
            let core = label + (repeating ? " ..." : "")
            return optional ? "[\(core)]" : core
        }
    }

    /// The help text with its details: "Age of … (default: 30d; $CAMPAIGN_X)."
    /// Details join a parenthesis that ends the text rather than open another.
    public var fullHelp: String {
        let details = helpDetails + (environment.map { ["$" + $0] } ?? [])
        guard !details.isEmpty else { return help }
        let text = help.hasSuffix(".") ? String(help.dropLast()) : help
        if text.hasSuffix(")") { return text.dropLast() + "; " + details.joined(separator: "; ") + ")." }
        return text + " (" + details.joined(separator: "; ") + ")."
    }

    var isPositional: Bool {
        if case .positional = kind { return true }
        return false
    }
}
