/// Who a campaign asks, as its author wrote it. Rules are resolved for each
/// supporter, in the order written.
public enum TargetRule: Sendable, Hashable {
    /// One named official: `official = "dc-muriel-bowser"`.
    case official(id: String)
    /// Every holder of a role in a jurisdiction: "all DC councilmembers".
    case office(role: String, jurisdictionID: String)
    /// The supporter's own holder of a role, found from where they live:
    /// their district's councilmember, their city's mayor. With a
    /// jurisdiction, only that jurisdiction's office ("your King County
    /// councilmember", not your city's), for supporters who live there.
    case own(role: String, jurisdictionID: String?)

    /// The role the rule is about, when it names one.
    public var role: String? {
        switch self {
        case .official: return nil
        case .office(let role, _), .own(let role, _): return role
        }
    }

    /// Whether the rule can name `official`, who holds `office`: that
    /// official; a holder of the role there; a holder of the role anywhere
    /// (or there) for the supporter's own.
    public func includes(_ official: Official, office: Office?) -> Bool {
        switch self {
        case .official(let id): return official.id == id
        case let .office(role, jurisdictionID): return office?.role == role && office?.jurisdictionID == jurisdictionID
        case let .own(role, jurisdictionID): return office?.role == role && (jurisdictionID == nil || office?.jurisdictionID == jurisdictionID)
        }
    }

    /// The rule in words, with the names the directory gives: "Muriel
    /// Bowser (dc-muriel-bowser)", "every councilmember of Seattle", "the
    /// supporter's own mayor".
    public func summary(in directory: Directory) -> String {
        func place(_ id: String) -> String { directory.jurisdiction(id)?.name ?? id }
        switch self {
        case .official(let id): return directory.officials.first { $0.id == id }.map { "\($0.name) (\(id))" } ?? "\(id) (not in the directory)"
        case let .office(role, jurisdictionID): return "every \(role) of \(place(jurisdictionID))"
        case let .own(role, jurisdictionID): return "the supporter's own \(role)" + (jurisdictionID.map { " of \(place($0))" } ?? "")
        }
    }
}
