import Campaign
import Foundation
import Glibc

/// Cuts connections that are too slow to send a request. libmicrohttpd's
/// own timeout counts only idleness, so a client dripping one header byte a
/// second would hold a connection forever; here every request must finish
/// its headers, and then its body, within a deadline, measured from when
/// the connection became ready for a request.
final class ConnectionWatchdog: @unchecked Sendable {
    /// Where a connection is in its current request.
    enum Phase {
        case awaitingHeaders(since: Double)
        case receivingBody(since: Double)
        /// The app is working or the writer is committing: not the client's fault.
        case processing
    }

    /// One connection, shared with libmicrohttpd as its socket context.
    final class Record {
        let descriptor: Int32
        var phase: Phase
        init(descriptor: Int32, now: Double) {
            self.descriptor = descriptor
            phase = .awaitingHeaders(since: now)
        }
    }

    private let lock = NSLock()
    private var records: [ObjectIdentifier: Record] = [:]
    private let headerDeadline: Double
    private let bodyDeadline: Double
    private var running = true
    /// Connections cut so far, for the log and tests.
    private(set) var cut = 0

    init(headerDeadline: Double, bodyDeadline: Double) {
        self.headerDeadline = headerDeadline
        self.bodyDeadline = bodyDeadline
        let thread = Thread { [self] in self.loop() }
        thread.name = "connection-watchdog"
        thread.start()
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    func opened(descriptor: Int32) -> Record {
        let record = Record(descriptor: descriptor, now: Self.now())
        lock.withLock { records[ObjectIdentifier(record)] = record }
        return record
    }

    func closed(_ record: Record) {
        lock.withLock { _ = records.removeValue(forKey: ObjectIdentifier(record)) }
    }

    func set(_ record: Record, _ phase: Phase) {
        lock.withLock { record.phase = phase }
    }

    func stop() { lock.withLock { running = false } }

    private func loop() {
        while lock.withLock({ running }) {
            usleep(100_000)
            let now = Self.now()
            lock.withLock {
                for record in records.values {
                    let late: Bool
                    switch record.phase {
                    case .awaitingHeaders(let since): late = now - since > headerDeadline
                    case .receivingBody(let since): late = now - since > bodyDeadline
                    case .processing: late = false
                    }
                    guard late else { continue }
                    // Shutting the socket down makes libmicrohttpd see the end
                    // of the stream and close the connection in its own thread.
                    shutdown(record.descriptor, Int32(SHUT_RDWR))
                    record.phase = .processing
                    cut += 1
                }
            }
        }
    }
}
