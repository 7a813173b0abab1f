import Campaign

/// The links in mail: confirming a signature (`GET /c/:slug/confirm`) and
/// unsubscribing (`GET` and `POST /unsubscribe`).
struct ConfirmationHandler: Sendable {
    let pages: Pages
    var context: SiteContext { pages.context }

    /// `GET /c/:slug/confirm?token=…`: the link in the confirmation mail.
    /// Opened again (a mail scanner opens links before their reader), it
    /// answers that the signature is confirmed and counts nothing more;
    /// the page is in the signer's language.
    func confirm(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let campaign = try pages.campaign(parameters)
        let definition = campaign.definition
        let visitor = LocaleChoice.choose(request, available: definition.locales, fallback: definition.defaultLocale).locale
        let token = request.queryValue("token") ?? ""
        guard token.count >= 16, token.count <= 128 else { return .now(try confirmationPage(campaign, outcome: .unknownToken, locale: visitor)) }
        let pages = self.pages
        return .later { [self] answer in
            context.writer.submit(.confirmation(campaignID: campaign.id, link: ConfirmationLink(token: token))) { outcome in
                answer(Result {
                    if case .failed = outcome { return try pages.tryAgain(locale: visitor, locales: definition.locales) }
                    var locale = visitor
                    if case .confirmed(let signer, _) = outcome, definition.locales.contains(signer) { locale = signer }
                    return try confirmationPage(campaign, outcome: outcome, locale: locale)
                })
            }
        }
    }

    private func confirmationPage(_ campaign: PublishedCampaign, outcome: SignatureWriter.Outcome, locale: String) throws -> Response {
        let definition = campaign.definition
        func t(_ key: String) -> String { context.localizer.string(key, locale: locale) }
        let title = ScriptContext.localized(definition.title, locale, definition.defaultLocale)
        let link = "/c/\(definition.slug)/thanks?lang=\(locale)"
        switch outcome {
        case .confirmed(_, let already):
            return try pages.message(locale: locale, locales: definition.locales, heading: t("confirm.done.heading"), title: title,
                                     message: t(already ? "confirm.already" : "confirm.done"), link: (link, t("thanks.share")))
        default:
            return try pages.message(locale: locale, locales: definition.locales, heading: t("confirm.unknown.heading"), title: title,
                                     message: t("confirm.unknown"), link: ("/c/\(definition.slug)?lang=\(locale)", t("thanks.back")), status: 404)
        }
    }

    /// `GET /unsubscribe?token=…`: asks before unsubscribing, since mail
    /// scanners follow links; the button posts back here. The page is in
    /// the signer's language, and says what the button does.
    func unsubscribePage(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let token = request.queryValue("token") ?? ""
        let locales = context.siteLocales
        let subscriber: SignatureStore.Subscriber?
        do {
            subscriber = token.utf8.count > 256 ? nil : try context.pool.read { try SignatureStore.subscriber(token: token, $0) }
        } catch {
            throw HandlerError.storage(error)
        }
        let (locale, chosen) = Self.language(request, signer: subscriber?.locale, locales: locales)
        func t(_ key: String) -> String { context.localizer.string(key, locale: locale) }
        let path = "/unsubscribe?token=" + token
        guard let subscriber else {
            return .now(try pages.message(locale: locale, locales: locales, heading: t("unsubscribe.heading"), title: "",
                                          message: t("unsubscribe.unknown"), status: 404))
        }
        if subscriber.unsubscribed {
            return .now(try pages.message(locale: locale, locales: locales, heading: t("unsubscribe.done.heading"), title: "",
                                          message: t("unsubscribe.already"), path: path))
        }
        return .now(try pages.message(locale: locale, locales: locales, heading: t("unsubscribe.heading"), title: "", message: t("unsubscribe.ask"),
                                      action: (path + (chosen ? "&lang=" + locale : ""), t("unsubscribe.button")), path: path))
    }

    /// `POST /unsubscribe?token=…`: the button, or a mail program's RFC 8058
    /// one-click request. The token itself is the proof, so no CSRF token.
    func unsubscribe(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let token = request.queryValue("token") ?? ""
        let locales = context.siteLocales
        let visitor = Self.language(request, signer: nil, locales: locales).locale
        let (pages, localizer) = (self.pages, context.localizer)
        return .later { [self] answer in
            context.writer.submit(.unsubscribe(token: token)) { outcome in
                answer(Result {
                    switch outcome {
                    case .unsubscribed(let signer):
                        let locale = Self.language(request, signer: signer, locales: locales).locale
                        return try pages.message(locale: locale, locales: locales, heading: localizer.string("unsubscribe.done.heading", locale: locale),
                                                 title: "", message: localizer.string("unsubscribe.done", locale: locale), path: "/unsubscribe?token=" + token)
                    case .failed:
                        return try pages.tryAgain(locale: visitor, locales: locales)
                    default:
                        return try pages.message(locale: visitor, locales: locales, heading: localizer.string("unsubscribe.heading", locale: visitor),
                                                 title: "", message: localizer.string("unsubscribe.unknown", locale: visitor), status: 404)
                    }
                })
            }
        }
    }

    /// The language of the unsubscribe pages: one chosen on the page
    /// (`?lang=`), else the signer's (their mail was in it), else the
    /// visitor's. True when it was chosen on the page.
    static func language(_ request: Request, signer: String?, locales: [String]) -> (locale: String, chosen: Bool) {
        if let asked = request.queryValue("lang"), locales.contains(asked) { return (asked, true) }
        if let signer, locales.contains(signer) { return (signer, false) }
        return (LocaleChoice.choose(request, available: locales, fallback: "en").locale, false)
    }
}
