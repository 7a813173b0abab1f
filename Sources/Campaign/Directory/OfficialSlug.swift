import Foundation

/// The readable id an official gets from their name: "Anders Ibsen" is
/// `anders-ibsen`, "Robert C. White, Jr." `robert-c-white-jr`, "Nydia
/// Velázquez" `nydia-velazquez`.
enum OfficialSlug {
    /// The slug of `name`, or nil when no letter or digit survives.
    static func make(_ name: String) -> String? {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let slug = words.joined(separator: "-").prefix(80).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return slug.isEmpty ? nil : slug
    }

    /// What two spellings of one person's name share: the slug without a
    /// generational suffix, so "Robert White, Jr." is "Robert White".
    static func personKey(_ name: String) -> String? {
        guard var slug = make(name) else { return nil }
        for suffix in ["-jr", "-sr", "-ii", "-iii", "-iv"] where slug.hasSuffix(suffix) {
            slug.removeLast(suffix.count)
            break
        }
        return slug
    }

    /// A seat as it stands in an id: "Ward 4" is `ward-4`.
    static func seat(_ seat: String) -> String {
        make(seat) ?? ""
    }
}
