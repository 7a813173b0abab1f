/// What happened to one message handed to `SMTPTransport`. The outbox keeps
/// temporary failures for a later run and gives up on permanent ones, so the
/// line between them decides whether a message is ever tried again.
public enum SMTPDelivery: Sendable, Equatable {
    /// The server took the message for at least one recipient.
    case sent
    /// Worth retrying later: 4xx replies, a refused, reset or timed-out
    /// connection, TLS or authentication problems (configuration that may be
    /// fixed before the next run). `code` is the reply within the message's
    /// transaction (MAIL, RCPT, DATA); nil when the session never got that
    /// far or broke, so the next message would most likely fail the same way.
    case temporaryFailure(code: Int?, message: String)
    /// Never worth retrying: a 5xx reply to the sender, to the message, or
    /// to every recipient.
    case permanentFailure(code: Int?, message: String)

    /// The reply code behind a failure, when a server gave one.
    public var code: Int? {
        switch self {
        case .sent: return nil
        case .temporaryFailure(let code, _), .permanentFailure(let code, _): return code
        }
    }

    /// What went wrong, for a log line; nil when the message was sent.
    public var failureMessage: String? {
        switch self {
        case .sent: return nil
        case .temporaryFailure(_, let message), .permanentFailure(_, let message): return message
        }
    }
}
