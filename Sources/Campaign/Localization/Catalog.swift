import Foundation

/// One locale's interface texts, read from a JSON file named after the
/// locale (`es.json`):
///
/// ```json
/// {"petition.heading": "Firma la petición",
///  "signatures.count": {"one": "{count} firma", "other": "{count} firmas"}}
/// ```
///
/// Keys are flat dotted names. A value is a text, or an object of plural
/// forms keyed by `PluralCategory`: exactly the forms the locale's language
/// uses for whole counts (`PluralRules.categories`), and always `other`.
public struct Catalog: Sendable {
    /// The text for one key.
    public enum Entry: Sendable, Equatable {
        /// One text whatever the count.
        case text(String)
        /// A text per plural category; loaded catalogs always have `.other`.
        case plural([PluralCategory: String])
    }

    /// The locale tag, in canonical case (`es-MX`).
    public let locale: String
    /// The texts by key.
    public let entries: [String: Entry]
    /// The files the texts were read from, the one whose texts win first:
    /// an organizer's own catalog, then the built-in one it merges over.
    public let files: [String]

    /// Makes a catalog from entries already in hand (tests, built-in texts).
    public init(locale: String, entries: [String: Entry], files: [String] = []) {
        self.locale = LocaleTag.canonical(locale) ?? locale
        self.entries = entries
        self.files = files
    }

    /// This catalog's texts over `base`'s, key by key: a key this one has
    /// wins, the others are `base`'s.
    public func merged(over base: Catalog) -> Catalog {
        Catalog(locale: locale, entries: base.entries.merging(entries) { _, own in own }, files: files + base.files)
    }

    /// Reads a catalog file; its name without `.json` is the locale.
    public static func load(path: String) throws -> Catalog {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard let locale = LocaleTag.canonical(name) else {
            throw InputError("\(path): the file name '\(name)' is not a locale tag; name catalogs like en.json, es.json or es-MX.json")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("cannot read \(path): no such file, or it is not readable")
        }
        return try parse(bytes: [UInt8](data), file: path, locale: locale)
    }

    /// Parses catalog JSON, reporting every bad entry at once; plural forms
    /// are checked against `locale`'s plural rules.
    public static func parse(bytes: [UInt8], file: String, locale: String) throws -> Catalog {
        let root = try JSONParser.parse(bytes: bytes, file: file)
        guard let members = root.members else {
            throw InputError("expected an object of message keys and texts, not \(root.kindName)", at: root.location)
        }
        let errors = InputErrorCollector()
        var entries: [String: Entry] = [:]
        // A key given twice is refused by the parser.
        for (key, node) in members {
            try errors.collect {
                if let problem = keyProblem(key) { throw InputError("malformed key '\(key)': \(problem)", at: node.location) }
                entries[key] = try entry(key, node, locale: locale)
            }
        }
        try errors.throwIfAny()
        return Catalog(locale: locale, entries: entries, files: [file])
    }

    // MARK: - Checking entries

    private static func entry(_ key: String, _ node: JSONNode, locale: String) throws -> Entry {
        if let text = node.string { return .text(try nonEmpty(text, key: key, at: node.location)) }
        guard let members = node.members else {
            throw InputError("'\(key)' must be a text or an object of plural forms, not \(node.kindName)", at: node.location)
        }
        // Every problem in the object is reported together, as for the whole file.
        let errors = InputErrorCollector()
        var forms: [PluralCategory: String] = [:]
        var locations: [PluralCategory: SourceLocation] = [:]
        for (name, form) in members {
            try errors.collect {
                // The parser keeps no location for member names, so the form's value stands for it.
                guard let category = PluralCategory(rawValue: name) else {
                    throw InputError("unknown plural category '\(name)' in '\(key)' (known categories: \(PluralCategory.allCases.map(\.rawValue).joined(separator: ", ")))",
                                     at: form.location)
                }
                guard forms[category] == nil else { throw InputError("duplicate plural category '\(name)' in '\(key)'", at: form.location) }
                guard let text = form.string else {
                    throw InputError("the '\(name)' form of '\(key)' must be a text, not \(form.kindName)", at: form.location)
                }
                forms[category] = try nonEmpty(text, key: key, at: form.location)
                locations[category] = form.location
            }
        }
        try errors.throwIfAny()
        guard forms[.other] != nil else {
            throw InputError("plural '\(key)' has no 'other' form; every plural needs one, for counts whose own form is missing", at: node.location)
        }
        try checkForms(forms, of: key, locations: locations, at: node.location, locale: locale)
        return .plural(forms)
    }

    /// A form the language never uses would never be shown, and a missing
    /// one would show `other` where the language says something else: both
    /// are refused, each naming the category.
    private static func checkForms(_ forms: [PluralCategory: String], of key: String, locations: [PluralCategory: SourceLocation],
                                   at location: SourceLocation, locale: String) throws {
        let used = PluralRules.categories(locale: locale)
        let language = LocaleTag.canonical(locale) ?? locale
        let errors = InputErrorCollector()
        for category in PluralCategory.allCases where forms[category] != nil && !used.contains(category) {
            let uses = used.map(\.rawValue).joined(separator: ", ")
            errors.add("plural '\(key)' has a '\(category.rawValue)' form, which \(language) never uses for a whole count (\(language) uses \(uses))",
                       at: locations[category] ?? location)
        }
        for category in used where forms[category] == nil {
            let examples = PluralRules.examples(of: category, locale: locale).map(String.init).joined(separator: ", ")
            errors.add("plural '\(key)' has no '\(category.rawValue)' form, which \(language) uses for counts such as \(examples)", at: location)
        }
        try errors.throwIfAny()
    }

    /// An empty text would leave a hole in the page, and a missing key at
    /// least falls back to English; so an empty text is refused.
    private static func nonEmpty(_ text: String, key: String, at location: SourceLocation) throws -> String {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw InputError("the text of '\(key)' is empty; remove the key to fall back to English", at: location)
        }
        return text
    }

    /// Why `key` is not a dotted name of letters, digits, `_` and `-`, or nil.
    static func keyProblem(_ key: String) -> String? {
        let segments = key.split(separator: ".", omittingEmptySubsequences: false)
        if segments.contains(where: \.isEmpty) { return "keys are dotted names like petition.sign.button, with no empty part" }
        let allowed: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        if !key.unicodeScalars.allSatisfy({ allowed($0) || $0 == "." }) {
            return "keys may hold only ASCII letters, digits, '_', '-' and '.'"
        }
        return nil
    }
}
