import Campaign
import Foundation

/// The supporter web app: a request in, a reply out, no sockets. The route
/// table picks the handler; failures become responses in one place, at the
/// edge, in the supporter's language.
public final class App: Sendable {
    public let context: SiteContext
    public let router: Router
    /// Requests and connections, recorded by the socket binding, shown at `/metrics`.
    public let httpMetrics: HTTPMetrics
    private let handlers: Handlers
    private let errors: ErrorResponder

    /// Serves `context`'s site with `router`'s routes.
    public init(context: SiteContext, router: Router = .site) {
        self.context = context
        self.router = router
        httpMetrics = HTTPMetrics(router: router)
        handlers = Handlers(context: context, httpMetrics: httpMetrics)
        errors = ErrorResponder(pages: Pages(context: context))
    }

    /// Answers a request.
    public func handle(_ request: Request) -> Reply {
        let (isHead, secure) = (request.method == "HEAD", request.isSecure)
        let finish: @Sendable (Response) -> Response = { Self.finish($0, isHead: isHead, secure: secure) }
        switch router.decide(method: request.method, path: request.path) {
        case .notFound:
            return .now(finish(errors.response(for: HandlerError.notFound, request: request, route: "other")))
        case .methodNotAllowed(let allowed):
            var response = Response.text("Method not allowed\n", status: 405)
            response.add("Allow", allowed.joined(separator: ", "))
            return .now(finish(response))
        case .route(let route, let parameters):
            let label = route.template.text
            do {
                switch try route.handler(handlers)(request, parameters) {
                case .now(let response): return .now(finish(response))
                case .later(let start):
                    let errors = self.errors
                    return .later { answer in
                        start { result in
                            switch result {
                            case .success(let response): answer(finish(response))
                            case .failure(let error): answer(finish(errors.response(for: error, request: request, route: label)))
                            }
                        }
                    }
                }
            } catch {
                return .now(finish(errors.response(for: error, request: request, route: label)))
            }
        }
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
}
