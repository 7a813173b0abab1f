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
        let scaffold = ((files.custom.map { [$0] } ?? []) + [files.builtIn]).map { ($0 as NSString).appendingPathComponent("scaffold") }
            .first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(CampaignFolder.metadataFile)) }
        guard let scaffold else { throw InputError("no scaffold folder in \(files.builtIn); run from the project folder or set CAMPAIGN_TEMPLATES") }
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: scaffold).sorted() {
            let text = try String(contentsOfFile: (scaffold as NSString).appendingPathComponent(name), encoding: .utf8)
            try text.replacingOccurrences(of: "__SLUG__", with: slug)
                .write(toFile: (target as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        context.output.line("Created \(target). Edit the files, then: campaign check \(target)")
    }
}
