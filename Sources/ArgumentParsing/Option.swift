/// `--name VALUE` (or `--name=VALUE`) read as a `Value`, declared once as a
/// static property and read back through itself:
///
///     static let olderThan = Option<CalendarDuration>(name: "older-than", default: .days(180), help: "…")
///     let age = try arguments[Self.olderThan]
///
/// The initializer chosen by `Value` says what may be given: with a
/// `default`, at most once; without one, exactly once (a required option);
/// `Option<T?>`, at most once or not at all (nil); `Option<[T]>`, any number
/// of times. With an `environment` variable, the variable stands in for an
/// option the command line does not give.
public struct Option<Value: Sendable>: ArgumentSpec {
    public let name: String
    public let kind: ArgumentKind
    public let help: String
    public let environment: String?
    public let helpDetails: [String]
    /// The value from the texts given, in order (none when not given).
    let read: @Sendable ([String]) throws(ReadFailure) -> Value

    public func check(in arguments: ParsedArguments) throws(UsageError) { _ = try arguments[self] }

    /// The placeholder for the option's value: `duration` in `--older-than <duration>`.
    public var valueName: String {
        if case let .option(valueName, _, _) = kind { return valueName }
        return name
    }
}

extension Option where Value: ExpressibleByArgument {
    /// An option that may be left out, then `default`.
    public init(name: String, default defaultValue: Value, valueName: String? = nil, check: ValueCheck<Value> = .any,
                environment: String? = nil, help: String) {
        self.init(name: name, kind: .option(valueName: valueName ?? Value.defaultValueName, repeating: false, required: false),
                  help: help, environment: environment,
                  // An empty default is no value to show ("default: " would read as a mistake).
                  helpDetails: valuesDetail(Value.self) + (defaultValue.argumentText.isEmpty ? [] : ["default: \(defaultValue.argumentText)"])) { texts throws(ReadFailure) in
            guard let text = texts.last else { return defaultValue }
            return try readValue(text, check)
        }
    }

    /// An option that must be given (or its environment variable set).
    public init(name: String, valueName: String? = nil, check: ValueCheck<Value> = .any, environment: String? = nil, help: String) {
        self.init(name: name, kind: .option(valueName: valueName ?? Value.defaultValueName, repeating: false, required: true),
                  help: help, environment: environment, helpDetails: valuesDetail(Value.self)) { texts throws(ReadFailure) in
            guard let text = texts.last else { throw .missing }
            return try readValue(text, check)
        }
    }
}

extension Option {
    /// An option that may be left out, then nil.
    public init<Wrapped: ExpressibleByArgument>(name: String, valueName: String? = nil, check: ValueCheck<Wrapped> = .any,
                                                environment: String? = nil, help: String) where Value == Wrapped? {
        self.init(name: name, kind: .option(valueName: valueName ?? Wrapped.defaultValueName, repeating: false, required: false),
                  help: help, environment: environment, helpDetails: valuesDetail(Wrapped.self)) { texts throws(ReadFailure) in
            guard let text = texts.last else { return nil }
            return try readValue(text, check)
        }
    }

    /// The same option made required: for a command that needs what a
    /// shared optional option leaves out (`officials add --name`). Reading
    /// either spec reads the same command-line values.
    public func required<Wrapped>() -> Option<Wrapped> where Value == Wrapped? {
        guard case let .option(valueName, repeating, _) = kind else { preconditionFailure("an option's kind is .option") }
        let read = self.read
        return Option<Wrapped>(name: name, kind: .option(valueName: valueName, repeating: repeating, required: true), help: help,
                               environment: environment, helpDetails: helpDetails) { texts throws(ReadFailure) in
            guard let value = try read(texts) else { throw .missing }
            return value
        }
    }

    /// An option that may be given any number of times, its values in order.
    public init<Element: ExpressibleByArgument>(name: String, valueName: String? = nil, check: ValueCheck<Element> = .any,
                                                environment: String? = nil, help: String) where Value == [Element] {
        self.init(name: name, kind: .option(valueName: valueName ?? Element.defaultValueName, repeating: true, required: false),
                  help: help, environment: environment, helpDetails: valuesDetail(Element.self)) { texts throws(ReadFailure) in
            var values: [Element] = []
            for text in texts { values.append(try readValue(text, check)) }
            return values
        }
    }
}

// MARK: - Reading values

/// Why the texts given are not a value.
enum ReadFailure: Error {
    /// `text` is not a value; `expected` says what would be.
    case invalid(text: String, expected: String)
    /// Nothing was given where something must be.
    case missing
}

/// `text` read as a `T` that passes `check`.
func readValue<T: ExpressibleByArgument>(_ text: String, _ check: ValueCheck<T>) throws(ReadFailure) -> T {
    let value: T
    do {
        value = try T(argument: text)
    } catch {
        throw .invalid(text: text, expected: check.expected ?? error.expected)
    }
    guard check.accepts(value) else { throw .invalid(text: text, expected: check.expected ?? "") }
    return value
}

/// "values: a, b, c" for a closed set, listed in help.
func valuesDetail<T: ExpressibleByArgument>(_ type: T.Type) -> [String] {
    T.allValueStrings.isEmpty ? [] : ["values: " + T.allValueStrings.joined(separator: ", ")]
}
