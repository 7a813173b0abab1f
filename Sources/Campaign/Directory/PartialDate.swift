import Foundation

/// A calendar date known to a year, a month or a day: `2018`, `2018-05`,
/// `2018-05-18`. Sources often date themselves only roughly, and a
/// verification date should say no more than is known.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    // Year, month and day in one number, 0 for a month or day not known: an
    // official has three dates, and an import holds tens of thousands.
    private let packed: Int32

    public var year: Int { Int(packed >> 9) }
    public var month: Int? { Self.known(Int(packed >> 5) & 0xF) }
    public var day: Int? { Self.known(Int(packed) & 0x1F) }

    private init(year: Int, month: Int?, day: Int?) {
        // Beyond ±4 million years, a year cannot be held; no calendar date of a record comes near.
        let year = min(max(year, -(1 << 22)), (1 << 22) - 1)
        packed = Int32(year << 9 | (month ?? 0) << 5 | (day ?? 0))
    }

    private static func known(_ part: Int) -> Int? { part == 0 ? nil : part }

    /// Parses ISO 8601 at year, month or day precision; nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), year >= 1000 else { return nil }
        var month: Int?, day: Int?
        if parts.count >= 2 {
            guard parts[1].count == 2, let value = Int(parts[1]), (1...12).contains(value) else { return nil }
            month = value
        }
        if parts.count == 3, let month {
            guard parts[2].count == 2, let value = Int(parts[2]), value >= 1,
                  value <= PartialDate.days(inMonth: month, year: year) else { return nil }
            day = value
        }
        self.init(year: year, month: month, day: day)
    }

    /// The date of a moment in UTC, to the day.
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month, day: parts.day)
    }

    /// The ISO text, at the precision known.
    public var description: String {
        var text = String(format: "%04d", year)
        if let month { text += String(format: "-%02d", month) }
        if let day { text += String(format: "-%02d", day) }
        return text
    }

    /// The latest day the date may stand for: `2018` may be as late as
    /// 31 December 2018. Staleness is judged from here, so a roughly dated
    /// source is never reported older than it may be.
    public var latestDay: (year: Int, month: Int, day: Int) {
        let month = self.month ?? 12
        return (year, month, day ?? PartialDate.days(inMonth: month, year: year))
    }

    /// The latest day as a number that sorts by date.
    var latestOrdinal: Int { latestDay.year * 10_000 + latestDay.month * 100 + latestDay.day }

    /// The earliest day the date may stand for, as a number that sorts by
    /// date: `2018` may be as early as 1 January 2018.
    var earliestOrdinal: Int { year * 10_000 + (month ?? 1) * 100 + (day ?? 1) }

    /// The day before the earliest day this date may stand for: the last
    /// day of a term that ends when another begins.
    public var dayBeforeStart: PartialDate {
        let (year, month, day) = (self.year, self.month ?? 1, self.day ?? 1)
        if day > 1 { return PartialDate(year: year, month: month, day: day - 1) }
        if month > 1 { return PartialDate(year: year, month: month - 1, day: PartialDate.days(inMonth: month - 1, year: year)) }
        return PartialDate(year: year - 1, month: 12, day: 31)
    }

    /// Whether this is a whole day, not a month or a year.
    public var isDay: Bool { day != nil }

    /// Whether the source may be dated no later than `days` days before `today`.
    public func isOlder(thanDays days: Int, before today: Date) -> Bool {
        isOlder(than: today.addingTimeInterval(-Double(days) * 86_400))
    }

    /// Whether even the latest day this date may stand for lies before the
    /// (UTC) day of `cutoff`.
    public func isOlder(than cutoff: Date) -> Bool {
        latestOrdinal < PartialDate(cutoff).latestOrdinal
    }

    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool { lhs.latestOrdinal < rhs.latestOrdinal }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = PartialDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
