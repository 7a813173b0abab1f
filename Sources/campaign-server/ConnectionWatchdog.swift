import Campaign
import CampaignWeb
import Foundation
import Glibc
import Synchronization

/// Cuts connections that are too slow to send a request. libmicrohttpd's
/// own timeout counts only idleness, so a client dripping one header byte a
/// second would hold a connection forever; here every request must finish
/// its headers, and then its body, within a deadline, measured from when
/// the connection became ready for a request.
///
/// At the connection limit libmicrohttpd stops accepting, and a new visitor
/// waits in the listen queue until a connection closes. So once the server
/// is crowded (`crowdedAt` connections open), the header deadline shortens:
/// connections holding a place without sending a request (idle keep-alive
/// ones, or thousands opened to exhaust the limit) give it up within about a
/// second.
final class ConnectionWatchdog: @unchecked Sendable {
    /// Where a connection is in its current request.
    enum Phase: Int {
        case awaitingHeaders = 0, receivingBody = 1
        /// The app is working or the writer is committing: not the client's fault.
        case processing = 2
    }

    /// One connection, shared with libmicrohttpd as its socket context. Its
    /// phase changes on every request, so it is atomic rather than locked.
    final class Record: @unchecked Sendable {
        let descriptor: Int32
        /// The address the connection comes from, as text; it cannot change.
        let peerAddress: String
        /// The phase in the low 2 bits, the time it began (µs of uptime) above.
        let state = Atomic<UInt64>(0)
        init(descriptor: Int32, peerAddress: String, now: UInt64) {
            self.descriptor = descriptor
            self.peerAddress = peerAddress
            state.store(now << 2 | UInt64(Phase.awaitingHeaders.rawValue), ordering: .relaxed)
        }
    }

    private let lock = NSLock()
    private var records: [ObjectIdentifier: Record] = [:]
    private let headerDeadline: UInt64
    private let bodyDeadline: UInt64
    private let crowdedHeaderDeadline: UInt64
    private let crowdedAt: Int
    private let running = Atomic<Bool>(true)
    /// Counts the connections cut.
    private let metrics: HTTPMetrics

    init(headerDeadline: Double, bodyDeadline: Double, crowdedHeaderDeadline: Double, crowdedAt: Int, metrics: HTTPMetrics) {
        self.headerDeadline = UInt64(headerDeadline * 1e6)
        self.bodyDeadline = UInt64(bodyDeadline * 1e6)
        self.crowdedHeaderDeadline = UInt64(min(crowdedHeaderDeadline, headerDeadline) * 1e6)
        self.crowdedAt = crowdedAt
        self.metrics = metrics
        let thread = Thread { [self] in self.loop() }
        thread.name = "connection-watchdog"
        thread.start()
    }

    /// Microseconds of uptime.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds / 1000 }

    func opened(descriptor: Int32, peerAddress: String) -> Record {
        let record = Record(descriptor: descriptor, peerAddress: peerAddress, now: Self.now())
        lock.withLock { records[ObjectIdentifier(record)] = record }
        return record
    }

    func closed(_ record: Record) {
        lock.withLock { _ = records.removeValue(forKey: ObjectIdentifier(record)) }
    }

    func set(_ record: Record, _ phase: Phase) {
        record.state.store(Self.now() << 2 | UInt64(phase.rawValue), ordering: .relaxed)
    }

    func stop() { running.store(false, ordering: .relaxed) }

    /// At shutdown: cuts every connection that is still sending a request
    /// (or idle between requests), leaving those the app is answering.
    func cutUnfinishedRequests() {
        lock.withLock {
            for record in records.values {
                let phase = Phase(rawValue: Int(record.state.load(ordering: .relaxed) & 3))
                guard phase != .processing else { continue }
                shutdown(record.descriptor, Int32(SHUT_RDWR))
                record.state.store(Self.now() << 2 | UInt64(Phase.processing.rawValue), ordering: .relaxed)
            }
        }
    }

    private func loop() {
        while running.load(ordering: .relaxed) {
            usleep(100_000)
            let now = Self.now()
            lock.withLock {
                let headerDeadline = records.count >= crowdedAt ? crowdedHeaderDeadline : headerDeadline
                for record in records.values {
                    let state = record.state.load(ordering: .relaxed)
                    let since = state >> 2
                    let late: Bool
                    switch Phase(rawValue: Int(state & 3)) {
                    case .awaitingHeaders: late = now > since && now - since > headerDeadline
                    case .receivingBody: late = now > since && now - since > bodyDeadline
                    default: late = false
                    }
                    guard late else { continue }
                    // Shutting the socket down makes libmicrohttpd see the end
                    // of the stream and close the connection in its own thread.
                    shutdown(record.descriptor, Int32(SHUT_RDWR))
                    record.state.store(now << 2 | UInt64(Phase.processing.rawValue), ordering: .relaxed)
                    metrics.connectionCut()
                }
            }
        }
    }
}
