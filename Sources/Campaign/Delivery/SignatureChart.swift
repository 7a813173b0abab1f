/// A small inline SVG of signatures over time: one cumulative line per
/// series, drawn here so a packet needs nothing from outside to print.
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
        let days = Set(series.flatMap(\.perDay.keys)).sorted()
        let left = 48.0, right = Double(width) - 12, top = 14.0, bottom = Double(height) - 40
        var cumulative: [[Int]] = []
        for line in series {
            var running = 0
            cumulative.append(days.map { running += line.perDay[$0] ?? 0; return running })
        }
        let highest = max(1, cumulative.map { $0.last ?? 0 }.max() ?? 1)
        func x(_ index: Int) -> Double { days.count <= 1 ? (left + right) / 2 : left + (right - left) * Double(index) / Double(days.count - 1) }
        func y(_ value: Int) -> Double { bottom - (bottom - top) * Double(value) / Double(highest) }
        func number(_ value: Double) -> String { String(Int((value * 10).rounded())) .withDecimal }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(title))\">"
        svg += "<title>\(HTMLEscaping.escape(title))</title>"
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(bottom))\" x2=\"\(number(right))\" y2=\"\(number(bottom))\" stroke=\"#111\"/>"
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(bottom))\" stroke=\"#111\"/>"
        svg += "<text x=\"\(number(left - 6))\" y=\"\(number(top + 4))\" text-anchor=\"end\">\(highest)</text>"
        svg += "<text x=\"\(number(left - 6))\" y=\"\(number(bottom))\" text-anchor=\"end\">0</text>"
        if let first = days.first, let last = days.last {
            svg += "<text x=\"\(number(left))\" y=\"\(number(bottom + 14))\">\(HTMLEscaping.escape(first))</text>"
            if last != first { svg += "<text x=\"\(number(right))\" y=\"\(number(bottom + 14))\" text-anchor=\"end\">\(HTMLEscaping.escape(last))</text>" }
        }
        for (index, line) in series.enumerated() where !days.isEmpty {
            let points = cumulative[index].enumerated().map { "\(number(x($0.offset))),\(number(y($0.element)))" }.joined(separator: " ")
            let dash = line.dashed ? " stroke-dasharray=\"5 4\"" : ""
            let colour = line.dashed ? "#666" : "#111"
            if days.count == 1 {
                svg += "<circle cx=\"\(number(x(0)))\" cy=\"\(number(y(cumulative[index][0])))\" r=\"3\" fill=\"\(colour)\"/>"
            } else {
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) points=\"\(points)\"/>"
            }
            let legendY = Double(height) - 8
            let legendX = left + Double(index) * 220
            svg += "<line x1=\"\(number(legendX))\" y1=\"\(number(legendY - 4))\" x2=\"\(number(legendX + 24))\" y2=\"\(number(legendY - 4))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>"
            svg += "<text x=\"\(number(legendX + 30))\" y=\"\(number(legendY))\">\(HTMLEscaping.escape(line.label))</text>"
        }
        return svg + "</svg>"
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
