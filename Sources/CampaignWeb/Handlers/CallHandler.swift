import Campaign
import Foundation

/// Call reports (`POST /c/:slug/call`): how a call went, counted per target.
struct CallHandler: Sendable {
    let campaignPage: CampaignPageHandler
    var pages: Pages { campaignPage.pages }
    var context: SiteContext { pages.context }

    func report(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let campaign = try pages.campaign(parameters)
        let definition = campaign.definition
        let localizer = context.localizer
        guard definition.call != nil else { throw HandlerError.notFound }
        let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        guard let fields = try? FormDecoder.decode(request.body) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400))
        }
        func field(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
        guard campaign.status == .live else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("campaign.closed", locale: locale), status: 409))
        }
        guard !context.crossSite.isCrossSite(request) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.cross_site", locale: locale), status: 403))
        }
        guard context.csrf.isValid(field("csrf"), session: request.cookie(CSRFProtection.sessionCookie) ?? "", campaign: definition.slug,
                                   now: context.clock.now()) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.csrf", locale: locale), status: 403))
        }
        let directory = context.site.directory
        let target = field("target")
        // The language the page was in when the form was sent.
        let formLocale = definition.locales.contains(field("lang")) ? field("lang") : locale
        guard let outcome = CallReport.Outcome(rawValue: field("outcome")), let found = Self.target(target, in: directory, locale: formLocale) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400))
        }
        // No number, no call: a report for such a target would count a call that cannot have happened.
        guard found.contacts.contains(where: { $0.kind == .phone }) else {
            // The page comes back as it was: its language, place and caller's name.
            let kept = Dictionary(uniqueKeysWithValues: ["zip", "district", "name"].map { ($0, field($0)) })
            let notice = localizer.string("error.call.no_phone", locale: formLocale, ["target": found.name])
            return .now(try campaignPage.page(campaign, request, notice: notice, status: 422, locale: formLocale, callForm: kept))
        }
        var back = "/c/\(definition.slug)?lang=\(locale)&reported=1"
        for name in ["zip", "district", "name"] where !field(name).isEmpty {
            back += "&\(name)=" + (field(name).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }
        let location = back + "#calls"
        let report = CallReport(campaignID: campaign.id, target: target, outcome: outcome, suspect: !context.callLimiter.allow(request.clientAddress, now: context.clock.now()),
                                createdAt: context.clock.now())
        let campaignPage = self.campaignPage
        return .later { answer in
            context.writer.submit(.call(report)) { result in
                if case .failed = result {
                    answer(Result { try campaignPage.page(campaign, request, notice: localizer.string("error.try_again", locale: locale), status: 503) })
                } else if case .closed = result {
                    answer(Result { try campaignPage.page(campaign, request, notice: localizer.string("campaign.closed", locale: locale), status: 409) })
                } else {
                    answer(.success(.seeOther(location)))
                }
            }
        }
    }

    /// The official or office the form's `target` names, as a supporter
    /// reads it ("Jay Inslee", "Councilmember, Tacoma, District 2"), with
    /// its contacts (an official's own and their office's); nil when the
    /// directory has no such target.
    static func target(_ id: String, in directory: Directory, locale: String) -> (name: String, contacts: [Contact])? {
        if let official = directory.officials.first(where: { $0.id == id }) {
            return (official.name, official.contacts + (directory.office(official.officeID)?.contacts ?? []))
        }
        guard let office = directory.office(id) else { return nil }
        let name = [office.title(in: locale), directory.jurisdiction(office.jurisdictionID)?.name ?? "", office.seat].filter { !$0.isEmpty }
        return (name.joined(separator: ", "), office.contacts)
    }
}
