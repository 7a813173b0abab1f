import Foundation

/// Durations as people write them on a command line: "90s", "30m", "24h", "7d".
public enum DurationText {
    /// Seconds in `text`, or an error naming `option` and the value.
    public static func seconds(_ text: String, option: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last, let scale = units[unit], let amount = Double(text.dropLast()), amount > 0, amount.isFinite else {
            throw InputError("\(option) \(text): write a duration like 90s, 30m, 24h or 7d")
        }
        return amount * scale
    }
}
