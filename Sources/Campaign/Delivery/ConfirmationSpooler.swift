import Foundation

/// The server's thread that writes waiting confirmations into the outbox
/// (`ConfirmationQueue`), woken when the writer stores one. It takes
/// `batch` at a time, writes their mail on a reader connection and stores
/// it in one short transaction, and pauses `pause` seconds between full
/// batches: at most 1,000 mails a second by default, more than an SMTP
/// server takes, while a surge of signing keeps the writer's lock. Woken,
/// it first lets `gather` seconds of signing gather, so that a steady
/// stream of signers makes a few passes of many mails, not a pass (a read
/// and a write transaction) for every commit of the writer.
public final class ConfirmationSpooler: Sendable {
    private let pool: DatabasePool
    private let composer: @Sendable () -> MailComposer?
    private let batch: Int
    private let pause: TimeInterval
    private let gather: TimeInterval
    private let background = WakeableThread()
    private let clock: Clock

    /// `composer` gives the site's mail settings and templates; nil leaves the confirmations waiting.
    public init(pool: DatabasePool, composer: @escaping @Sendable () -> MailComposer?, batch: Int = 50, pause: TimeInterval = 0.05,
                gather: TimeInterval = 0.05, clock: Clock = .live) {
        self.pool = pool
        self.clock = clock
        self.composer = composer
        self.batch = batch
        self.pause = pause
        self.gather = gather
    }

    /// Starts the thread; `written` is called after each pass that put mail
    /// in the outbox. It also looks every `interval` seconds, for
    /// confirmations a stopped server left behind.
    public func start(every interval: TimeInterval = 30, written: @escaping @Sendable () -> Void = {},
                      log: @escaping @Sendable (String) -> Void = { _ in }) {
        background.start(name: "confirmation-spooler", every: interval, context: ConfirmationQueue.Campaigns()) { [self] campaigns, isStopping in
            if !isStopping() { Thread.sleep(forTimeInterval: gather) }
            while let composer = composer() {
                let prepared: [ConfirmationQueue.Prepared], moved: ConfirmationQueue.Moved
                do {
                    // Written on a reader; only the inserts hold the write lock.
                    let now = clock.now()
                    prepared = try pool.read { db in try ConfirmationQueue.prepare(limit: batch, composer: composer, campaigns: &campaigns, at: now, db) }
                    moved = try pool.write { db in try ConfirmationQueue.store(prepared, at: now, db) }
                } catch {
                    log("confirmations could not be written into the outbox: \(error)")
                    return
                }
                if moved.written > 0 { written() }
                if moved.dropped > 0 { log("\(moved.dropped) confirmation mail\(moved.dropped == 1 ? "" : "s") could not be written and were dropped") }
                if prepared.count < batch || isStopping() { return }
                Thread.sleep(forTimeInterval: pause)
            }
        }
    }

    /// A confirmation is waiting: write it now.
    public func wake() { background.wake() }

    /// Stops after the batch under way; what is left waits for the next start.
    public func stop() { background.stop() }
}
