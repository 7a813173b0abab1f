import ArgumentParsing
import Campaign

/// `campaign roles`: the roles offices may have, built in and the organizer's.
struct RolesCommand: Command {
    static let name = "roles"
    static let abstract = "List the roles an office may have, with their English and Spanish titles."
    static let discussion = """
        The built-in roles come first, then those of roles.toml in your templates folder (--templates, \
        $CAMPAIGN_TEMPLATES): one [slug] table per role with its titles by locale, en = "…" required. \
        A problem in the file is reported as file:line:column (exit 65).
        """
    static let arguments: [any ArgumentSpec] = [CampaignFiles.templates]
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws { files = try CampaignFiles(arguments) }

    func run(_ context: CommandContext) throws {
        let roles = try files.roles()
        var table = TableFormatter(headers: ["ROLE", "EN", "ES", "FROM"])
        for role in roles.all {
            table.rows.append([role.slug, role.titles["en"] ?? "", role.titles["es"] ?? "",
                               OfficeRole.named(role.slug) == nil ? OfficeRoles.fileName : "built in"])
        }
        context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal))
    }
}
