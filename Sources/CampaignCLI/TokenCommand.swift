import ArgumentParsing
import Campaign
import Foundation

/// `campaign token`: organizer tokens for the `/admin` exports.
struct TokenCommand: CommandGroup {
    static let name = "token"
    static let abstract = "Create, list and revoke organizer tokens for the server's /admin exports."
    static var subcommands: [any Command.Type] { [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self] }
}

struct TokenCreateCommand: Command {
    static let name = "create"
    static let abstract = "Make a token; it is shown once and stored only as a hash."
    static let tokenName = Option<String>(name: "name", valueName: "name", check: .nonEmpty("a name"), help: "Who or what the token is for.")
    static let arguments: [any ArgumentSpec] = [tokenName]
    let name: String
    init(_ arguments: ParsedArguments) throws { name = try arguments[Self.tokenName] }

    func run(_ context: CommandContext) throws {
        let token = try context.pool().write { try OrganizerTokens.create(name: name, tokens: context.tokens, at: context.clock.now(), $0) }
        context.output.line(token)
        context.errors.line("Token '\(name)' created. Keep it now: it is not stored and cannot be shown again. Send it as: Authorization: Bearer TOKEN (or, to /api/osdi/v1/, OSDI-API-Token: TOKEN)")
    }
}

struct TokenListCommand: ArgumentlessCommand {
    static let name = "list"
    static let abstract = "List tokens by name, with when each was made, last used and revoked."

    func run(_ context: CommandContext) throws {
        var table = TableFormatter(headers: ["NAME", "CREATED", "LAST USED", "REVOKED"])
        for entry in try context.pool().read({ try OrganizerTokens.list($0) }) {
            table.rows.append([entry.name, entry.createdAt, entry.lastUsedAt ?? "never", entry.revokedAt ?? ""])
        }
        context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal))
    }
}

struct TokenRevokeCommand: Command {
    static let name = "revoke"
    static let abstract = "Revoke a token by name; requests with it are refused at once."
    static let tokenName = Positional<String>(name: "name", help: "The token's name.")
    static let arguments: [any ArgumentSpec] = [tokenName]
    let name: String
    init(_ arguments: ParsedArguments) throws { name = try arguments[Self.tokenName] }

    func run(_ context: CommandContext) throws {
        try context.pool().write { try OrganizerTokens.revoke(name: name, at: context.clock.now(), $0) }
        context.output.line("Revoked '\(name)'.")
    }
}
