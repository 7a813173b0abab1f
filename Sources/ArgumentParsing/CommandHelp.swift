/// A help screen in swift-argument-parser's layout, made from a command's
/// specs: overview, usage, arguments, options (each with its default,
/// values and environment variable), further option sections, subcommands.
public struct CommandHelp: Sendable {
    /// A titled group of options after the main ones: "MAIL (…)".
    public struct Section: Sendable {
        public var title: String
        public var arguments: [any ArgumentSpec]

        /// A section headed `title`.
        public init(title: String, arguments: [any ArgumentSpec]) {
            self.title = title
            self.arguments = arguments
        }
    }

    /// The command as typed: ["campaign", "officials", "stale"].
    public var commandPath: [String]
    public var abstract: String
    public var discussion: String
    /// The command's own arguments, in usage order.
    public var arguments: [any ArgumentSpec]
    public var sections: [Section]
    /// Name and abstract of each subcommand; a command with subcommands
    /// shows `<subcommand>` in its usage.
    public var subcommands: [(name: String, abstract: String)]
    /// The width text is wrapped to.
    public var width = 80

    /// A help screen.
    public init(commandPath: [String], abstract: String, discussion: String = "", arguments: [any ArgumentSpec] = [],
                sections: [Section] = [], subcommands: [(name: String, abstract: String)] = []) {
        self.commandPath = commandPath
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.sections = sections
        self.subcommands = subcommands
    }

    /// The usage line: `campaign officials stale [--older-than <duration>]`.
    public var usage: String { usageParts.joined(separator: " ") }

    /// The usage line's parts, which a long line is broken between.
    private var usageParts: [String] {
        let path = commandPath.joined(separator: " ")
        if !subcommands.isEmpty { return [path, "<subcommand>"] }
        return [path] + (arguments + sections.flatMap(\.arguments)).map(\.usageFragment)
    }

    /// The whole screen.
    public func rendered() -> String {
        var text = wrap(abstract, after: "OVERVIEW: ", indent: 0) + "\n"
        if !discussion.isEmpty { text += "\n" + wrap(discussion, indent: 0) + "\n" }
        let path = commandPath.joined(separator: " ")
        text += "\n" + wrap(parts: usageParts, after: "USAGE: ", indent: "USAGE: \(path) ".count) + "\n"
        let positionals = arguments.filter(\.isPositional)
        if !positionals.isEmpty {
            text += "\nARGUMENTS:\n" + positionals.map { row($0.label, $0.fullHelp) }.joined()
        }
        text += "\nOPTIONS:\n"
        text += arguments.filter { !$0.isPositional }.map { row($0.label, $0.fullHelp) }.joined()
        text += row("-h, --help", "Show help information.")
        for section in sections {
            text += "\n\(section.title):\n" + section.arguments.map { row($0.label, $0.fullHelp) }.joined()
        }
        if !subcommands.isEmpty {
            text += "\nSUBCOMMANDS:\n" + subcommands.map { row($0.name, $0.abstract) }.joined()
            text += "\n  See '\(path) help <subcommand>' for detailed help.\n"
        }
        return text
    }

    /// The column help text starts in.
    private static let helpColumn = 26

    /// "  --name <value>          Help…", the help wrapped beside the name,
    /// or below it when the name is too long.
    private func row(_ left: String, _ right: String) -> String {
        let lead = "  " + left
        let column = Self.helpColumn
        if lead.count <= column - 2 {
            return wrap(right, after: lead + String(repeating: " ", count: column - lead.count), indent: column) + "\n"
        }
        return lead + "\n" + wrap(right, after: String(repeating: " ", count: column), indent: column) + "\n"
    }

    /// `text` after `lead`, broken at spaces into lines of at most `width`
    /// columns (a longer word stands alone), every line after the first
    /// indented by `indent`; line breaks in `text` are kept.
    private func wrap(_ text: String, after lead: String = "", indent: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { number, paragraph in
            wrap(parts: paragraph.split(separator: " ").map(String.init),
                 after: number == 0 ? lead : String(repeating: " ", count: indent), indent: indent)
        }.joined(separator: "\n")
    }

    /// `parts` after `lead`, separated by spaces, each kept whole on one line.
    private func wrap(parts: [String], after lead: String, indent: Int) -> String {
        var lines: [String] = []
        var line = lead
        for (index, part) in parts.enumerated() {
            if index > 0 && line.count + 1 + part.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent) + part
            } else {
                line += (index > 0 ? " " : "") + part
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
