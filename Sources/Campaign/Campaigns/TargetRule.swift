/// Who a campaign asks, as its author wrote it. Rules are resolved for each
/// supporter, in the order written.
public enum TargetRule: Sendable, Hashable {
    /// One named official: `official = "dc-muriel-bowser"`.
    case official(id: String)
    /// Every holder of a role in a jurisdiction: "all DC councilmembers".
    case office(role: String, jurisdictionID: String)
    /// The supporter's own holder of a role, found from where they live:
    /// their district's councilmember, their city's mayor. `within`
    /// limits it to one jurisdiction and those inside it.
    case own(role: String, within: String?)

    /// The role the rule is about, when it names one.
    public var role: String? {
        switch self {
        case .official: return nil
        case .office(let role, _), .own(let role, _): return role
        }
    }
}
