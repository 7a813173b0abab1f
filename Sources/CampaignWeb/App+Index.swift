import Campaign

extension App {
    /// `/`: the live campaigns, then closed ones.
    func indexPage(_ request: Request) -> Response {
        let (locale, explicit) = LocaleChoice.choose(request, available: siteLocales, fallback: "en")
        var context = baseContext(locale: locale, locales: siteLocales, path: "/", title: localizer.string("site.title", locale: locale))
        context["campaigns"] = .list(site.listed().map { campaign in
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
                item["count"] = .text(localizer.plural("signatures.count", count: counts.signatures(of: campaign.id), locale: locale))
            }
            return .object(item)
        })
        var response = render("pages/index", .object(context))
        if explicit, let cookie = Cookies.setCookie(name: LocaleChoice.cookie, value: locale, maxAge: 31_536_000, secure: request.isSecure, httpOnly: true, sameSite: .lax) {
            response.add("Set-Cookie", cookie)
        }
        return response
    }
}
