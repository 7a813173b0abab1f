/// The roles an office can have, with default titles per locale. A role is a
/// stable slug used by campaigns ("the mayor of the supporter's city"). The
/// built-in roles are listed here; an organizer adds more as data, in a roles
/// file (see `OfficeRoles`).
public struct OfficeRole: Sendable, Hashable {
    /// The slug, e.g. `county-executive`.
    public let slug: String
    /// Default titles by locale, used when an office gives none.
    public let titles: [String: String]
    /// Whether the role sits on a council, and so may represent a district.
    public let isLegislative: Bool

    /// Makes a role.
    public init(slug: String, titles: [String: String], isLegislative: Bool) {
        self.slug = slug
        self.titles = titles
        self.isLegislative = isLegislative
    }

    /// Every built-in role, grouped by level of government.
    public static let all: [OfficeRole] = [
        // Cities, counties and states: executives, councils, legal offices
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
        // Federal
        OfficeRole(slug: "us-senator", titles: ["en": "U.S. Senator", "es": "Senador de los Estados Unidos"], isLegislative: true),
        OfficeRole(slug: "us-representative", titles: ["en": "U.S. Representative", "es": "Representante de los Estados Unidos"], isLegislative: true),
        // State
        OfficeRole(slug: "secretary-of-state", titles: ["en": "Secretary of State", "es": "Secretario de Estado"], isLegislative: false),
        OfficeRole(slug: "state-treasurer", titles: ["en": "State Treasurer", "es": "Tesorero Estatal"], isLegislative: false),
        OfficeRole(slug: "state-auditor", titles: ["en": "State Auditor", "es": "Auditor Estatal"], isLegislative: false),
        OfficeRole(slug: "chief-election-officer", titles: ["en": "Chief Election Officer", "es": "Jefe Electoral del Estado"], isLegislative: false),
        OfficeRole(slug: "state-superintendent", titles: ["en": "Superintendent of Public Instruction", "es": "Superintendente de Instrucción Pública"],
                   isLegislative: false),
        // County
        OfficeRole(slug: "county-commissioner", titles: ["en": "County Commissioner", "es": "Comisionado del Condado"], isLegislative: true),
        OfficeRole(slug: "county-supervisor", titles: ["en": "County Supervisor", "es": "Supervisor del Condado"], isLegislative: true),
        OfficeRole(slug: "county-councilmember", titles: ["en": "County Councilmember", "es": "Concejal del Condado"], isLegislative: true),
        OfficeRole(slug: "county-prosecutor", titles: ["en": "Prosecuting Attorney", "es": "Fiscal del Condado"], isLegislative: false),
        OfficeRole(slug: "county-assessor", titles: ["en": "County Assessor", "es": "Tasador del Condado"], isLegislative: false),
        OfficeRole(slug: "county-clerk", titles: ["en": "County Clerk", "es": "Secretario del Condado"], isLegislative: false),
        // City, beyond the council and the mayor
        OfficeRole(slug: "alderperson", titles: ["en": "Alderperson", "es": "Concejal"], isLegislative: true),
        OfficeRole(slug: "council-president", titles: ["en": "Council President", "es": "Presidente del Concejo Municipal"], isLegislative: true),
        OfficeRole(slug: "comptroller", titles: ["en": "Comptroller", "es": "Contralor"], isLegislative: false),
        OfficeRole(slug: "public-advocate", titles: ["en": "Public Advocate", "es": "Defensor del Pueblo"], isLegislative: false),
        OfficeRole(slug: "city-clerk", titles: ["en": "City Clerk", "es": "Secretario Municipal"], isLegislative: false),
        // School district
        OfficeRole(slug: "school-board-member", titles: ["en": "School Board Member", "es": "Miembro de la Junta Escolar"], isLegislative: true),
    ]

    /// Open States' role `type` values and the built-in role each one is, for
    /// importing its people data (every type its data uses). `upper` and
    /// `lower` are a state legislature's chambers; `legislature` is a
    /// unicameral one, whose members are senators in Nebraska and
    /// councilmembers in the District of Columbia, whose `governor` is its
    /// mayor: see `openStates(type:jurisdiction:)`.
    public static let openStatesTypes: [String: String] = [
        "upper": "state-senator",
        "lower": "state-representative",
        "legislature": "state-senator",
        "governor": "governor",
        "lt_governor": "lieutenant-governor",
        "mayor": "mayor",
        "attorney general": "attorney-general",
        "secretary of state": "secretary-of-state",
        "treasurer": "state-treasurer",
        "auditor": "state-auditor",
        "chief election officer": "chief-election-officer",
    ]

    /// The built-in role an Open States role is, given its `type` and its
    /// `jurisdiction` (an `ocd-jurisdiction/…` id); nil for a type not mapped.
    public static func openStates(type: String, jurisdiction: String) -> OfficeRole? {
        if jurisdiction.hasPrefix("ocd-jurisdiction/country:us/district:dc/") {
            if type == "legislature" { return named("councilmember") }
            if type == "governor" { return named("mayor") }
        }
        return openStatesTypes[type].flatMap(named)
    }

    private static let bySlug = Dictionary(uniqueKeysWithValues: all.map { ($0.slug, $0) })

    /// The built-in role with this slug, or nil.
    public static func named(_ slug: String) -> OfficeRole? { bySlug[slug] }

    /// The built-in slugs, for messages.
    public static var slugList: String { all.map(\.slug).joined(separator: ", ") }
}
