/// The CLDR plural categories. Which of them a language uses, and for which
/// numbers, is decided by `PluralRules`.
public enum PluralCategory: String, Sendable, CaseIterable {
    /// A category name as catalogs spell it; `other` is the one every language has.
    case zero, one, two, few, many, other
}

/// CLDR's plural rules for whole numbers (the counts a campaign shows:
/// signatures, calls, people), so that a catalog says "1 firma" and
/// "2 firmas", and Polish, Russian or Arabic get every form they need.
///
/// The rules are CLDR's own text (`PluralRules+CLDR.swift`), read by
/// `PluralCondition`; a count is judged as a whole number written in digits
/// (CLDR `v = 0`, `e = 0`), and a negative one by its magnitude, as CLDR's
/// `n` is. So Spanish, French, Italian and Portuguese put exact millions in
/// `many` ("1.000.000 de firmas"), and categories that only fractions reach
/// (Czech `many`, Russian `other`) are never chosen.
///
/// A language CLDR has no rules for (Haitian Creole, whose nouns do not
/// change after a numeral) follows CLDR's root: every count is `other`.
public enum PluralRules {
    /// The category for `count` in `locale`. The most specific tag CLDR has
    /// rules for decides (`pt-PT` has its own; `es-MX` is `es`).
    public static func category(for count: Int, locale: String) -> PluralCategory {
        ruleSet(locale).category(for: UInt64(count.magnitude))
    }

    /// The categories some whole count takes in `locale`, and `other`, which
    /// every catalog plural must have: the forms a translation needs, in
    /// `PluralCategory` order.
    public static func categories(locale: String) -> [PluralCategory] {
        ruleSet(locale).categories
    }

    /// The smallest counts that take `category` in `locale` (at most
    /// `limit`), to show a translator what a form is for.
    public static func examples(of category: PluralCategory, locale: String, limit: Int = 3) -> [Int] {
        let rules = ruleSet(locale)
        return Array(RuleSet.probes.lazy.filter { rules.category(for: $0) == category }.prefix(limit).map { Int($0) })
    }

    /// Whether CLDR has rules for the language of `locale` (else root's: only `other`).
    public static func hasRules(for locale: String) -> Bool {
        LocaleTag.lookupChain(locale).contains { compiled.byLocale[$0] != nil }
    }

    /// Every locale the table lists, lower case (`pt-pt`).
    static var locales: [String] { compiled.byLocale.keys.sorted() }

    /// Rules in the table that could not be read; empty unless the table was mistyped.
    static var tableProblems: [String] { compiled.problems }

    // MARK: - Rule sets

    /// One rule set of the table: a condition per category but `other`.
    struct RuleSet: Sendable {
        let conditions: [(category: PluralCategory, condition: PluralCondition)]
        let categories: [PluralCategory]

        /// Counts that reach every branch of every CLDR rule: all up to 1200
        /// (the `% 10`, `% 100` and `% 1000` patterns), then the round
        /// thousands and millions the `% 100000` and `% 1000000` rules pick.
        static let probes: [UInt64] = Array(0...1200) + stride(from: 2000, through: 100_000, by: 1000).map { $0 }
            + [120_000, 1_000_000, 1_100_000, 2_000_000]

        init(conditions: [(category: PluralCategory, condition: PluralCondition)]) {
            self.conditions = conditions
            let reached = Set(Self.probes.map { count in conditions.first { $0.condition.matches(count) }?.category ?? .other })
            categories = PluralCategory.allCases.filter { reached.contains($0) || $0 == .other }
        }

        func category(for count: UInt64) -> PluralCategory {
            conditions.first { $0.condition.matches(count) }?.category ?? .other
        }

        /// CLDR's root: no conditions, everything is `other`.
        static let root = RuleSet(conditions: [])
    }

    private static func ruleSet(_ locale: String) -> RuleSet {
        for key in LocaleTag.lookupChain(locale) {
            if let rules = compiled.byLocale[key] { return rules }
        }
        return .root
    }

    /// The table, read once.
    private static let compiled: (byLocale: [String: RuleSet], problems: [String]) = {
        var byLocale: [String: RuleSet] = [:]
        var problems: [String] = []
        for (locales, rules) in cldr {
            var conditions: [(category: PluralCategory, condition: PluralCondition)] = []
            for (category, text) in rules {
                do {
                    conditions.append((category, try PluralCondition(text)))
                } catch {
                    problems.append("\(locales) \(category.rawValue): \(error)")
                }
            }
            let set = RuleSet(conditions: conditions)
            for locale in locales.split(separator: " ") { byLocale[locale.lowercased()] = set }
        }
        return (byLocale, problems)
    }()
}
