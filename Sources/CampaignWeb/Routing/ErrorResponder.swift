import Campaign

/// The one place a failure becomes a response. What went wrong on the
/// site's side is logged with the route and the kind of failure: never a
/// request's query, body or cookies, which hold what supporters typed.
struct ErrorResponder: Sendable {
    let pages: Pages

    /// The response for `error`, thrown while answering `request` on `route` (a template).
    func response(for error: any Error, request: Request, route: String) -> Response {
        switch error {
        case HandlerError.notFound:
            if request.path.hasPrefix("/api/") { return .json("{\"error\": \"not found\"}\n", status: 404) }
            do { return try pages.notFound(request) } catch { return response(for: error, request: request, route: route) }
        case HandlerError.render(let template, let underlying):
            // A template's own errors name its placeholders and lines, which are the site's, not a supporter's.
            let reason = (underlying as? InputError).map(\.description) ?? Self.kind(underlying)
            log(request, route, "page \(template) could not be rendered: \(reason)")
            return .text("The page could not be rendered.\n", status: 500)
        case HandlerError.storage(let underlying):
            log(request, route, "the database failed: \(Self.kind(underlying))")
            return .text("The server could not read or write its data; try again in a moment.\n", status: 503)
        default:
            log(request, route, "failed: \(Self.kind(error))")
            return .text("The server failed to answer.\n", status: 500)
        }
    }

    private func log(_ request: Request, _ route: String, _ what: String) {
        pages.context.log("\(request.method) \(route): \(what)")
    }

    /// What kind of error it is, without anything a request carried:
    /// SQLite's own messages name statements, never bound values; anything
    /// else is named by its type.
    static func kind(_ error: any Error) -> String {
        switch error {
        case let database as DatabaseError: return database.description
        case let storage as StorageError: return storage.description
        default: return String(describing: type(of: error))
        }
    }
}
