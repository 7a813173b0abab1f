import Foundation

/// A background thread that runs a round of work as it starts, whenever
/// `wake()` is called, and every `interval` seconds, until `stop()`: the
/// outbox sender and the confirmation spooler each run on one.
public final class WakeableThread: Sendable {
    private struct State {
        var running = false
        var pending = false
        var stopping = false
    }

    private let state = LockedConditionValue<State>(State())

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
                _ = state.wait(until: { $0.pending || $0.stopping }, timeout: interval)
            }
            state.withLock { $0.running = false }
            state.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Asks for a round now.
    public func wake() {
        state.withLock { $0.pending = true }
        state.signal()
    }

    /// Stops after the round under way; returns at once if never started.
    public func stop() {
        state.withLock { $0.stopping = true }
        state.signal()
        state.wait(until: { !$0.running })
    }
}
