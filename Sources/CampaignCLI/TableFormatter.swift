import Campaign

/// Lays rows out in aligned columns that fit the terminal, shortening the
/// widest columns with an ellipsis. The first column (an id the user types
/// next) is never shortened. Bold headers only on a terminal. A control
/// character in a cell (a line break in a note, an ESC in a name) is
/// shown as an escape, so each row stays one line.
struct TableFormatter {
    let headers: [String]
    var rows: [[String]] = []

    func render(width: Int?, colour: Bool) -> String {
        guard !headers.isEmpty else { return "" }
        let rows = self.rows.map { $0.map { ControlCharacters.escaped($0, keepingLayout: false) } }
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
        var text = colour ? TextOutput.bold + line(headers) + TextOutput.plain + "\n" : line(headers) + "\n"
        for row in rows { text += line(row) + "\n" }
        return text
    }
}
