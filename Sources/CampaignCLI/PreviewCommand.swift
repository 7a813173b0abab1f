import ArgumentParsing
import Campaign
import Foundation

/// `campaign preview SLUG --out page.html`: the supporter page as a file.
struct PreviewCommand: Command {
    static let name = "preview"
    static let abstract = "Write the campaign's supporter page as HTML, to open in a browser."
    static let discussion = """
        The page is the one the server serves, with its stylesheet inlined so the file stands alone. A campaign folder's \
        targets are looked up in the database (--db, $CAMPAIGN_DB) when its file exists; without one, the page has no \
        targets and no database is created.
        """
    static let campaignName = Positional<String>(name: "campaign", help: "A published campaign's slug, or a campaign folder.")
    static let language = Option<String?>(name: "lang", valueName: "locale", help: "The language (default: the campaign's).")
    static let outFile = Option<String?>(name: "out", valueName: "file", check: .nonEmpty("a file name"),
                                         help: "The HTML file to write (default: standard output).")
    static let arguments: [any ArgumentSpec] = [campaignName] + SupporterPlace.arguments + [language, outFile, CampaignFiles.templates]
    let campaign: String
    let caller: Caller
    let place: SupporterPlace
    let locale: String?
    let out: String?
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        campaign = try arguments[Self.campaignName]
        caller = Caller(name: try arguments[SupporterPlace.callerName], zip: try arguments[SupporterPlace.zipCode])
        place = try SupporterPlace(arguments)
        locale = try arguments[Self.language]
        out = try arguments[Self.outFile]
        files = try CampaignFiles(arguments)
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.existingPool()
        let (folder, status) = try PublishedCampaigns.folder(campaign, pool: pool, roles: files.roles())
        if pool == nil { context.noteMissingDatabase("the page has no targets") }
        let language = try SupporterPlace.locale(locale, for: folder.definition)
        let localizer = try files.localizer()
        let page = CampaignPage(folder: folder, status: status, locale: language, localizer: localizer, caller: caller,
                                resolution: try place.resolve(folder.definition.targets, pool: pool, today: context.clock.now()), path: "/c/\(folder.definition.slug)")
        let library = files.library()
        guard let template = try library.template(named: "pages/campaign") else {
            throw InputError("no pages/campaign.html in \(library.folders.joined(separator: " or "))")
        }
        var values = try page.context()
        if case .object(var members) = values {
            let css = library.folders.lazy.compactMap { try? String(contentsOfFile: ($0 as NSString).appendingPathComponent("static/campaign.css"), encoding: .utf8) }.first ?? ""
            members["inline_css"] = .markup(html: css, plain: "")
            values = .object(members)
        }
        let html = try library.renderer(mode: .html).render(template, values)
        context.noteCatalogGaps(localizer, locale: language)
        guard let out else { return context.output.write(html) }
        try WholeFile.write(Data(html.utf8), to: out, name: "--out")
        context.errors.line("Wrote \(out)")
    }
}
