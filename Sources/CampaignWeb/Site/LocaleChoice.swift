import Campaign

/// Picks the page language: the supporter's explicit choice (`?lang=`, then
/// the cookie it set), then `Accept-Language`, then the campaign's default.
public enum LocaleChoice {
    /// The cookie that remembers an explicit choice.
    public static let cookie = "lang"

    /// The chosen locale among `available`, and whether it was chosen
    /// explicitly now (so the cookie should be set).
    public static func choose(_ request: Request, available: [String], fallback: String) -> (locale: String, explicit: Bool) {
        if let asked = request.queryValue("lang"), let tag = LocaleTag.canonical(asked),
           available.contains(where: { LocaleTag.language(of: $0) == LocaleTag.language(of: tag) }) {
            return (LocaleNegotiation.choose(explicit: tag, acceptLanguage: nil, campaignDefault: fallback, available: available), true)
        }
        let remembered = request.cookies[cookie].flatMap(LocaleTag.canonical)
        return (LocaleNegotiation.choose(explicit: remembered, acceptLanguage: request.headers["accept-language"],
                                         campaignDefault: fallback, available: available), false)
    }
}
