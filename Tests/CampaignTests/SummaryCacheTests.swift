@testable import CampaignWeb
import Testing

/// The API's campaign description is rendered once per state of its counts,
/// however often it is polled, and again as soon as a count or the campaign changes.
@Suite struct SummaryCacheTests {
    @Test func rendersOncePerState() {
        let cache = SummaryCache()
        var renders = 0
        func summary(_ state: SummaryCache.State) -> String {
            cache.summary(of: 1, state: state) {
                renders += 1
                return "{\"signatures\":\(state.signatures)}"
            }
        }
        let first = SummaryCache.State(campaignVersion: 1, status: .live, signatures: 5, calls: [:])
        #expect(summary(first) == "{\"signatures\":5}")
        #expect(summary(first) == "{\"signatures\":5}")
        #expect(renders == 1, "a second poll with the same counts is not rendered")

        var signed = first
        signed.signatures = 6
        #expect(summary(signed) == "{\"signatures\":6}")
        var called = signed
        called.calls = ["mayor": [.reached: 1]]
        _ = summary(called)
        var closed = called
        closed.status = .closed
        _ = summary(closed)
        var edited = closed
        edited.campaignVersion = 2
        _ = summary(edited)
        #expect(renders == 5, "a signature, a call, the campaign closing and a new version each render it again")
    }
}
