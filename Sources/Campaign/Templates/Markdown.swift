/// The Markdown organizers write petitions and talking points in:
/// paragraphs, headings, ordered and bulleted lists, block quotes, bold,
/// italic and links. Everything is escaped; raw HTML is shown as text, and
/// links go only to http, https, mailto and tel addresses.
public enum Markdown {
    /// The text as trusted markup with its plain form.
    public static func render(_ source: String) -> TemplateValue {
        .markup(html: html(source), plain: plain(source))
    }

    private enum Block {
        case paragraph([String])
        case heading(level: Int, text: String)
        case list(ordered: Bool, start: Int, items: [String])
        case quote([String])
    }

    /// HTML for the source.
    public static func html(_ source: String) -> String {
        blocks(source).map { block in
            switch block {
            case .paragraph(let lines): return "<p>" + lines.map(inline).joined(separator: "<br>\n") + "</p>"
            case let .heading(level, text): return "<h\(level)>\(inline(text))</h\(level)>"
            case let .list(ordered, start, items):
                let tag = ordered ? "ol" : "ul"
                let open = ordered && start != 1 ? "<ol start=\"\(start)\">" : "<\(tag)>"
                return open + items.map { "<li>\(inline($0))</li>" }.joined() + "</\(tag)>"
            case .quote(let lines): return "<blockquote><p>" + lines.map(inline).joined(separator: "<br>\n") + "</p></blockquote>"
            }
        }.joined(separator: "\n")
    }

    /// The source as plain text: emphasis marks and link targets dropped.
    public static func plain(_ source: String) -> String {
        blocks(source).map { block in
            switch block {
            case .paragraph(let lines): return lines.map(plainInline).joined(separator: "\n")
            case let .heading(_, text): return plainInline(text)
            case let .list(ordered, start, items):
                return items.enumerated().map { (ordered ? "\(start + $0.offset). " : "• ") + plainInline($0.element) }.joined(separator: "\n")
            case .quote(let lines): return lines.map { "> " + plainInline($0) }.joined(separator: "\n")
            }
        }.joined(separator: "\n\n")
    }

    // MARK: - Blocks

    private static func blocks(_ source: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        func flush() { if !paragraph.isEmpty { blocks.append(.paragraph(paragraph)); paragraph = [] } }
        for rawLine in source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush(); continue }
            if let heading = heading(line) { flush(); blocks.append(heading); continue }
            if let (ordered, number, text) = listItem(line) {
                flush()
                if case let .list(wasOrdered, start, items)? = blocks.last, wasOrdered == ordered {
                    blocks[blocks.count - 1] = .list(ordered: ordered, start: start, items: items + [text])
                } else {
                    blocks.append(.list(ordered: ordered, start: number, items: [text]))
                }
                continue
            }
            if line.hasPrefix(">") {
                flush()
                let text = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
                if case .quote(let lines)? = blocks.last { blocks[blocks.count - 1] = .quote(lines + [text]) } else { blocks.append(.quote([text])) }
                continue
            }
            // A line right after a list item continues that item.
            if paragraph.isEmpty, case let .list(ordered, start, items)? = blocks.last, let last = items.last, !rawLine.hasPrefix("\n"),
               rawLine.first == " " || rawLine.first == "\t" {
                blocks[blocks.count - 1] = .list(ordered: ordered, start: start, items: items.dropLast() + [last + " " + line])
                continue
            }
            paragraph.append(line)
        }
        flush()
        return blocks
    }

    private static func heading(_ line: String) -> Block? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return .heading(level: min(hashes + 1, 6), text: line.dropFirst(hashes).trimmingCharacters(in: .whitespaces))
    }

    private static func listItem(_ line: String) -> (Bool, Int, String)? {
        for marker in ["- ", "* ", "• "] where line.hasPrefix(marker) {
            return (false, 1, String(line.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let number = Int(digits) else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " else { return nil }
        return (true, number, rest.dropFirst(2).trimmingCharacters(in: .whitespaces))
    }

    // MARK: - Inline

    private static let safeSchemes = ["http://", "https://", "mailto:", "tel:"]

    /// Emphasis and links; everything else escaped.
    static func inline(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if let (content, url, remainder) = link(rest) {
                let safe = safeSchemes.contains { url.lowercased().hasPrefix($0) }
                output += safe ? "<a href=\"\(HTMLEscaping.escape(url))\">\(inline(content))</a>" : inline(content)
                rest = remainder
                continue
            }
            var matched = false
            for (marker, open, close) in [("***", "<strong><em>", "</em></strong>"), ("**", "<strong>", "</strong>"), ("*", "<em>", "</em>"), ("_", "<em>", "</em>")]
            where rest.hasPrefix(marker) {
                let after = rest.dropFirst(marker.count)
                guard let first = after.first, !first.isWhitespace, let end = after.range(of: marker),
                      end.lowerBound > after.startIndex, !after[after.index(before: end.lowerBound)].isWhitespace else { continue }
                // "_" inside a word (snake_case) is not emphasis.
                if marker == "_", let previous = output.last, previous.isLetter || previous.isNumber { continue }
                output += open + inline(String(after[..<end.lowerBound])) + close
                rest = after[end.upperBound...]
                matched = true
                break
            }
            if matched { continue }
            output += HTMLEscaping.escape(String(rest.removeFirst()))
        }
        return output
    }

    private static func plainInline(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if let (content, _, remainder) = link(rest) { output += plainInline(content); rest = remainder; continue }
            if rest.hasPrefix("***") || rest.hasPrefix("**") {
                let marker = rest.hasPrefix("***") ? "***" : "**"
                if let end = rest.dropFirst(marker.count).range(of: marker) {
                    output += plainInline(String(rest.dropFirst(marker.count)[..<end.lowerBound]))
                    rest = rest[end.upperBound...]
                    continue
                }
            }
            output.append(rest.removeFirst())
        }
        return output
    }

    /// `[text](url)` at the start of `text`.
    private static func link(_ text: Substring) -> (String, String, Substring)? {
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return nil }
        let afterBracket = text[text.index(after: close)...]
        guard afterBracket.first == "(" else { return nil }
        // The address ends at the parenthesis that balances the opening one.
        var depth = 0
        var closing: Substring.Index?
        for index in afterBracket.indices {
            if afterBracket[index] == "(" { depth += 1 }
            if afterBracket[index] == ")" { depth -= 1; if depth == 0 { closing = index; break } }
        }
        guard let end = closing else { return nil }
        let url = afterBracket[afterBracket.index(after: afterBracket.startIndex)..<end].trimmingCharacters(in: .whitespaces)
        guard !url.isEmpty, !url.contains(" ") else { return nil }
        return (String(text[text.index(after: text.startIndex)..<close]), url, afterBracket[afterBracket.index(after: end)...])
    }
}
