/// One condition of a CLDR plural rule, as plurals.xml writes it
/// (`v = 0 and i % 10 = 2..4 and i % 100 != 12..14`), read once and then
/// judged for whole counts.
///
/// The syntax is UTS #35's: conditions joined by `or`, each of relations
/// joined by `and`; a relation is an operand, an optional `% divisor`, `=`
/// or `!=`, and a list of values and ranges (`0,20,40`, `3..10,13..19`).
/// For a whole count written in digits, `n` and `i` are the count's
/// magnitude and every other operand (`v w f t c e`: digits after the
/// point, the compact exponent) is 0; so rules that only fractions reach
/// never match.
struct PluralCondition: Sendable {
    /// One `operand [% divisor] (=|!=) ranges`.
    private struct Relation: Sendable {
        /// Whether the operand is the count (`n`, `i`) rather than one that is 0 for whole counts.
        let isCount: Bool
        let divisor: UInt64?
        let equals: Bool
        let ranges: [ClosedRange<UInt64>]

        func holds(for count: UInt64) -> Bool {
            var value = isCount ? count : 0
            if let divisor { value %= divisor }
            return ranges.contains { $0.contains(value) } == equals
        }
    }

    /// Alternatives joined by `or`, each a list of relations joined by `and`.
    private let alternatives: [[Relation]]

    /// Reads a condition; throws a description of the first thing that is not CLDR syntax.
    init(_ text: String) throws(Problem) {
        var alternatives: [[Relation]] = [[]]
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        while let operand = words.popFirst() {
            guard operand.count == 1, let letter = operand.first, "nivwftce".contains(letter) else {
                throw Problem("'\(operand)' is not a plural operand (n i v w f t c e)")
            }
            var divisor: UInt64?
            if words.first == "%" {
                words.removeFirst()
                guard let word = words.popFirst(), let value = UInt64(word), value > 0 else { throw Problem("'%' needs a divisor after '\(operand)'") }
                divisor = value
            }
            let equals: Bool
            switch words.popFirst() {
            case "=": equals = true
            case "!=": equals = false
            default: throw Problem("'\(operand)' needs '=' or '!=' after it")
            }
            guard let list = words.popFirst() else { throw Problem("'\(operand)' is compared with nothing") }
            alternatives[alternatives.count - 1].append(Relation(isCount: letter == "n" || letter == "i", divisor: divisor, equals: equals,
                                                                 ranges: try Self.ranges(list)))
            switch words.popFirst() {
            case nil: break
            case "and": if words.isEmpty { throw Problem("a condition ends with 'and'") }
            case "or":
                if words.isEmpty { throw Problem("a condition ends with 'or'") }
                alternatives.append([])
            case let word?: throw Problem("expected 'and' or 'or', not '\(word)'")
            }
        }
        guard !(alternatives.last?.isEmpty ?? true) else { throw Problem("a condition has no relation") }
        self.alternatives = alternatives
    }

    /// Whether `count` (a magnitude) meets the condition.
    func matches(_ count: UInt64) -> Bool {
        alternatives.contains { $0.allSatisfy { $0.holds(for: count) } }
    }

    /// `0,20,40` or `3..10,13..19`.
    private static func ranges(_ list: String) throws(Problem) -> [ClosedRange<UInt64>] {
        var ranges: [ClosedRange<UInt64>] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: ".", omittingEmptySubsequences: false)
            if bounds.count == 1, let value = UInt64(bounds[0]) {
                ranges.append(value...value)
            } else if bounds.count == 3, bounds[1].isEmpty, let low = UInt64(bounds[0]), let high = UInt64(bounds[2]), low <= high {
                ranges.append(low...high)
            } else {
                throw Problem("'\(item)' is not a value or a range like 3..10")
            }
        }
        return ranges
    }

    /// Why a condition could not be read.
    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
