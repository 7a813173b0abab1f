import Foundation

/// A value behind a condition variable: threads change it under the lock,
/// signal, and wait until it satisfies what they need.
final class LockedConditionQueue<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    init(_ value: Value) { self.value = value }

    @discardableResult
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer { condition.unlock() }
        return try body(&value)
    }

    /// Wakes every waiter to look again.
    func signal() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until `isReady` holds.
    func wait(until isReady: (Value) -> Bool) {
        condition.lock()
        while !isReady(value) { condition.wait() }
        condition.unlock()
    }
}
