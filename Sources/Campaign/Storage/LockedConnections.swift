import Foundation

/// Connections behind a lock. A connection is not `Sendable`, but one that is
/// only ever touched while this lock is held is safe to share between
/// threads; that is the whole of this type's promise.
final class LockedConnections<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
