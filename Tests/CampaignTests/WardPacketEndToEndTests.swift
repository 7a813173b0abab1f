@testable import Campaign
import Foundation
import Testing

/// The DC petition from signing to delivery, where every DC ZIP code spans
/// wards: signers with ZIP code 20002 who choose Ward 6, who share a
/// location in Ward 8, whose street address a loopback Census geocoder
/// places in Ward 1, and who give only the ZIP code. The Ward 1
/// councilmember's packet, CSV, admin export and digest list exactly the
/// Ward 1 signers as constituents and the ZIP-only ones apart, in English
/// and Spanish.
@Suite(.serialized) struct WardPacketEndToEndTests {
    static let dc = "dc-protect-residents-from-ice"
    static let ward1Member = "dc-brianne-nadeau"
    /// Inside Ward 1 (Howard University) and Ward 8 (Anacostia).
    static let ward1 = CensusGeocoderTests.Match(address: "2400 6TH ST NW, WASHINGTON, DC, 20059", x: -77.0199, y: 38.9227)
    static let ward8 = "38.86630,-76.99470"
    static let address = "2400 Sixth Street Northwest"

    /// The demo data with the DC petition's digests going to officials too.
    static func data() throws -> String {
        try E2E.dataCopy(editing: dc, replacing: "[digest]\nofficials = false", with: "[digest]\nofficials = true")
    }

    /// Signs the DC petition with ZIP code 20002, answering the ward
    /// question with `place`, and confirms by the mailed link.
    static func sign(_ server: ServerProcess, _ sink: SMTPSink, name: String, language: String, place: [(String, String)], _ check: Checks) throws {
        let client = server.client()
        let token = try E2E.openForm(client, dc, language, check)
        let email = E2E.uniqueEmail("ward")
        let before = try sink.messages().count
        let answer = try client.post("/c/\(dc)/sign", form: E2E.signature(token: token, name: name, email: email, zip: "20002", reason: "Por \(name)",
                                                                          consent: ["public"], extra: [("asked_district", "1")] + place,
                                                                          language: language))
        try check.require(answer.status == 303, "\(name) signing: \(answer.summary)")
        let mails = try sink.waitForMessages(count: before + 1, timeout: 20)
        let mail = try check.unwrap(mails.last { $0.recipients == [email] }, "no confirmation mail for \(name)")
        let text = try MailMessageTests.decode(mail.data).parts.first?.text ?? ""
        let link = try check.unwrap(E2E.between(text, "http://", "\r\n"), "no link in: \(text)")
        let path = String(link[(link.firstIndex(of: "/") ?? link.endIndex)...])
        try check.require(try client.get(path).status == 200, "confirming \(name)")
    }

    /// The rows of an HTML table section: the signers' names, in order.
    static func names(in section: String) -> [String] {
        section.components(separatedBy: "<td><bdi>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test(arguments: ["en", "es"]) func theWard1PacketListsExactlyWard1sSignersAndTheZIPOnlyOnesApart(language: String) async throws {
        let geocoder = try LoopbackHTTPServer { request in
            let asked = request.query["address"] ?? ""
            return .respond(status: 200, body: (try? CensusGeocoderTests.body(echoing: asked, asked.hasPrefix(Self.address) ? [Self.ward1] : [])) ?? "{}")
        }
        defer { geocoder.stop() }
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try ServerProcess.start(["--smtp-url", sink.url, "--mail-from", "Campaña DC <act@example.org>", "--sign-limit", "1000",
                                                  "--geocoder", "census", "--geocoder-url", geocoder.url], data: try Self.data())
            defer { server.stop() }
            let database = server.databasePath
            // Ward 1's councilmember, in the directory the server reads.
            let added = try TestSupport.campaign(["officials", "add", "--id", Self.ward1Member, "--name", "Brianne Nadeau",
                                                  "--jurisdiction", "ocd-division/country:us/district:dc", "--role", "councilmember",
                                                  "--seat", "Ward 1", "--district", "1", "--title", "es=Concejala", "--source", "test",
                                                  "--email", "nadeau@example.org"], database: database)
            try check.require(added.status == 0, "adding Ward 1's member: \(added.errors)")
            Thread.sleep(forTimeInterval: 0.5)

            try Self.sign(server, sink, name: "Seis Elegida", language: language, place: [("district", "6")], check)
            try Self.sign(server, sink, name: "Ocho Ubicada", language: language, place: [("at", Self.ward8)], check)
            try Self.sign(server, sink, name: "Uno Dirección", language: language, place: [("address", Self.address)], check)
            try Self.sign(server, sink, name: "Uno Elegido", language: language, place: [("district", "1")], check)
            try Self.sign(server, sink, name: "Solo Código", language: language, place: [("district", "unsure")], check)
            let ward1 = ["Uno Dirección", "Uno Elegido"]
            let elsewhere = ["Seis Elegida", "Ocho Ubicada"]
            func t(_ key: String) -> String { E2E.t(key, language) }

            // The packet, from the CLI.
            let packet = try TestSupport.campaign(["export", Self.dc, "--official", Self.ward1Member, "--format", "html", "--lang", language],
                                                  database: database)
            try check.require(packet.status == 0, "packet: \(packet.errors)")
            let html = packet.output
            let main = E2E.between(html, "<section class=\"signers\">", "</section>") ?? ""
            let possible = E2E.between(html, "<section class=\"signers possible\">", "</section>") ?? ""
            check.expect(Self.names(in: main) == ward1, "\(language): the main table: \(Self.names(in: main))")
            check.expect(Self.names(in: possible) == ["Solo Código"], "\(language): the labelled section: \(Self.names(in: possible))")
            check.expect(possible.contains("<h2>\(HTMLEscaping.escape(t("delivery.section.possible")))</h2>"), "\(language): the section's label")
            for name in elsewhere { check.expect(!html.contains(name), "\(language): \(name) is in Ward 1's packet") }
            let cover = E2E.between(html, "<section class=\"letter\">", "<h2>") ?? ""
            check.expect(cover.contains("<div><strong>2</strong>\(HTMLEscaping.escape(t("delivery.figure.known")))</div>"),
                         "\(language): the cover counts Ward 1's signers: \(cover)")
            check.expect(main.contains(HTMLEscaping.escape(t("delivery.district_known.geocoded")))
                         && main.contains(HTMLEscaping.escape(t("delivery.district_known.chosen"))), "\(language): how each district was known")
            let exact = try TestSupport.campaign(["export", Self.dc, "--official", Self.ward1Member, "--format", "html", "--exact-only",
                                                  "--lang", language], database: database)
            check.expect(exact.status == 0 && !exact.output.contains("Solo Código") && ward1.allSatisfy(exact.output.contains),
                         "\(language): --exact-only: \(exact.errors)")

            // The CSV from the CLI, and the same from the admin export.
            let csv = try TestSupport.campaign(["export", Self.dc, "--official", Self.ward1Member, "--lang", language], database: database)
            let rows = csv.output.split(separator: "\r\n").dropFirst().map(String.init)
            check.expect(rows.count == 3 && rows[0].hasPrefix("Uno Dirección,") && rows[1].hasPrefix("Uno Elegido,") && rows[2].hasPrefix("Solo Código,"),
                         "\(language): CSV rows: \(rows)")
            check.expect(rows.prefix(2).allSatisfy { $0.contains(",known,") } && rows[2].contains(",possible,"), "\(language): CSV sections: \(rows)")
            let created = try TestSupport.campaign(["token", "create", "--name", "delivery \(language)"], database: database)
            let token = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let admin = try server.client().get("/admin/campaigns/\(Self.dc)/export?official=\(Self.ward1Member)&format=csv&lang=\(language)",
                                                headers: [("Authorization", "Bearer " + token)])
            check.expect(admin.status == 200 && admin.text == csv.output, "\(language): the admin export differs from the CLI's: \(admin.summary)")
            let adminPacket = try server.client().get("/admin/campaigns/\(Self.dc)/export?official=\(Self.ward1Member)&format=html&lang=\(language)",
                                                      headers: [("Authorization", "Bearer " + token)])
            let adminMain = E2E.between(adminPacket.text, "<section class=\"signers\">", "</section>") ?? ""
            check.expect(Self.names(in: adminMain) == ward1, "\(language): the admin packet's main table: \(Self.names(in: adminMain))")

            // The digests: Ward 1's member hears of their two constituents and the one who may be.
            let before = try sink.messages().count
            let sent = try TestSupport.campaign(["digest", "send", Self.dc, "--lang", language, "--to", "organizers@example.org",
                                                 "--smtp-url", sink.url, "--mail-from", "Campaign <act@example.org>"], database: database)
            try check.require(sent.status == 0, "digest send: \(sent.output) \(sent.errors)")
            let mails = try sink.waitForMessages(count: before + 2, timeout: 20).dropFirst(before)
            let official = try MailMessageTests.decode(try check.unwrap(mails.first { $0.recipients == ["nadeau@example.org"] }, "no digest for Ward 1").data)
            let subject = official.decoded("Subject") ?? ""
            let body = official.parts.first?.text ?? ""
            let expected = language == "en" ? "2 of your constituents signed (and 1 more who may be): "
                : "2 personas de su circunscripción firmaron (y 1 más que podría serlo): "
            check.expect(subject.hasPrefix(expected), "\(language): subject: \(subject)")
            for name in ward1 + ["Solo Código"] { check.expect(body.contains(name), "\(language): the digest lacks \(name)") }
            for name in elsewhere { check.expect(!body.contains(name), "\(language): \(name) is in Ward 1's digest") }
            check.expect(body.contains("Ward 1: 2"), "\(language): the digest's count for Ward 1: \(body)")
            let organizer = try MailMessageTests.decode(try check.unwrap(mails.first { $0.recipients == ["organizers@example.org"] }, "organizer digest").data)
            let counts = organizer.parts.first?.text ?? ""
            for line in ["Ward 1: 2", "Ward 6: 1", "Ward 8: 1", "20002: 5"] {
                check.expect(counts.contains(line), "\(language): the organizer digest lacks '\(line)': \(counts)")
            }
        }
    }
}
