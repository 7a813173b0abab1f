/// One entry of the route table: a method, a path template, and the
/// handler that answers it. `GET` routes answer `HEAD` too.
public struct Route: Sendable {
    /// The values of a path's `:name` segments.
    public struct Parameters: Sendable {
        let values: [(name: String, value: String)]

        /// The value of `:name`; "" when the template has none.
        public subscript(_ name: String) -> String { values.first { $0.name == name }?.value ?? "" }
    }

    /// Answers a request to this route, given the site's handlers.
    typealias Handler = @Sendable (Handlers) -> (Request, Parameters) throws -> HandlerReply

    public let method: String
    public let template: PathTemplate
    /// A route that does not show itself: another method on its path is
    /// answered as an unknown path (404), not with what it allows (405).
    public let hidden: Bool
    let handler: Handler

    init(_ method: String, _ template: String, hidden: Bool = false, _ handler: @escaping Handler) {
        self.method = method
        self.template = PathTemplate(template)
        self.hidden = hidden
        self.handler = handler
    }

    /// Whether a request with `method` may use this route.
    func allows(_ method: String) -> Bool { self.method == method || (self.method == "GET" && method == "HEAD") }
}
