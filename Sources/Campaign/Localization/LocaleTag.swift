/// Language tags (BCP 47) in the simple shapes catalogs and browsers use:
/// a language of two or three letters, then subtags such as a script or a
/// region (`es`, `es-MX`, `zh-Hant-TW`). Lookups compare tags without
/// regard to case and read `_` as `-`, because `es_MX` is common in the wild.
public enum LocaleTag {
    /// The tag in its usual case (`es-MX`, `zh-Hant-TW`), or nil when it is
    /// not a well-formed tag.
    public static func canonical(_ tag: String) -> String? {
        let parts = subtags(tag)
        guard let language = parts.first, (2...3).contains(language.count), language.unicodeScalars.allSatisfy(isLetter) else { return nil }
        var result = [language.lowercased()]
        // After a singleton (`u`, `x`) everything is an extension, which is lower case by convention.
        var inExtension = false
        for (position, part) in parts.dropFirst().enumerated() {
            guard (1...8).contains(part.count), part.unicodeScalars.allSatisfy({ isLetter($0) || isDigit($0) }) else { return nil }
            let letters = part.unicodeScalars.allSatisfy(isLetter)
            if part.count == 1 { inExtension = true }
            if inExtension {
                result.append(part.lowercased())
            } else if position == 0 && part.count == 4 && letters {
                result.append(part.prefix(1).uppercased() + part.dropFirst().lowercased())
            } else if part.count == 2 && letters {
                result.append(part.uppercased())
            } else {
                result.append(part.lowercased())
            }
        }
        // A singleton needs a subtag after it (`en-u` is not a tag).
        if let last = parts.last, parts.count > 1, last.count == 1 { return nil }
        return result.joined(separator: "-")
    }

    /// The key a tag is stored and compared under: canonical, lower case.
    public static func key(_ tag: String) -> String? {
        canonical(tag)?.lowercased()
    }

    /// The language subtag, lower case (`es` for `es-MX`).
    public static func language(of tag: String) -> String {
        String(tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }

    /// The tag's subtags, split at `-` or `_`, empty ones kept (to be refused).
    /// Split by hand: pages ask for a tag's parts many times each.
    private static func subtags(_ tag: String) -> [Substring] {
        tag.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "_" }
    }

    /// The writing direction of a locale: "rtl" for Arabic, Hebrew,
    /// Persian, Urdu and the other languages written right to left (or a
    /// tag naming a right-to-left script, as `az-Arab`), else "ltr". For
    /// the `dir` attribute of a page, mail or packet.
    public static func direction(of tag: String) -> String {
        let parts = (canonical(tag) ?? tag).split(separator: "-")
        if let script = parts.dropFirst().first(where: { $0.count == 4 && $0.allSatisfy(\.isLetter) }) {
            return rightToLeftScripts.contains(String(script)) ? "rtl" : "ltr"
        }
        return rightToLeftLanguages.contains(language(of: tag)) ? "rtl" : "ltr"
    }

    /// Languages written right to left by default (CLDR's character order).
    private static let rightToLeftLanguages: Set<String> = ["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "lrc", "mzn", "nqo",
                                                            "ps", "sd", "syr", "ug", "ur", "yi"]
    /// Scripts written right to left.
    private static let rightToLeftScripts: Set<String> = ["Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"]

    /// Keys from the most specific to the language alone, as RFC 4647
    /// lookup truncates: `zh-hant-tw`, `zh-hant`, `zh`. Empty for a
    /// malformed tag.
    static func lookupChain(_ tag: String) -> [String] {
        guard let key = key(tag) else { return [] }
        var parts = key.split(separator: "-").map(String.init)
        var chain: [String] = []
        while !parts.isEmpty {
            chain.append(parts.joined(separator: "-"))
            parts.removeLast()
            // A trailing singleton means nothing on its own.
            while parts.count > 1, parts.last?.count == 1 { parts.removeLast() }
        }
        return chain
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}
