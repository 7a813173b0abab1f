/// A type whose values are read from one command-line argument, in the
/// manner of swift-argument-parser: `Option<Int>`, `Option<Format>` and
/// `Positional<String>` read their text through this.
public protocol ExpressibleByArgument: Sendable {
    /// Reads a value, or says what was expected instead.
    init(argument: String) throws(InvalidArgument)
    /// The placeholder in usage and help when a spec names none: `<count>`.
    static var defaultValueName: String { get }
    /// Every value, when there are few (help lists them); otherwise empty.
    static var allValueStrings: [String] { get }
    /// The value as it would be typed, to show a default in help.
    var argumentText: String { get }
}

extension ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
    public var argumentText: String { "\(self)" }
}

/// Why a text is not a value: "expected a whole number". The parser puts it
/// after "Invalid value 'TEXT' for '--NAME': ".
public struct InvalidArgument: Error, Sendable, Equatable, CustomStringConvertible {
    /// What would have been accepted, as a phrase: "expected one of csv, json".
    public let expected: String

    /// A reason phrased as what was expected.
    public init(_ expected: String) { self.expected = expected }

    public var description: String { expected }
}

// MARK: - Closed sets

extension ExpressibleByArgument where Self: CaseIterable & RawRepresentable, RawValue == String {
    /// A case by its raw value.
    public init(argument: String) throws(InvalidArgument) {
        guard let value = Self(rawValue: argument) else {
            throw InvalidArgument("expected one of \(Self.allValueStrings.joined(separator: ", "))")
        }
        self = value
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var defaultValueName: String { "value" }
    public var argumentText: String { rawValue }
}

// MARK: - Standard types

extension String: ExpressibleByArgument {
    /// Any text, the empty one included.
    public init(argument: String) { self = argument }
    public static var defaultValueName: String { "text" }
}

extension Int: ExpressibleByArgument {
    /// A whole number in decimal digits, with an optional sign.
    public init(argument: String) throws(InvalidArgument) {
        guard let value = Int(argument) else { throw InvalidArgument("expected a whole number") }
        self = value
    }
    public static var defaultValueName: String { "count" }
}

extension Double: ExpressibleByArgument {
    /// A finite decimal number: `0.02`, `-122.33`, `1e-3`.
    public init(argument: String) throws(InvalidArgument) {
        guard let value = Double(argument), value.isFinite else { throw InvalidArgument("expected a number") }
        self = value
    }
    public static var defaultValueName: String { "number" }
}
