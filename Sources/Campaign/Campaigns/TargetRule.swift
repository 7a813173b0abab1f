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
}
