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
        guard let outcome = CallReport.Outcome(rawValue: field("outcome")), let found = Self.target(target, in: directory, locale: formLocale, catalogs: localizer) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400))
        }
        // No number, no call: a report for such a target would count a call that cannot have happened.
        guard found.contacts.contains(where: { $0.kind == .phone }) else {
            // The page comes back as it was: its language, place and caller's name.
            let kept = Dictionary(uniqueKeysWithValues: ["zip", "district", "name", "how"].map { ($0, field($0)) })
            let notice = localizer.string("error.call.no_phone", locale: formLocale, ["target": found.name])
            return .now(try campaignPage.page(campaign, request, notice: notice, status: 422, locale: formLocale, callForm: kept))
        }
        var back = "/c/\(definition.slug)?lang=\(locale)&reported=1"
        for name in ["zip", "district", "name", "how"] where !field(name).isEmpty {
            back += "&\(name)=" + (field(name).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }
        let location = back + "#calls"
        let report = CallReport(campaignID: campaign.id, target: target, outcome: outcome, suspect: !context.callLimiter.allow(request.clientAddress, now: context.clock.now()),
                                createdAt: context.clock.now(), zip: (try? Lookup.zip(field("zip"))) ?? "",
                                resolution: Self.resolution(field, resolver: context.site.districtResolver(for: campaign)))
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

    /// How the caller's districts were known, from the page the report was
    /// sent from: districts it found by a position or an address (`how`,
    /// `districts`), each checked against the districts on record; else
    /// the ZIP code and the district chosen, resolved as a signature's are.
    static func resolution(_ field: (String) -> String, resolver: DistrictResolver) -> DistrictResolution {
        let how = DistrictResolution.Method(rawValue: field("how"))
        if how == .located || how == .geocoded {
            let given = DistrictResolution(storedMethod: field("how"), storedDistricts: String(field("districts").prefix(4096)))
            let known = given.districts.filter { reference in resolver.lookup.districts(of: reference.jurisdictionID).contains { $0.code == reference.code } }
            if !known.isEmpty { return DistrictResolution(method: given.method, districts: known) }
        }
        guard let zip = try? Lookup.zip(field("zip")) else { return .zipOnly }
        let chosen = field("district")
        guard case .resolved(let resolution) = resolver.resolve(.init(zip: zip, chosen: [chosen], unsure: true)) else { return .zipOnly }
        return resolution
    }

    /// `POST /c/:slug/locate`: the caller's street address, looked up by
    /// the site's geocoder, gives their district; the page opens again with
    /// the ZIP code and the district only, so the address is in no address
    /// bar, history or log. When the address cannot settle it, the page
    /// says so and asks for the district as before.
    func locate(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let campaign = try pages.campaign(parameters)
        let definition = campaign.definition
        let localizer = context.localizer
        guard definition.call != nil, let geocoder = context.geocoder else { throw HandlerError.notFound }
        guard let fields = try? FormDecoder.decode(request.body) else {
            let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400))
        }
        func field(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
        let locale = definition.locales.contains(field("lang")) ? field("lang")
            : LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        let kept = Dictionary(uniqueKeysWithValues: ["zip", "name"].map { ($0, field($0)) })
        guard !context.crossSite.isCrossSite(request) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.cross_site", locale: locale), status: 403, locale: locale,
                                              callForm: kept))
        }
        guard context.csrf.isValid(field("csrf"), session: request.cookie(CSRFProtection.sessionCookie) ?? "", campaign: definition.slug,
                                   now: context.clock.now()) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("error.csrf", locale: locale), status: 403, locale: locale,
                                              callForm: kept))
        }
        let place = DistrictStep.Fields(field, names: fields.map(\.name))
        guard let zip = try? Lookup.zip(field("zip")), !place.address.isEmpty else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("call.address.missing", locale: locale), status: 422,
                                              locale: locale, callForm: kept))
        }
        guard context.geocodeLimiter.allow(request.clientAddress, now: context.clock.now()) else {
            return .now(try campaignPage.page(campaign, request, notice: localizer.string("call.address.not_found", locale: locale), status: 429,
                                              locale: locale, callForm: kept))
        }
        let resolver = context.site.districtResolver(for: campaign)
        let (context, campaignPage, callerName) = (self.context, self.campaignPage, field("name"))
        return .later { answer in
            context.geocoding.async {
                var evidence = DistrictResolver.Evidence(zip: zip)
                var found: DistrictResolution?
                switch geocoder.geocode(place.address, zip: zip) {
                case .matched(let points):
                    for point in points {
                        evidence.point = DistrictResolver.Point(latitude: point.latitude, longitude: point.longitude, method: .geocoded)
                        if case .resolved(let resolution) = resolver.resolve(evidence), resolution.method == .geocoded { found = resolution; break }
                    }
                case .noMatch:
                    break
                case .unavailable(let reason):
                    context.log("geocoder \(reason)")
                }
                // The district of the first jurisdiction asked about goes in the address; the report carries them all.
                guard let found, let district = resolver.openAreas(zip: zip).lazy
                        .compactMap({ area in found.codes(in: area.jurisdiction.id).first }).first else {
                    answer(Result {
                        try campaignPage.page(campaign, request, notice: localizer.string("call.address.not_found", locale: locale), status: 422,
                                              locale: locale, callForm: kept)
                    })
                    return
                }
                var location = "/c/\(definition.slug)?lang=\(locale)&how=geocoded"
                for (name, value) in [("zip", zip), ("district", district), ("name", callerName)] where !value.isEmpty {
                    location += "&\(name)=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                }
                answer(.success(.seeOther(location + "#calls")))
            }
        }
    }

    /// The official or office the form's `target` names, as a supporter
    /// reads it ("Jay Inslee", "Councilmember, Tacoma, District 2"), with
    /// its contacts (an official's own and their office's); nil when the
    /// directory has no such target.
    static func target(_ id: String, in directory: Directory, locale: String, catalogs: Localizer) -> (name: String, contacts: [Contact])? {
        if let official = directory.officials.first(where: { $0.id == id }) {
            return (official.name, official.contacts + (directory.office(official.officeID)?.contacts ?? []))
        }
        guard let office = directory.office(id) else { return nil }
        let name = [office.title(in: locale, catalogs: catalogs), directory.jurisdiction(office.jurisdictionID)?.name(in: locale).text ?? "", office.seat].filter { !$0.isEmpty }
        return (name.joined(separator: ", "), office.contacts)
    }
}
