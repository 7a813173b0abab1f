import Foundation
import Synchronization

/// Where the time comes from. Production code reads `now()` from the clock
/// it was given, never `Date()`, so tests can fix the time or move it on
/// without sleeping.
public struct Clock: Sendable {
    private let reading: @Sendable () -> Date

    /// A clock that reads `reading` each time it is asked.
    public init(_ reading: @escaping @Sendable () -> Date) {
        self.reading = reading
    }

    /// The time now.
    public func now() -> Date { reading() }

    /// The system's clock.
    public static let live = Clock { Date() }

    /// A clock that always says `date`.
    public static func fixed(_ date: Date) -> Clock { Clock { date } }
}

/// A clock for tests that stands still until told to move.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    /// Starts at `date`.
    public init(_ date: Date = Date(timeIntervalSince1970: 1_796_000_000)) {
        current = Mutex(date)
    }

    /// The time it says now.
    public var now: Date { current.withLock { $0 } }

    /// Moves the time on by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// A `Clock` that reads this one.
    public var clock: Clock { Clock { [self] in now } }
}
