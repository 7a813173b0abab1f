import Foundation

/// A small inline SVG of signatures over time: one cumulative line per
/// series, drawn here so a packet needs nothing from outside to print.
/// The time axis is to scale: a day's place is its distance in days from
/// the first, so a month without signatures looks like a month.
public enum SignatureChart {
    /// A named line: signatures per day, days as "YYYY-MM-DD".
    public struct Series: Sendable {
        public let label: String
        public let perDay: [String: Int]
        public let dashed: Bool
        public init(label: String, perDay: [String: Int], dashed: Bool = false) {
            self.label = label
            self.perDay = perDay
            self.dashed = dashed
        }
    }

    /// The SVG markup; `title` is its accessible name. Every text is escaped.
    public static func svg(_ series: [Series], title: String, width: Int = 640, height: Int = 220) -> String {
        // Days that are not calendar dates cannot be placed on the axis.
        let days = Set(series.flatMap(\.perDay.keys)).compactMap { day in dayNumber(day).map { (day, $0) } }.sorted { $0.1 < $1.1 }
        let left = 48.0, right = Double(width) - 12, top = 14.0, bottom = Double(height) - 40
        var cumulative: [[Int]] = []
        for line in series {
            var running = 0
            cumulative.append(days.map { running += line.perDay[$0.0] ?? 0; return running })
        }
        let highest = max(1, cumulative.map { $0.last ?? 0 }.max() ?? 1)
        let first = days.first?.1 ?? 0, span = (days.last?.1 ?? 0) - first
        func x(_ day: Int) -> Double { span == 0 ? (left + right) / 2 : left + (right - left) * Double(day - first) / Double(span) }
        func y(_ value: Int) -> Double { bottom - (bottom - top) * Double(value) / Double(highest) }
        func number(_ value: Double) -> String { String(Int((value * 10).rounded())) .withDecimal }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(title))\">"
        svg += "<title>\(HTMLEscaping.escape(title))</title>"
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(bottom))\" x2=\"\(number(right))\" y2=\"\(number(bottom))\" stroke=\"#111\"/>"
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(bottom))\" stroke=\"#111\"/>"
        svg += "<text x=\"\(number(left - 6))\" y=\"\(number(top + 4))\" text-anchor=\"end\">\(highest)</text>"
        svg += "<text x=\"\(number(left - 6))\" y=\"\(number(bottom))\" text-anchor=\"end\">0</text>"
        for (index, tick) in ticks(first: first, span: span).enumerated() {
            let anchor = span == 0 ? "middle" : index == 0 ? "start" : tick == first + span ? "end" : "middle"
            svg += "<line x1=\"\(number(x(tick)))\" y1=\"\(number(bottom))\" x2=\"\(number(x(tick)))\" y2=\"\(number(bottom + 4))\" stroke=\"#111\"/>"
            svg += "<text x=\"\(number(x(tick)))\" y=\"\(number(bottom + 16))\" text-anchor=\"\(anchor)\">\(HTMLEscaping.escape(dayText(tick)))</text>"
        }
        for (index, line) in series.enumerated() where !days.isEmpty {
            let dash = line.dashed ? " stroke-dasharray=\"5 4\"" : ""
            let colour = line.dashed ? "#666" : "#111"
            if span == 0 {
                svg += "<circle cx=\"\(number(x(first)))\" cy=\"\(number(y(cumulative[index][0])))\" r=\"3\" fill=\"\(colour)\"/>"
            } else {
                // Flat through the days without signatures, then up on the day they came.
                var points: [(Int, Int)] = []
                for (offset, day) in days.enumerated() {
                    let total = cumulative[index][offset]
                    if offset > 0, day.1 - days[offset - 1].1 > 1 { points.append((day.1 - 1, cumulative[index][offset - 1])) }
                    points.append((day.1, total))
                }
                let list = points.map { "\(number(x($0.0))),\(number(y($0.1)))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) points=\"\(list)\"/>"
            }
            let legendY = Double(height) - 8
            let legendX = left + Double(index) * 220
            svg += "<line x1=\"\(number(legendX))\" y1=\"\(number(legendY - 4))\" x2=\"\(number(legendX + 24))\" y2=\"\(number(legendY - 4))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>"
            svg += "<text x=\"\(number(legendX + 30))\" y=\"\(number(legendY))\">\(HTMLEscaping.escape(line.label))</text>"
        }
        return svg + "</svg>"
    }

    /// The labelled days on the axis: the first, the last and, between
    /// them, evenly spaced days far enough apart for their labels.
    static func ticks(first: Int, span: Int) -> [Int] {
        guard span > 0 else { return [first] }
        let between = min(3, span - 1)
        return [first] + (0..<between).map { first + span * ($0 + 1) / (between + 1) } + [first + span]
    }

    // MARK: - Days

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()

    /// Days since 1970-01-01 of "YYYY-MM-DD", nil when it is not a date.
    static func dayNumber(_ day: String) -> Int? {
        let parts = day.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let date = parts[2],
              let instant = calendar.date(from: DateComponents(year: year, month: month, day: date)) else { return nil }
        return Int((instant.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// "YYYY-MM-DD" of a day number.
    static func dayText(_ number: Int) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(number) * 86_400))
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : String(value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))"
    }
}

private extension String {
    /// "1234" (tenths) as "123.4".
    var withDecimal: String {
        let negative = hasPrefix("-")
        var digits = negative ? String(dropFirst()) : self
        while digits.count < 2 { digits = "0" + digits }
        return (negative ? "-" : "") + digits.dropLast() + "." + digits.suffix(1)
    }
}
