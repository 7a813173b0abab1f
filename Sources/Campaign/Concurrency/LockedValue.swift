import Foundation

/// A value behind a lock. A value that is only ever touched while the lock
/// is held is safe to share between threads, even one that is not
/// `Sendable` (a SQLite connection); that is the whole of this type's promise.
public final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Holds `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, under the lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
