import Foundation
import Testing
@testable import Campaign

/// The SMTP transport against a real server (`Support/smtp_sink.py`), and its
/// configuration from flags and environment.
@Suite(.serialized) struct SMTPTransportTests {
    static let sender = "campaign@example.org"

    /// A small RFC 5322 message with CRLF line ends.
    static func message(subject: String = "Hello", body: [String] = ["A line."]) -> [UInt8] {
        let lines = ["From: Campaign <campaign@example.org>", "To: office@example.gov", "Subject: \(subject)",
                     "Date: Mon, 02 Jun 2025 10:00:00 +0000", "Message-ID: <\(UUID().uuidString)@example.org>", ""] + body
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func transport(_ sink: SMTPSink, user: String? = nil, password: String? = nil,
                          tls: SMTPConfiguration.TLS = .opportunistic) throws -> SMTPTransport {
        SMTPTransport(configuration: try SMTPConfiguration(url: sink.url, user: user, password: password, tls: tls, timeout: 10))
    }

    /// A port nothing listens on: bound, read and released.
    static func freePort() -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Foundation.close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length)
                return getsockname(socket, generic, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: - Delivery

    @Test func deliversDotLinesByteForByte() throws {
        let sink = try SMTPSink()
        let transport = try Self.transport(sink)
        let bytes = Self.message(body: [".", "..two dots", ".leading dot", "middle . dot", "", ".", "last line"])
        let result = transport.send(from: Self.sender, to: ["office@example.gov"], message: bytes)
        #expect(result.delivery == .sent)
        #expect(result.refused.isEmpty)
        let received = try sink.waitForMessages(count: 1)
        #expect(received[0].data == bytes)
        #expect(received[0].mailFrom == Self.sender)
        #expect(received[0].recipients == ["office@example.gov"])
    }

    @Test func sendsSeveralMessagesOverOneConnection() throws {
        let sink = try SMTPSink()
        let transport = try Self.transport(sink)
        for number in 1...3 {
            let result = transport.send(from: Self.sender, to: ["office\(number)@example.gov"], message: Self.message(subject: "No. \(number)"))
            #expect(result.delivery == .sent)
        }
        let received = try sink.waitForMessages(count: 3)
        #expect(received.map(\.recipients) == [["office1@example.gov"], ["office2@example.gov"], ["office3@example.gov"]])
        #expect(received[2].text.contains("Subject: No. 3\r\n"))
        #expect(sink.connectionCount == 1)
        transport.close()
    }

    @Test func reportsTheRefusedRecipientAndDeliversToTheOther() throws {
        let sink = try SMTPSink(options: ["--reject-prefix", "nobody"])
        let transport = try Self.transport(sink)
        let result = transport.send(from: Self.sender, to: ["nobody@example.gov", "office@example.gov"], message: Self.message())
        #expect(result.delivery == .sent)
        #expect(result.refused.map(\.recipient) == ["nobody@example.gov"])
        #expect(result.refused.map(\.code) == [550])
        #expect(result.refused.map(\.message) == ["5.1.1 no such user"])
        let received = try sink.waitForMessages(count: 1)
        #expect(received[0].recipients == ["office@example.gov"])
    }

    @Test func everyRecipientRefusedIsAPermanentFailure() throws {
        let sink = try SMTPSink(options: ["--reject-prefix", "nobody"])
        let transport = try Self.transport(sink)
        let result = transport.send(from: Self.sender, to: ["nobody1@example.gov", "nobody2@example.gov"], message: Self.message())
        #expect(result.delivery == .permanentFailure(code: 550, message: "the SMTP server at \(sink.url) refused every recipient (2): 550 5.1.1 no such user"))
        #expect(result.refused.map(\.recipient) == ["nobody1@example.gov", "nobody2@example.gov"])
        #expect(try sink.messages().isEmpty)
        // The failed transaction does not spoil the next one.
        #expect(transport.send(from: Self.sender, to: ["office@example.gov"], message: Self.message()).delivery == .sent)
    }

    @Test func temporaryRecipientRefusalsAreTemporary() throws {
        let sink = try SMTPSink()
        try sink.setControl(["tempfail_prefix": "later"])
        let transport = try Self.transport(sink)
        let some = transport.send(from: Self.sender, to: ["later@example.gov", "office@example.gov"], message: Self.message())
        #expect(some.delivery == .sent)
        #expect(some.refused.map(\.code) == [451])
        let all = transport.send(from: Self.sender, to: ["later@example.gov"], message: Self.message())
        #expect(all.delivery.code == 451)
        guard case .temporaryFailure = all.delivery else { Issue.record("expected a temporary failure, got \(all.delivery)"); return }
        #expect(all.delivery.failureMessage?.contains("later@") == false)
    }

    @Test func busyAfterDataIsTemporaryAndTheNextSendWorks() throws {
        let sink = try SMTPSink()
        try sink.setControl(["tempfail_data_count": 1])
        let transport = try Self.transport(sink)
        let first = transport.send(from: Self.sender, to: ["office@example.gov"], message: Self.message(subject: "first"))
        #expect(first.delivery == .temporaryFailure(code: 451, message: "the SMTP server at \(sink.url) did not accept the message: 451 4.3.0 busy"))
        let second = transport.send(from: Self.sender, to: ["office@example.gov"], message: Self.message(subject: "second"))
        #expect(second.delivery == .sent)
        let received = try sink.waitForMessages(count: 1)
        #expect(received.count == 1)
        #expect(received[0].text.contains("Subject: second"))
    }

    // MARK: - Connection trouble

    @Test func nothingListeningIsATemporaryFailure() throws {
        let url = "smtp://127.0.0.1:\(Self.freePort())"
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: url))
        let result = transport.send(from: Self.sender, to: ["office@example.gov"], message: Self.message())
        #expect(result.delivery == .temporaryFailure(code: nil, message: "the SMTP server at \(url) refused the connection"))
    }

    @Test func recoversWhenTheServerComesBack() throws {
        let sink = try SMTPSink()
        let transport = try Self.transport(sink)
        #expect(transport.send(from: Self.sender, to: ["a@example.gov"], message: Self.message()).delivery == .sent)
        // The kept connection died with the server: a fresh one is opened.
        try sink.restart()
        #expect(transport.send(from: Self.sender, to: ["b@example.gov"], message: Self.message()).delivery == .sent)
        sink.stop()
        let down = transport.send(from: Self.sender, to: ["c@example.gov"], message: Self.message())
        #expect(down.delivery == .temporaryFailure(code: nil, message: "the SMTP server at \(sink.url) refused the connection"))
        try sink.restart()
        #expect(transport.send(from: Self.sender, to: ["d@example.gov"], message: Self.message()).delivery == .sent)
        let received = try sink.waitForMessages(count: 3)
        #expect(received.map(\.recipients) == [["a@example.gov"], ["b@example.gov"], ["d@example.gov"]])
    }

    @Test func authenticatesAndReportsAWrongPassword() throws {
        let password = "s3cret-Pa55"
        let sink = try SMTPSink(options: ["--require-auth", "campaign:\(password)"])
        let good = try Self.transport(sink, user: "campaign", password: password)
        #expect(good.send(from: Self.sender, to: ["office@example.gov"], message: Self.message()).delivery == .sent)
        #expect(try sink.waitForMessages(count: 1).count == 1)

        let wrong = try Self.transport(sink, user: "campaign", password: "not-" + password)
        let refused = wrong.send(from: Self.sender, to: ["office@example.gov"], message: Self.message()).delivery
        guard case .temporaryFailure(nil, let message) = refused else { Issue.record("expected a temporary failure, got \(refused)"); return }
        #expect(message.hasPrefix("the SMTP server at \(sink.url) refused authentication (check the user name and password): 535"))
        #expect(!message.contains(password))

        let anonymous = try Self.transport(sink)
        let unauthenticated = anonymous.send(from: Self.sender, to: ["office@example.gov"], message: Self.message()).delivery
        #expect(unauthenticated.code == nil)
        #expect(unauthenticated.failureMessage?.hasPrefix("the SMTP server at \(sink.url) refused authentication (no user is configured): 530") == true)
        #expect(try sink.messages().count == 1)
    }

    @Test func requiredTLSFailsAgainstAPlainServer() throws {
        let sink = try SMTPSink()
        let transport = try Self.transport(sink, tls: .required)
        let result = transport.send(from: Self.sender, to: ["office@example.gov"], message: Self.message())
        #expect(result.delivery == .temporaryFailure(
            code: nil, message: "the SMTP server at \(sink.url) does not offer STARTTLS, which --smtp-tls required asks for"))
        #expect(try sink.messages().isEmpty)
    }

    @Test func refusesEnvelopesWithLineBreaks() throws {
        let sink = try SMTPSink()
        let transport = try Self.transport(sink)
        let result = transport.send(from: Self.sender, to: ["office@example.gov>\r\nRCPT TO:<other@example.gov"], message: Self.message())
        guard case .permanentFailure(nil, _) = result.delivery else { Issue.record("expected a permanent failure, got \(result.delivery)"); return }
        #expect(sink.connectionCount == 0)
    }

    // MARK: - Configuration

    @Test func readsTheEnvironment() throws {
        let passwordFile = TestSupport.write("from-file secret\n", named: "smtp-password")
        let configuration = try SMTPConfiguration.resolve(flags: [:], environment: [
            "CAMPAIGN_SMTP_URL": "smtps://mail.example.org:465/campaign.example.org",
            "CAMPAIGN_SMTP_USER": "campaign",
            "CAMPAIGN_SMTP_PASSWORD_FILE": passwordFile,
            "CAMPAIGN_SMTP_TLS": "required",
        ])
        #expect(configuration?.server == "smtps://mail.example.org:465")
        #expect(configuration?.heloName == "campaign.example.org")
        #expect(configuration?.user == "campaign")
        #expect(configuration?.password == "from-file secret")
        #expect(configuration?.tls == .required)
        #expect(configuration?.timeout == 30)
        #expect(configuration?.connectTimeout == 10)
        #expect(try SMTPConfiguration.resolve(flags: [:], environment: ["PATH": "/bin"]) == nil)
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let passwordFile = TestSupport.write("flag secret\r\n", named: "smtp-password")
        let configuration = try SMTPConfiguration.resolve(
            flags: ["smtp-url": "smtp://127.0.0.1:2525", "smtp-user": "flag-user", "smtp-password-file": passwordFile, "smtp-tls": "none"],
            environment: ["CAMPAIGN_SMTP_URL": "smtp://mail.example.org", "CAMPAIGN_SMTP_USER": "env-user",
                          "CAMPAIGN_SMTP_PASSWORD": "env secret", "CAMPAIGN_SMTP_TLS": "required"])
        #expect(configuration?.url == "smtp://127.0.0.1:2525")
        #expect(configuration?.user == "flag-user")
        #expect(configuration?.password == "flag secret")
        #expect(configuration?.tls == SMTPConfiguration.TLS.none)
        #expect(configuration?.heloName == nil)
        let plain = try SMTPConfiguration.resolve(flags: [:], environment: ["CAMPAIGN_SMTP_URL": "smtp://mail.example.org",
                                                                            "CAMPAIGN_SMTP_USER": "u", "CAMPAIGN_SMTP_PASSWORD": "p"])
        #expect(plain?.password == "p")
        #expect(plain?.tls == .opportunistic)
    }

    @Test func errorsNameTheFlagOrVariable() {
        func failure(_ flags: [String: String], _ environment: [String: String]) -> String? {
            do { _ = try SMTPConfiguration.resolve(flags: flags, environment: environment); return nil } catch { return "\(error)" }
        }
        let url = ["CAMPAIGN_SMTP_URL": "smtp://mail.example.org"]
        #expect(failure(["smtp-password-file": "/nonexistent/smtp-password"], url)
                == "--smtp-password-file /nonexistent/smtp-password: no such file")
        #expect(failure([:], url.merging(["CAMPAIGN_SMTP_PASSWORD_FILE": "/nonexistent/p", "CAMPAIGN_SMTP_USER": "u"]) { $1 })
                == "CAMPAIGN_SMTP_PASSWORD_FILE /nonexistent/p: no such file")
        #expect(failure([:], url.merging(["CAMPAIGN_SMTP_TLS": "maybe"]) { $1 })
                == "CAMPAIGN_SMTP_TLS maybe: expected none, try or required")
        #expect(failure(["smtp-url": "http://mail.example.org"], [:]) == "--smtp-url http://mail.example.org: the scheme must be smtp or smtps")
        #expect(failure([:], ["CAMPAIGN_SMTP_URL": "smtp://:25"]) == "CAMPAIGN_SMTP_URL smtp://:25: no host name")
        #expect(failure([:], ["CAMPAIGN_SMTP_URL": "smtp://mail.example.org:99999"])
                == "CAMPAIGN_SMTP_URL smtp://mail.example.org:99999: the port must be a number from 1 to 65535")
        #expect(failure(["smtp-user": "campaign"], url) == "--smtp-user campaign: no password; set CAMPAIGN_SMTP_PASSWORD or give --smtp-password-file")
        #expect(failure([:], url.merging(["CAMPAIGN_SMTP_PASSWORD": "p"]) { $1 })
                == "CAMPAIGN_SMTP_PASSWORD is set but no user; give --smtp-user or set CAMPAIGN_SMTP_USER")
        #expect(failure(["smtp-tls": "required"], [:]) == "--smtp-tls needs an SMTP server: give --smtp-url or set CAMPAIGN_SMTP_URL")
        #expect(failure([:], url.merging(["CAMPAIGN_SMTP_PASSWORD": "p", "CAMPAIGN_SMTP_PASSWORD_FILE": "/x", "CAMPAIGN_SMTP_USER": "u"]) { $1 })
                == "CAMPAIGN_SMTP_PASSWORD and CAMPAIGN_SMTP_PASSWORD_FILE are both set; set one")
        let empty = TestSupport.write("\n", named: "empty-password")
        #expect(failure(["smtp-user": "u", "smtp-password-file": empty], url) == "--smtp-password-file \(empty): is empty")
        #expect(failure([:], ["CAMPAIGN_SMTP_URL": "smtp://mail.example.org/bad name"])
                == "EHLO name 'bad name': use a host name or an address literal such as [192.0.2.1]")
    }

    @Test func neverShowsThePassword() throws {
        let password = "hunter2-very-secret"
        var texts: [String] = []
        // A URL carrying credentials is refused without being repeated.
        do { _ = try SMTPConfiguration.resolve(flags: ["smtp-url": "smtp://campaign:\(password)@mail.example.org"], environment: [:]) } catch {
            texts.append("\(error)")
            #expect("\(error)".hasPrefix("--smtp-url: the URL holds a user name or password"))
        }
        do { _ = try SMTPConfiguration(url: "ftp://campaign:\(password)@mail.example.org") } catch { texts.append("\(error)") }
        do { _ = try SMTPConfiguration(url: "smtp://campaign:\(password)@@") } catch { texts.append("\(error)") }
        let configuration = try SMTPConfiguration(url: "smtp://mail.example.org", user: "campaign", password: password)
        texts.append(configuration.description)
        texts.append(configuration.debugDescription)
        texts.append(String(describing: configuration))
        texts.append(String(reflecting: configuration))
        var dumped = ""
        dump(configuration, to: &dumped)
        texts.append(dumped)
        #expect(texts.count == 8)
        #expect(configuration.description == "smtp://mail.example.org (STARTTLS try, user campaign, password set)")
        for text in texts { #expect(!text.contains(password), "\(text)") }
        // Nor does a failed send.
        let transport = SMTPTransport(configuration: try SMTPConfiguration(
            url: "smtp://127.0.0.1:\(Self.freePort())", user: "campaign", password: password))
        let result = transport.send(from: Self.sender, to: ["office@example.gov"], message: Self.message())
        #expect(result.delivery.failureMessage?.contains(password) == false)
    }

    @Test func redactsAddressesInServerText() {
        #expect(SMTPTransport.withoutAddresses("5.1.1 <office@example.gov>: Recipient address rejected")
                == "5.1.1 <address> Recipient address rejected")
    }
}
