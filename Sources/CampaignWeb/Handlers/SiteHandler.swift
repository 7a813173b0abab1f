import Campaign

/// The front page, the health check and the static files.
struct SiteHandler: Sendable {
    let pages: Pages
    var context: SiteContext { pages.context }

    /// `/`: the live campaigns, then closed ones.
    func index(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        let localizer = context.localizer
        let (locale, explicit) = LocaleChoice.choose(request, available: context.siteLocales, fallback: "en")
        var values = pages.base(locale: locale, locales: context.siteLocales, path: "/", title: localizer.string("site.title", locale: locale))
        values["campaigns"] = .list(context.site.listed().map { campaign in
            let definition = campaign.definition
            let language = definition.locales.contains(locale) ? locale : definition.defaultLocale
            var item: [String: TemplateValue] = [
                "url": .text("/c/\(definition.slug)" + (language == locale ? "" : "?lang=\(language)")),
                "title": .text(ScriptContext.localized(definition.title, language, definition.defaultLocale)),
                "summary": .text(ScriptContext.localized(definition.summary, language, definition.defaultLocale)),
                "lang": .text(language), "is_closed": .bool(campaign.status == .closed),
                "is_petition": .bool(definition.petition != nil), "is_call": .bool(definition.call != nil),
            ]
            if definition.petition != nil {
                item["count"] = .text(localizer.plural("signatures.count", count: context.counts.signatures(of: campaign.id), locale: locale))
            }
            return .object(item)
        })
        var response = try pages.render("pages/index", .object(values))
        if explicit, let cookie = Cookies.setCookie(name: LocaleChoice.cookie, value: locale, maxAge: 31_536_000, secure: request.isSecure, httpOnly: true, sameSite: .lax) {
            response.add("Set-Cookie", cookie)
        }
        return .now(response)
    }

    /// `/healthz`.
    func health(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        .now(.text("ok\n", status: 200))
    }

    /// `/static/:file`.
    func staticFile(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        .now(context.resources.staticFiles.response(for: parameters["file"], request: request))
    }
}
