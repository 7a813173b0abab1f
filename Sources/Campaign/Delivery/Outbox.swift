import Foundation

/// The outbox: every message is written here before anything tries to
/// send it, and a sender moves it from queued to sending to sent (or
/// failed). Only a message marked sending can be repeated after a crash.
/// These are its records and rules; `OutboxStore` keeps them.
public enum Outbox {
    /// Where a message is.
    public enum State: String, Sendable, CaseIterable {
        case queued, sending, sent, failed
    }

    /// One row, as `outbox list` shows it.
    public struct Entry: Sendable {
        public let id: Int64
        public let key: String
        public let kind: String
        public let campaignID: Int64?
        public let recipient: String
        public let subject: String
        public let state: State
        public let attempts: Int
        public let nextAttemptAt: String
        public let lastError: String
        public let createdAt: String
        public let sentAt: String?
    }

    /// A message a sender has claimed.
    public struct Claimed: Sendable {
        public let id: Int64
        public let kind: String
        public let sender: String
        public let recipient: String
        /// The encoded message; empty when there is a draft.
        public let bytes: [UInt8]
        /// A `MailDraft`'s JSON, for a message written from the templates as it is sent.
        public let draft: String?
        /// Attempts including this one.
        public let attempts: Int
    }

    /// How a claimed message ended.
    public enum Result: Sendable, Equatable {
        case sent
        /// Try again after a delay that doubles with every attempt.
        case retry(error: String)
        /// No session with the server (it could not be reached, or refused
        /// the connection, TLS or the login): try again after the delay, or
        /// as soon as a session succeeds, since nothing was wrong with the message.
        case waitForServer(error: String)
        /// Never try again.
        case failed(error: String)
    }

    /// How the last error of a message that waits only for the server
    /// starts, in the outbox and in `outbox list`.
    public static let waitingForServerMark = "server unavailable: "

    /// Attempts before a temporary failure is given up as failed: with
    /// doubling delays from 30 s, capped at 6 h, this spans about 26 hours.
    public static let maximumAttempts = 14
    /// How long a claim holds before another sender may take the message
    /// over, when the claimant cannot be checked (it ran on another host).
    public static let claimLease: TimeInterval = 600

    /// The delay before attempt `attempts + 1`: 30 s, 1 min, 2 min, … capped at 6 h.
    public static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(0, attempts - 1))), 6 * 3600)
    }
}
