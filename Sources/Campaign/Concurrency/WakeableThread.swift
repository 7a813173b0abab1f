import Foundation
import Synchronization

/// A background thread that runs a round of work as it starts, whenever
/// `wake()` is called, and every `interval` seconds, until `stop()`: the
/// outbox sender and the confirmation spooler each run on one.
public final class WakeableThread: Sendable {
    private struct State {
        var running = false
        /// A wake-up has been signalled and no round has started since.
        var pending = false
        var stopping = false
        var stopWaiters: [DispatchSemaphore] = []
    }

    private let state = Mutex(State())
    /// Signalled by `wake()` and `stop()`; the thread waits on it between rounds.
    private let wakeups = DispatchSemaphore(value: 0)

    public init() {}

    /// Starts the thread. `round` is given `context` to keep from one round
    /// to the next, and a way to ask whether `stop()` has been called.
    public func start<Context: Sendable>(name: String, every interval: TimeInterval, context: Context,
                                         _ round: @escaping @Sendable (inout Context, _ isStopping: () -> Bool) -> Void) {
        state.withLock { $0.running = true }
        let thread = Thread { [self] in
            var context = context
            while !state.withLock({ state -> Bool in
                state.pending = false
                return state.stopping
            }) {
                round(&context) { state.withLock { $0.stopping } }
                _ = wakeups.wait(timeout: .now() + interval)
            }
            let waiters = state.withLock { state -> [DispatchSemaphore] in
                state.running = false
                defer { state.stopWaiters = [] }
                return state.stopWaiters
            }
            for waiter in waiters { waiter.signal() }
        }
        thread.name = name
        thread.start()
    }

    /// Asks for a round now; wake-ups during a round make one more round.
    public func wake() {
        let signal = state.withLock { state -> Bool in
            defer { state.pending = true }
            return !state.pending
        }
        if signal { wakeups.signal() }
    }

    /// Stops after the round under way; returns at once if never started.
    public func stop() {
        let stopped = DispatchSemaphore(value: 0)
        let waits = state.withLock { state -> Bool in
            state.stopping = true
            guard state.running else { return false }
            state.stopWaiters.append(stopped)
            return true
        }
        wakeups.signal()
        if waits { stopped.wait() }
    }
}
