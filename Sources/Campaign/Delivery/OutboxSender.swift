import Foundation

/// Drains the outbox over one SMTP connection: claims a due message, sends
/// it, records the result together with the next claim. A temporary failure
/// is retried later with a doubling delay; a permanent one is kept as failed.
/// Messages that waited only because the server could not be reached go as
/// soon as a session succeeds: after a message is sent, or, when none is
/// due, after a session opened only to see whether the server answers.
public final class OutboxSender: Sendable {
    /// What one round of draining did.
    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        /// Messages put back after a sender died holding them.
        public var recovered = 0
        /// Messages that waited only for the server, made due when a
        /// session with it succeeded in this round.
        public var released = 0
        /// Why the server still could not be reached when, with nothing due,
        /// a session was opened only to see whether it answers again.
        public var stillUnreachable: String?
        /// Why the round stopped early: the server could not be reached.
        public var stoppedBy: String?

        public init() {}
    }

    private let pool: DatabasePool
    private let configuration: SMTPConfiguration
    /// Writes drafts out from the templates; nil where there are none.
    private let composer: @Sendable () -> MailComposer?
    private let background = WakeableThread()
    /// Who holds a claim: this host and process.
    public let claimant: String

    /// When messages are claimed and settled.
    private let clock: Clock

    public init(pool: DatabasePool, configuration: SMTPConfiguration, composer: @escaping @Sendable () -> MailComposer? = { nil }, clock: Clock = .live) {
        self.pool = pool
        self.clock = clock
        self.configuration = configuration
        self.composer = composer
        claimant = Self.hostName + ":" + String(getpid())
    }

    /// Sends every message that is due, once each; returns what happened.
    /// `limit` caps the messages tried in this round. When it returns, every
    /// mark it made is on the disk: a power cut afterwards sends nothing again.
    public func drain(limit: Int = .max) -> Report {
        let now = clock.now
        var report = Report()
        let transport = SMTPTransport(configuration: configuration)
        defer { transport.close() }
        do {
            let claimant = self.claimant
            report.recovered = try pool.write { db in
                try OutboxStore.recoverAbandoned(at: now(), isAlive: { Self.isAlive($0, besides: claimant) }, db)
            }
            var previous: (id: Int64, result: Outbox.Result)?
            var tried = 0
            var checkedServer = false
            while true {
                let settling = previous
                // The result of one message and the claim of the next in one
                // commit, unsynced: a crash in between repeats at most the one
                // in flight, and a power cut is covered by the synced commit
                // that ends the round.
                let claimed = tried < limit && report.stoppedBy == nil
                    ? try pool.writeUnsynced { db in try OutboxStore.claimNext(settling: settling, for: claimant, at: now(), db) }
                    : nil
                guard let message = claimed else {
                    // The last result is recorded in a synced commit, which
                    // carries every unsynced one before it to the disk.
                    if let settling { try pool.write { db in try OutboxStore.settle(settling, at: now(), db) } }
                    previous = nil
                    // Nothing is due, but messages wait out their delay only because the server
                    // was down: if it answers now, they go in this round.
                    if !checkedServer && report.stoppedBy == nil && tried < limit,
                       try pool.read({ db in try OutboxStore.waitingForServer(at: now(), db) }) > 0 {
                        checkedServer = true
                        if let problem = transport.checkSession() {
                            report.stillUnreachable = problem
                        } else {
                            report.released += try pool.writeUnsynced { db in try OutboxStore.releaseWaitingForServer(at: now(), db) }
                            continue
                        }
                    }
                    break
                }
                tried += 1
                let bytes: [UInt8]
                do {
                    bytes = try written(message)
                } catch {
                    // Templates can be fixed: try again later rather than give up.
                    report.retrying += 1
                    previous = (message.id, .retry(error: "could not write the message from its draft: \(error)"))
                    continue
                }
                let (delivery, _) = transport.send(from: message.sender, to: [message.recipient], message: bytes)
                switch delivery {
                case .sent:
                    report.sent += 1
                    previous = (message.id, .sent)
                    // The server answers: what waited only for it is due now.
                    if !checkedServer {
                        checkedServer = true
                        report.released += try pool.writeUnsynced { db in try OutboxStore.releaseWaitingForServer(at: now(), db) }
                    }
                case .temporaryFailure(let code, let text):
                    report.retrying += 1
                    if code == nil {
                        // Nothing reached the server: the rest would fail the same way.
                        previous = (message.id, .waitForServer(error: text))
                        report.stoppedBy = text
                    } else {
                        previous = (message.id, .retry(error: Self.describe(code, text)))
                    }
                case .permanentFailure(let code, let text):
                    report.failed += 1
                    previous = (message.id, .failed(error: Self.describe(code, text)))
                }
            }
        } catch {
            report.stoppedBy = "the outbox could not be read or written: \(error)"
        }
        return report
    }

    /// The bytes to send: as stored, or written now from the draft.
    private func written(_ message: Outbox.Claimed) throws -> [UInt8] {
        guard let json = message.draft else { return message.bytes }
        guard let composer = composer() else { throw InputError("this sender has no templates folder (--templates)") }
        return try composer.message(try MailDraft(json: json, source: "outbox message \(message.id)")).encoded()
    }

    /// Drains in the background: whenever `wake()` is called (a message was
    /// queued) and every `interval` seconds for retries, until `stop()`.
    public func start(every interval: TimeInterval = 30, log: @escaping @Sendable (String) -> Void = { _ in }) {
        background.start(name: "outbox-sender", every: interval, context: ()) { [self] _, _ in
            let report = drain()
            if report.sent + report.retrying + report.failed + report.recovered > 0 || report.stoppedBy != nil {
                log("outbox: \(report.sent) sent, \(report.retrying) to retry, \(report.failed) failed"
                    + (report.released > 0 ? " (\(report.released) had waited for the SMTP server)" : "")
                    + (report.stoppedBy.map { "; stopped: \($0)" } ?? ""))
            }
        }
    }

    /// Asks the background sender to drain now.
    public func wake() { background.wake() }

    /// Stops the background sender after its current message.
    public func stop() { background.stop() }

    /// This machine's name.
    static var hostName: String {
        var host = [UInt8](repeating: 0, count: 256)
        host.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { _ = gethostname($0, buffer.count - 1) }
        }
        return String(decoding: host.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func describe(_ code: Int?, _ text: String) -> String {
        code.map { "\($0) \(text)" } ?? text
    }

    /// Whether the sender named `claimant` ("host:pid") may still be sending.
    static func isAlive(_ claimant: String, besides me: String) -> Bool {
        if claimant == me { return true }
        let parts = claimant.split(separator: ":")
        // Another host's process cannot be checked: its lease decides.
        guard parts.count == 2, String(parts[0]) == hostName, let pid = pid_t(parts[1]) else { return !claimant.isEmpty }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
