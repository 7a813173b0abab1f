import ArgumentParsing
import Campaign
import Foundation

/// `campaign mail test --to ADDRESS`: one message through the configured server.
struct MailCommand: CommandGroup {
    static let name = "mail"
    static let abstract = "Check the mail set-up."
    static var subcommands: [any Command.Type] { [MailTestCommand.self] }
}

struct MailTestCommand: Command {
    static let name = "test"
    static let abstract = "Send one test message through the outbox and the SMTP server, and say how it went."
    static let recipient = Option<String>(name: "to", valueName: "address", check: .nonEmpty("an address"), help: "Who gets the test message.")
    static let arguments: [any ArgumentSpec] = [recipient] + MailOptions.arguments
    let to: MailAddress
    let mail: MailOptions

    init(_ arguments: ParsedArguments) throws {
        let text = try arguments[Self.recipient]
        do { to = try MailAddress(parsing: text) } catch { throw InputError("--to \(text): expected an address like name@example.org") }
        mail = try MailOptions(arguments)
    }

    func run(_ context: CommandContext) throws {
        let smtp = try mail.requireSMTP()
        let pool = try context.pool()
        let now = context.clock.now()
        let key = "test:" + context.tokens.token()
        let message = MailMessage(from: mail.settings.from, to: [to], subject: "campaign: test message / mensaje de prueba",
                                  text: "This message shows that campaign can send mail through \(smtp.server).\r\n\r\nEste mensaje muestra que campaign puede enviar correo a través de \(smtp.server).\r\n",
                                  html: "<p>This message shows that <strong>campaign</strong> can send mail through \(HTMLEscaping.escape(smtp.server)).</p><p lang=\"es\">Este mensaje muestra que <strong>campaign</strong> puede enviar correo a través de \(HTMLEscaping.escape(smtp.server)).</p>",
                                  date: now, messageID: MailMessage.messageID(key: key, domain: mail.settings.messageDomain),
                                  replyTo: mail.settings.replyTo, headers: [("Auto-Submitted", "auto-generated")])
        let queued = OutboxMessage.of(message, key: key, kind: .test, campaignID: nil)[0]
        _ = try pool.write { try OutboxStore.enqueue(queued, at: now, $0) }
        _ = mail.drain(pool, smtp, context)
        let entry = try pool.read { db in try OutboxStore.list(limit: 1000, db).first { $0.key == key } }
        switch entry?.state {
        case .sent?: context.output.line("Sent a test message to \(to.address) through \(smtp.server).")
        case let state?: throw MailFailure(description: "the test message was not sent (\(state.rawValue)): \(entry?.lastError ?? "")")
        case nil: throw MailFailure(description: "the test message is missing from the outbox")
        }
    }
}

/// Mail that could not go: exit status 1.
struct MailFailure: Error, CustomStringConvertible {
    let description: String
}
