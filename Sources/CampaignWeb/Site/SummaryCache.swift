import Campaign
import Synchronization

/// The API's description of each campaign (`GET /api/v1/campaigns/:slug`),
/// as last rendered. Widgets and pages poll it for the count, often many
/// times between two signatures; a poll that finds the same counts gets the
/// same text without rendering every title and summary again.
final class SummaryCache: Sendable {
    /// What the description shows that can change while the server runs.
    struct State: Equatable {
        var campaignVersion: Int
        var status: CampaignDefinition.Status
        var signatures: Int
        var calls: [String: [CallReport.Outcome: Int]]
    }

    private let entries = Mutex<[Int64: (state: State, json: String)]>([:])

    /// The description of campaign `id` in `state`, from `render` when the last one was of another state.
    func summary(of id: Int64, state: State, render: () -> String) -> String {
        if let known = entries.withLock({ $0[id] }), known.state == state { return known.json }
        let json = render()
        entries.withLock { $0[id] = (state, json) }
        return json
    }
}
