import ArgumentParsing
import Campaign
import Foundation

/// Where the CLI finds templates and catalogs, and how it reads a campaign
/// named either by its folder or by its published slug.
struct CampaignFiles {
    /// The built-in templates folder.
    let builtIn: String
    /// The organizer's own templates folder, searched first.
    let custom: String?

    static let templates = Option<String?>(name: "templates", valueName: "folder", check: .nonEmpty("a folder"),
                                           help: "Your own templates folder, searched before the built-in one (that in $CAMPAIGN_TEMPLATES, else ./templates).")

    /// The folders the command's `--templates` and `CAMPAIGN_TEMPLATES` give.
    init(_ arguments: ParsedArguments) throws {
        builtIn = arguments.environment["CAMPAIGN_TEMPLATES"].flatMap { $0.isEmpty ? nil : $0 } ?? "templates"
        custom = try arguments[Self.templates]
    }

    /// The catalogs folder.
    var catalogFolder: String { ((custom.map { [$0] } ?? []) + [builtIn]).map { ($0 as NSString).appendingPathComponent("locales") }
        .first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("en.json")) } ?? (builtIn as NSString).appendingPathComponent("locales") }

    /// The UI strings.
    func localizer() throws -> Localizer {
        guard FileManager.default.fileExists(atPath: (catalogFolder as NSString).appendingPathComponent("en.json")) else {
            throw InputError("no catalogs in \(catalogFolder); run from the project folder or set CAMPAIGN_TEMPLATES")
        }
        return try Localizer.load(folder: catalogFolder)
    }

    /// The page templates.
    func library() -> TemplateLibrary {
        TemplateLibrary(folders: (custom.map { [$0] } ?? []) + [builtIn])
    }

    /// Whether `name` is a campaign folder rather than a slug.
    static func isFolder(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: (name as NSString).appendingPathComponent(CampaignFolder.metadataFile))
    }
}
