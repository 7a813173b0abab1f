import CampaignWeb
import Foundation

/// One request as it passes through libmicrohttpd's callbacks: created when
/// the request line arrives, released when the request is complete.
final class RequestState: @unchecked Sendable {
    enum Phase {
        /// The headers are not complete yet.
        case new
        /// Reading the body.
        case receiving
        /// Suspended while the writer commits; `response` is set before resuming.
        case waiting
        case answered
    }

    let target: String
    let startedAt = DispatchTime.now()
    var phase = Phase.new
    var method = ""
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var tooLarge = false
    var status = 0
    /// Set by the writer's thread, read by libmicrohttpd's after resuming.
    private let lock = NSLock()
    private var pendingResponse: Response?

    init(target: String) { self.target = target }

    var response: Response? {
        get { lock.withLock { pendingResponse } }
        set { lock.withLock { pendingResponse = newValue } }
    }
}
