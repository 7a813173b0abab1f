import Campaign
import Foundation

/// Signing a petition (`POST /c/:slug/sign`, and `/c/:slug/embed/sign` from
/// the embed, which then answers inside its frame) and the thank-you page after it.
struct SigningHandler: Sendable {
    let campaignPage: CampaignPageHandler
    var pages: Pages { campaignPage.pages }
    var context: SiteContext { pages.context }

    /// `POST /c/:slug/sign`: checked here, stored by the writer, answered once on disk.
    func sign(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try sign(request, parameters, layout: .full)
    }

    /// `POST /c/:slug/embed/sign`: the same, answered with the embed's pages.
    func signEmbedded(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try sign(request, parameters, layout: .embed)
    }

    private func sign(_ request: Request, _ parameters: Route.Parameters, layout: CampaignPageHandler.Layout) throws -> HandlerReply {
        let campaign = try pages.campaign(parameters)
        let definition = campaign.definition
        let localizer = context.localizer
        guard let petition = definition.petition else { throw HandlerError.notFound }
        guard request.headers["content-type"]?.asciiFastLowercased.hasPrefix("application/x-www-form-urlencoded") == true else {
            return .now(.text("Send the form as application/x-www-form-urlencoded.\n", status: 415))
        }
        let fields: [(name: String, value: String)]
        do { fields = try FormDecoder.decode(request.body) } catch {
            let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400, layout: layout))
        }
        func field(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
        // The language the form was filled in, else the visitor's.
        let locale = definition.locales.contains(field("lang")) ? field("lang")
            : LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        func t(_ key: String) -> String { localizer.string(key, locale: locale) }
        let consent = Set(petition.consent.filter { !field("consent_\($0.rawValue)").isEmpty })
        // A petition that asks for no reason keeps none sent anyway.
        let reason = petition.reasons == .off ? "" : field("reason")
        let form = SignatureForm(name: field("name"), email: field("email"), zip: field("zip"), reason: reason, consent: consent,
                                 district: field("district") == DistrictStep.Fields.unsureValue ? "" : field("district"), publicName: field("public_name"))
        let kept = CampaignPageHandler.FormState(form: form, problems: [])

        guard campaign.status == .live else {
            return .now(try campaignPage.page(campaign, request, formState: kept, notice: t("campaign.closed"), status: 409, locale: locale,
                                              layout: layout))
        }
        guard !context.crossSite.isCrossSite(request) else {
            return .now(try campaignPage.page(campaign, request, formState: kept, notice: t("error.cross_site"), status: 403, locale: locale,
                                              layout: layout))
        }
        let session = request.cookie(CSRFProtection.sessionCookie) ?? ""
        guard context.csrf.isValid(field("csrf"), session: session, campaign: definition.slug, now: context.clock.now()) else {
            // Keep what was typed; the page comes back with a fresh session and token.
            return .now(try campaignPage.page(campaign, request, formState: kept, notice: t("error.csrf"), status: 403, locale: locale,
                                              layout: layout))
        }
        // A bot filled the hidden field: answer as if signed, keep nothing.
        guard field("website").isEmpty else { return .now(.seeOther("\(layout.path(definition.slug))/thanks?lang=\(locale)")) }
        let problems = form.problems
        guard problems.isEmpty else {
            return .now(try campaignPage.page(campaign, request, formState: CampaignPageHandler.FormState(form: form, problems: problems), status: 422,
                                              locale: locale, layout: layout))
        }
        let place = DistrictStep.Fields(field, names: fields.map(\.name))
        let resolver = context.site.districtResolver(for: campaign)
        let zip = form.normalizedZIP ?? form.zip
        let evidence = DistrictResolver.Evidence(zip: zip, chosen: place.chosen, unsure: place.unsure, point: place.point)
        let (handler, context) = (self, context)
        // Only a signer asked for their district has an address to look up, and only once a position has not settled it.
        if let geocoder = context.geocoder, !place.address.isEmpty, place.point == nil, !resolver.openAreas(zip: zip).isEmpty {
            guard context.geocodeLimiter.allow(request.clientAddress, now: context.clock.now()) else {
                return .later { answer in
                    handler.finish(campaign, request, form: form, place: place, answer: resolver.resolve(evidence), problem: .geocoderUnavailable,
                                   locale: locale, layout: layout, then: answer)
                }
            }
            return .later { answer in
                context.geocoding.async {
                    let (point, problem) = Self.locate(place.address, zip: zip, geocoder: geocoder, resolver: resolver, evidence: evidence, log: context.log)
                    var located = evidence
                    located.point = point
                    handler.finish(campaign, request, form: form, place: place, answer: resolver.resolve(located), problem: problem, locale: locale,
                                   layout: layout, then: answer)
                }
            }
        }
        return .later { answer in
            handler.finish(campaign, request, form: form, place: place, answer: resolver.resolve(evidence), problem: nil, locale: locale, layout: layout,
                           then: answer)
        }
    }

    /// The first place the geocoder found for `address` that settles the
    /// districts asked about, or why there is none. Only the outcome is
    /// logged, never the address.
    private static func locate(_ address: String, zip: String, geocoder: any Geocoder, resolver: DistrictResolver,
                               evidence: DistrictResolver.Evidence, log: @Sendable (String) -> Void) -> (DistrictResolver.Point?, DistrictStep.Problem?) {
        switch geocoder.geocode(address, zip: zip) {
        case .matched(let points):
            for found in points {
                let point = DistrictResolver.Point(latitude: found.latitude, longitude: found.longitude, method: .geocoded)
                var located = evidence
                located.point = point
                if case .resolved(let resolution) = resolver.resolve(located), resolution.method == .geocoded { return (point, nil) }
            }
            return (nil, .addressNotFound)
        case .noMatch:
            return (nil, .addressNotFound)
        case .unavailable(let reason):
            log("geocoder \(reason)")
            return (nil, .geocoderUnavailable)
        }
    }

    /// Stores the signature once its districts are known; else the form
    /// comes back, everything typed in it, asking for the district.
    private func finish(_ campaign: PublishedCampaign, _ request: Request, form: SignatureForm, place: DistrictStep.Fields,
                        answer: DistrictResolver.Answer, problem: DistrictStep.Problem?, locale: String, layout: CampaignPageHandler.Layout,
                        then reply: @escaping @Sendable (Result<Response, any Error>) -> Void) {
        switch answer {
        case .resolved(let resolution):
            store(campaign, request, form: form, resolution: resolution, locale: locale, layout: layout, then: reply)
        case let .needsDistrict(areas, pointMissed):
            let shownProblem = problem ?? (pointMissed ? .locationMissed : place.wasShown ? .unanswered : nil)
            let step = DistrictStep(areas: areas, problem: shownProblem, fields: place, offersAddress: context.geocoder != nil)
            reply(Result {
                try campaignPage.page(campaign, request, formState: CampaignPageHandler.FormState(form: form, problems: [], districtStep: step),
                                      status: shownProblem == nil ? 200 : 422, locale: locale, layout: layout)
            })
        }
    }

    /// Hands the signature to the writer and answers once it is on disk.
    private func store(_ campaign: PublishedCampaign, _ request: Request, form: SignatureForm, resolution: DistrictResolution, locale: String,
                       layout: CampaignPageHandler.Layout, then answer: @escaping @Sendable (Result<Response, any Error>) -> Void) {
        let definition = campaign.definition
        let localizer = context.localizer
        let petition = definition.petition
        let confirms = petition?.confirmEmail == true
        let thanksPath = "\(layout.path(definition.slug))/thanks?lang=\(locale)"
        let kept = CampaignPageHandler.FormState(form: form, problems: [])
        let now = context.clock.now()
        let suspect = !context.signLimiter.allow(request.clientAddress, now: now)
        let confirmationSecret = confirms ? ConfirmationLink.makeSecret(context.tokens) : nil
        // Over the rate limit a signature is kept as suspect. Where it
        // confirms by e-mail, its mail still goes (the writer renews no link
        // over the limit, so no inbox is flooded) and confirming makes it
        // count; elsewhere it counts once an organizer approves it, which
        // the thank-you page says.
        let signature = NewSignature(campaignID: campaign.id, form: form, locale: locale, suspect: suspect, confirmed: !confirms,
                                     confirmationHash: confirmationSecret.map(ConfirmationLink.hash(secret:)),
                                     unsubscribeToken: SignerToken.make(context.tokens, at: now), createdAt: now,
                                     mailedConfirmationSecret: confirmationSecret, resolution: resolution,
                                     reasonState: petition.map { ReasonState.initial(for: form.reason, petition: $0) } ?? .shown)
        let thanks = Response.seeOther(suspect && !confirms ? thanksPath + "&review=1" : thanksPath)
        let campaignPage = self.campaignPage
        context.writer.submit(.signature(signature)) { outcome in
            switch outcome {
            case .stored, .confirmed, .unsubscribed, .unknownToken:
                // The same answer whether or not this address had signed before.
                answer(.success(thanks))
            case .closed:
                // Closed after the page was read, before the writer got here.
                answer(Result {
                    try campaignPage.page(campaign, request, formState: kept, notice: localizer.string("campaign.closed", locale: locale), status: 409,
                                          locale: locale, layout: layout)
                })
            case .failed:
                answer(Result {
                    try campaignPage.page(campaign, request, formState: kept, notice: localizer.string("error.try_again", locale: locale), status: 503,
                                          locale: locale, layout: layout)
                })
            }
        }
    }

    /// `GET /c/:slug/thanks`: thanks, what happens next, and ways to share.
    func thanks(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try thanks(request, parameters, layout: .full)
    }

    /// `GET /c/:slug/embed/thanks`: the same inside the embed's frame, its links opening outside it.
    func embeddedThanks(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try thanks(request, parameters, layout: .embed)
    }

    private func thanks(_ request: Request, _ parameters: Route.Parameters, layout: CampaignPageHandler.Layout) throws -> HandlerReply {
        let campaign = try pages.campaign(parameters)
        let definition = campaign.definition
        // A call campaign has nothing to sign, so nothing to thank for.
        guard definition.petition != nil else { throw HandlerError.notFound }
        let localizer = context.localizer
        let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        let title = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        var values = pages.base(locale: locale, locales: definition.locales, path: "\(layout.path(definition.slug))/thanks", title: title)
        let url = context.baseURL + "/c/" + definition.slug
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
        }
        values["campaign_url"] = .text("/c/\(definition.slug)?lang=\(locale)")
        values["confirm"] = .bool(definition.petition?.confirmEmail == true)
        // Kept as suspect where no e-mail confirms it: it waits for an organizer.
        values["review"] = .bool(definition.petition?.confirmEmail == false && request.queryValue("review") != nil)
        values["share"] = .list([
            ("share.email", "mailto:?subject=\(encoded(title))&body=\(encoded(url))"),
            ("share.whatsapp", "https://wa.me/?text=\(encoded(title + " " + url))"),
            ("share.x", "https://twitter.com/intent/tweet?text=\(encoded(title))&url=\(encoded(url))"),
            ("share.facebook", "https://www.facebook.com/sharer/sharer.php?u=\(encoded(url))"),
        ].map { .object(["label": .text(localizer.string($0.0, locale: locale)), "url": .text($0.1)]) })
        values["share_url"] = .text(url)
        // Inside the embed's frame, links open outside it.
        values["embedded"] = .bool(layout == .embed)
        var response = try pages.render("pages/thanks", .object(values))
        if layout == .embed { SecurityHeaders.allowFraming(&response, by: definition.embedOrigins) }
        return .now(response)
    }
}
