import Foundation
import Synchronization

/// Every catalog of a campaign, and the lookups pages and call scripts make:
/// a text in the reader's locale, falling back from `es-MX` to `es` to
/// English, and showing `[key]` when no catalog has the key, so that a gap
/// is visible on the page instead of blank or fatal.
///
/// Results are plain text: escaping them for HTML is the template's job.
public struct Localizer: Sendable {
    /// The locale every lookup ends with, and whose keys define what other
    /// catalogs should hold.
    public static let fallbackLocale = "en"

    /// Catalogs by `LocaleTag.key` (`es-mx`).
    private let catalogs: [String: Catalog]
    /// What lookups have worked out, shared by every copy of this localizer.
    private final class Caches: Sendable {
        let templateStrings = Mutex<[String: TemplateValue]>([:])
        let chains = Mutex<[String: [Catalog]]>([:])
    }
    private let caches = Caches()

    /// Holds `catalogs`; of two with the same locale, the later wins.
    public init(catalogs: [Catalog]) {
        var byKey: [String: Catalog] = [:]
        for catalog in catalogs { byKey[LocaleTag.key(catalog.locale) ?? catalog.locale.lowercased()] = catalog }
        self.catalogs = byKey
    }

    /// Reads every `*.json` in `folder`, each named for its locale
    /// (`en.json`, `es-MX.json`); other files are ignored. `en.json` must
    /// be there. Problems in all the files are reported together.
    public static func load(folder: String) throws -> Localizer {
        try load(folders: [folder])
    }

    /// Reads the catalogs of several folders, the first winning: an
    /// organizer's `locales/` before the built-in one. A locale's catalogs
    /// merge key by key (a folder holding only `pl.json`, or an `es.json`
    /// of three texts, changes just those), so `en.json` must be in one of
    /// them, not in each. Problems in all the files are reported together.
    public static func load(folders: [String]) throws -> Localizer {
        let errors = InputErrorCollector()
        var merged: [String: Catalog] = [:]
        // The last folder is the base the ones before it are laid over; a
        // folder named twice (the built-in one given as the organizer's) counts once.
        var seen = Set<String>()
        let distinct = folders.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
        for folder in distinct.reversed() {
            for catalog in try errors.collect({ try catalogs(in: folder) }) ?? [] {
                let key = LocaleTag.key(catalog.locale) ?? catalog.locale
                merged[key] = merged[key].map { catalog.merged(over: $0) } ?? catalog
            }
        }
        if errors.errors.isEmpty && merged[fallbackLocale] == nil {
            errors.add("\(folders.joined(separator: " or ")) holds no \(fallbackLocale).json; English is the fallback for every other locale", at: nil)
        }
        try errors.throwIfAny()
        return Localizer(catalogs: Array(merged.values))
    }

    /// The catalogs of one folder, one per locale.
    private static func catalogs(in folder: String) throws -> [Catalog] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError("cannot read \(folder): no such folder")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            // Dot-files are editor and macOS litter (`._en.json`), not catalogs.
            .filter { $0.lowercased().hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let errors = InputErrorCollector()
        var catalogs: [Catalog] = []
        var files: [String: String] = [:]
        for name in names {
            let path = prefix + name
            try errors.collect {
                let catalog = try Catalog.load(path: path)
                let key = LocaleTag.key(catalog.locale) ?? catalog.locale
                if let other = files[key] { throw InputError("\(path): locale \(catalog.locale) is already read from \(other)") }
                files[key] = path
                catalogs.append(catalog)
            }
        }
        try errors.throwIfAny()
        return catalogs
    }

    /// Every text string in `locale` for templates, keyed with `_` for `.`
    /// (`{{t.petition_heading}}`); built once per locale.
    public func templateStrings(locale: String) -> TemplateValue {
        if let cached = caches.templateStrings.withLock({ $0[locale] }) { return cached }
        var strings: [String: TemplateValue] = [:]
        for key in keys where !isPlural(key) {
            strings[key.replacingOccurrences(of: ".", with: "_")] = .text(string(key, locale: locale))
        }
        let value = TemplateValue.object(strings)
        caches.templateStrings.withLock { $0[locale] = value }
        return value
    }

    /// Every key of the English catalog: the strings a page can use.
    public var keys: [String] {
        catalogs[Self.fallbackLocale]?.entries.keys.sorted() ?? []
    }

    /// Whether the key is a plural entry in English.
    public func isPlural(_ key: String) -> Bool {
        if case .plural? = catalogs[Self.fallbackLocale]?.entries[key] { return true }
        return false
    }

    /// The locale tags there are catalogs for, sorted, English first.
    public var locales: [String] {
        let tags = catalogs.values.map(\.locale)
        return tags.filter { $0 == Self.fallbackLocale } + tags.filter { $0 != Self.fallbackLocale }.sorted()
    }

    // MARK: - Lookup

    /// The text for `key` with `{name}` placeholders filled from
    /// `arguments`. A plural entry gives its `other` form. A placeholder
    /// without an argument is left as written, to be seen and fixed.
    public func string(_ key: String, locale: String, _ arguments: [String: String] = [:]) -> String {
        guard let (entry, _) = find(key, locale: locale) else { return Self.missing(key) }
        switch entry {
        case .text(let text): return Self.interpolate(text, arguments)
        case .plural(let forms):
            guard let text = forms[.other] ?? Self.firstForm(forms) else { return Self.missing(key) }
            return Self.interpolate(text, arguments)
        }
    }

    /// The form of `key` that `count` needs, with `{count}` filled by the
    /// count formatted for the locale (it wins over an argument of that
    /// name) and other placeholders from `arguments`. A form the entry lacks
    /// falls back to `other`.
    ///
    /// When the text comes from a catalog of another language (English
    /// fallback), that catalog's rules and number format are used, so the
    /// sentence agrees with itself ("1 signature", "1,234 signatures").
    public func plural(_ key: String, count: Int, locale: String, _ arguments: [String: String] = [:]) -> String {
        guard let (entry, catalog) = find(key, locale: locale) else { return Self.missing(key) }
        let sameLanguage = LocaleTag.language(of: catalog.locale) == LocaleTag.language(of: locale)
        // The requested tag is more specific (es-MX groups 1,234; es writes 1234).
        let effective = sameLanguage ? (LocaleTag.canonical(locale) ?? catalog.locale) : catalog.locale
        var filled = arguments
        filled["count"] = LocaleFormatting.number(count, locale: effective)
        switch entry {
        case .text(let text): return Self.interpolate(text, filled)
        case .plural(let forms):
            let category = PluralRules.category(for: count, locale: effective)
            guard let text = forms[category] ?? forms[.other] ?? Self.firstForm(forms) else { return Self.missing(key) }
            return Self.interpolate(text, filled)
        }
    }

    /// The text for `key` in `locale`'s own language (`es-MX`, then `es`),
    /// never another's: nil where only the English fallback has it.
    public func ownString(_ key: String, locale: String) -> String? {
        for catalog in LocaleTag.lookupChain(locale).compactMap({ catalogs[$0] }) {
            if case .text(let text)? = catalog.entries[key] { return text }
        }
        return nil
    }

    /// The files `locale`'s own catalog was read from (else its language's,
    /// `es` for `es-MX`), the one that wins first; empty when there is none.
    public func files(of locale: String) -> [String] {
        LocaleTag.lookupChain(locale).lazy.compactMap { catalogs[$0] }.first?.files ?? []
    }

    /// Whether `string(key, locale:)` finds a text, in the locale or by
    /// fallback, instead of showing `[key]`.
    public func hasString(_ key: String, locale: String) -> Bool {
        find(key, locale: locale) != nil
    }

    // MARK: - Completeness

    /// What `locale` lacks that English has, sorted: keys found neither in
    /// the locale nor in its language (`es` for `es-MX`), and plural forms
    /// the locale's rules use but its entry lacks, written `key[category]`.
    /// A plain text where English has a plural counts as `other` alone.
    public func missingKeys(in locale: String) -> [String] {
        guard let english = catalogs[Self.fallbackLocale] else { return [] }
        let chain = LocaleTag.lookupChain(locale).compactMap { catalogs[$0] }
        let needed = PluralRules.categories(locale: locale)
        var missing: [String] = []
        for (key, englishEntry) in english.entries {
            guard let entry = chain.lazy.compactMap({ $0.entries[key] }).first else {
                missing.append(key)
                continue
            }
            let present: Set<PluralCategory>
            switch (entry, englishEntry) {
            case (.plural(let forms), _): present = Set(forms.keys)
            case (.text, .plural): present = [.other]
            case (.text, .text): continue
            }
            missing += needed.filter { !present.contains($0) }.map { "\(key)[\($0.rawValue)]" }
        }
        return missing.sorted()
    }

    // MARK: - Helpers

    /// The entry and the catalog it is in, trying the locale, its shorter
    /// forms, then English.
    private func find(_ key: String, locale: String) -> (Catalog.Entry, Catalog)? {
        for catalog in chain(locale) {
            if let entry = catalog.entries[key] { return (entry, catalog) }
        }
        return nil
    }

    /// The catalogs to look in for `locale`, most specific first, English
    /// last; worked out once per locale, as every string of a page asks.
    private func chain(_ locale: String) -> [Catalog] {
        if let cached = caches.chains.withLock({ $0[locale] }) { return cached }
        let chain = (LocaleTag.lookupChain(locale) + [Self.fallbackLocale]).compactMap { catalogs[$0] }
        caches.chains.withLock { $0[locale] = chain }
        return chain
    }

    private static func missing(_ key: String) -> String { "[\(key)]" }

    /// Some form, in category order, for an entry built without `other`.
    private static func firstForm(_ forms: [PluralCategory: String]) -> String? {
        PluralCategory.allCases.lazy.compactMap { forms[$0] }.first
    }

    /// Fills `{name}` placeholders in one pass, so an argument that itself
    /// holds `{…}` (a supporter's name, say) is never expanded.
    static func interpolate(_ text: String, _ arguments: [String: String]) -> String {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(where: { $0 == "}" || $0 == "{" }), rest[close] == "}",
                  let value = arguments[String(rest[afterOpen..<close])] else {
                result.append("{")
                rest = rest[afterOpen...]
                continue
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
