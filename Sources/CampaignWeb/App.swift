import Campaign
import Foundation

/// The supporter web app: a request in, a reply out, no sockets. Errors
/// become pages here, at the edge, in the supporter's language.
public final class App: Sendable {
    public let configuration: Configuration
    private let publicAddress: LockedValue<String>
    let pool: DatabasePool
    let site: SiteData
    let counts: SignatureCounts
    let writer: SignatureWriter
    let csrf: CSRFProtection
    let signLimiter: RateLimiter
    let callLimiter: RateLimiter
    let localizer: Localizer
    let library: TemplateLibrary
    let staticFiles: StaticFiles
    private let mailFrom: MailAddress?
    private let replyTo: MailAddress?
    /// The composer last made, with the public address it was made for.
    private let madeComposer = LockedValue<(base: String, composer: MailComposer)?>(nil)
    let pageCache = PageCache()
    /// Requests and connections, recorded by the socket binding, shown at `/metrics`.
    public let httpMetrics = HTTPMetrics()
    let outboxBacklog: OutboxBacklog

    /// Loads templates, catalogs and the site's data.
    public init(configuration: Configuration, pool: DatabasePool, counts: SignatureCounts, writer: SignatureWriter) throws {
        self.configuration = configuration
        publicAddress = LockedValue(configuration.baseURL)
        self.pool = pool
        self.counts = counts
        self.writer = writer
        site = try SiteData(pool: pool)
        outboxBacklog = OutboxBacklog(pool: pool)
        csrf = try CSRFProtection(pool: pool)
        signLimiter = RateLimiter(limit: configuration.signLimit, window: configuration.rateWindow)
        callLimiter = RateLimiter(limit: configuration.callLimit, window: configuration.rateWindow)
        let folders = (configuration.customTemplates.map { [$0] } ?? []) + [configuration.templates]
        library = TemplateLibrary(folders: folders)
        let catalogs = folders.map { ($0 as NSString).appendingPathComponent("locales") }
            .first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("en.json")) }
        guard let catalogs else { throw InputError("--templates: no locales/en.json in \(folders.joined(separator: " or "))") }
        localizer = try Localizer.load(folder: catalogs)
        staticFiles = StaticFiles(folders: folders.map { ($0 as NSString).appendingPathComponent("static") })
        for page in ["pages/campaign", "pages/index", "pages/thanks", "pages/reasons", "pages/error", "pages/message",
                     "mail/confirmation.txt", "mail/confirmation.html"] where try library.template(named: page) == nil {
            throw InputError("--templates: no \(page)\(page.contains(".") ? "" : ".html") in \(folders.joined(separator: " or "))")
        }
        mailFrom = try configuration.mailFrom.map { try MailAddress(parsing: $0) }
        replyTo = try configuration.replyTo.map { try MailAddress(parsing: $0) }
    }

    /// The public address share links use ("https://act.example.org").
    public var baseURL: String {
        get { publicAddress.withLock { $0 } }
        set { publicAddress.withLock { $0 = newValue } }
    }

    /// Writes the mail the site sends (confirmations), with links to the current base URL.
    public var composer: MailComposer {
        let base = baseURL
        if let made = madeComposer.withLock({ $0 }), made.base == base { return made.composer }
        let composer = makeComposer(base)
        madeComposer.withLock { $0 = (base, composer) }
        return composer
    }

    private func makeComposer(_ base: String) -> MailComposer {
        let from = mailFrom ?? (try? MailAddress(address: MailSettings.defaultSender(baseURL: base)))
            ?? (try! MailAddress(address: "no-reply@localhost.localdomain"))
        return MailComposer(settings: MailSettings(from: from, replyTo: replyTo, baseURL: base), localizer: localizer, library: library)
    }

    /// Answers a request.
    public func handle(_ request: Request) -> Reply {
        let parts = Self.segments(of: request.path)
        let reply: Reply
        switch (request.method, parts.first, parts.count) {
        case ("GET", nil, 0), ("HEAD", nil, 0): reply = .now(indexPage(request))
        case ("GET", "healthz", 1), ("HEAD", "healthz", 1): reply = .now(.text("ok\n", status: 200))
        case ("GET", "metrics", 1) where request.path == "/metrics", ("HEAD", "metrics", 1) where request.path == "/metrics":
            reply = .now(metrics(request))
        case ("GET", "static", 2), ("HEAD", "static", 2): reply = .now(staticFiles.response(for: parts[1], request: request))
        case ("GET", "api", _): reply = .now(api(request, parts))
        case (_, "admin", _): reply = admin(request, parts)
        case ("GET", "unsubscribe", 1), ("HEAD", "unsubscribe", 1): reply = .now(unsubscribePage(token: request.queryValue("token") ?? "", request))
        case ("POST", "unsubscribe", 1): reply = unsubscribe(token: request.queryValue("token") ?? "", request)
        case (_, "c", 2...) where parts.count <= 3:
            guard let campaign = site.campaign(parts[1]) else { reply = .now(notFound(request)); break }
            switch (request.method, parts.count > 2 ? parts[2] : nil) {
            case ("GET", nil), ("HEAD", nil): reply = .now(campaignPage(campaign, request))
            case ("POST", "sign"): reply = sign(campaign, request)
            case ("POST", "call"): reply = reportCall(campaign, request)
            case ("GET", "thanks"): reply = .now(thanksPage(campaign, request))
            case ("GET", "confirm"): reply = confirm(campaign, request)
            case ("GET", "reasons"): reply = .now(reasonsPage(campaign, request))
            case (_, nil), (_, "sign"), (_, "call"), (_, "thanks"), (_, "reasons"), (_, "confirm"): reply = .now(methodNotAllowed(request))
            default: reply = .now(notFound(request))
            }
        default: reply = .now(notFound(request))
        }
        let (isHead, secure) = (request.method == "HEAD", request.isSecure)
        switch reply {
        case .now(let response): return .now(Self.finish(response, isHead: isHead, secure: secure))
        case .later(let start): return .later { answer in start { answer(Self.finish($0, isHead: isHead, secure: secure)) } }
        }
    }

    /// The non-empty `/`-separated segments of a path, by a plain loop (the
    /// generic split is a measurable part of a signing request's cost).
    static func segments(of path: String) -> [String] {
        var segments: [String] = []
        segments.reserveCapacity(4)
        let bytes = Substring(path).utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.endIndex
            if end > start { segments.append(String(Substring(bytes[start..<end]))) }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return segments
    }

    /// Security headers on everything; HEAD gets headers only.
    private static func finish(_ response: Response, isHead: Bool, secure: Bool) -> Response {
        var response = response
        SecurityHeaders.apply(to: &response, secure: secure)
        if isHead {
            response.body = []
            if let file = response.file { close(file.descriptor) }
            response.file = nil
        }
        return response
    }

    // MARK: - Shared page parts

    /// The session cookie's value, and a header to set it when it is new.
    func session(_ request: Request) -> (id: String, setCookie: String?) {
        if let id = request.cookie(CSRFProtection.sessionCookie), (16...64).contains(id.utf8.count) { return (id, nil) }
        let id = SecureRandom.token()
        return (id, Cookies.setCookie(name: CSRFProtection.sessionCookie, value: id, secure: request.isSecure, httpOnly: true, sameSite: .lax))
    }

    /// Renders a page template; a template failure is a server error page.
    func render(_ name: String, _ context: TemplateValue, status: Int = 200) -> Response {
        do {
            guard let template = try library.template(named: name) else { return .text("missing template \(name)\n", status: 500) }
            return .html(try library.renderer(mode: .html).render(template, context), status: status)
        } catch {
            return .text("The page could not be rendered.\n", status: 500)
        }
    }

    /// Context every page has: language, strings, language links.
    func baseContext(locale: String, locales: [String], path: String, title: String) -> [String: TemplateValue] {
        return [
            "lang": .text(locale), "title": .text(title), "t": localizer.templateStrings(locale: locale),
            "languages": .list(locales.map { code in
                .object(["code": .text(code), "name": .text(localizer.string("language.name", locale: code)),
                         "url": .text("\(path)?lang=\(code)"), "current": .bool(code == locale)])
            }),
        ]
    }

    /// The site's languages: those with a catalog.
    var siteLocales: [String] { localizer.locales }

    func notFound(_ request: Request) -> Response {
        let locale = LocaleChoice.choose(request, available: siteLocales, fallback: "en").locale
        var context = baseContext(locale: locale, locales: siteLocales, path: request.path, title: localizer.string("error.not_found.title", locale: locale))
        context["message"] = .text(localizer.string("error.not_found", locale: locale))
        return render("pages/error", .object(context), status: 404)
    }

    func methodNotAllowed(_ request: Request) -> Response {
        var response = Response.text("Method not allowed\n", status: 405)
        response.add("Allow", "GET, HEAD, POST")
        return response
    }
}
