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
                                           help: "Your own templates folder, holding only the files it changes, searched before the built-in one, "
                                               + "and your roles.toml of roles beyond the built-in ones; set once in the variable for every command")

    /// The folders `--templates` (or `CAMPAIGN_TEMPLATES`) and the install give.
    init(_ arguments: ParsedArguments) throws {
        custom = try arguments[Self.templates]
        builtIn = BuiltInTemplates.folder()
    }

    /// The folders searched, the organizer's first.
    var folders: [String] { [custom, builtIn].compactMap { $0 } }

    /// The catalogs folder: the first of the folders with an English catalog.
    var catalogFolder: String {
        let candidates = folders.map { ($0 as NSString).appendingPathComponent("locales") }
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("en.json")) }
            ?? candidates.first ?? "templates/locales"
    }

    /// Why no templates were found, and what to do.
    private var missing: String {
        let looked = BuiltInTemplates.candidates(executable: BuiltInTemplates.currentExecutable)
        return (custom.map { "in \($0) (--templates or CAMPAIGN_TEMPLATES), " } ?? "") + "beside the campaign binary or in its source tree ("
            + looked.joined(separator: ", ") + "); install the templates with the binary, or set CAMPAIGN_TEMPLATES to a templates folder"
    }

    /// The UI strings.
    func localizer() throws -> Localizer {
        guard FileManager.default.fileExists(atPath: (catalogFolder as NSString).appendingPathComponent("en.json")) else {
            throw InputError("no catalogs (locales/en.json) " + missing)
        }
        return try Localizer.load(folder: catalogFolder)
    }

    /// The built-in roles and those of the organizer's roles file
    /// (`roles.toml` in their templates folder).
    func roles() throws -> OfficeRoles { try OfficeRoles.load(folders: folders) }

    /// The page templates.
    func library() -> TemplateLibrary {
        TemplateLibrary(folders: folders)
    }

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
