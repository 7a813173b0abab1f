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
/// forms keyed by `PluralCategory` that always has `other`, the form used
/// when the one a count needs is missing.
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

    /// Makes a catalog from entries already in hand (tests, built-in texts).
    public init(locale: String, entries: [String: Entry]) {
        self.locale = LocaleTag.canonical(locale) ?? locale
        self.entries = entries
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

    /// Parses catalog JSON, reporting every bad entry at once.
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
                entries[key] = try entry(key, node)
            }
        }
        try errors.throwIfAny()
        return Catalog(locale: locale, entries: entries)
    }

    // MARK: - Checking entries

    private static func entry(_ key: String, _ node: JSONNode) throws -> Entry {
        if let text = node.string { return .text(try nonEmpty(text, key: key, at: node.location)) }
        guard let members = node.members else {
            throw InputError("'\(key)' must be a text or an object of plural forms, not \(node.kindName)", at: node.location)
        }
        // Every problem in the object is reported together, as for the whole file.
        let errors = InputErrorCollector()
        var forms: [PluralCategory: String] = [:]
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
            }
        }
        try errors.throwIfAny()
        guard forms[.other] != nil else {
            throw InputError("plural '\(key)' has no 'other' form; every plural needs one, for counts whose own form is missing", at: node.location)
        }
        return .plural(forms)
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
