import Campaign

/// Picks the page language: the supporter's explicit choice (`?lang=`, then
/// the cookie it set), then `Accept-Language`, then the campaign's default.
public enum LocaleChoice {
    /// The cookie that remembers an explicit choice.
    public static let cookie = "lang"

    /// The chosen locale among `available`, and whether it was chosen
    /// explicitly now (so the cookie should be set).
    public static func choose(_ request: Request, available: [String], fallback: String) -> (locale: String, explicit: Bool) {
        // Most requests say nothing, or repeat a remembered choice: no parsing then.
        let asked = request.queryValue("lang")
        let remembered = request.cookie(cookie)
        if asked == nil && request.headers["accept-language"] == nil {
            if remembered == nil { return (fallback, false) }
            if let remembered, available.contains(remembered) { return (remembered, false) }
        }
        if let asked, available.contains(asked) { return (asked, true) }
        if let asked = request.queryValue("lang"), let tag = LocaleTag.canonical(asked),
           available.contains(where: { LocaleTag.language(of: $0) == LocaleTag.language(of: tag) }) {
            return (LocaleNegotiation.choose(explicit: tag, acceptLanguage: nil, campaignDefault: fallback, available: available), true)
        }
        let rememberedTag = remembered.flatMap(LocaleTag.canonical)
        return (LocaleNegotiation.choose(explicit: rememberedTag, acceptLanguage: request.headers["accept-language"],
                                         campaignDefault: fallback, available: available), false)
    }
}
