import Foundation

/// Numbers and dates written as a locale writes them, using ICU through
/// Foundation's formatters (which honour `Locale(identifier:)` on Linux).
///
/// ICU follows CLDR, which is sometimes surprising but right:
/// - `es` does not group four-digit numbers (`1234`, `12.345`, `1.234.567`),
///   as the RAE recommends; `es-MX` and `es-419` group with commas
///   (`1,234`), as Mexico and most of Latin America do.
/// - `fr` groups with a narrow no-break space (U+202F), `ru` with a
///   no-break space (U+00A0); `ar-EG` uses Arabic-Indic digits, plain `ar` Latin ones.
/// - An unknown or malformed tag is formatted as English.
///
/// Safe to use from any thread: formatters are built once per locale and
/// used only while a lock is held, because Foundation does not promise
/// that a formatter may be used from two threads at once.
public enum LocaleFormatting {
    /// `value` with the locale's digits and grouping: `1,234,567` in `en`,
    /// `1.234.567` in `es`.
    public static func number(_ value: Int, locale: String) -> String {
        cache.withFormatters(for: locale) { $0.number.string(from: NSNumber(value: value)) } ?? String(value)
    }

    /// A calendar date in the locale's long style: `May 18, 2018`,
    /// `18 de mayo de 2018`. A date that does not exist (February 30) is
    /// written `2018-02-30`, so the mistake shows instead of rolling over.
    public static func date(year: Int, month: Int, day: Int, locale: String) -> String {
        let components = DateComponents(year: year, month: month, day: day)
        guard let instant = utcCalendar.date(from: components),
              case let back = utcCalendar.dateComponents([.year, .month, .day], from: instant),
              back.year == year, back.month == month, back.day == day else {
            return "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        }
        return date(instant, locale: locale)
    }

    /// The UTC calendar date of `date`, in the locale's long style.
    public static func date(_ date: Date, locale: String) -> String {
        cache.withFormatters(for: locale) { $0.longDate.string(from: date) }
    }

    // MARK: - Formatters

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        return calendar
    }()

    private static let utc = TimeZone(secondsFromGMT: 0) ?? TimeZone.current

    private static let cache = FormatterCache()

    private static func twoDigits(_ value: Int) -> String {
        (0...9).contains(value) ? "0\(value)" : String(value)
    }

    /// One locale's formatters.
    private struct Formatters {
        let number: NumberFormatter
        let longDate: DateFormatter

        init(locale identifier: String) {
            let locale = Locale(identifier: identifier)
            number = NumberFormatter()
            number.locale = locale
            number.numberStyle = .decimal
            longDate = DateFormatter()
            longDate.locale = locale
            longDate.calendar = LocaleFormatting.utcCalendar
            longDate.timeZone = LocaleFormatting.utc
            longDate.dateStyle = .long
            longDate.timeStyle = .none
        }
    }

    /// Formatters by canonical locale tag, behind a lock: the lock is the
    /// whole of the promise that makes this class `Sendable`.
    private final class FormatterCache: @unchecked Sendable {
        /// Tags may come from request headers; past this many, the cache
        /// starts over rather than grow without bound.
        private static let limit = 64
        private let lock = NSLock()
        private var formatters: [String: Formatters] = [:]

        func withFormatters<Result>(for locale: String, _ body: (Formatters) -> Result) -> Result {
            let tag = LocaleTag.canonical(locale) ?? Localizer.fallbackLocale
            lock.lock()
            defer { lock.unlock() }
            if let cached = formatters[tag] { return body(cached) }
            if formatters.count >= Self.limit { formatters.removeAll() }
            let made = Formatters(locale: tag)
            formatters[tag] = made
            return body(made)
        }
    }
}
