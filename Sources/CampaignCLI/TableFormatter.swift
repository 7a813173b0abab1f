/// Lays rows out in aligned columns that fit the terminal, shortening the
/// widest columns with an ellipsis. The first column (an id the user types
/// next) is never shortened. Bold headers only on a terminal.
struct TableFormatter {
    let headers: [String]
    var rows: [[String]] = []

    func render(width: Int?, colour: Bool) -> String {
        guard !headers.isEmpty else { return "" }
        var widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        if let width {
            let gap = 2 * (headers.count - 1)
            while widths.reduce(0, +) + gap > width {
                guard let widest = widths.indices.dropFirst().max(by: { widths[$0] < widths[$1] }), widths[widest] > 4 else { break }
                widths[widest] -= 1
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let fitted = cell.count > widths[column] ? String(cell.prefix(max(widths[column] - 1, 0))) + "…" : cell
                return column == cells.count - 1 ? fitted : fitted + String(repeating: " ", count: widths[column] - fitted.count)
            }.joined(separator: "  ")
        }
        var text = colour ? "\u{1B}[1m" + line(headers) + "\u{1B}[0m\n" : line(headers) + "\n"
        for row in rows { text += line(row) + "\n" }
        return text
    }
}
