import Campaign

/// What a campaign page tells link previews and search engines: Open Graph
/// and Twitter card tags, the canonical address of the page in its language
/// and each other language's (`hreflang`). The template escapes every value.
struct SharingMetadata: Sendable {
    /// The site's public address, without a trailing slash.
    let baseURL: String
    /// `og:site_name`, in the page's language.
    let siteName: String

    init(baseURL: String, siteName: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.siteName = siteName
    }

    /// The values of `pages/partials/sharing` for the page at `path` in
    /// `locale`, one of `locales`. Each language's page is its own canonical
    /// address (`?lang=`), so a shared link opens in the language shared;
    /// `x-default` is the page that picks by the browser's languages.
    func value(path: String, locale: String, locales: [String]) -> TemplateValue {
        func url(_ code: String) -> String { "\(baseURL)\(path)?lang=\(code)" }
        return .object([
            "canonical": .text(url(locale)),
            "default_url": .text(baseURL + path),
            "site_name": .text(siteName),
            "og_locale": .text(Self.openGraphLocale(locale)),
            "og_alternates": .list(locales.filter { $0 != locale }.map { .text(Self.openGraphLocale($0)) }),
            "alternates": .list(locales.map { .object(["hreflang": .text($0), "url": .text(url($0))]) }),
        ])
    }

    /// `og:locale` is `language_TERRITORY` (`es_MX`): the tag's own region,
    /// else the language's most likely one (CLDR's likely subtags), else the
    /// language alone.
    static func openGraphLocale(_ tag: String) -> String {
        let canonical = LocaleTag.canonical(tag) ?? tag
        let parts = canonical.split(separator: "-")
        let language = LocaleTag.language(of: canonical)
        if let region = parts.dropFirst().first(where: { $0.count == 2 && $0.allSatisfy(\.isLetter) }) { return "\(language)_\(region)" }
        if parts.count > 1, parts[1] == "Hant" { return "zh_TW" }
        return likelyRegions[language].map { "\(language)_\($0)" } ?? language
    }

    private static let likelyRegions = [
        "am": "ET", "ar": "EG", "de": "DE", "en": "US", "es": "ES", "fr": "FR", "ht": "HT", "it": "IT", "ko": "KR", "pl": "PL", "pt": "BR",
        "ru": "RU", "so": "SO", "tl": "PH", "vi": "VN", "zh": "CN",
    ]
}
