import Campaign
import Foundation

extension App {
    /// What the sign form held when it comes back with problems.
    struct FormState {
        var form: SignatureForm
        var problems: [SignatureForm.Problem]
    }

    // MARK: - The campaign page

    /// `/c/SLUG`: the petition, the call with targets for the supporter's place, the latest reasons.
    func campaignPage(_ campaign: PublishedCampaign, _ request: Request, formState: FormState? = nil,
                      notice: String? = nil, status: Int = 200, locale formLocale: String? = nil) -> Response {
        let definition = campaign.definition
        let chosen = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale)
        // A form that comes back keeps the language it was filled in.
        let (locale, explicit) = formLocale.map { ($0, false) } ?? chosen
        let session = self.session(request)
        func t(_ key: String) -> String { localizer.string(key, locale: locale) }
        func finish(_ response: Response) -> Response {
            var response = response
            if let cookie = session.setCookie { response.add("Set-Cookie", cookie) }
            if explicit, let cookie = Cookies.setCookie(name: LocaleChoice.cookie, value: locale, maxAge: 31_536_000, secure: request.isSecure, httpOnly: true, sameSite: .lax) {
                response.add("Set-Cookie", cookie)
            }
            return response
        }

        // A visitor who asked nothing but a language gets the page rendered for
        // everyone, with their own token put in: the same page until the count,
        // the reasons or the campaign change.
        let plain = formState == nil && notice == nil && status == 200 && request.query.allSatisfy { $0.name == "lang" }
        let hasPetition = definition.petition != nil
        var version = PageCache.Version(campaignVersion: campaign.version, status: campaign.status, signatures: counts.signatures(of: campaign.id),
                                        reasonsStamp: hasPetition ? (try? site.latestReasonsStamp(of: campaign.id)) ?? 0 : 0)
        let token = csrf.token(session: session.id)
        if plain, let body = pageCache.page(campaignID: campaign.id, locale: locale, version: version, token: token) {
            var response = Response(status: 200, headers: [], body: body)
            response.headers.reserveCapacity(10)
            response.headers.append(("Content-Type", "text/html; charset=utf-8"))
            response.headers.append(("Cache-Control", "no-store"))
            return finish(response)
        }
        let latest = hasPetition ? try? site.latestReasons(of: campaign.id, count: 3) : nil
        let latestReasons = latest?.reasons
        version.reasonsStamp = latest?.stamp ?? 0

        // The supporter's place, from the query (GET) or the form that came back (POST).
        let zip = (request.queryValue("zip") ?? formState?.form.zip ?? "").trimmingCharacters(in: .whitespaces)
        let caller = Caller(name: request.queryValue("name"), zip: zip)
        var place: LookupResult?
        var placeProblem: String?
        let district = request.queryValue("district").flatMap { $0.isEmpty ? nil : $0 }
        if let at = request.queryValue("at"), !at.isEmpty {
            if let coordinates = try? Lookup.coordinates(at) {
                place = try? site.lookup.locate(latitude: coordinates.latitude, longitude: coordinates.longitude, district: district)
            }
            if place == nil { placeProblem = t("error.location.invalid") }
        } else if !zip.isEmpty && formState == nil {
            place = try? site.lookup.locate(zip: zip, district: district)
            if place == nil { placeProblem = t("error.zip.invalid") }
        }
        let resolution = site.resolver.resolve(definition.targets, place: place)
        let page = CampaignPage(folder: campaign.folder, status: campaign.status, locale: locale, localizer: localizer, caller: caller,
                                resolution: resolution, signatureCount: version.signatures, path: "/c/\(definition.slug)")
        guard case .object(var context)? = try? page.context() else { return .text("The page could not be rendered.\n", status: 500) }

        let placeholder = "\u{1}csrf\u{1}"
        context["csrf"] = .text(plain ? placeholder : token)
        context["notice"] = notice.map(TemplateValue.text)
        context["place_problem"] = placeProblem.map(TemplateValue.text)
        context["reported"] = .bool(request.queryValue("reported") != nil)
        context["query_zip"] = .text(zip)
        context["query_district"] = .text(district ?? "")
        context["outcomes"] = .list(CallReport.Outcome.allCases.map { .object(["value": .text($0.rawValue), "label": .text(t("call.outcome.\($0.rawValue)"))]) })
        let form = formState?.form
        var errors: [String: TemplateValue] = [:]
        for problem in formState?.problems ?? [] where errors[problem.field] == nil { errors[problem.field] = .text(t(problem.messageKey)) }
        context["form"] = .object([
            "name": .text(form?.name ?? ""), "email": .text(form?.email ?? ""), "zip": .text(form?.zip ?? ""), "reason": .text(form?.reason ?? ""),
            "district": .text(form?.district ?? district ?? ""),
        ])
        context["errors"] = .object(errors)
        context["has_errors"] = .bool(!(formState?.problems ?? []).isEmpty)
        context["error_list"] = .list((formState?.problems ?? []).map { .object(["field": .text($0.field), "message": .text(t($0.messageKey))]) })
        if case .object(var petition)? = context["petition"], case .list(let questions)? = petition["consent"] {
            petition["consent"] = .list(questions.map { question in
                guard case .object(var members) = question, case .text(let name)? = members["name"] else { return question }
                let chosen = CampaignDefinition.Consent(rawValue: String(name.dropFirst("consent_".count))).map { form?.consent.contains($0) == true } ?? false
                members["checked"] = .bool(chosen)
                return .object(members)
            })
            context["petition"] = .object(petition)
        }
        if let latestReasons {
            context["reasons"] = .list(latestReasons.map(reasonValue))
            context["reasons_url"] = .text("/c/\(definition.slug)/reasons?lang=\(locale)")
        }
        var response = render("pages/campaign", .object(context), status: status)
        if plain && response.status == 200 {
            response.body = pageCache.store(response.body, placeholder: placeholder, campaignID: campaign.id, locale: locale, version: version,
                                            token: token)
        }
        return finish(response)
    }

    func reasonValue(_ reason: SiteData.Reason) -> TemplateValue {
        .object(["name": .text(reason.firstName), "locality": .text(reason.locality), "text": .text(reason.text)])
    }

    // MARK: - Signing

    /// `POST /c/SLUG/sign`: checked here, stored by the writer, answered once on disk.
    func sign(_ campaign: PublishedCampaign, _ request: Request) -> Reply {
        let definition = campaign.definition
        guard let petition = definition.petition else { return .now(notFound(request)) }
        guard request.headers["content-type"]?.asciiFastLowercased.hasPrefix("application/x-www-form-urlencoded") == true else {
            return .now(.text("Send the form as application/x-www-form-urlencoded.\n", status: 415))
        }
        let fields: [(name: String, value: String)]
        do { fields = try FormDecoder.decode(request.body) } catch {
            let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
            return .now(campaignPage(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400))
        }
        func field(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
        // The language the form was filled in, else the visitor's.
        let locale = definition.locales.contains(field("lang")) ? field("lang")
            : LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        func t(_ key: String) -> String { localizer.string(key, locale: locale) }
        let consent = Set(petition.consent.filter { !field("consent_\($0.rawValue)").isEmpty })
        let form = SignatureForm(name: field("name"), email: field("email"), zip: field("zip"), reason: field("reason"), consent: consent,
                                 district: field("district"))

        guard campaign.status == .live else {
            return .now(campaignPage(campaign, request, formState: FormState(form: form, problems: []), notice: t("campaign.closed"), status: 409, locale: locale))
        }
        let session = request.cookie(CSRFProtection.sessionCookie) ?? ""
        guard csrf.isValid(field("csrf"), session: session) else {
            // Keep what was typed; the page comes back with a fresh session and token.
            return .now(campaignPage(campaign, request, formState: FormState(form: form, problems: []), notice: t("error.csrf"), status: 403, locale: locale))
        }
        let thanks = Response.seeOther("/c/\(definition.slug)/thanks?lang=\(locale)")
        // A bot filled the hidden field: answer as if signed, keep nothing.
        guard field("website").isEmpty else { return .now(thanks) }
        let problems = form.problems
        guard problems.isEmpty else {
            return .now(campaignPage(campaign, request, formState: FormState(form: form, problems: problems), status: 422, locale: locale))
        }
        let suspect = !signLimiter.allow(request.clientAddress)
        let now = Date()
        let confirmationSecret = petition.confirmEmail ? ConfirmationLink.makeSecret() : nil
        // Over the rate limit, no mail: the limit must not become a way to
        // flood someone's inbox with confirmation requests.
        let signature = NewSignature(campaignID: campaign.id, form: form, locale: locale, suspect: suspect, confirmed: !petition.confirmEmail,
                                     confirmationHash: confirmationSecret.map(ConfirmationLink.hash(secret:)),
                                     unsubscribeToken: SignerToken.make(at: now), createdAt: now,
                                     mailedConfirmationSecret: suspect ? nil : confirmationSecret)
        return .later { [self] answer in
            writer.submit(.signature(signature)) { outcome in
                switch outcome {
                case .stored, .confirmed, .unsubscribed, .unknownToken:
                    // The same answer whether or not this address had signed before.
                    answer(thanks)
                case .failed:
                    answer(self.campaignPage(campaign, request, formState: FormState(form: form, problems: []), notice: self.localizer.string("error.try_again", locale: locale), status: 503, locale: locale))
                }
            }
        }
    }

    /// `GET /c/SLUG/thanks`: thanks, what happens next, and ways to share.
    func thanksPage(_ campaign: PublishedCampaign, _ request: Request) -> Response {
        let definition = campaign.definition
        let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        let title = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        var context = baseContext(locale: locale, locales: definition.locales, path: "/c/\(definition.slug)/thanks", title: title)
        let url = baseURL + "/c/" + definition.slug
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
        }
        context["campaign_url"] = .text("/c/\(definition.slug)?lang=\(locale)")
        context["confirm"] = .bool(definition.petition?.confirmEmail == true)
        context["share"] = .list([
            ("share.email", "mailto:?subject=\(encoded(title))&body=\(encoded(url))"),
            ("share.whatsapp", "https://wa.me/?text=\(encoded(title + " " + url))"),
            ("share.x", "https://twitter.com/intent/tweet?text=\(encoded(title))&url=\(encoded(url))"),
            ("share.facebook", "https://www.facebook.com/sharer/sharer.php?u=\(encoded(url))"),
        ].map { .object(["label": .text(localizer.string($0.0, locale: locale)), "url": .text($0.1)]) })
        context["share_url"] = .text(url)
        return render("pages/thanks", .object(context))
    }

    // MARK: - Confirmation and unsubscribing

    /// `GET /c/SLUG/confirm?token=…`: the link in the confirmation mail.
    /// The token is used up; the page is in the signer's language.
    func confirm(_ campaign: PublishedCampaign, _ request: Request) -> Reply {
        let definition = campaign.definition
        let visitor = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        let token = request.queryValue("token") ?? ""
        guard token.count >= 16, token.count <= 128 else { return .now(confirmationPage(campaign, outcome: .unknownToken, locale: visitor)) }
        return .later { [self] answer in
            writer.submit(.confirmation(campaignID: campaign.id, link: ConfirmationLink(token: token))) { outcome in
                if case .failed = outcome {
                    answer(self.tryAgainPage(locale: visitor, locales: definition.locales))
                    return
                }
                var locale = visitor
                if case .confirmed(let signer, _) = outcome, definition.locales.contains(signer) { locale = signer }
                answer(self.confirmationPage(campaign, outcome: outcome, locale: locale))
            }
        }
    }

    private func confirmationPage(_ campaign: PublishedCampaign, outcome: SignatureWriter.Outcome, locale: String) -> Response {
        let definition = campaign.definition
        func t(_ key: String) -> String { localizer.string(key, locale: locale) }
        let title = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        let link = "/c/\(definition.slug)/thanks?lang=\(locale)"
        switch outcome {
        case .confirmed(_, let already):
            return messagePage(locale: locale, locales: definition.locales, heading: t("confirm.done.heading"), title: title,
                               message: t(already ? "confirm.already" : "confirm.done"), link: (link, t("thanks.share")))
        default:
            return messagePage(locale: locale, locales: definition.locales, heading: t("confirm.unknown.heading"), title: title,
                               message: t("confirm.unknown"), link: ("/c/\(definition.slug)?lang=\(locale)", t("thanks.back")), status: 404)
        }
    }

    /// `GET /unsubscribe?token=…`: asks before unsubscribing, since mail
    /// scanners follow links; the button posts back here.
    func unsubscribePage(token: String, _ request: Request) -> Response {
        let locale = LocaleChoice.choose(request, available: siteLocales, fallback: "en").locale
        func t(_ key: String) -> String { localizer.string(key, locale: locale) }
        return messagePage(locale: locale, locales: siteLocales, heading: t("unsubscribe.heading"), title: "", message: t("unsubscribe.ask"),
                           action: ("/unsubscribe?token=" + token, t("unsubscribe.button")))
    }

    /// `POST /unsubscribe?token=…`: the button, or a mail program's RFC 8058
    /// one-click request. The token itself is the proof, so no CSRF token.
    func unsubscribe(token: String, _ request: Request) -> Reply {
        let visitor = LocaleChoice.choose(request, available: siteLocales, fallback: "en").locale
        return .later { [self] answer in
            writer.submit(.unsubscribe(token: token)) { outcome in
                let locale: String
                switch outcome {
                case .unsubscribed(let signer): locale = self.siteLocales.contains(signer) ? signer : visitor
                case .failed:
                    answer(self.tryAgainPage(locale: visitor, locales: self.siteLocales))
                    return
                default:
                    answer(self.messagePage(locale: visitor, locales: self.siteLocales, heading: self.localizer.string("unsubscribe.heading", locale: visitor),
                                            title: "", message: self.localizer.string("unsubscribe.unknown", locale: visitor), status: 404))
                    return
                }
                answer(self.messagePage(locale: locale, locales: self.siteLocales, heading: self.localizer.string("unsubscribe.done.heading", locale: locale),
                                        title: "", message: self.localizer.string("unsubscribe.done", locale: locale), status: 200, statusMessage: true))
            }
        }
    }

    /// The answer when the writer could not store something: 503, try again.
    func tryAgainPage(locale: String, locales: [String]) -> Response {
        let text = localizer.string("error.try_again", locale: locale)
        return messagePage(locale: locale, locales: locales, heading: text, title: "", message: text, status: 503)
    }

    /// A page that says one thing, optionally with a button or a link.
    func messagePage(locale: String, locales: [String], heading: String, title: String, message: String,
                     link: (url: String, label: String)? = nil, action: (url: String, label: String)? = nil,
                     status: Int = 200, statusMessage: Bool = true) -> Response {
        var context = baseContext(locale: locale, locales: locales, path: "", title: title)
        context["heading"] = .text(heading)
        context["message"] = .text(message)
        context["status"] = .bool(statusMessage)
        if let link { context["link_url"] = .text(link.url); context["link_label"] = .text(link.label) }
        if let action { context["action"] = .text(action.url); context["button"] = .text(action.label) }
        return render("pages/message", .object(context), status: status)
    }

    // MARK: - Call reports

    /// `POST /c/SLUG/call`: how a call went, counted per target.
    func reportCall(_ campaign: PublishedCampaign, _ request: Request) -> Reply {
        let definition = campaign.definition
        guard definition.call != nil else { return .now(notFound(request)) }
        let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        guard let fields = try? FormDecoder.decode(request.body) else {
            return .now(campaignPage(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400))
        }
        func field(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }
        guard campaign.status == .live else { return .now(campaignPage(campaign, request, notice: localizer.string("campaign.closed", locale: locale), status: 409)) }
        guard csrf.isValid(field("csrf"), session: request.cookie(CSRFProtection.sessionCookie) ?? "") else {
            return .now(campaignPage(campaign, request, notice: localizer.string("error.csrf", locale: locale), status: 403))
        }
        let directory = site.directory
        let target = field("target")
        guard let outcome = CallReport.Outcome(rawValue: field("outcome")),
              directory.officials.contains(where: { $0.id == target }) || directory.offices.contains(where: { $0.id == target }) else {
            return .now(campaignPage(campaign, request, notice: localizer.string("error.form", locale: locale), status: 400))
        }
        var back = "/c/\(definition.slug)?lang=\(locale)&reported=1"
        for name in ["zip", "district", "name"] where !field(name).isEmpty {
            back += "&\(name)=" + (field(name).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }
        let location = back + "#calls"
        let report = CallReport(campaignID: campaign.id, target: target, outcome: outcome, suspect: !callLimiter.allow(request.clientAddress), createdAt: Date())
        return .later { [self] answer in
            writer.submit(.call(report)) { result in
                if case .failed = result {
                    answer(self.campaignPage(campaign, request, notice: self.localizer.string("error.try_again", locale: locale), status: 503))
                } else {
                    answer(.seeOther(location))
                }
            }
        }
    }

    // MARK: - Reasons

    /// `/c/SLUG/reasons?page=N`: public reasons, newest first.
    func reasonsPage(_ campaign: PublishedCampaign, _ request: Request) -> Response {
        let definition = campaign.definition
        let locale = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        let page = max(1, min(10_000, Int(request.queryValue("page") ?? "1") ?? 1))
        let path = "/c/\(definition.slug)/reasons"
        var context = baseContext(locale: locale, locales: definition.locales, path: path,
                                  title: ScriptContext.localized(definition.title, locale, definition.defaultLocale))
        guard let (reasons, hasMore) = try? site.reasons(of: campaign.id, page: page) else { return .text("The reasons could not be read.\n", status: 500) }
        context["reasons"] = .list(reasons.map(reasonValue))
        context["campaign_url"] = .text("/c/\(definition.slug)?lang=\(locale)")
        if hasMore { context["next_url"] = .text("\(path)?lang=\(locale)&page=\(page + 1)") }
        if page > 1 { context["previous_url"] = .text("\(path)?lang=\(locale)&page=\(page - 1)") }
        return render("pages/reasons", .object(context))
    }
}
