import Campaign
import Foundation

/// A campaign's page (`/c/:slug`), its sign form made for a frame on the
/// organizer's site (`/c/:slug/embed`) and its public reasons (`/c/:slug/reasons`).
struct CampaignPageHandler: Sendable {
    let pages: Pages
    var context: SiteContext { pages.context }

    /// Which page a sign form is on.
    enum Layout: Sendable {
        /// The campaign's own page.
        case full
        /// The petition's count and form alone, for an iframe on the sites
        /// `embed_origins` lists; signing goes on inside the frame.
        case embed

        /// The page's path, which its form posts below ("/c/slug/embed/sign").
        func path(_ slug: String) -> String { self == .embed ? "/c/\(slug)/embed" : "/c/\(slug)" }
    }

    /// What the sign form held when it comes back with problems.
    struct FormState {
        var form: SignatureForm
        var problems: [SignatureForm.Problem]
        /// The district question, when the signer's ZIP code left it open.
        var districtStep: DistrictStep?

        init(form: SignatureForm, problems: [SignatureForm.Problem], districtStep: DistrictStep? = nil) {
            self.form = form
            self.problems = problems
            self.districtStep = districtStep
        }
    }

    /// `GET /c/:slug`.
    func show(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        .now(try page(try pages.campaign(parameters), request))
    }

    /// `GET /c/:slug/embed`: the count and the sign form, for a frame.
    func embed(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let campaign = try pages.campaign(parameters)
        // The embed is the sign form: a call campaign has none.
        guard campaign.definition.petition != nil else { throw HandlerError.notFound }
        return .now(try page(campaign, request, layout: .embed))
    }

    /// The petition, the call with targets for the supporter's place, the
    /// latest reasons; with the sign form as it came back, when it did.
    /// `callForm` holds the place a refused call report was sent with
    /// (its `zip`, `district` and `name`), which the page shows again.
    /// The embed `layout` is framed only by the campaign's `embed_origins`.
    func page(_ campaign: PublishedCampaign, _ request: Request, formState: FormState? = nil,
              notice: String? = nil, status: Int = 200, locale formLocale: String? = nil, callForm: [String: String] = [:],
              layout: Layout = .full) throws -> Response {
        let definition = campaign.definition
        // Read before the texts: a page rendered while they are read again is cached as the older reading's, and rendered anew.
        let resourcesGeneration = context.resources.generation
        let localizer = context.localizer
        let chosen = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale)
        // A form that comes back keeps the language it was filled in.
        let (locale, explicit) = formLocale.map { ($0, false) } ?? chosen
        let embedded = layout == .embed
        let session = pages.session(request, framed: embedded)
        let pageCache = embedded ? context.embedPageCache : context.pageCache
        func t(_ key: String) -> String { localizer.string(key, locale: locale) }
        func finish(_ response: Response) -> Response {
            var response = response
            if let cookie = session.setCookie { response.add("Set-Cookie", cookie) }
            if embedded { SecurityHeaders.allowFraming(&response, by: definition.embedOrigins) }
            if explicit, let cookie = Cookies.setCookie(name: LocaleChoice.cookie, value: locale, maxAge: 31_536_000, secure: request.isSecure, httpOnly: true, sameSite: .lax) {
                response.add("Set-Cookie", cookie)
            }
            return response
        }

        // A visitor who asked nothing but a language gets the page rendered for
        // everyone, with their own token and the current count put in: the
        // same page until the reasons, the campaign or the templates change.
        let plain = formState == nil && notice == nil && status == 200 && request.query.allSatisfy { $0.name == "lang" }
        // A petition with `reasons = "off"` shows none, whatever was stored
        // before; nor does an embed, whose cached page follows no reasons.
        let showsReasons = definition.sharesReasons
        var version = PageCache.Version(campaignVersion: campaign.version, status: campaign.status,
                                        reasonsStamp: showsReasons && !embedded ? (try? context.site.latestReasonsStamp(of: campaign.id)) ?? 0 : 0,
                                        resources: resourcesGeneration)
        let signatures = context.counts.signatures(of: campaign.id)
        let record = context.site.record(of: campaign.id)
        version.recordStamp = record.stamp
        version.milestonesReached = CampaignPage.milestonesReached(signatures: signatures, milestones: definition.milestones)
        let token = context.csrf.token(session: session.id, campaign: definition.slug, at: context.clock.now())
        // What this view puts in the cached page's holes.
        var fills: [PageCache.Slot: String] = [:]
        if let petition = definition.petition {
            fills = pageCache.countFills(campaignID: campaign.id, locale: locale, version: version, signatures: signatures) {
                let counted = CampaignPage.countTexts(signatures: signatures, goal: petition.goal, locale: locale, localizer: localizer)
                let toGo = CampaignPage.milestoneToGo(signatures: signatures, milestones: definition.milestones, locale: locale, localizer: localizer)
                return [.count: HTMLEscaping.escape(counted.count), .percent: counted.percent.map(String.init) ?? "",
                        .goal: counted.goal.map(HTMLEscaping.escape) ?? "", .milestone: toGo.map(HTMLEscaping.escape) ?? ""]
            }
        }
        fills[.csrf] = token
        if plain, let body = pageCache.page(campaignID: campaign.id, locale: locale, version: version, fills: fills) {
            var response = Response(status: 200, headers: [], body: body)
            response.headers.reserveCapacity(10)
            response.headers.append(("Content-Type", "text/html; charset=utf-8"))
            response.headers.append(("Cache-Control", "no-store"))
            return finish(response)
        }
        let latest = showsReasons && !embedded ? try? context.site.latestReasons(of: campaign.id, count: 3) : nil
        let latestReasons = latest?.reasons
        version.reasonsStamp = latest?.stamp ?? 0

        // The supporter's place, from the query (GET) or the form that came back (POST).
        func query(_ name: String) -> String? { callForm[name] ?? request.queryValue(name) }
        let zip = (query("zip") ?? formState?.form.zip ?? "").trimmingCharacters(in: .whitespaces)
        let caller = Caller(name: query("name"), zip: zip)
        var place: LookupResult?
        var placeProblem: String?
        let district = query("district").flatMap { $0.isEmpty ? nil : $0 }
        if let at = request.queryValue("at"), !at.isEmpty {
            if let coordinates = try? Lookup.coordinates(at) {
                place = try? context.site.lookup.locate(latitude: coordinates.latitude, longitude: coordinates.longitude, district: district)
            }
            if place == nil { placeProblem = t("error.location.invalid") }
        } else if !zip.isEmpty && formState == nil {
            place = try? context.site.lookup.locate(zip: zip, district: district)
            if place == nil { placeProblem = t("error.zip.invalid") }
        }
        let resolution = context.site.resolver.resolve(definition.targets, place: place, on: PartialDate(context.clock.now()))
        let page = CampaignPage(folder: campaign.folder, status: campaign.status, locale: locale, localizer: localizer, caller: caller,
                                resolution: resolution, signatureCount: signatures, path: layout.path(definition.slug),
                                record: record.record, directory: context.site.directory,
                                closedAt: campaign.closedAt.flatMap(RetentionPurge.date(stamp:)))
        var values: [String: TemplateValue]
        do {
            guard case .object(let made) = try page.context() else { throw InputError("the campaign page's values are not an object") }
            values = made
        } catch {
            throw HandlerError.render(template: "pages/campaign", underlying: error)
        }

        values["csrf"] = .text(plain ? PageCache.Slot.csrf.placeholder : token)
        values["notice"] = notice.map(TemplateValue.text)
        values["place_problem"] = placeProblem.map(TemplateValue.text)
        values["reported"] = .bool(request.queryValue("reported") != nil)
        values["query_zip"] = .text(zip)
        values["query_district"] = .text(district ?? "")
        // How the caller's place was had, and the districts it settled, for their call reports.
        let how: DistrictResolution.Method = place == nil ? .zip : !(request.queryValue("at") ?? "").isEmpty ? .located
            : district == nil ? .zip : query("how") == DistrictResolution.Method.geocoded.rawValue ? .geocoded : .chosen
        let settled = place?.areas.filter { $0.districts.count == 1 }.flatMap(\.districts).map(DistrictReference.init) ?? []
        values["query_how"] = .text(how.rawValue)
        values["query_districts"] = .text(DistrictResolution(method: how, districts: settled).storedDistricts)
        values["offers_address"] = .bool(context.geocoder != nil)
        values["outcomes"] = .list(CallReport.Outcome.allCases.map { .object(["value": .text($0.rawValue), "label": .text(t("call.outcome.\($0.rawValue)"))]) })
        let form = formState?.form
        var errors: [String: TemplateValue] = [:]
        for problem in formState?.problems ?? [] where errors[problem.field] == nil { errors[problem.field] = .text(t(problem.messageKey)) }
        values["form"] = .object([
            "name": .text(form?.name ?? ""), "email": .text(form?.email ?? ""), "zip": .text(form?.zip ?? ""), "reason": .text(form?.reason ?? ""),
            "district": .text(form?.district ?? district ?? ""), "public_name": .text(form?.shownName ?? ""),
        ])
        values["shown"] = shownAs(form, t)
        if let step = formState?.districtStep {
            values["district_step"] = step.value(zip: form?.normalizedZIP ?? form?.zip ?? "", locale: locale, localizer: localizer)
        }
        values["errors"] = .object(errors)
        let hasErrors = !(formState?.problems ?? []).isEmpty
        values["has_errors"] = .bool(hasErrors)
        // A page that comes back with a problem says so first in its title, where a screen reader starts.
        if hasErrors || placeProblem != nil || (notice != nil && status >= 400) {
            values["error_title"] = .text(localizer.string("page.title.error", locale: locale,
                                                           ["title": ScriptContext.localized(definition.title, locale, definition.defaultLocale)]))
        }
        values["error_list"] = .list((formState?.problems ?? []).map { .object(["field": .text($0.field), "message": .text(t($0.messageKey))]) })
        if case .object(var petition)? = values["petition"], case .list(let questions)? = petition["consent"] {
            petition["consent"] = .list(questions.map { question in
                guard case .object(var members) = question, case .text(let name)? = members["name"] else { return question }
                let chosen = CampaignDefinition.Consent(rawValue: String(name.dropFirst("consent_".count))).map { form?.consent.contains($0) == true } ?? false
                members["checked"] = .bool(chosen)
                return .object(members)
            })
            values["petition"] = .object(petition)
        }
        if let latestReasons {
            values["reasons"] = .list(latestReasons.map(Self.reasonValue))
            values["reasons_url"] = .text("/c/\(definition.slug)/reasons?lang=\(locale)")
        }
        if plain, case .object(var petition)? = values["petition"] {
            // Rendered with holes where the count goes, so that the cached page outlives every new signature.
            petition["count"] = .text(PageCache.Slot.count.placeholder)
            if petition["goal"] != nil {
                petition["goal"] = .object(["percent": .text(PageCache.Slot.percent.placeholder), "text": .text(PageCache.Slot.goal.placeholder)])
            }
            values["petition"] = .object(petition)
        }
        if plain, case .list(let steps)? = values["milestones"] {
            values["milestones"] = .list(steps.map { step in
                guard case .object(var members) = step, members["next"] == .bool(true) else { return step }
                members["to_go"] = .text(PageCache.Slot.milestone.placeholder)
                return .object(members)
            })
        }
        if embedded {
            values["campaign_url"] = .text("/c/\(definition.slug)?lang=\(locale)")
        } else {
            values["social"] = SharingMetadata(baseURL: context.baseURL, siteName: localizer.string("site.title", locale: locale))
                .value(path: "/c/\(definition.slug)", locale: locale, locales: definition.locales)
        }
        var response = try pages.render(embedded ? "pages/embed" : "pages/campaign", .object(values), status: status)
        if plain && response.status == 200 {
            response.body = pageCache.store(response.body, campaignID: campaign.id, locale: locale, version: version, fills: fills)
        }
        return finish(response)
    }

    /// How the signer will appear beside a public reason, as far as the form
    /// says: the name they chose (or the first word of their name) and the
    /// locality of their ZIP code, as the reasons list will show them.
    private func shownAs(_ form: SignatureForm?, _ t: (String) -> String) -> TemplateValue {
        let zip = form?.normalizedZIP ?? ""
        var cache: [String: String] = [:]
        let locality = zip.isEmpty ? "" : Constituency.locality(zip: zip, lookup: context.site.lookup, cache: &cache)
        guard let form, !form.shownName.isEmpty else {
            return .object(["text": .text(t("petition.shown_as.empty")), "locality": .text(locality), "zip": .text(zip)])
        }
        return .object(["text": .text(form.shownName + (locality.isEmpty ? "" : ", " + locality)), "locality": .text(locality), "zip": .text(zip)])
    }

    static func reasonValue(_ reason: SiteData.Reason) -> TemplateValue {
        .object(["name": .text(reason.shownName), "locality": .text(reason.locality), "text": .text(reason.text)])
    }

    /// `GET /c/:slug/reasons?page=N`: public reasons, newest first.
    func reasons(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let campaign = try pages.campaign(parameters)
        let definition = campaign.definition
        // Reasons are given when signing: a call campaign has none, nor a petition that asks for none.
        guard definition.sharesReasons else { throw HandlerError.notFound }
        let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        let page = max(1, min(10_000, Int(request.queryValue("page") ?? "1") ?? 1))
        let path = "/c/\(definition.slug)/reasons"
        var values = pages.base(locale: locale, locales: definition.locales, path: path,
                                title: ScriptContext.localized(definition.title, locale, definition.defaultLocale))
        let (reasons, hasMore): ([SiteData.Reason], Bool)
        do { (reasons, hasMore) = try context.site.reasons(of: campaign.id, page: page) } catch { throw HandlerError.storage(error) }
        values["reasons"] = .list(reasons.map(Self.reasonValue))
        values["campaign_url"] = .text("/c/\(definition.slug)?lang=\(locale)")
        if hasMore { values["next_url"] = .text("\(path)?lang=\(locale)&page=\(page + 1)") }
        if page > 1 { values["previous_url"] = .text("\(path)?lang=\(locale)&page=\(page - 1)") }
        return .now(try pages.render("pages/reasons", .object(values)))
    }
}
