import Campaign
import Foundation

/// `campaign render SLUG`: the call as a supporter would get it, in the terminal.
struct RenderCommand: Command {
    static let name = "render"
    static let abstract = "Print each target with phone numbers and the call script filled in for them."
    static let arguments: [ArgumentSpec] = [
        .positional("campaign", help: "A published campaign's slug, or a campaign folder."),
        .option("name", "name", help: "The caller's name."),
        .option("zip", "zip", help: "The caller's ZIP code."),
        .option("at", "lat,lon", help: "The caller's location instead of a ZIP code."),
        .option("place", "text", help: "Where the caller says they are from (default: the ZIP code)."),
        .option("district", "code", help: "The caller's district, where their ZIP code spans several."),
        .option("lang", "locale", help: "The language (default: the campaign's)."),
        CampaignFiles.templateOption,
    ]
    let campaign: String
    let caller: Caller
    let point: String?
    let district: String?
    let locale: String?
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        campaign = arguments.positional("campaign") ?? ""
        caller = Caller(name: arguments.option("name"), place: arguments.option("place"), zip: arguments.option("zip"))
        point = arguments.option("at")
        district = arguments.option("district")
        locale = arguments.option("lang")
        files = CampaignFiles(arguments)
    }

    func validate() throws {
        if caller.zip != nil && point != nil {
            throw UsageError("Give at most one of '--zip <zip>' and '--at <lat,lon>'.", commandPath: "campaign render")
        }
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        let folder = try PublishedCampaigns.folder(campaign, pool: pool)
        let definition = folder.definition
        let localizer = try files.localizer()
        let language = locale.map { requested in
            LocaleNegotiation.choose(explicit: requested, acceptLanguage: nil, campaignDefault: definition.defaultLocale, available: definition.locales)
        } ?? definition.defaultLocale
        if let locale, LocaleTag.language(of: locale) != LocaleTag.language(of: language) {
            throw InputError("--lang: the campaign is in \(definition.locales.joined(separator: ", ")), not \(locale)")
        }
        let lookup = try Lookup.load(from: pool)
        var place: LookupResult?
        if let zip = caller.zip { place = try lookup.locate(zip: zip, district: district) }
        if let point {
            let coordinates = try Lookup.coordinates(point)
            place = try lookup.locate(latitude: coordinates.latitude, longitude: coordinates.longitude, district: district)
        }
        let (directory, districts) = try pool.read { db in (try DirectoryStore.load(db), try DistrictStore.all(db).map(\.district)) }
        let resolution = TargetResolver(directory: directory, districts: districts).resolve(definition.targets, place: place)
        let report = CallReport(folder: folder, locale: language, caller: caller, localizer: localizer)
        context.output.write(try report.text(resolution))
    }
}
