/// The site's handlers, one per concept, over one `SiteContext`.
struct Handlers: Sendable {
    let site: SiteHandler
    let campaignPage: CampaignPageHandler
    let signing: SigningHandler
    let calls: CallHandler
    let confirmation: ConfirmationHandler
    let admin: AdminHandler
    let api: APIHandler
    let metrics: MetricsHandler
    let osdi: OSDIHandler

    init(context: SiteContext, httpMetrics: HTTPMetrics) {
        let pages = Pages(context: context)
        let campaignPage = CampaignPageHandler(pages: pages)
        site = SiteHandler(pages: pages)
        self.campaignPage = campaignPage
        signing = SigningHandler(campaignPage: campaignPage)
        calls = CallHandler(campaignPage: campaignPage)
        confirmation = ConfirmationHandler(pages: pages)
        admin = AdminHandler(pages: pages)
        api = APIHandler(pages: pages)
        metrics = MetricsHandler(pages: pages, httpMetrics: httpMetrics)
        osdi = OSDIHandler(pages: pages)
    }
}

extension Router {
    /// Every route the site answers. `GET` routes answer `HEAD` too.
    public static let site = Router(routes: [
        Route("GET", "/") { $0.site.index },
        Route("GET", "/healthz") { $0.site.health },
        Route("GET", "/metrics", hidden: true) { $0.metrics.metrics },
        Route("GET", "/static/:file") { $0.site.staticFile },
        Route("GET", "/api/v1/campaigns") { $0.api.campaigns },
        Route("GET", "/api/v1/campaigns/:slug") { $0.api.campaign },
        Route("GET", "/api/v1/localities/:zip") { $0.api.locality },
        Route("GET", "/admin/campaigns/:slug/export") { $0.admin.export },
        Route("GET", "/api/osdi/v1") { $0.osdi.entryPoint },
        Route("GET", "/api/osdi/v1/people") { $0.osdi.people },
        Route("GET", "/api/osdi/v1/people/:id") { $0.osdi.person },
        Route("GET", "/api/osdi/v1/petitions") { $0.osdi.petitions },
        Route("GET", "/api/osdi/v1/petitions/:slug") { $0.osdi.petition },
        Route("GET", "/api/osdi/v1/petitions/:slug/signatures") { $0.osdi.signatures },
        Route("GET", "/api/osdi/v1/petitions/:slug/signatures/:id") { $0.osdi.signature },
        Route("GET", "/api/osdi/v1/advocacy_campaigns") { $0.osdi.advocacyCampaigns },
        Route("GET", "/api/osdi/v1/advocacy_campaigns/:slug") { $0.osdi.advocacyCampaign },
        Route("GET", "/api/osdi/v1/advocacy_campaigns/:slug/outreaches") { $0.osdi.outreaches },
        Route("GET", "/api/osdi/v1/advocacy_campaigns/:slug/outreaches/:id") { $0.osdi.outreach },
        Route("GET", "/unsubscribe") { $0.confirmation.unsubscribePage },
        Route("POST", "/unsubscribe") { $0.confirmation.unsubscribe },
        Route("GET", "/c/:slug") { $0.campaignPage.show },
        Route("POST", "/c/:slug/sign") { $0.signing.sign },
        Route("POST", "/c/:slug/call") { $0.calls.report },
        Route("POST", "/c/:slug/locate") { $0.calls.locate },
        Route("GET", "/c/:slug/thanks") { $0.signing.thanks },
        Route("GET", "/c/:slug/confirm") { $0.confirmation.confirm },
        Route("GET", "/c/:slug/reasons") { $0.campaignPage.reasons },
        Route("GET", "/c/:slug/embed") { $0.campaignPage.embed },
        Route("POST", "/c/:slug/embed/sign") { $0.signing.signEmbedded },
        Route("GET", "/c/:slug/embed/thanks") { $0.signing.embeddedThanks },
    ])
}
