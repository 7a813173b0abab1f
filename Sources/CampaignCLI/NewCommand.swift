import ArgumentParsing
import Campaign
import Foundation

/// `campaign new SLUG`: a campaign folder to start from.
struct NewCommand: Command {
    static let name = "new"
    static let abstract = "Create a campaign folder with commented examples of every file."
    static let slug = Positional<String>(name: "slug", help: "The campaign's slug; the folder gets the same name.")
    static let parent = Option<String>(name: "in", default: ".", valueName: "folder", check: .nonEmpty("a folder"),
                                       help: "Where to create it (. is the working folder).")
    static let arguments: [any ArgumentSpec] = [slug, parent, CampaignFiles.templates]
    let slug: String
    let parent: String
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[Self.slug]
        parent = try arguments[Self.parent]
        files = try CampaignFiles(arguments)
    }

    func validate() throws {
        guard CampaignDefinition.isValidSlug(slug) else {
            throw UsageError("Invalid slug '\(slug)': use lowercase letters, digits and dashes.", commandPath: "campaign new")
        }
    }

    func run(_ context: CommandContext) throws {
        let target = (parent as NSString).appendingPathComponent(slug)
        guard !FileManager.default.fileExists(atPath: target) else { throw InputError("\(target) exists already; choose another slug or folder") }
        try files.scaffold().write(to: target, slug: slug)
        context.output.line("Created \(target). Replace the example text (the title, the summary, every line with …), then: campaign check \(target)")
    }
}
