import CampaignWeb
import Foundation
import Synchronization

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
    /// A `Mutex` lives inside the object, where a lock object would be one
    /// more allocation for every request.
    private let pendingResponse = Mutex<Response?>(nil)

    init(target: String) { self.target = target }

    var response: Response? {
        get { pendingResponse.withLock { $0 } }
        set { pendingResponse.withLock { $0 = newValue } }
    }
}
