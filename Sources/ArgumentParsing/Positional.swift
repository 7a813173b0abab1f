/// An argument given by its place rather than a name: `<path>`. Declared
/// and read like an `Option`:
///
///     static let path = Positional<String>(name: "path", help: "The campaign folder.")
///     path = try arguments[Self.path]
///
/// `Positional<T>` must be given; `Positional<T?>` may be left out;
/// `Positional<[T]>` takes every value that remains (at least one unless
/// `allowingNone`). Positionals are filled in the order they are declared.
public struct Positional<Value: Sendable>: ArgumentSpec {
    public let name: String
    public let kind: ArgumentKind
    public let help: String
    public let helpDetails: [String]
    public var environment: String? { nil }
    let read: @Sendable ([String]) throws(ReadFailure) -> Value

    public func check(in arguments: ParsedArguments) throws(UsageError) { _ = try arguments[self] }
}

extension Positional where Value: ExpressibleByArgument {
    /// A positional that must be given.
    public init(name: String, check: ValueCheck<Value> = .any, help: String) {
        self.init(name: name, kind: .positional(repeating: false, optional: false), help: help,
                  helpDetails: valuesDetail(Value.self)) { texts throws(ReadFailure) in
            guard let text = texts.first else { throw .missing }
            return try readValue(text, check)
        }
    }
}

extension Positional {
    /// A positional that may be left out, then nil.
    public init<Wrapped: ExpressibleByArgument>(name: String, check: ValueCheck<Wrapped> = .any, help: String) where Value == Wrapped? {
        self.init(name: name, kind: .positional(repeating: false, optional: true), help: help,
                  helpDetails: valuesDetail(Wrapped.self)) { texts throws(ReadFailure) in
            guard let text = texts.first else { return nil }
            return try readValue(text, check)
        }
    }

    /// Every remaining positional value: at least one, or any number when
    /// `allowingNone`.
    public init<Element: ExpressibleByArgument>(name: String, allowingNone: Bool = false, check: ValueCheck<Element> = .any,
                                                help: String) where Value == [Element] {
        self.init(name: name, kind: .positional(repeating: true, optional: allowingNone), help: help,
                  helpDetails: valuesDetail(Element.self)) { texts throws(ReadFailure) in
            if texts.isEmpty && !allowingNone { throw .missing }
            var values: [Element] = []
            for text in texts { values.append(try readValue(text, check)) }
            return values
        }
    }
}
