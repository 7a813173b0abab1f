@testable import Campaign
import Foundation
import Testing

/// The sign form's district question over real HTTP, against a server
/// whose geocoder is a loopback server answering in the Census Bureau's
/// format: DC's ZIP codes span wards, and the DC petition goes to every
/// ward's councilmember, so a signer is asked for their ward and may
/// choose it, share a location, give an address, or say they are not sure.
@Suite(.serialized) struct DistrictStepEndToEndTests {
    static let dc = "ocd-division/country:us/district:dc"
    /// A point in Ward 1 (Howard University) and one in Ward 8 (Anacostia).
    static let ward1 = CensusGeocoderTests.Match(address: "2400 6TH ST NW, WASHINGTON, DC, 20059", x: -77.0199, y: 38.9227)
    static let ward8 = "38.86630,-76.99470"
    static let address = "2400 Sixth Street Northwest"

    /// A Census geocoder on loopback that finds `address` in Ward 1 and nothing else.
    static func geocoder() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            let asked = request.query["address"] ?? ""
            let matches = asked.hasPrefix(address) ? [ward1] : []
            return .respond(status: 200, body: (try? CensusGeocoderTests.body(echoing: asked, matches)) ?? "{}")
        }
    }

    /// The stored method and districts of the signature made with `email`.
    static func stored(_ server: ServerProcess, _ email: String) throws -> (method: String, districts: String)? {
        try DatabasePool(path: server.databasePath).read { database in
            try database.row("SELECT district_method, districts FROM signatures WHERE email = ?", [email]).map { row in
                (try row.decode("district_method"), try row.decode("districts"))
            }
        }
    }

    static func html(_ key: String, _ language: String, _ arguments: [String: String] = [:]) -> String {
        var text = E2E.t(key, language)
        for (name, value) in arguments { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return HTMLEscaping.escape(text)
    }

    @Test func aSignerWhoseZIPSpansWardsIsAskedAndEachAnswerIsRecorded() async throws {
        let geocoder = try Self.geocoder()
        defer { geocoder.stop() }
        try await onThread { check in
            let server = try ServerProcess.start(["--geocoder", "census", "--geocoder-url", geocoder.url])
            defer { server.kill() }
            for language in ["en", "es"] {
                let client = server.client()
                var token = try E2E.openForm(client, E2E.dc, language, check)
                func sign(_ email: String, _ place: [(String, String)]) throws -> HTTPResponse {
                    let response = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, name: "Ana Ward", email: email, zip: "20002",
                                                                                           reason: "Mi razón", consent: ["public"], extra: place,
                                                                                           language: language))
                    token = E2E.csrf(in: response.text) ?? token
                    return response
                }
                // First the question, with everything typed kept, and nothing stored.
                let asked = E2E.uniqueEmail("asked")
                let question = try sign(asked, [("asked_district", "")])
                check.expect(question.status == 200, "\(language): the question: \(question.summary)")
                for kept in ["value=\"Ana Ward\"", "value=\"\(asked)\"", "value=\"20002\"", ">Mi razón</textarea>", "name=\"consent_public\" value=\"yes\" checked"] {
                    check.expect(question.text.contains(kept), "\(language): the question lost \(kept)")
                }
                check.expect(question.text.contains("<fieldset class=\"district-step\" id=\"result\" tabindex=\"-1\""), "\(language): no district question")
                // The place's name is the directory's, in English: marked so on a Spanish page, alone.
                let place = language == "en" ? "District of Columbia" : "<span lang=\"en\">District of Columbia</span>"
                check.expect(question.text.contains("<legend>\(Self.html("sign.district.legend", language, ["place": "\u{1}"]).replacingOccurrences(of: "\u{1}", with: place))</legend>"),
                             "\(language): the question's legend")
                // The ward's name is the directory's, in English: marked so on a Spanish page.
                let ward6 = language == "en" ? "<span>Ward 6</span>" : "<span lang=\"en\">Ward 6</span>"
                check.expect(question.text.contains("<input type=\"radio\" name=\"district\" value=\"6\"> \(ward6)</label>"), "\(language): no Ward 6")
                check.expect(question.text.contains("value=\"unsure\"> \(Self.html("sign.district.unsure", language))"), "\(language): no 'not sure'")
                check.expect(question.text.contains("<input id=\"sign-address\" name=\"address\""), "\(language): no address field with a geocoder")
                check.expect(try Self.stored(server, asked) == nil, "\(language): a signature was stored before the ward was known")

                // Sent back with no answer, it asks again and says why.
                let unanswered = try sign(asked, [("asked_district", "1")])
                check.expect(unanswered.status == 422 && unanswered.text.contains(Self.html("sign.district.error.unanswered", language)),
                             "\(language): unanswered: \(unanswered.summary)")

                // Each answer.
                let chose = E2E.uniqueEmail("chose"), located = E2E.uniqueEmail("located"), geocoded = E2E.uniqueEmail("geocoded"),
                    unsure = E2E.uniqueEmail("unsure")
                check.expect(try sign(chose, [("asked_district", "1"), ("district", "6")]).status == 303, "\(language): choosing Ward 6")
                check.expect(try sign(located, [("asked_district", "1"), ("at", Self.ward8)]).status == 303, "\(language): locating in Ward 8")
                check.expect(try sign(geocoded, [("asked_district", "1"), ("address", Self.address)]).status == 303, "\(language): an address in Ward 1")
                check.expect(try sign(unsure, [("asked_district", "1"), ("district", "unsure")]).status == 303, "\(language): not sure")
                func record(_ email: String) throws -> String { try Self.stored(server, email).map { $0.method + " " + $0.districts } ?? "none" }
                let (chosen, wasLocated, wasGeocoded, notSure) = (try record(chose), try record(located), try record(geocoded), try record(unsure))
                check.expect(chosen == "chosen \(Self.dc)#6", "\(language): chosen: \(chosen)")
                check.expect(wasLocated == "located \(Self.dc)#8", "\(language): located: \(wasLocated)")
                check.expect(wasGeocoded == "geocoded \(Self.dc)#1", "\(language): geocoded: \(wasGeocoded)")
                check.expect(notSure == "zip " + (1...8).map { "\(Self.dc)#\($0)" }.joined(separator: " "), "\(language): not sure: \(notSure)")

                // An address the geocoder cannot find comes back, kept, with the choice still there.
                let lost = E2E.uniqueEmail("lost")
                let notFound = try sign(lost, [("asked_district", "1"), ("address", "1 Nowhere Lane")])
                check.expect(notFound.status == 422 && notFound.text.contains(Self.html("sign.district.error.address", language))
                             && notFound.text.contains("value=\"1 Nowhere Lane\""), "\(language): an address not found: \(notFound.summary)")
                check.expect(try Self.stored(server, lost) == nil, "\(language): stored without a district")
            }
            // The address went to the geocoder and nowhere else: not the database, not the log.
            check.expect(geocoder.requests.contains { ($0.query["address"] ?? "").hasPrefix(Self.address) }, "the geocoder was not asked")
            if TestSupport.onSQLite {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: server.databasePath))
                check.expect(bytes.range(of: Data(Self.address.utf8)) == nil, "the address is in the database file")
            } else {
                check.expect(try !TestSupport.snapshot(server.databasePath).contains(Self.address), "the address is in the database")
            }
            check.expect(!server.log.contains { $0.contains("Sixth") || $0.contains("Nowhere") }, "the address is in the log")
        }
    }

    @Test func oneClientCannotUseTheSiteToQueryTheGeocoderAtWill() async throws {
        let geocoder = try Self.geocoder()
        defer { geocoder.stop() }
        try await onThread { check in
            let server = try ServerProcess.start(["--geocoder", "census", "--geocoder-url", geocoder.url, "--sign-limit", "2"])
            defer { server.kill() }
            let client = server.client()
            var token = try E2E.openForm(client, E2E.dc, "en", check)
            var answers: [HTTPResponse] = []
            for number in 1...3 {
                let response = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail("many"), zip: "20002",
                                                                                       extra: [("asked_district", "1"), ("address", "\(number) Nowhere Lane")],
                                                                                       language: "en"))
                token = E2E.csrf(in: response.text) ?? token
                answers.append(response)
            }
            check.expect(geocoder.requests.count == 2, "the geocoder was asked \(geocoder.requests.count) times for 3 addresses with a limit of 2")
            check.expect(answers.prefix(2).allSatisfy { $0.text.contains(Self.html("sign.district.error.address", "en")) }, "the first two were looked up")
            check.expect(answers[2].status == 422 && answers[2].text.contains(Self.html("sign.district.error.geocoder", "en"))
                         && answers[2].text.contains("value=\"3 Nowhere Lane\""), "the third falls back on the choice: \(answers[2].summary)")
        }
    }

    @Test func aGeocoderThatNeverAnswersHoldsNoOneElse() async throws {
        let silent = try LoopbackHTTPServer { _ in .silence }
        defer { silent.stop() }
        try await onThread { check in
            // One HTTP thread: a geocoder holding it would hold every other visitor too.
            let server = try ServerProcess.start(["--geocoder", "census", "--geocoder-url", silent.url, "--geocoder-timeout", "1", "--threads", "1"])
            defer { server.kill() }
            let email = E2E.uniqueEmail("waiting")
            let answered = Locked<(HTTPResponse, Date)?>(nil)
            let formOpened = DispatchSemaphore(value: 0)
            let port = server.port
            let started = Locked(Date())
            let signing = Thread {
                // A client of its own: its session cookie goes with the form.
                let client = HTTPTestClient(port: port, keepAlive: false)
                let token = (try? client.get("/c/\(E2E.dc)")).flatMap { E2E.csrf(in: $0.text) }
                formOpened.signal()
                started.withLock { $0 = Date() }
                let response = try? client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: email, zip: "20002",
                                                                                       extra: [("asked_district", "1"), ("address", Self.address)],
                                                                                       language: "en"))
                answered.withLock { $0 = response.map { ($0, Date()) } }
            }
            signing.start()
            formOpened.wait()
            // While the geocoder is waited for, another visitor is served at once.
            usleep(200_000)
            let page = try server.client().get("/c/\(E2E.dc)")
            let pageServed = Date()
            check.expect(page.status == 200, "the page while geocoding: \(page.summary)")
            while answered.withLock({ $0 }) == nil && Date().timeIntervalSince(started.withLock { $0 }) < 20 { usleep(20_000) }
            let (response, at) = try check.unwrap(answered.withLock { $0 }, "the signature was not answered")
            check.expect(pageServed < at, "the page waited for the geocoder")
            let took = at.timeIntervalSince(started.withLock { $0 })
            check.expect(took < 5, "the answer took \(took) s with a 1 s timeout")
            check.expect(response.status == 422 && response.text.contains(Self.html("sign.district.error.geocoder", "en"))
                         && response.text.contains("value=\"\(Self.address)\""), "the fallback: \(response.summary)")
            check.expect(server.waitForLine { $0.contains("geocoder") && $0.contains(silent.url) } != nil, "the log does not say the geocoder failed")
        }
    }
}

/// The call page resolves a caller's district the same way, and each call
/// report keeps how it was known: a DC call campaign to the caller's own
/// councilmember, where every DC ZIP code spans wards.
@Suite(.serialized) struct CallDistrictEndToEndTests {
    static let slug = "dc-council-calls"
    static let dc = "ocd-division/country:us/district:dc"
    /// In Ward 5 (Brookland).
    static let ward5 = CensusGeocoderTests.Match(address: "3401 12TH ST NE, WASHINGTON, DC, 20017", x: -76.9947, y: 38.9330)
    static let address = "3401 Twelfth Street Northeast"

    /// A database with the demo data and a call campaign to DC's own councilmembers.
    static func database() throws -> String {
        let path = try TestSupport.seededDatabasePath()
        let folder = TestSupport.temporaryFolder() + "/" + slug
        let source = TestSupport.repository.appendingPathComponent("data/campaigns/tacoma-support-sanctuary").path
        try FileManager.default.copyItem(atPath: source, toPath: folder)
        let toml = folder + "/campaign.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
            .replacingOccurrences(of: "slug = \"tacoma-support-sanctuary\"", with: "slug = \"\(slug)\"")
            .replacingOccurrences(of: "jurisdiction = \"ocd-division/country:us/state:wa/place:tacoma\"", with: "jurisdiction = \"\(dc)\"")
        try text.write(toFile: toml, atomically: true, encoding: .utf8)
        let published = TestSupport.campaignInProcess(["publish", folder], database: path)
        guard published.status == 0 else { throw HTTPTestError.malformed("publish: \(published.errors)") }
        return path
    }

    /// The stored reports: "zip method districts", oldest first.
    static func reports(_ server: ServerProcess) throws -> [String] {
        try DatabasePool(path: server.databasePath).read { database in
            try database.rows("SELECT zip, district_method, districts FROM call_reports ORDER BY id").map { row in
                [try row.decode("zip") as String, try row.decode("district_method") as String, try row.decode("districts") as String].joined(separator: " ")
            }
        }
    }

    @Test func eachCallReportKeepsHowTheCallersDistrictWasKnown() async throws {
        let geocoder = try LoopbackHTTPServer { request in
            let asked = request.query["address"] ?? ""
            return .respond(status: 200, body: (try? CensusGeocoderTests.body(echoing: asked, asked.hasPrefix(Self.address) ? [Self.ward5] : [])) ?? "{}")
        }
        defer { geocoder.stop() }
        let database = try Self.database()
        try await onThread { check in
            let server = try ServerProcess.start(["--geocoder", "census", "--geocoder-url", geocoder.url], database: database)
            defer { server.kill() }
            let client = server.client()
            /// Reports a call from the page at `path`; the page must offer a report form.
            func report(from path: String) throws {
                let page = try client.get(path)
                let form = try check.unwrap(E2E.between(page.text, "<form class=\"outcome\"", "</form>"), "no report form on \(path)")
                func hidden(_ name: String) -> String { E2E.between(form, "name=\"\(name)\" value=\"", "\"") ?? "" }
                let fields = ["csrf", "lang", "target", "zip", "district", "name", "how", "districts"].map { ($0, hidden($0)) } + [("outcome", "reached")]
                let answer = try client.post("/c/\(Self.slug)/call", form: fields)
                check.expect(answer.status == 303, "report from \(path): \(answer.summary)")
            }
            // A ZIP code alone: the page asks for the ward, and offers the address.
            let asked = try client.get("/c/\(Self.slug)?lang=en&zip=20002")
            check.expect(asked.text.contains("<input type=\"radio\" name=\"district\" value=\"5\" required> <span>Ward 5</span></label>"), "no ward choice")
            check.expect(asked.text.contains("action=\"/c/\(Self.slug)/locate\""), "no address form")
            // The address gives Ward 5; the page opens with the ward and no address.
            let token = try check.unwrap(E2E.csrf(in: asked.text), "no token")
            let located = try client.post("/c/\(Self.slug)/locate", form: [("csrf", token), ("lang", "en"), ("zip", "20002"), ("name", "Ana"),
                                                                          ("address", Self.address)])
            let location = located.header("Location") ?? ""
            check.expect(located.status == 303 && location == "/c/\(Self.slug)?lang=en&how=geocoded&zip=20002&district=5&name=Ana#calls",
                         "the address lookup: \(located.summary) → \(location)")
            let notFound = try client.post("/c/\(Self.slug)/locate", form: [("csrf", token), ("lang", "en"), ("zip", "20002"), ("address", "1 Nowhere Lane")])
            check.expect(notFound.status == 422 && notFound.text.contains(HTMLEscaping.escape(E2E.t("call.address.not_found", "en"))),
                         "an address not found: \(notFound.summary)")
            // The directory's names and labels are English: a Spanish page marks them so.
            let spanish = try client.get("/c/\(Self.slug)?lang=es&zip=20002&district=5")
            check.expect(spanish.text.contains("<p class=\"place\"><span lang=\"en\">District of Columbia</span> · <span lang=\"en\">Ward 5</span></p>"),
                         "the place is not marked English")
            check.expect(try client.get("/c/\(Self.slug)?lang=en&zip=20002&district=5").text.contains("<p class=\"place\">District of Columbia · Ward 5</p>"),
                         "an English page marks its own language")
            try report(from: String(location.prefix { $0 != "#" }))
            try report(from: "/c/\(Self.slug)?lang=en&zip=20002&district=5")
            try report(from: "/c/\(Self.slug)?lang=en&at=38.93300,-76.99470")
            let stored = try Self.reports(server)
            check.expect(stored == ["20002 geocoded \(Self.dc)#5", "20002 chosen \(Self.dc)#5", " located \(Self.dc)#5"], "stored: \(stored)")
            check.expect(!server.log.contains { $0.contains("Twelfth") }, "the address is in the log")
        }
    }
}
