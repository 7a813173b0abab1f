/// Why a handler could not answer as it meant to. `ErrorResponder` turns
/// each into the response the supporter sees, in one place, and logs the
/// ones that are the site's fault.
enum HandlerError: Error {
    /// Nothing is here: an unknown campaign, a route the campaign lacks.
    case notFound
    /// A page template failed to render.
    case render(template: String, underlying: any Error)
    /// The database could not be read or written.
    case storage(any Error)
}
