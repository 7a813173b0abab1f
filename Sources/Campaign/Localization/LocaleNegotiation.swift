/// Picks the locale to show a supporter: their explicit choice, then their
/// browser's `Accept-Language`, then the campaign's default, then English.
public enum LocaleNegotiation {
    /// The language ranges of an `Accept-Language` header (RFC 9110
    /// §12.5.4), best first; ranges of equal quality keep header order.
    /// Tags are lower case; `*` is kept. Ranges with `q=0` (refused) and
    /// malformed parts are left out, so a bad header degrades to fewer
    /// preferences, never to an error.
    public static func parseAcceptLanguage(_ header: String) -> [(tag: String, quality: Double)] {
        ranges(header).filter { $0.quality > 0 }
    }

    /// The locale to use, always one of `available` unless it is empty.
    /// Each candidate matches an available locale exactly, by a shorter form
    /// (`es-MX` → `es`), or by language (`es` → `es-MX`).
    /// With nothing available, the campaign default (or `en`) is returned.
    public static func choose(explicit: String?, acceptLanguage: String?, campaignDefault: String, available: [String]) -> String {
        guard !available.isEmpty else { return LocaleTag.canonical(campaignDefault) ?? Localizer.fallbackLocale }
        if let explicit, let match = match(explicit, in: available) { return match }
        if let acceptLanguage, let match = bestAccepted(acceptLanguage, campaignDefault: campaignDefault, available: available) {
            return match
        }
        return match(campaignDefault, in: available) ?? match(Localizer.fallbackLocale, in: available) ?? available[0]
    }

    // MARK: - Matching

    /// The available locale `tag` stands for, or nil.
    static func match(_ tag: String, in available: [String]) -> String? {
        let keyed = available.map { (key: LocaleTag.key($0), tag: $0) }
        for candidate in LocaleTag.lookupChain(tag) {
            if let found = keyed.first(where: { $0.key == candidate }) { return found.tag }
        }
        guard LocaleTag.key(tag) != nil else { return nil }
        let language = LocaleTag.language(of: tag)
        return keyed.first { $0.key != nil && LocaleTag.language(of: $0.tag) == language }?.tag
    }

    /// The first header range with an available match. `*` stands for any
    /// language the header does not name: the campaign default if it
    /// qualifies, else the first available locale that does.
    private static func bestAccepted(_ header: String, campaignDefault: String, available: [String]) -> String? {
        let all = ranges(header)
        let named = Set(all.map(\.tag).filter { $0 != "*" }.map { LocaleTag.language(of: $0) })
        for range in all where range.quality > 0 {
            if range.tag == "*" {
                let unnamed = available.filter { !named.contains(LocaleTag.language(of: $0)) }
                if let match = match(campaignDefault, in: unnamed) ?? unnamed.first { return match }
            } else if let match = match(range.tag, in: available) {
                return match
            }
        }
        return nil
    }

    // MARK: - Parsing

    /// Every well-formed range, `q=0` included, best first.
    private static func ranges(_ header: String) -> [(tag: String, quality: Double)] {
        var result: [(tag: String, quality: Double)] = []
        for element in header.split(separator: ",") {
            let parts = element.split(separator: ";", omittingEmptySubsequences: false).map(trimmed)
            guard let tag = parts.first, isLanguageRange(tag) else { continue }
            var quality = 1.0
            var wellFormed = true
            // Only a weight may follow a range in Accept-Language.
            for parameter in parts.dropFirst() {
                guard let q = qValue(parameter) else { wellFormed = false; break }
                quality = q
            }
            if wellFormed { result.append((tag.lowercased(), quality)) }
        }
        // Sorting is not stable, so header order breaks ties explicitly.
        return result.enumerated().sorted {
            $0.element.quality != $1.element.quality ? $0.element.quality > $1.element.quality : $0.offset < $1.offset
        }.map(\.element)
    }

    /// RFC 4647 `language-range`: `*`, or 1–8 letters then `-` and 1–8 letters or digits.
    private static func isLanguageRange(_ text: Substring) -> Bool {
        if text == "*" { return true }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (1...8).contains(first.count), first.unicodeScalars.allSatisfy(isLetter) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) } }
    }

    /// RFC 9110 `weight`: `q=` then `0`–`1` with at most three decimals.
    private static func qValue(_ parameter: Substring) -> Double? {
        guard parameter.count >= 3, parameter.prefix(2).lowercased() == "q=" else { return nil }
        let value = parameter.dropFirst(2)
        let pieces = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = pieces.first, whole == "0" || whole == "1" else { return nil }
        let decimals = pieces.count == 2 ? pieces[1] : ""
        guard decimals.count <= 3, decimals.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        // "1." is a valid weight but not a valid Swift Double literal.
        guard let number = Double(String(value) + (value.hasSuffix(".") ? "0" : "")), number <= 1 else { return nil }
        return number
    }

    /// Drops RFC 9110 optional whitespace (spaces and tabs) at both ends.
    private static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
