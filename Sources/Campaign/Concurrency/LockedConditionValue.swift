import Foundation

/// A value behind a condition variable that other modules can wait on:
/// change it under the lock, signal, wait until it satisfies a condition.
public final class LockedConditionValue<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    /// Holds `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, under the lock.
    @discardableResult
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer { condition.unlock() }
        return try body(&value)
    }

    /// Wakes every waiter to look again.
    public func signal() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until `isReady` holds or `timeout` seconds pass; false on timeout.
    public func wait(until isReady: (Value) -> Bool, timeout: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        // Foundation traps on a date infinitely far away: no deadline is a plain wait.
        guard timeout.isFinite else {
            while !isReady(value) { condition.wait() }
            return true
        }
        let deadline = Date().addingTimeInterval(timeout)
        while !isReady(value) {
            if !condition.wait(until: deadline) { return isReady(value) }
        }
        return true
    }

    /// Blocks until `isReady` holds.
    public func wait(until isReady: (Value) -> Bool) {
        _ = wait(until: isReady, timeout: .infinity)
    }
}
