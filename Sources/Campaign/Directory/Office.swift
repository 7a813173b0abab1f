/// A post in a jurisdiction (Popolo's post): the Mayor of Seattle, DC's
/// Ward 2 councilmember, an at-large seat that several people share.
public struct Office: Sendable, Hashable {
    /// A stable id derived from jurisdiction, role and seat. Kept rather
    /// than made on each use: an import of tens of thousands of offices
    /// looks them up by id many times, and every copy shares one string.
    public private(set) var id: String
    /// The jurisdiction the office serves.
    public var jurisdictionID: String { didSet { id = Office.id(jurisdictionID: jurisdictionID, role: role, seat: seat) } }
    /// The role slug (see `OfficeRole`).
    public var role: String { didSet { id = Office.id(jurisdictionID: jurisdictionID, role: role, seat: seat) } }
    /// The seat: empty for a sole office, "Ward 5", "Position 9", "At-large".
    public var seat: String { didSet { id = Office.id(jurisdictionID: jurisdictionID, role: role, seat: seat) } }
    /// The code of the district the seat represents, when it represents one.
    public var districtCode: String?
    /// Titles by locale ("en": "Mayor", "es": "Alcaldesa"); a missing locale
    /// falls back to the role's default.
    public var titles: [String: String]
    /// Contacts of the office itself, whoever holds it.
    public var contacts: [Contact]

    /// Makes an office.
    public init(jurisdictionID: String, role: String, seat: String = "", districtCode: String? = nil,
                titles: [String: String] = [:], contacts: [Contact] = []) {
        self.id = Office.id(jurisdictionID: jurisdictionID, role: role, seat: seat)
        self.jurisdictionID = jurisdictionID
        self.role = role
        self.seat = seat
        self.districtCode = districtCode
        self.titles = titles
        self.contacts = contacts
    }

    /// The title in `locale`: the office's own (an added role's titles
    /// from roles.toml are stored with it), the built-in role's, the
    /// catalogs' `role.<role>` in that language (so a new language's
    /// catalog titles every office), then the English ones and the role.
    public func title(in locale: String, catalogs: Localizer? = nil) -> String {
        titles[locale] ?? OfficeRole.named(role)?.titles[locale] ?? catalogs?.ownString("role.\(role)", locale: locale)
            ?? titles["en"] ?? OfficeRole.named(role)?.titles["en"] ?? role
    }

    /// The id an office with these parts has.
    public static func id(jurisdictionID: String, role: String, seat: String) -> String {
        let base = "\(jurisdictionID)/office:\(role)"
        guard !seat.isEmpty else { return base }
        let slug = seat.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        return base + "/seat:" + slug
    }
}
