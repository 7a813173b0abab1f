import Campaign
import Foundation

/// Writes the Prometheus text exposition format, version 0.0.4: for each
/// metric family a `# HELP` and a `# TYPE` line, then its samples as
/// `name{label="value",…} number`, one per line.
struct PrometheusText {
    /// The header `/metrics` answers with.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var text = ""

    /// Starts a family; its samples follow.
    mutating func family(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ value: Int, labels: [(String, String)] = []) {
        sample(name, labels, formatted: String(value))
    }

    mutating func sample(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        sample(name, labels, formatted: Self.format(value))
    }

    /// A histogram's buckets, sum and count; `divisor` turns the stored whole
    /// numbers into the family's unit (1e6 for microseconds to seconds;
    /// dividing keeps bounds such as 0.025 exact where multiplying would not).
    mutating func histogram(_ name: String, _ labels: [(String, String)] = [], bounds: [Int], _ snapshot: AtomicHistogram.Snapshot,
                            divisor: Double = 1) {
        for (bound, count) in zip(bounds, snapshot.cumulative) {
            sample(name + "_bucket", count, labels: labels + [("le", Self.format(Double(bound) / divisor))])
        }
        sample(name + "_bucket", snapshot.count, labels: labels + [("le", "+Inf")])
        sample(name + "_sum", Double(snapshot.sum) / divisor, labels: labels)
        sample(name + "_count", snapshot.count, labels: labels)
    }

    private mutating func sample(_ name: String, _ labels: [(String, String)], formatted value: String) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + value + "\n"
    }

    /// A number as Prometheus reads it: whole numbers without a fraction,
    /// and `+Inf`, `-Inf`, `NaN` spelled its way.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Label values escape backslash, double quote and line feed.
    static func escapeLabel(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Help text escapes backslash and line feed.
    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
