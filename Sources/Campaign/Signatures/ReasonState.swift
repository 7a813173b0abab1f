/// Whether a signer's reason may be shown: on the campaign's public pages
/// (when the signer agreed to be shown) and in officials' packets and
/// digests. Only `shown` ever is; an organizer's export marks the others.
public enum ReasonState: String, Sendable, CaseIterable {
    case shown
    /// Waiting for an organizer: the campaign holds every reason
    /// (`reasons = "before"`), or this one matched a held word.
    case held
    /// Taken down by an organizer.
    case hidden

    /// The state a new reason starts in under `petition`'s rules.
    public static func initial(for reason: String, petition: CampaignDefinition.Petition) -> ReasonState {
        if reason.isEmpty { return .shown }
        switch petition.reasons {
        case .before: return .held
        case .after, .off: return petition.holdWords.matches(reason) ? .held : .shown
        }
    }
}
