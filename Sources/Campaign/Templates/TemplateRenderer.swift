/// Renders templates against a context. Pages escape every variable for
/// HTML; text e-mails and the terminal output plain text. Neither carries
/// a text value's bidirectional embedding, override or isolate controls
/// (`BidiControls`): one in a supporter's name would reverse whatever
/// follows it, in a page or a mail program alike.
public struct TemplateRenderer: Sendable {
    /// How variables are written out.
    public enum Mode: Sendable {
        /// `{{x}}` is HTML-escaped; `{{{x}}}` writes trusted markup as is.
        case html
        /// Text as it is, markup as its plain form.
        case plain
    }

    public let mode: Mode
    /// Where partials come from.
    public let partials: @Sendable (String) throws -> Template?
    /// Whether a name that resolves to nothing is an error rather than empty.
    public let strict: Bool

    /// Makes a renderer.
    public init(mode: Mode, strict: Bool = false, partials: @escaping @Sendable (String) throws -> Template? = { _ in nil }) {
        self.mode = mode
        self.strict = strict
        self.partials = partials
    }

    /// Renders `template` with `context` as the outermost value.
    public func render(_ template: Template, _ context: TemplateValue) throws -> String {
        var output = ""
        try render(template.nodes, stack: [context], into: &output, depth: 0)
        return output
    }

    private func render(_ nodes: [Template.Node], stack: [TemplateValue], into output: inout String, depth: Int) throws {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case let .variable(path, raw, location):
                guard let value = resolve(path, in: stack) else {
                    if strict { throw InputError("unknown placeholder {{\(path.joined(separator: "."))}}", at: location) }
                    continue
                }
                output += write(value, raw: raw)
            case let .section(path, inverted, children, location):
                let value = resolve(path, in: stack)
                if value == nil && strict && !inverted {
                    throw InputError("unknown section {{#\(path.joined(separator: "."))}}", at: location)
                }
                let truthy = value?.isTruthy ?? false
                if inverted {
                    if !truthy { try render(children, stack: stack, into: &output, depth: depth) }
                } else if truthy, let value {
                    if case .list(let items) = value {
                        for item in items { try render(children, stack: stack + [item], into: &output, depth: depth) }
                    } else {
                        try render(children, stack: stack + [value], into: &output, depth: depth)
                    }
                }
            case let .partial(name, location):
                guard depth < 32 else { throw InputError("partials nest more than 32 deep; does {{> \(name)}} include itself?", at: location) }
                guard let partial = try partials(name) else { throw InputError("unknown partial {{> \(name)}}", at: location) }
                try render(partial.nodes, stack: stack, into: &output, depth: depth + 1)
            }
        }
    }

    /// Looks a dotted name up: the first part from the innermost context
    /// outwards, the rest inside what it found.
    private func resolve(_ path: [String], in stack: [TemplateValue]) -> TemplateValue? {
        if path == ["."] { return stack.last }
        guard let first = path.first else { return nil }
        for context in stack.reversed() {
            guard var value = context[first] else { continue }
            for part in path.dropFirst() {
                guard let next = value[part] else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    private func write(_ value: TemplateValue, raw: Bool) -> String {
        switch (value, mode) {
        case (.text(let text), .html), (.textWithParts(let text, _), .html): return HTMLEscaping.escape(BidiControls.removed(from: text))
        case (.text(let text), .plain), (.textWithParts(let text, _), .plain): return BidiControls.removed(from: text)
        case let (.markup(html, _), .html): return raw ? html : HTMLEscaping.escape(html)
        case let (.markup(_, plain), .plain): return plain
        case (.number(let number), _): return String(number)
        case (.bool(let flag), _): return flag ? "true" : ""
        case (.list, _), (.object, _): return ""
        }
    }
}
