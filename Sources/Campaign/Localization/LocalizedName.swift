/// A name from the directory (a jurisdiction's, a district's) as a page in
/// one language shows it: the name given in that language, else the stored
/// one, which is in English, with its language for a `lang` attribute, so
/// that a screen reader reads it with an English voice on a Spanish page
/// and a Spanish name on that page is not marked English.
public struct LocalizedName: Sendable, Hashable {
    /// The name shown.
    public let text: String
    /// The language of `text` when it is not the page's ("en"); nil when
    /// it is in the page's language.
    public let language: String?

    /// The language the directory's own names, labels and hours are written in.
    public static let storedLanguage = "en"

    /// The name for a page in `locale`: `names` is keyed by locale key
    /// ("es", "zh-hans"); a page in `es-MX` takes the `es-mx` name, else
    /// the `es` one, else the stored name.
    public init(stored: String, names: [String: String], locale: String) {
        for key in LocaleTag.lookupChain(locale) {
            if let name = names[key], !name.isEmpty {
                self.init(text: name, language: nil)
                return
            }
        }
        self.init(text: stored, language: LocalizedName.mark(storedIn: LocalizedName.storedLanguage, on: locale))
    }

    /// Text in `language` as a page in `locale` shows it.
    public init(text: String, language: String?) {
        self.text = text
        self.language = language
    }

    /// Text of the directory's own (a contact's hours), marked on a page in another language.
    public static func stored(_ text: String, on locale: String) -> LocalizedName {
        LocalizedName(text: text, language: mark(storedIn: storedLanguage, on: locale))
    }

    /// The `lang` a text in `language` needs on a page in `locale`: nil when
    /// the page is in that language.
    static func mark(storedIn language: String, on locale: String) -> String? {
        LocaleTag.language(of: locale) == LocaleTag.language(of: language) ? nil : language
    }

    /// The language for a `lang` attribute, "" for none: templates test it with `{{#…}}`.
    public var languageMark: String { language ?? "" }
}
