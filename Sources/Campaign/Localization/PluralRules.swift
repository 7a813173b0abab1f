/// The CLDR plural categories. Which of them a language uses, and for which
/// numbers, is decided by `PluralRules`.
public enum PluralCategory: String, Sendable, CaseIterable {
    /// A category name as catalogs spell it; `other` is the one every language has.
    case zero, one, two, few, many, other
}

/// CLDR plural rules for whole numbers (the counts a campaign shows:
/// signatures, calls, people), so a catalog can say "1 firma" and "2 firmas"
/// and Russian or Arabic can use all the forms they need.
///
/// Only integer operands are handled (CLDR `v = 0`). Negative counts use
/// their magnitude, as CLDR's `n` does.
///
/// Deliberately left out: the `many` category that recent CLDR gives
/// French (since 38), Spanish and Italian (since 42), Portuguese and
/// Catalan for exact multiples of a million. It exists for "1 millón de firmas", which only
/// arises when the number is written as a word; we always write digits
/// ("1.000.000 firmas"), where `other` is right. Leaving it out also spares
/// every translator a form that would almost never be shown.
///
/// Unknown languages follow English, the fallback language of catalogs.
public enum PluralRules {
    /// The category for `count` in `locale`; only the language part of the
    /// tag matters, except `pt-PT`, which CLDR gives its own rule.
    public static func category(for count: Int, locale: String) -> PluralCategory {
        let n = count.magnitude
        switch Rule(locale: locale) {
        case .oneForOne:
            return n == 1 ? .one : .other
        case .oneForZeroAndOne:
            return n <= 1 ? .one : .other
        case .otherOnly:
            return .other
        case .filipino:
            // CLDR fil: one unless the last digit is 4, 6 or 9.
            return [4, 6, 9].contains(n % 10) ? .other : .one
        case .eastSlavic:
            let lastDigit = n % 10, lastTwo = n % 100
            if lastDigit == 1 && lastTwo != 11 { return .one }
            if (2...4).contains(lastDigit) && !(12...14).contains(lastTwo) { return .few }
            // CLDR's `other` is for fractions only; every other integer is `many`.
            return .many
        case .arabic:
            let lastTwo = n % 100
            if n == 0 { return .zero }
            if n == 1 { return .one }
            if n == 2 { return .two }
            if (3...10).contains(lastTwo) { return .few }
            if (11...99).contains(lastTwo) { return .many }
            return .other
        }
    }

    /// The categories `category(for:locale:)` can return for some count in
    /// `locale`, in `PluralCategory` order: the forms a translation needs.
    public static func categories(locale: String) -> [PluralCategory] {
        switch Rule(locale: locale) {
        case .oneForOne, .oneForZeroAndOne, .filipino: return [.one, .other]
        case .otherOnly: return [.other]
        case .eastSlavic: return [.one, .few, .many]
        case .arabic: return PluralCategory.allCases
        }
    }

    /// The integer rule families; languages that agree on whole numbers
    /// share one even where CLDR differs for fractions.
    private enum Rule {
        case oneForOne, oneForZeroAndOne, otherOnly, filipino, eastSlavic, arabic

        init(locale: String) {
            let language = LocaleTag.language(of: locale)
            // Portugal's Portuguese says "0 assinaturas"; Brazil's (plain `pt`) "0 assinatura".
            if language == "pt", LocaleTag.key(locale)?.hasPrefix("pt-pt") == true {
                self = .oneForOne
                return
            }
            switch language {
            case "fr", "pt", "hi", "bn", "fa", "hy": self = .oneForZeroAndOne
            case "ja", "zh", "yue", "ko", "vi", "th", "id", "ms": self = .otherOnly
            case "fil", "tl": self = .filipino
            case "ru", "uk", "be": self = .eastSlavic
            case "ar": self = .arabic
            // en, de, es, it, nl, sv, da, nb, fi, el, ca, tr and unknown languages.
            default: self = .oneForOne
            }
        }
    }
}
