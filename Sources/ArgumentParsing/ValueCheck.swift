/// A condition an option's values must meet beyond their type, such as a
/// range: `Option<Int>(name: "threads", default: 4, check: .range(1...256), …)`.
/// A value that fails it is invalid like one that is not of the type at
/// all, and both are reported with `expected`.
public struct ValueCheck<Value>: Sendable {
    /// What is accepted, as a phrase: "expected a whole number from 1 to 256".
    /// Nil when anything of the type is.
    public let expected: String?
    let accepts: @Sendable (Value) -> Bool

    /// A check with its phrase.
    public init(expected: String, _ accepts: @escaping @Sendable (Value) -> Bool) {
        self.expected = expected
        self.accepts = accepts
    }

    private init() {
        expected = nil
        accepts = { _ in true }
    }

    /// Every value of the type.
    public static var any: ValueCheck { ValueCheck() }
}

extension ValueCheck where Value == Int {
    /// A whole number within `range`.
    public static func range(_ range: ClosedRange<Int>) -> ValueCheck {
        ValueCheck(expected: "expected a whole number from \(range.lowerBound) to \(range.upperBound)") { range.contains($0) }
    }

    /// A whole number above zero.
    public static var positive: ValueCheck {
        ValueCheck(expected: "expected a positive whole number") { $0 > 0 }
    }
}

extension ValueCheck where Value == String {
    /// Text that is not empty.
    public static func nonEmpty(_ what: String) -> ValueCheck {
        ValueCheck(expected: "expected \(what), not an empty text") { !$0.isEmpty }
    }
}
