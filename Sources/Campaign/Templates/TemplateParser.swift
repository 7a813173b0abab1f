/// Turns template text into nodes, keeping the location of every tag.
struct TemplateParser {
    private let characters: [Character]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(text: String, file: String) {
        characters = Array(text)
        self.file = file
    }

    private struct OpenSection {
        let path: [String]
        let inverted: Bool
        let location: SourceLocation
        var nodes: [Template.Node] = []
    }

    mutating func parse() throws -> [Template.Node] {
        var stack: [OpenSection] = [OpenSection(path: [], inverted: false, location: location(at: 0))]
        var text = ""
        // Whether only white space has come since the line began, so a tag
        // there may be standalone.
        var lineIsBlankSoFar = true

        func flush(_ stack: inout [OpenSection], _ text: inout String) {
            if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(text)); text = "" }
        }

        while index < characters.count {
            guard startsTag() else {
                let character = characters[index]
                text.append(character)
                advance()
                if character == "\n" || character == "\r\n" { lineIsBlankSoFar = true } else if !character.isWhitespace { lineIsBlankSoFar = false }
                continue
            }
            let tagLocation = location(at: index)
            let tag = try readTag(at: tagLocation)
            let standaloneKinds: Set<Character> = ["#", "^", "/", "!", ">"]
            if let sigil = tag.sigil, standaloneKinds.contains(sigil), lineIsBlankSoFar, restOfLineIsBlank() {
                // A standalone tag: drop the indentation before it and the line break after it.
                while let last = text.last, last == " " || last == "\t" { text.removeLast() }
                skipRestOfLine()
            } else {
                lineIsBlankSoFar = false
            }
            switch tag.sigil {
            case "!": continue
            case "#", "^":
                flush(&stack, &text)
                stack.append(OpenSection(path: try path(tag.content, at: tagLocation), inverted: tag.sigil == "^", location: tagLocation))
            case "/":
                flush(&stack, &text)
                let closing = try path(tag.content, at: tagLocation)
                guard stack.count > 1, let open = stack.last else {
                    throw InputError("closing tag {{/\(closing.joined(separator: "."))}} has no open section", at: tagLocation)
                }
                guard open.path == closing else {
                    throw InputError("closing tag {{/\(closing.joined(separator: "."))}} does not match the open section {{#\(open.path.joined(separator: "."))}} at \(open.location.line):\(open.location.column)", at: tagLocation)
                }
                stack.removeLast()
                stack[stack.count - 1].nodes.append(.section(path: open.path, inverted: open.inverted, nodes: open.nodes, location: open.location))
            case ">":
                flush(&stack, &text)
                let name = tag.content.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw InputError("a partial tag {{> }} needs a name", at: tagLocation) }
                stack[stack.count - 1].nodes.append(.partial(name: name, location: tagLocation))
            default:
                flush(&stack, &text)
                stack[stack.count - 1].nodes.append(.variable(path: try path(tag.content, at: tagLocation), raw: tag.raw, location: tagLocation))
            }
        }
        flush(&stack, &text)
        if stack.count > 1, let open = stack.last {
            throw InputError("section {{\(open.inverted ? "^" : "#")\(open.path.joined(separator: "."))}} is never closed; add {{/\(open.path.joined(separator: "."))}}", at: open.location)
        }
        return stack[0].nodes
    }

    // MARK: - Tags

    private struct Tag {
        let sigil: Character?
        let content: String
        let raw: Bool
    }

    private func startsTag() -> Bool {
        index + 1 < characters.count && characters[index] == "{" && characters[index + 1] == "{"
    }

    private mutating func readTag(at location: SourceLocation) throws -> Tag {
        advance(by: 2)
        var closing = "}}"
        var sigil: Character?
        var raw = false
        if index < characters.count, characters[index] == "{" {
            closing = "}}}"
            raw = true
            advance()
        } else if index < characters.count, "#^/!>&".contains(characters[index]) {
            sigil = characters[index]
            if sigil == "&" { raw = true; sigil = nil }
            advance()
        }
        var content = ""
        while index < characters.count {
            if matches(closing) {
                advance(by: closing.count)
                if sigil != "!" && content.contains(where: { $0 == "\n" || $0 == "\r\n" }) {
                    throw InputError("a tag must not span lines", at: location)
                }
                if sigil != "!" && content.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw InputError("empty tag {{\(sigil.map(String.init) ?? "")}}", at: location)
                }
                return Tag(sigil: sigil, content: content, raw: raw)
            }
            if sigil != "!" && (characters[index] == "\n" || characters[index] == "\r\n") {
                throw InputError("tag is not closed with \(closing) before the end of the line", at: location)
            }
            content.append(characters[index])
            advance()
        }
        throw InputError("tag is not closed with \(closing)", at: location)
    }

    private func path(_ content: String, at location: SourceLocation) throws -> [String] {
        let name = content.trimmingCharacters(in: .whitespaces)
        if name == "." { return ["."] }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } }) else {
            throw InputError("'\(name)' is not a placeholder name; use letters, digits, '_' and '-', with '.' between parts", at: location)
        }
        return parts
    }

    // MARK: - Position

    private func matches(_ text: String) -> Bool {
        let expected = Array(text)
        guard index + expected.count <= characters.count else { return false }
        return Array(characters[index..<(index + expected.count)]) == expected
    }

    private func restOfLineIsBlank() -> Bool {
        var probe = index
        while probe < characters.count {
            let character = characters[probe]
            if character == "\n" || character == "\r\n" { return true }
            if character != " " && character != "\t" { return false }
            probe += 1
        }
        return true
    }

    private mutating func skipRestOfLine() {
        while index < characters.count {
            let character = characters[index]
            advance()
            if character == "\n" || character == "\r\n" { return }
        }
    }

    private mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < characters.count {
            if characters[index] == "\n" || characters[index] == "\r\n" {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    private func location(at position: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: position - lineStart + 1)
    }
}
