/// A field of an official that an organizer may change by hand, named as
/// `campaign officials edit` names its option (`term-end`), a holder's
/// title by its locale (`title:es`). An edited field is marked local, and a
/// re-import keeps it (see `OfficialReconciliation`).
public enum OfficialField: Sendable, Hashable, Comparable, CustomStringConvertible {
    case name, sortName, party, pronouns, language
    /// The office held: its jurisdiction, role and seat together.
    case office
    case termStart, termEnd, source, verified
    case title(locale: String)

    /// The fields every official has, before the titles.
    public static let fixed: [OfficialField] = [.name, .sortName, .party, .pronouns, .language, .office, .termStart, .termEnd, .source, .verified]

    /// The field's name: `sort-name`, `title:es`.
    public var description: String {
        switch self {
        case .name: return "name"
        case .sortName: return "sort-name"
        case .party: return "party"
        case .pronouns: return "pronouns"
        case .language: return "language"
        case .office: return "office"
        case .termStart: return "term-start"
        case .termEnd: return "term-end"
        case .source: return "source"
        case .verified: return "verified"
        case .title(let locale): return "title:" + locale
        }
    }

    /// The field with this name; nil for a name no field has.
    public init?(_ name: String) {
        if name.hasPrefix("title:"), let locale = LocaleTag.key(String(name.dropFirst("title:".count))) {
            self = .title(locale: locale)
            return
        }
        guard let field = Self.fixed.first(where: { $0.description == name }) else { return nil }
        self = field
    }

    /// The names of the fields, for messages.
    public static var nameList: String { (fixed.map(\.description) + ["title:LOCALE"]).joined(separator: ", ") }

    /// Every field `official` has: the fixed ones and a title per locale.
    public static func all(of official: Official) -> [OfficialField] {
        fixed + official.titles.keys.sorted().map { .title(locale: $0) }
    }

    public static func < (lhs: OfficialField, rhs: OfficialField) -> Bool { lhs.description < rhs.description }

    /// The field's value as text; nil when the official has none.
    public func value(in official: Official) -> String? {
        switch self {
        case .name: return official.name
        case .sortName: return official.sortName
        case .party: return official.party
        case .pronouns: return official.pronouns
        case .language: return official.language
        case .office: return official.officeID
        case .termStart: return official.termStart?.description
        case .termEnd: return official.termEnd?.description
        case .source: return official.source
        case .verified: return official.verified?.description
        case .title(let locale): return official.titles[locale]
        }
    }

    /// Sets the field from text as `value(in:)` gives it; false when the
    /// text is not a value the field can hold (a malformed date, no name).
    public func set(_ value: String?, in official: inout Official) -> Bool {
        /// A date field's new value; nil when the text is no date.
        func date(_ text: String?) -> PartialDate?? { text.map { PartialDate($0).map { .some($0) } ?? .none } ?? .some(nil) }
        switch self {
        case .name: guard let value, !value.isEmpty else { return false }; official.name = value
        case .sortName: guard let value, !value.isEmpty else { return false }; official.sortName = value
        case .office: guard let value, !value.isEmpty else { return false }; official.officeID = value
        case .source: guard let value, !value.isEmpty else { return false }; official.source = value
        case .party: official.party = value
        case .pronouns: official.pronouns = value
        case .language: official.language = value
        case .termStart: guard let parsed = date(value) else { return false }; official.termStart = parsed
        case .termEnd: guard let parsed = date(value) else { return false }; official.termEnd = parsed
        case .verified: guard let parsed = date(value) else { return false }; official.verified = parsed
        case .title(let locale): official.titles[locale] = value
        }
        return true
    }
}
