import ArgumentParsing
import Campaign
import Foundation

/// `campaign render SLUG`: the call as a supporter would get it, in the terminal.
struct RenderCommand: Command {
    static let name = "render"
    static let abstract = "Print each target with phone numbers and the call script filled in for them."
    static let discussion = """
        A campaign folder is read as it is; its targets are looked up in the database (--db, $CAMPAIGN_DB) when its \
        file exists. Without one, no targets are found and no database is created.
        """
    static let campaignName = Positional<String>(name: "campaign", help: "A published campaign's slug, or a campaign folder.")
    static let place = Option<String?>(name: "place", valueName: "text", help: "Where the caller says they are from (default: the ZIP code).")
    static let language = Option<String?>(name: "lang", valueName: "locale", help: "The language (default: the campaign's).")
    static let arguments: [any ArgumentSpec] = [campaignName] + SupporterPlace.arguments + [place, language, CampaignFiles.templates]
    let campaign: String
    let caller: Caller
    let place: SupporterPlace
    let locale: String?
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        campaign = try arguments[Self.campaignName]
        caller = Caller(name: try arguments[SupporterPlace.callerName], place: try arguments[Self.place], zip: try arguments[SupporterPlace.zipCode])
        place = try SupporterPlace(arguments)
        locale = try arguments[Self.language]
        files = try CampaignFiles(arguments)
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.existingPool()
        let folder = try PublishedCampaigns.folder(campaign, pool: pool, roles: files.roles()).folder
        if pool == nil { context.noteMissingDatabase("no targets were looked up") }
        let language = try SupporterPlace.locale(locale, for: folder.definition)
        let resolution = try place.resolve(folder.definition.targets, pool: pool, today: context.clock.now())
        let localizer = try files.localizer()
        let report = CallSheet(folder: folder, locale: language, caller: caller, localizer: localizer)
        context.output.write(try report.text(resolution))
        context.noteCatalogGaps(localizer, locale: language)
    }
}
