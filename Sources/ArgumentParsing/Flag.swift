/// `--name`: true when given. With an `environment` variable, a flag not on
/// the command line is read from it (`1`, `true`, `yes`; `0`, `false`, `no`).
public struct Flag: ArgumentSpec {
    public let name: String
    public let help: String
    public let environment: String?
    public var kind: ArgumentKind { .flag }
    public var helpDetails: [String] { [] }

    /// A flag, false unless given.
    public init(name: String, environment: String? = nil, help: String) {
        self.name = name
        self.environment = environment
        self.help = help
    }

    public func check(in arguments: ParsedArguments) throws(UsageError) { _ = try arguments[self] }
}

extension Bool: ExpressibleByArgument {
    /// `1`, `true`, `yes` or `0`, `false`, `no`, in any case.
    public init(argument: String) throws(InvalidArgument) {
        switch argument.lowercased() {
        case "1", "true", "yes": self = true
        case "0", "false", "no": self = false
        default: throw InvalidArgument("expected 1, true or yes, or 0, false or no")
        }
    }
    public static var defaultValueName: String { "bool" }
}
