import Campaign
import Foundation

/// What every page has: rendering a template, the language links, the
/// session cookie, and the pages that say one thing (not found, try again,
/// done). Each handler has one.
struct Pages: Sendable {
    let context: SiteContext

    /// Renders a page template.
    func render(_ name: String, _ values: TemplateValue, status: Int = 200) throws -> Response {
        do {
            guard let template = try context.library.template(named: name) else {
                throw InputError("no template \(name)")
            }
            return .html(try context.library.renderer(mode: .html).render(template, values), status: status)
        } catch {
            throw HandlerError.render(template: name, underlying: error)
        }
    }

    /// Values every page has: language, strings, language links (to
    /// `path`, which may carry a query of its own), each language named in
    /// itself: its own catalog's `language.name`, else its tag, never
    /// another language's name for it.
    func base(locale: String, locales: [String], path: String, title: String) -> [String: TemplateValue] {
        let localizer = context.localizer
        let separator = path.contains("?") ? "&" : "?"
        return [
            "lang": .text(locale), "dir": .text(LocaleTag.direction(of: locale)), "title": .text(title), "t": localizer.templateStrings(locale: locale),
            "languages": .list(locales.map { code in
                .object(["code": .text(code), "name": .text(localizer.ownString("language.name", locale: code) ?? code),
                         "url": .text("\(path)\(separator)lang=\(code)"), "current": .bool(code == locale)])
            }),
        ]
    }

    /// The session cookie's value, and a header to set it when it is new:
    /// an id the server did not issue is replaced, never taken on. A page
    /// `framed` on another site (the embed) gets a cookie that reaches its
    /// form there: `SameSite=None; Secure; Partitioned`, over HTTPS only.
    func session(_ request: Request, framed: Bool = false) -> (id: String, setCookie: String?) {
        if let id = request.cookie(CSRFProtection.sessionCookie), context.csrf.isIssued(id) { return (id, nil) }
        let id = context.csrf.newSession(context.tokens)
        let crossSite = framed && request.isSecure
        return (id, Cookies.setCookie(name: CSRFProtection.sessionCookie, value: id, secure: request.isSecure, httpOnly: true,
                                      sameSite: crossSite ? .none : .lax, partitioned: crossSite))
    }

    /// The site's page for a path with nothing behind it.
    func notFound(_ request: Request) throws -> Response {
        let locale = LocaleChoice.choose(request, available: context.siteLocales, fallback: "en").locale
        var values = base(locale: locale, locales: context.siteLocales, path: request.path,
                          title: context.localizer.string("error.not_found.title", locale: locale))
        values["message"] = .text(context.localizer.string("error.not_found", locale: locale))
        return try render("pages/error", .object(values), status: 404)
    }

    /// The answer when the writer could not store something: 503, try again.
    func tryAgain(locale: String, locales: [String]) throws -> Response {
        let text = context.localizer.string("error.try_again", locale: locale)
        return try message(locale: locale, locales: locales, heading: text, title: "", message: text, status: 503)
    }

    /// A page that says one thing, optionally with a button or a link;
    /// its language links lead to `path` (by default, the page's own path
    /// without its query).
    func message(locale: String, locales: [String], heading: String, title: String, message: String,
                 link: (url: String, label: String)? = nil, action: (url: String, label: String)? = nil,
                 status: Int = 200, statusMessage: Bool = true, path: String = "") throws -> Response {
        var values = base(locale: locale, locales: locales, path: path, title: title)
        values["heading"] = .text(heading)
        values["message"] = .text(message)
        values["status"] = .bool(statusMessage)
        if let link { values["link_url"] = .text(link.url); values["link_label"] = .text(link.label) }
        if let action { values["action"] = .text(action.url); values["button"] = .text(action.label) }
        return try render("pages/message", .object(values), status: status)
    }

    /// The published campaign a `/c/:slug` route is for, unless it is a draft.
    func campaign(_ parameters: Route.Parameters) throws -> PublishedCampaign {
        guard let campaign = context.site.campaign(parameters["slug"]) else { throw HandlerError.notFound }
        return campaign
    }

    /// The token in `Authorization: Bearer …`, if any.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// The name of the live organizer token the request carries
    /// (`Authorization: Bearer …`, or `OSDI-API-Token`, which CRMs send), or
    /// nil; a token that is found is noted as used.
    func organizer(_ request: Request) throws -> String? {
        guard let token = Self.bearerToken(request) ?? request.headers["osdi-api-token"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        let name: String?
        do { name = try context.pool.read { try OrganizerTokens.verify(token, $0) } } catch { throw HandlerError.storage(error) }
        guard let name else { return nil }
        // When it was last used is bookkeeping: not being able to note it stops nothing.
        do { try context.pool.write { try OrganizerTokens.touch(name: name, at: context.clock.now(), $0) } } catch {
            context.log("the use of organizer token '\(name)' could not be recorded: \(error)")
        }
        return name
    }

    /// 401 with the way to get a token.
    static func tokenRequired(realm: String) -> Response {
        var response = Response.text("An organizer token is required: Authorization: Bearer TOKEN (campaign token create --name NAME).\n", status: 401)
        response.add("WWW-Authenticate", "Bearer realm=\"\(realm)\"")
        return response
    }
}
