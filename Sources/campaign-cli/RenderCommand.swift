import Campaign
import Foundation

/// `campaign render SLUG`: the call as a supporter would get it, in the terminal.
struct RenderCommand: Command {
    static let name = "render"
    static let abstract = "Print each target with phone numbers and the call script filled in for them."
    static let arguments: [ArgumentSpec] = [.positional("campaign", help: "A published campaign's slug, or a campaign folder.")]
        + SupporterPlace.arguments + [
            .option("place", "text", help: "Where the caller says they are from (default: the ZIP code)."),
            .option("lang", "locale", help: "The language (default: the campaign's)."),
            CampaignFiles.templateOption,
        ]
    let campaign: String
    let caller: Caller
    let place: SupporterPlace
    let locale: String?
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        campaign = arguments.positional("campaign") ?? ""
        caller = Caller(name: arguments.option("name"), place: arguments.option("place"), zip: arguments.option("zip"))
        place = try SupporterPlace(arguments)
        locale = arguments.option("lang")
        files = CampaignFiles(arguments)
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        let folder = try PublishedCampaigns.folder(campaign, pool: pool).folder
        let language = try SupporterPlace.locale(locale, for: folder.definition)
        let resolution = try place.resolve(folder.definition.targets, pool: pool)
        let report = CallSheet(folder: folder, locale: language, caller: caller, localizer: try files.localizer())
        context.output.write(try report.text(resolution))
    }
}
