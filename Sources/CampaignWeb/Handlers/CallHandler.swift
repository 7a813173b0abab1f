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
        guard context.csrf.isValid(field("csrf"), session: request.cookie(CSRFProtection.sessionCookie) ?? "") else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.csrf", locale: locale), status: 403))
        }
        let directory = context.site.directory
        let target = field("target")
        guard let outcome = CallReport.Outcome(rawValue: field("outcome")),
              directory.officials.contains(where: { $0.id == target }) || directory.offices.contains(where: { $0.id == target }) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400))
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
}
