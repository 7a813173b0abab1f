import ArgumentParsing
import Foundation

/// A span of time as it is written on a command line: a whole number and a
/// unit, `90s`, `30m`, `12h`, `180d`, `2w`, `6mo`, `1y`. It is the one
/// grammar of every duration option (`officials stale --older-than`,
/// `outbox purge --older-than`, `campaign-server --digest-every`): `m` is
/// minutes everywhere and months are `mo`.
///
/// A span is counted on the calendar from a given time, in UTC: six months
/// before 31 August is the last day of February, a year before a 29
/// February is 28 February; seconds, minutes and hours are exact, and days
/// and weeks are whole UTC days. So "older than 6mo" means what an organizer
/// reads on a calendar, not 180 days.
public struct CalendarDuration: Sendable, Hashable, CustomStringConvertible {
    /// The units, as written after the number.
    public enum Unit: String, CaseIterable, Sendable {
        case seconds = "s", minutes = "m", hours = "h", days = "d", weeks = "w", months = "mo", years = "y"

        /// The unit's name, for messages: "minute".
        var singular: String { ["s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week", "mo": "month", "y": "year"][rawValue] ?? rawValue }

        /// Its length in seconds, on average for months and years (a
        /// Gregorian year is 365.2425 days): for bounds, never for dates.
        var averageSeconds: Int {
            switch self {
            case .seconds: 1
            case .minutes: 60
            case .hours: 3_600
            case .days: 86_400
            case .weeks: 604_800
            case .months: 2_629_746
            case .years: 31_556_952
            }
        }
    }

    /// How many units; above zero.
    public let count: Int
    public let unit: Unit

    /// `count` of `unit`.
    public init(_ count: Int, _ unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// `count` seconds.
    public static func seconds(_ count: Int) -> CalendarDuration { CalendarDuration(count, .seconds) }
    /// `count` minutes.
    public static func minutes(_ count: Int) -> CalendarDuration { CalendarDuration(count, .minutes) }
    /// `count` hours.
    public static func hours(_ count: Int) -> CalendarDuration { CalendarDuration(count, .hours) }
    /// `count` UTC days.
    public static func days(_ count: Int) -> CalendarDuration { CalendarDuration(count, .days) }
    /// `count` weeks of seven UTC days.
    public static func weeks(_ count: Int) -> CalendarDuration { CalendarDuration(count, .weeks) }
    /// `count` calendar months.
    public static func months(_ count: Int) -> CalendarDuration { CalendarDuration(count, .months) }
    /// `count` calendar years.
    public static func years(_ count: Int) -> CalendarDuration { CalendarDuration(count, .years) }

    /// What the grammar accepts, for messages.
    public static let expected = "expected a whole number and a unit: s, m (minutes), h, d, w, mo (months) or y, e.g. 30m, 12h, 180d, 6mo"

    /// The longest span accepted; longer ones are surely typing mistakes,
    /// and dates that far away are beyond the calendar's arithmetic.
    public static let longest = CalendarDuration.years(10_000)

    /// Reads "30m", "6mo": digits, then a unit, nothing else.
    public init(parsing text: String) throws(InvalidArgument) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let unit = Unit(rawValue: String(text.dropFirst(digits.count))) else {
            throw InvalidArgument(Self.expected)
        }
        guard let count = Int(digits), count > 0 else {
            throw InvalidArgument(digits.allSatisfy { $0 == "0" } ? "expected a duration above zero" : "expected at most \(Self.longest)")
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: unit.averageSeconds)
        guard !overflow, seconds <= Self.longest.count * Self.longest.unit.averageSeconds else {
            throw InvalidArgument("expected at most \(Self.longest)")
        }
        self.init(count, unit)
    }

    /// As written: "30m".
    public var description: String { "\(count)\(unit.rawValue)" }

    /// In words, for messages: "30 minutes", "1 month".
    public var spoken: String { "\(count) \(unit.singular)\(count == 1 ? "" : "s")" }

    /// The time this span before `date`: the cutoff of an age.
    public func before(_ date: Date) -> Date { moving(date, by: -count) }

    /// The time this span after `date`: the next run of a schedule.
    public func after(_ date: Date) -> Date { moving(date, by: count) }

    private func moving(_ date: Date, by amount: Int) -> Date {
        let moved: Date?
        switch unit {
        case .seconds, .minutes, .hours: moved = date.addingTimeInterval(Double(amount * unit.averageSeconds))
        case .days: moved = Self.calendar.date(byAdding: .day, value: amount, to: date)
        case .weeks: moved = Self.calendar.date(byAdding: .day, value: amount * 7, to: date)
        case .months: moved = Self.calendar.date(byAdding: .month, value: amount, to: date)
        case .years: moved = Self.calendar.date(byAdding: .year, value: amount, to: date)
        }
        return moved ?? date.addingTimeInterval(Double(amount * unit.averageSeconds))
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()
}

extension CalendarDuration: ExpressibleByArgument {
    /// Reads the grammar above.
    public init(argument: String) throws(InvalidArgument) { try self.init(parsing: argument) }
    public static var defaultValueName: String { "duration" }
    public var argumentText: String { description }
}
