import Campaign
import Foundation
import Synchronization

/// `/api/osdi/v1/…`: the Open Supporter Data Interface read API, for CRMs
/// that pull supporters (Action Network and others). HAL+JSON, paginated
/// with `page` and `per_page`; only with an organizer token, sent as
/// `Authorization: Bearer …` or `OSDI-API-Token`; never cached.
struct OSDIHandler: Sendable {
    let pages: Pages
    /// The key people's ids are made with, read once.
    private let personKey = PersonKey()
    var context: SiteContext { pages.context }

    init(pages: Pages) {
        self.pages = pages
    }

    private final class PersonKey: Sendable {
        let value = Mutex<[UInt8]?>(nil)
    }

    func entryPoint(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply { try answer(request, .entryPoint) }
    func people(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply { try answer(request, .people) }
    func person(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply { try answer(request, .person(id: parameters["id"])) }
    func petitions(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply { try answer(request, .petitions) }
    func petition(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply { try answer(request, .petition(slug: parameters["slug"])) }
    func signatures(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try answer(request, .signatures(slug: parameters["slug"]))
    }
    func signature(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try answer(request, .signature(slug: parameters["slug"], id: parameters["id"]))
    }
    func advocacyCampaigns(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply { try answer(request, .advocacyCampaigns) }
    func advocacyCampaign(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try answer(request, .advocacyCampaign(slug: parameters["slug"]))
    }
    func outreaches(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try answer(request, .outreaches(slug: parameters["slug"]))
    }
    func outreach(_ request: Request, _ parameters: Route.Parameters) throws -> HandlerReply {
        try answer(request, .outreach(slug: parameters["slug"], id: parameters["id"]))
    }

    /// A JSON error in the API's own type, never cached.
    static func error(_ message: String, status: Int) -> Response {
        Response(status: status, headers: [("Content-Type", "application/hal+json"), ("Cache-Control", "no-store")],
                 body: Array(JSONOutput.object([("response_code", .number(Double(status))), ("error", .string(message))]).rendered().utf8))
    }

    private func answer(_ request: Request, _ resource: OSDIView.Resource) throws -> HandlerReply {
        guard try pages.organizer(request) != nil else {
            var response = Self.error("An organizer token is required: OSDI-API-Token: TOKEN or Authorization: Bearer TOKEN "
                                      + "(campaign token create --name NAME).", status: 401)
            response.add("WWW-Authenticate", "Bearer realm=\"campaign OSDI\"")
            return .now(response)
        }
        var numbers: [String: Int] = [:]
        for name in ["page", "per_page"] {
            guard let text = request.queryValue(name) else { continue }
            // A page past the last is empty; one past any collection's length would overflow its offset.
            guard let number = Int(text), number >= 1, name != "page" || number <= OSDIView.maxPage else {
                let range = name == "page" ? "from 1 to \(OSDIView.maxPage)" : "from 1"
                return .now(Self.error("Query '\(name)': expected a whole number \(range).", status: 400))
            }
            numbers[name] = number
        }
        // A page size over the most is served at the most, as max_pagesize says.
        let page = OSDIDocuments.Page(number: numbers["page"] ?? 1, size: min(numbers["per_page"] ?? OSDIView.defaultPageSize, OSDIView.maxPageSize))
        let (pool, tokens, base, now, key) = (context.pool, context.tokens, context.baseURL, context.clock.now(), personKey)
        return .later { answer in
            DispatchQueue.global().async {
                answer(Result {
                    do {
                        let secret = try key.value.withLock { cached in
                            if let cached { return cached }
                            let made = try OSDIView.personKey(pool, tokens: tokens)
                            cached = made
                            return made
                        }
                        let view = OSDIView(baseURL: base, personKey: secret, now: now)
                        guard let document = try pool.read({ try view.document(resource, page: page, $0) }) else {
                            return Self.error("Not found.", status: 404)
                        }
                        return Response(status: 200, headers: [("Content-Type", "application/hal+json"), ("Cache-Control", "no-store")],
                                        body: Array(document.rendered().utf8))
                    } catch {
                        throw HandlerError.storage(error)
                    }
                })
            }
        }
    }
}
