/// What a handler gives: a response now, or later once the signature
/// writer has answered, when it may still fail (a page that cannot be
/// rendered). `App` turns failures into responses and hands the server a
/// `Reply`.
enum HandlerReply: Sendable {
    case now(Response)
    case later(@Sendable (@escaping @Sendable (Result<Response, any Error>) -> Void) -> Void)
}
