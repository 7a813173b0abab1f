import Foundation

/// A campaign's list of words that hold a reason for review
/// (`[petition] hold_words`). A word matches a whole word of the reason,
/// whatever its case and accents ("Estafa" holds "ESTÁFA!"); a phrase, the
/// same words in a row. Scripts written without spaces between words
/// (Chinese, Japanese, Thai and their neighbours) have no word ends to
/// find, so a word in one of them matches wherever it appears.
public struct HoldWords: Sendable {
    /// Each entry as the words it is made of, folded.
    private let entries: [[String]]

    /// The list from campaign.toml; entries with no word in them are left out.
    public init(_ list: [String]) {
        entries = list.map(Self.words(in:)).filter { !$0.isEmpty }
    }

    /// Whether nothing would ever be held.
    public var isEmpty: Bool { entries.isEmpty }

    /// Whether `text` holds any entry.
    public func matches(_ text: String) -> Bool {
        guard !entries.isEmpty else { return false }
        let words = Self.words(in: text)
        let joined = words.joined(separator: " ")
        return entries.contains { entry in
            if entry.contains(where: Self.isUnspaced) { return joined.contains(entry.joined(separator: " ")) }
            guard entry.count <= words.count else { return false }
            return (0...(words.count - entry.count)).contains { start in words[start..<(start + entry.count)].elementsEqual(entry) }
        }
    }

    /// The words of `text`, folded: runs of letters and digits (with their
    /// marks), lowercased, accents taken off.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCompatibilityMapping.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark || properties.generalCategory == .enclosingMark {
                // An accent on a letter goes (é is e); a virama or a vowel
                // sign in an Indic word is part of how it is spelled and stays.
                let combiningClass = properties.canonicalCombiningClass.rawValue
                if combiningClass == 1 || combiningClass >= 10 { continue }
                if !current.isEmpty { current.append(scalar) }
            } else if properties.isAlphabetic || properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// Whether a word is in a script written without spaces between words.
    private static func isUnspaced(_ word: String) -> Bool {
        word.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0E00...0x0EFF,    // Thai, Lao
                 0x1000...0x109F,    // Myanmar
                 0x1780...0x17FF,    // Khmer
                 0x3040...0x30FF,    // Hiragana, Katakana
                 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:  // Han
                return true
            default:
                return false
            }
        }
    }
}
