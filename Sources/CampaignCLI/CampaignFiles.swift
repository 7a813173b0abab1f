import ArgumentParsing
import Campaign
import Foundation

/// Where the CLI finds templates and catalogs, and how it reads a campaign
/// named either by its folder or by its published slug.
struct CampaignFiles {
    /// The built-in templates folder: installed beside the binary, or the
    /// source tree's; nil when neither is there.
    let builtIn: String?
    /// The organizer's own templates folder, searched first.
    let custom: String?

    static let templates = Option<String?>(name: "templates", valueName: "folder", check: .nonEmpty("a folder"), environment: "CAMPAIGN_TEMPLATES",
                                           help: "Your own templates folder, holding only the files it changes, laid over the built-in one (its catalogs merge text by text), "
                                               + "and your roles.toml of roles beyond the built-in ones; set once in the variable for every command")

    /// The folders `--templates` (or `CAMPAIGN_TEMPLATES`) and the install give.
    init(_ arguments: ParsedArguments) throws {
        custom = try arguments[Self.templates]
        builtIn = BuiltInTemplates.folder()
    }

    /// The organizer's folder laid over the built-in one.
    var templates: TemplateFolders { TemplateFolders(custom: custom, builtIn: builtIn) }

    /// The folders searched, the organizer's first.
    var folders: [String] { templates.folders }

    /// Where a catalog for a new locale goes: the organizer's `locales`
    /// folder when they have one, else the built-in one.
    var catalogFolder: String { templates.newCatalogFolder }

    /// Why no templates were found, and what to do.
    private var missing: String {
        let looked = BuiltInTemplates.candidates(executable: BuiltInTemplates.currentExecutable)
        return (custom.map { "in \($0) (--templates or CAMPAIGN_TEMPLATES), " } ?? "") + "beside the campaign binary or in its source tree ("
            + looked.joined(separator: ", ") + "); install the templates with the binary, or set CAMPAIGN_TEMPLATES to a templates folder"
    }

    /// The UI strings: the organizer's catalogs merged over the built-in ones.
    func localizer() throws -> Localizer {
        guard templates.hasEnglishCatalog else { throw InputError("no catalogs (locales/en.json) " + missing) }
        return try templates.localizer()
    }

    /// The built-in roles and those of the organizer's roles file
    /// (`roles.toml` in their templates folder).
    func roles() throws -> OfficeRoles { try OfficeRoles.load(folders: folders) }

    /// The page templates, the organizer's file first.
    func library() -> TemplateLibrary { templates.library() }

    /// The scaffold `campaign new` copies: the organizer's, else the built-in one.
    func scaffold() throws -> CampaignScaffold {
        let found = folders.map { ($0 as NSString).appendingPathComponent("scaffold") }
            .first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(CampaignFolder.metadataFile)) }
        guard let found else { throw InputError("no scaffold folder (scaffold/campaign.toml) " + missing) }
        return try CampaignScaffold(folder: found)
    }

    /// Whether `name` is a campaign folder rather than a slug.
    static func isFolder(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: (name as NSString).appendingPathComponent(CampaignFolder.metadataFile))
    }
}
