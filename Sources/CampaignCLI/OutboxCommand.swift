import ArgumentParsing
import Campaign
import Foundation

/// `campaign outbox`: the messages waiting, sent and failed.
struct OutboxCommand: CommandGroup {
    static let name = "outbox"
    static let abstract = "List, send, retry and purge the messages in the outbox."
    static let discussion = "Every message is written to the outbox before it is sent; a sender marks it sent, retries temporary failures with growing delays, and keeps permanent failures."
    static var subcommands: [any Command.Type] { [OutboxListCommand.self, OutboxSendCommand.self, OutboxRetryCommand.self, OutboxPurgeCommand.self] }
}

struct OutboxListCommand: Command {
    static let name = "list"
    static let abstract = "List messages, newest first. Supporters' addresses are shown masked."
    /// A state to list, or all of them.
    enum StateChoice: String, CaseIterable, ExpressibleByArgument { case all, queued, sending, sent, failed }
    static let state = Option<StateChoice>(name: "state", default: .all, valueName: "state", help: "Only messages in this state.")
    static let limit = Option<Int>(name: "limit", default: 50, valueName: "count", check: .positive, help: "At most this many.")
    static let arguments: [any ArgumentSpec] = [state, limit]
    let state: Outbox.State?
    let limit: Int

    init(_ arguments: ParsedArguments) throws {
        state = Outbox.State(rawValue: try arguments[Self.state].rawValue)
        limit = try arguments[Self.limit]
    }

    func run(_ context: CommandContext) throws {
        let (entries, counts, waiting) = try context.pool().read { db in
            (try OutboxStore.list(state: state, limit: limit, db), try OutboxStore.counts(db), try ConfirmationQueue.waiting(db))
        }
        var table = TableFormatter(headers: ["ID", "STATE", "KIND", "TO", "TRIES", "CREATED", "NEXT TRY / SENT", "LAST ERROR"])
        for entry in entries {
            let when = entry.state == .sent ? entry.sentAt ?? "" : entry.state == .queued ? entry.nextAttemptAt : ""
            table.rows.append([String(entry.id), entry.state.rawValue, entry.kind, Self.masked(entry), String(entry.attempts), entry.createdAt, when, entry.lastError])
        }
        context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal))
        context.errors.line(Outbox.State.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        // Written into the outbox by the server, with the site's sender and links.
        if waiting > 0 { context.errors.line("\(waiting) confirmation\(waiting == 1 ? "" : "s") waiting for the server to write into the outbox") }
    }

    /// A supporter's address is personal data: "a•••@example.org".
    static func masked(_ entry: Outbox.Entry) -> String {
        guard OutboxMessage.Kind(rawValue: entry.kind)?.isToSigner == true, let at = entry.recipient.firstIndex(of: "@") else { return entry.recipient }
        return String(entry.recipient.prefix(1)) + "•••" + entry.recipient[at...]
    }
}

struct OutboxSendCommand: Command {
    static let name = "send"
    static let abstract = "Send the messages that are due now, and those that waited only for the SMTP server once it answers."
    static let discussion = """
        A message that failed for a reason of its own (a 4xx reply) waits out a delay that doubles from 30 s to 6 h; \
        one that waited only because the server could not be reached goes as soon as a session with the server \
        succeeds, even with nothing else due. --now sends every queued message, whatever its retry time.
        """
    static let now = Flag(name: "now", help: "Send every queued message now, those waiting to retry included.")
    static let arguments: [any ArgumentSpec] = [now] + MailOptions.arguments
    let mail: MailOptions
    let sendAll: Bool

    init(_ arguments: ParsedArguments) throws {
        mail = try MailOptions(arguments)
        sendAll = try arguments[Self.now]
    }

    func run(_ context: CommandContext) throws {
        let smtp = try mail.requireSMTP()
        let pool = try context.pool()
        if sendAll {
            let waiting = try pool.write { db in try OutboxStore.sendNow(at: context.clock.now(), db) }
            if waiting > 0 { context.errors.line("Sending now \(waiting) message\(waiting == 1 ? "" : "s") that waited to retry.") }
        }
        let report = mail.drain(pool, smtp, context)
        if report.stoppedBy != nil || report.stillUnreachable != nil {
            throw MailFailure(description: "the SMTP server could not be reached; messages wait in the outbox")
        }
    }
}

struct OutboxRetryCommand: Command {
    static let name = "retry"
    static let abstract = "Queue failed messages and those waiting to retry (all, or those given) to be sent on the next send."
    static let ids = Positional<[Int]>(name: "id", allowingNone: true, help: "Message ids (default: every failed or waiting message).")
    static let arguments: [any ArgumentSpec] = [ids]
    let ids: [Int64]?

    init(_ arguments: ParsedArguments) throws {
        let given = try arguments[Self.ids]
        ids = given.isEmpty ? nil : given.map(Int64.init)
    }

    func run(_ context: CommandContext) throws {
        let count = try context.pool().write { try OutboxStore.retry(ids: ids, at: context.clock.now(), $0) }
        context.output.line("Queued \(count) message\(count == 1 ? "" : "s") to be sent again; `campaign outbox send` sends them now.")
    }
}

struct OutboxPurgeCommand: Command {
    static let name = "purge"
    static let abstract = "Delete sent messages (and, with --failed, failed ones) older than a time."
    static let olderThan = Option<CalendarDuration>(name: "older-than", default: .days(30), valueName: "duration",
                                                    help: "Delete what is older than this (30m is minutes, 6mo months).")
    static let failed = Flag(name: "failed", help: "Delete failed messages too.")
    static let arguments: [any ArgumentSpec] = [olderThan, failed]
    let age: CalendarDuration
    let failed: Bool

    init(_ arguments: ParsedArguments) throws {
        age = try arguments[Self.olderThan]
        failed = try arguments[Self.failed]
    }

    func run(_ context: CommandContext) throws {
        let count = try context.pool().write { try OutboxStore.purge(before: age.before(context.clock.now()), includingFailed: failed, $0) }
        context.output.line("Deleted \(count) message\(count == 1 ? "" : "s").")
    }
}
