/// Help screens in swift-argument-parser's layout.
enum HelpText {
    static func render(_ command: any Command.Type, path: [String]) -> String {
        var text = "OVERVIEW: \(command.abstract)\n"
        if !command.discussion.isEmpty { text += "\n\(command.discussion)\n" }
        let fullPath = path.joined(separator: " ")
        if command.subcommands.isEmpty {
            let fragments = command.arguments.map(\.usageFragment)
            text += "\nUSAGE: \(fullPath)\(fragments.isEmpty ? "" : " " + fragments.joined(separator: " "))\n"
        } else {
            text += "\nUSAGE: \(fullPath) <subcommand>\n"
        }
        let positionals = command.arguments.filter { if case .positional = $0.kind { return true } else { return false } }
        let options = command.arguments.filter { if case .positional = $0.kind { return false } else { return true } }
        if !positionals.isEmpty {
            text += "\nARGUMENTS:\n" + positionals.map { row("<\($0.name)>", $0.help) }.joined()
        }
        text += "\nOPTIONS:\n"
        for option in options {
            switch option.kind {
            case let .option(valueName, _): text += row("--\(option.name) <\(valueName)>", option.help)
            default: text += row("--\(option.name)", option.help)
            }
        }
        if path.count == 1 {
            text += row("--db <path>", "The database file (default: $CAMPAIGN_DB, else campaign.sqlite).")
        }
        text += row("-h, --help", "Show help information.")
        if !command.subcommands.isEmpty {
            text += "\nSUBCOMMANDS:\n" + command.subcommands.map { row($0.name, $0.abstract) }.joined()
            text += "\n  See '\(fullPath) help <subcommand>' for detailed help.\n"
        }
        return text
    }

    private static func row(_ left: String, _ right: String) -> String {
        let padded = left.count < 24 ? left + String(repeating: " ", count: 24 - left.count) : left + "\n" + String(repeating: " ", count: 26)
        return "  " + padded + right + "\n"
    }
}
