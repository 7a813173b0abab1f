/// The roles an office can have, with default titles per locale. A role is a
/// stable slug used by campaigns ("the mayor of the supporter's city"); the
/// list grows by adding a line here.
public struct OfficeRole: Sendable, Hashable {
    /// The slug, e.g. `county-executive`.
    public let slug: String
    /// Default titles by locale, used when an office gives none.
    public let titles: [String: String]
    /// Whether the role sits on a council, and so may represent a district.
    public let isLegislative: Bool

    /// Every known role.
    public static let all: [OfficeRole] = [
        OfficeRole(slug: "mayor", titles: ["en": "Mayor", "es": "Alcalde"], isLegislative: false),
        OfficeRole(slug: "councilmember", titles: ["en": "Councilmember", "es": "Concejal"], isLegislative: true),
        OfficeRole(slug: "council-chair", titles: ["en": "Council Chair", "es": "Presidente del Concejo"], isLegislative: true),
        OfficeRole(slug: "county-executive", titles: ["en": "County Executive", "es": "Ejecutivo del Condado"], isLegislative: false),
        OfficeRole(slug: "governor", titles: ["en": "Governor", "es": "Gobernador"], isLegislative: false),
        OfficeRole(slug: "lieutenant-governor", titles: ["en": "Lieutenant Governor", "es": "Vicegobernador"], isLegislative: false),
        OfficeRole(slug: "attorney-general", titles: ["en": "Attorney General", "es": "Fiscal General"], isLegislative: false),
        OfficeRole(slug: "city-attorney", titles: ["en": "City Attorney", "es": "Fiscal Municipal"], isLegislative: false),
        OfficeRole(slug: "corporation-counsel", titles: ["en": "Corporation Counsel", "es": "Asesor Jurídico de la Ciudad"], isLegislative: false),
        OfficeRole(slug: "sheriff", titles: ["en": "Sheriff", "es": "Alguacil"], isLegislative: false),
        OfficeRole(slug: "state-senator", titles: ["en": "State Senator", "es": "Senador Estatal"], isLegislative: true),
        OfficeRole(slug: "state-representative", titles: ["en": "State Representative", "es": "Representante Estatal"], isLegislative: true),
        OfficeRole(slug: "executive-director", titles: ["en": "Executive Director", "es": "Director Ejecutivo"], isLegislative: false),
    ]

    private static let bySlug = Dictionary(uniqueKeysWithValues: all.map { ($0.slug, $0) })

    /// The role with this slug, or nil.
    public static func named(_ slug: String) -> OfficeRole? { bySlug[slug] }

    /// The known slugs, for messages.
    public static var slugList: String { all.map(\.slug).joined(separator: ", ") }
}
