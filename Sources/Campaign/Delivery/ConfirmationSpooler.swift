import Foundation

/// The server's thread that writes waiting confirmations into the outbox
/// (`ConfirmationQueue`), woken when the writer stores one. It takes
/// `batch` at a time, writes their mail on a reader connection and stores
/// it in one short transaction, and pauses `pause` seconds between full
/// batches: at most 1,000 mails a second by default, more than an SMTP
/// server takes, while a surge of signing keeps the writer's lock.
public final class ConfirmationSpooler: Sendable {
    private struct State {
        var running = false
        var pending = false
        var stopping = false
    }

    private let pool: DatabasePool
    private let composer: @Sendable () -> MailComposer?
    private let batch: Int
    private let pause: TimeInterval
    private let state = LockedConditionValue<State>(State())

    /// `composer` gives the site's mail settings and templates; nil leaves the confirmations waiting.
    public init(pool: DatabasePool, composer: @escaping @Sendable () -> MailComposer?, batch: Int = 50, pause: TimeInterval = 0.05) {
        self.pool = pool
        self.composer = composer
        self.batch = batch
        self.pause = pause
    }

    /// Starts the thread; `written` is called after each pass that put mail
    /// in the outbox. It also looks every `interval` seconds, for
    /// confirmations a stopped server left behind.
    public func start(every interval: TimeInterval = 30, written: @escaping @Sendable () -> Void = {},
                      log: @escaping @Sendable (String) -> Void = { _ in }) {
        state.withLock { $0.running = true }
        let thread = Thread { [self] in
            var campaigns = ConfirmationQueue.Campaigns()
            while !state.withLock({ state -> Bool in
                state.pending = false
                return state.stopping
            }) {
                while let composer = composer() {
                    let prepared: [ConfirmationQueue.Prepared], moved: ConfirmationQueue.Moved
                    do {
                        // Written on a reader; only the inserts hold the write lock.
                        prepared = try pool.read { db in try ConfirmationQueue.prepare(limit: batch, composer: composer, campaigns: &campaigns, db) }
                        moved = try pool.write { db in try ConfirmationQueue.store(prepared, db) }
                    } catch {
                        log("confirmations could not be written into the outbox: \(error)")
                        break
                    }
                    if moved.written > 0 { written() }
                    if moved.dropped > 0 { log("\(moved.dropped) confirmation mail\(moved.dropped == 1 ? "" : "s") could not be written and were dropped") }
                    if prepared.count < batch || state.withLock({ $0.stopping }) { break }
                    Thread.sleep(forTimeInterval: pause)
                }
                _ = state.wait(until: { $0.pending || $0.stopping }, timeout: interval)
            }
            state.withLock { $0.running = false }
            state.signal()
        }
        thread.name = "confirmation-spooler"
        thread.start()
    }

    /// A confirmation is waiting: write it now.
    public func wake() {
        state.withLock { $0.pending = true }
        state.signal()
    }

    /// Stops after the batch under way; what is left waits for the next start.
    public func stop() {
        let running = state.withLock { state -> Bool in
            state.stopping = true
            return state.running
        }
        guard running else { return }
        state.signal()
        state.wait(until: { !$0.running })
    }
}
