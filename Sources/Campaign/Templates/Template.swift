/// A parsed template: a Mustache subset of variables (`{{name}}`, dotted
/// `{{target.title}}`, `{{.}}`), raw variables (`{{{x}}}`, `{{& x}}`),
/// sections and inverted sections (`{{#x}}…{{/x}}`, `{{^x}}…{{/x}}`),
/// partials (`{{> name}}`) and comments (`{{! … }}`). A tag alone on its
/// line takes the line with it, so templates can be laid out readably.
public struct Template: Sendable {
    /// One piece of a template.
    indirect enum Node: Sendable {
        case text(String)
        case variable(path: [String], raw: Bool, location: SourceLocation)
        case section(path: [String], inverted: Bool, nodes: [Node], location: SourceLocation)
        case partial(name: String, location: SourceLocation)
    }

    /// The name used in error locations: the file the template came from.
    public let name: String
    let nodes: [Node]

    /// Parses `text`; syntax errors are `InputError`s at file:line:column.
    public init(_ text: String, name: String) throws {
        self.name = name
        var parser = TemplateParser(text: text, file: name)
        nodes = try parser.parse()
    }

    /// The same template with its literal text HTML-escaped, for prose an
    /// organizer wrote as plain text (a call script) shown on a page.
    public func escapingLiteralText() -> Template {
        func escape(_ nodes: [Node]) -> [Node] {
            nodes.map { node in
                switch node {
                case .text(let text): return .text(HTMLEscaping.escape(text))
                case let .section(path, inverted, children, location):
                    return .section(path: path, inverted: inverted, nodes: escape(children), location: location)
                case .variable, .partial: return node
                }
            }
        }
        return Template(name: name, nodes: escape(nodes))
    }

    private init(name: String, nodes: [Node]) {
        self.name = name
        self.nodes = nodes
    }

    /// A placeholder the template uses, and where.
    public struct Placeholder: Sendable, Hashable {
        /// The dotted name, e.g. `target.title`.
        public let name: String
        /// Whether it opens a section.
        public let isSection: Bool
        /// Whether it is output raw.
        public let isRaw: Bool
        /// The names of the sections it stands in, outermost first.
        public let enclosingSections: [String]
        public let location: SourceLocation
    }

    /// Every variable and section the template names, in order.
    public var placeholders: [Placeholder] {
        var found: [Placeholder] = []
        func walk(_ nodes: [Node], _ sections: [String]) {
            for node in nodes {
                switch node {
                case let .variable(path, raw, location):
                    found.append(Placeholder(name: path.joined(separator: "."), isSection: false, isRaw: raw, enclosingSections: sections, location: location))
                case let .section(path, _, children, location):
                    let name = path.joined(separator: ".")
                    found.append(Placeholder(name: name, isSection: true, isRaw: false, enclosingSections: sections, location: location))
                    walk(children, sections + [name])
                case .text, .partial: break
                }
            }
        }
        walk(nodes, [])
        return found
    }

    /// The partials the template includes, with where.
    public var partials: [(name: String, location: SourceLocation)] {
        var found: [(String, SourceLocation)] = []
        func walk(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case let .partial(name, location): found.append((name, location))
                case let .section(_, _, children, _): walk(children)
                case .text, .variable: break
                }
            }
        }
        walk(nodes)
        return found
    }
}
