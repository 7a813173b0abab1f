import Campaign
import Foundation

/// Queues the digests of every live campaign once `every` has passed since
/// the last run (`--digest-every`, months on the calendar), then wakes the
/// sender. Each digest records its own
/// window, so a run that overlaps a manual `campaign digest send` or follows
/// a crash neither repeats nor skips a signature.
struct DigestSchedule: Sendable {
    let pool: DatabasePool
    /// The composer as the templates are now (they are read again when they change).
    let composer: @Sendable () -> MailComposer
    let every: CalendarDuration
    let clock: Clock
    let sender: OutboxSender?
    let log: @Sendable (String) -> Void

    func start() {
        let thread = Thread { [self] in
            while true {
                let now = clock.now()
                Thread.sleep(forTimeInterval: every.after(now).timeIntervalSince(now))
                do {
                    let planner = try DigestPlanner(pool: pool, composer: composer())
                    let recorded = try planner.record(planner.plan(slug: nil, now: clock.now()), now: clock.now())
                    let messages = recorded.reduce(0) { $0 + $1.messages.count }
                    if messages > 0 { log("digests: queued \(messages) messages") }
                    sender?.wake()
                } catch {
                    log("digests: \(error)")
                }
            }
        }
        thread.name = "digest-schedule"
        thread.start()
    }
}
