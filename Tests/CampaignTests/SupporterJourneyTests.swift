@testable import Campaign
import CampaignWeb
import Foundation
import Testing

/// What a supporter meets on the site, over real HTTP: a failed sign-up
/// that leads to its problems, seats that cannot be called, lookups that
/// find nothing, the name shown beside a public reason, and the pages a
/// call campaign does not have. The browser's side (focus, the location
/// prompt, the live preview) is in `bench/screenshots`; these check the
/// HTML and what the server stores.
extension ServerEndToEndTests {
    @Suite(.serialized) struct SupporterJourneys {
        static let kingCounty = "king-county-ice-accountability"
        static let mayor = "thank-your-mayor-amicus"
        static let tacomaDistrict2 = "ocd-division/country:us/state:wa/place:tacoma/office:councilmember/seat:district-2"

        /// A catalog string with its `{placeholders}` filled, as it appears in HTML.
        /// The text `key` as a page shows it; a `place` (a name from the
        /// directory, in English) is marked so on a page in another language.
        static func html(_ key: String, _ language: String, _ arguments: [String: String] = [:]) -> String {
            var text = E2E.t(key, language)
            for (name, value) in arguments where name != "place" { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
            guard let place = arguments["place"] else { return HTMLEscaping.escape(text) }
            let marked = language == "en" ? HTMLEscaping.escape(place) : "<span lang=\"en\">\(HTMLEscaping.escape(place))</span>"
            return HTMLEscaping.escape(text).replacingOccurrences(of: "{place}", with: marked)
        }

        static func title(_ client: HTTPTestClient, _ slug: String, _ language: String) throws -> String {
            let detail = E2E.json(try client.get("/api/v1/campaigns/\(slug)"))
            return (detail?["title"] as? [String: String])?[language] ?? "<<no title>>"
        }

        // MARK: 1. A failed sign-up

        @Test func aFailedSignUpLeadsToItsProblemsAndSaysSoInTheTitle() async throws {
            let server = try E2E.server()
            try await onThread { check in
                for language in ["en", "es"] {
                    let client = server.client()
                    let title = HTMLEscaping.escape(try Self.title(client, E2E.dc, language))
                    let page = try client.get("/c/\(E2E.dc)?lang=\(language)")
                    // Near the top, before the petition's text: a way to the form.
                    let masthead = E2E.between(page.text, "<header class=\"masthead\">", "</header>") ?? ""
                    check.expect(masthead.contains("<a href=\"#sign-form\">\(E2E.html("petition.jump", language))</a>"), "\(language): no link to the form at the top")
                    check.expect(page.text.contains("<form class=\"sign\" id=\"sign-form\" method=\"post\" action=\"/c/\(E2E.dc)/sign#result\""),
                                 "\(language): the form's action does not lead to the result")
                    check.expect(page.text.contains("<title>\(title)</title>"), "\(language): the plain page's title changed")
                    check.expect(page.text.contains("<script src=\"/static/form.js\" defer></script>"), "\(language): no form script")
                    let token = try check.unwrap(E2E.csrf(in: page.text), "no token")

                    let failed = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: "not-an-email", language: language))
                    E2E.checkPage(failed, status: 422, language: language, contains: [E2E.html("error.summary", language)], "a failed sign-up in \(language)", check)
                    check.expect(failed.text.contains("<title>\(Self.html("page.title.error", language, ["title": title]))</title>"),
                                 "\(language): the title does not start with the error: \(E2E.between(failed.text, "<title>", "</title>") ?? "none")")
                    check.expect(failed.text.contains("<div class=\"error-summary\" id=\"result\" role=\"alert\" tabindex=\"-1\">"),
                                 "\(language): the summary is not the form's target, or cannot take focus")
                    check.expect(E2E.count("id=\"result\"", in: failed.text) == 1, "\(language): the target is not unique")

                    // A problem that is not a field's (an expired session) is the target instead, and titled so too.
                    let expired = try server.client().post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail(), language: language))
                    check.expect(expired.status == 403, "expired session: \(expired.summary)")
                    check.expect(expired.text.contains("<p class=\"notice\" role=\"alert\" id=\"result\" tabindex=\"-1\">\(E2E.html("error.csrf", language))</p>"),
                                 "\(language): the session notice is not the target")
                    check.expect(expired.text.contains("<title>\(Self.html("page.title.error", language, ["title": title]))</title>"), "\(language): 403 title")
                }
                let script = try server.client().get("/static/form.js")
                check.expect(script.status == 200 && script.text.contains("getElementById(\"result\")") && script.text.contains(".focus()"),
                             "form.js does not move the focus: \(script.summary)")
            }
        }

        // MARK: 2. Seats nobody can call

        @Test func aSeatWithNoPhoneOffersWhatCanBeDoneAndRefusesCallReports() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let slug = E2E.tacoma
                let page = try client.get("/c/\(slug)?lang=en&zip=98405&district=2&name=Ana")
                E2E.checkPage(page, language: "en", contains: [Self.html("call.no_phone.nothing", "en", ["place": "Tacoma"])], "Tacoma district 2", check)
                let seat = E2E.between(page.text, "<li class=\"target\" id=\"target-\(Self.tacomaDistrict2)\">", "</li>\n") ?? ""
                check.expect(!seat.isEmpty, "no district 2 seat")
                check.expect(!seat.contains("class=\"outcome\"") && !seat.contains(E2E.html("call.outcome.reached", "en")),
                             "a seat with no one and no phone offers call outcomes")
                check.expect(page.text.contains("name=\"target\" value=\"wa-jay-inslee\""), "the governor, who has a phone, lost the outcome form")
                check.expect(page.text.contains("action=\"/c/\(slug)/call#result\""), "the outcome form does not lead to its result")

                // King County's council seat has no number but a page to find one's district: that is offered.
                let county = try client.get("/c/\(Self.kingCounty)?lang=es&zip=98104")
                E2E.checkPage(county, language: "es", contains: [E2E.html("call.no_phone.write", "es"), "find_district"], "King County from 98104", check)
                check.expect(E2E.count("class=\"outcome\"", in: county.text) == 1, "outcome forms: \(E2E.count("class=\"outcome\"", in: county.text))")

                // The server refuses a report for it, says why, and keeps the caller's place and name.
                let token = try check.unwrap(E2E.csrf(in: page.text), "no token")
                let before = try E2E.integer(server, "SELECT COUNT(*) FROM call_reports")
                for outcome in ["reached", "voicemail", "busy", "skipped"] {
                    let report = try client.post("/c/\(slug)/call", form: [
                        ("csrf", token), ("lang", "en"), ("target", Self.tacomaDistrict2), ("zip", "98405"), ("district", "2"), ("name", "Ana Lucía"),
                        ("outcome", outcome),
                    ])
                    E2E.checkPage(report, status: 422, language: "en",
                                  contains: [Self.html("error.call.no_phone", "en", ["target": "Councilmember, Tacoma, District 2"])],
                                  "a \(outcome) report for a seat with no phone", check)
                    check.expect(report.text.contains("id=\"result\""), "the refusal is not the form's target")
                    check.expect(E2E.inputTag("caller-zip", in: report.text)?.contains("value=\"98405\"") == true, "the ZIP code was not kept")
                    check.expect(E2E.inputTag("caller-name", in: report.text)?.contains("value=\"Ana Lucía\"") == true, "the name was not kept")
                    check.expect(report.text.contains("id=\"target-\(Self.tacomaDistrict2)\""), "the chosen district's seat is not shown again")
                }
                let officeNoPhone = "ocd-division/country:us/state:wa/county:king/office:councilmember"
                // A form token is for its own campaign: the county's page gives the county's.
                let countyPage = try client.get("/c/\(Self.kingCounty)?lang=en&zip=98052")
                let countyToken = try check.unwrap(E2E.csrf(in: countyPage.text), "no token on the county's page")
                let countySeat = try client.post("/c/\(Self.kingCounty)/call", form: [("csrf", countyToken), ("target", officeNoPhone), ("outcome", "reached")])
                check.expect(countySeat.status == 422, "King County's seat: \(countySeat.summary)")
                check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM call_reports") == before, "a report for a seat with no phone was stored")
                check.expect(try E2E.apiCalls(client, slug, target: Self.tacomaDistrict2, outcome: "reached") == 0, "counted")
            }
        }

        // MARK: 3. Lookups that find nothing

        @Test func lookupsThatFindNothingSayWhatHappenedAndWhatToDo() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                for language in ["en", "es"] {
                    // A ZIP code with no one on record: say so, and where to look.
                    let nobody = try client.get("/c/\(Self.mayor)?lang=\(language)&zip=90210")
                    E2E.checkPage(nobody, language: language, contains: [
                        Self.html("call.pending.none.zip", language, ["zip": "90210"]),
                        "<a href=\"\(E2E.t("lookup.finder.url", language))\" rel=\"noopener\">\(E2E.html("lookup.finder.label", language))</a>",
                    ], "90210 for the mayor in \(language)", check)

                    // A point in Tacoma, whose districts have no boundaries: not "only for people who live in Tacoma".
                    let tacoma = try client.get("/c/\(E2E.tacoma)?lang=\(language)&at=47.2529,-122.4443")
                    E2E.checkPage(tacoma, language: language, contains: [Self.html("call.pending.cannot_tell.location", language, ["place": "Tacoma"])],
                                  "a point in Tacoma in \(language)", check)
                    check.expect(!tacoma.text.contains(Self.html("call.pending.outside", language, ["place": "Tacoma"])), "a point in Tacoma is told it is outside")
                    let mayorThere = try client.get("/c/\(Self.mayor)?lang=\(language)&at=47.2529,-122.4443")
                    E2E.checkPage(mayorThere, language: language, contains: [Self.html("call.pending.none.location", language)], "the mayor of a point in Tacoma", check)
                    // A point in Seattle is known to be outside Tacoma.
                    E2E.checkPage(try client.get("/c/\(E2E.tacoma)?lang=\(language)&at=47.6038,-122.3298"), language: language,
                                  contains: [Self.html("call.pending.outside", language, ["place": "Tacoma"])], "a point in Seattle", check)
                    // A Washington ZIP code outside Seattle may or may not lie in King County: the county's own finder is offered.
                    E2E.checkPage(try client.get("/c/\(Self.kingCounty)?lang=\(language)&zip=98052"), language: language, contains: [
                        Self.html("call.pending.cannot_tell.zip", language, ["zip": "98052", "place": "King County"]), "find_district",
                    ], "98052 for King County", check)

                    // Refused location permission: the page carries what to say, beside the form.
                    let page = try client.get("/c/\(E2E.tacoma)?lang=\(language)")
                    check.expect(page.text.contains("data-denied=\"\(E2E.html("lookup.locate_denied", language))\"")
                                 && page.text.contains("data-failed=\"\(E2E.html("lookup.locate_failed", language))\""), "\(language): no location messages")
                    check.expect(page.text.contains("<span id=\"locate-problem\" class=\"error\" role=\"alert\" hidden></span>"), "\(language): no place for them")
                }
                let script = try client.get("/static/locate.js").text
                check.expect(script.contains("getCurrentPosition(function") && script.contains("}, fail, {"), "locate.js has no error path")
                check.expect(script.contains("data-denied") && script.contains("data-failed"), "locate.js does not say what failed")
            }
        }

        // MARK: 9. What a call campaign has

        @Test func aCallCampaignHasNoThanksOrReasonsAndItsDistrictChoiceOneLookupButton() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                for language in ["en", "es"] {
                    for slug in E2E.calls {
                        for page in ["thanks", "reasons"] {
                            E2E.checkPage(try client.get("/c/\(slug)/\(page)?lang=\(language)"), status: 404, language: language,
                                          contains: [E2E.html("error.not_found", language)], "/c/\(slug)/\(page)", check)
                            check.expect(try client.head("/c/\(slug)/\(page)").status == 404, "HEAD /c/\(slug)/\(page)")
                        }
                    }
                    for slug in E2E.petitions {
                        check.expect(try client.get("/c/\(slug)/thanks?lang=\(language)").status == 200, "\(slug) thanks")
                        check.expect(try client.get("/c/\(slug)/reasons?lang=\(language)").status == 200, "\(slug) reasons")
                    }
                    let choice = try client.get("/c/\(E2E.tacoma)?lang=\(language)&zip=98405")
                    let lookup = "<button type=\"submit\">\(E2E.html("lookup.submit", language))</button>"
                    check.expect(E2E.count(lookup, in: choice.text) == 1, "\(language): \(E2E.count(lookup, in: choice.text)) identical lookup buttons")
                    check.expect(choice.text.contains("<button type=\"submit\">\(E2E.html("lookup.district.submit", language))</button>"),
                                 "\(language): the district choice has no button of its own")
                    check.expect(E2E.t("lookup.district.submit", language) != E2E.t("lookup.submit", language), "the same label")
                }
            }
        }
    }

    // MARK: 8. The name shown beside a public reason

    @Suite struct PublicNames {
        @Test func onlyTheNameTheSignerChoseIsShownBesideTheirReason() async throws {
            let data = try E2E.noConfirmData.get()
            try await onThread { check in
                let server = try ServerProcess.start(["--sign-limit", "1000"], data: data)
                defer { server.kill() }
                let client = server.client()
                let page = try client.get("/c/\(E2E.seattle)?lang=en")
                let field = try check.unwrap(E2E.inputTag("sign-public_name", in: page.text), "no field for the name to show")
                check.expect(field.contains("name=\"public_name\"") && field.contains("autocomplete=\"given-name\"") && field.contains("maxlength=\"50\""),
                             "the field: \(field)")
                check.expect(page.text.contains("\(E2E.html("petition.shown_as", "en")) <output id=\"sign-shown\""), "no preview")
                check.expect(page.text.contains(">\(E2E.html("petition.shown_as.empty", "en"))</output>"), "the empty preview")
                let token = try check.unwrap(E2E.csrf(in: page.text), "no token")

                // A form that comes back shows exactly what would appear, in Spanish too.
                let back = try client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(
                    token: token, name: "Ana\u{A0}María López", email: "bad", zip: "98104", reason: "x", consent: ["public"], language: "es"))
                check.expect(back.status == 422, "status \(back.status)")
                check.expect(back.text.contains("data-locality=\"Seattle\" data-zip=\"98104\">Ana, Seattle</output>"),
                             "preview: \(E2E.between(back.text, "<output id=\"sign-shown\"", "</output>") ?? "none")")
                check.expect(E2E.inputTag("sign-public_name", in: back.text)?.contains("value=\"Ana\"") == true, "not prefilled with the first word")

                // Each name to show is checked like the other fields, and what was typed is kept.
                for (typed, key) in [(String(repeating: "ñ", count: 51), "error.public_name.long"), ("Ana\u{1B}[31m", "error.public_name.invalid")] {
                    let refused = try client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(
                        token: token, email: E2E.uniqueEmail("shown"), zip: "98104", reason: "x", consent: ["public"], extra: [("public_name", typed)]))
                    check.expect(refused.status == 422, "\(key): \(refused.summary)")
                    check.expect(refused.text.contains("<span id=\"sign-public_name-error\" class=\"error\">\(E2E.html(key, "en"))</span>"), "\(key) not beside the field")
                    check.expect(refused.text.contains("<a href=\"#sign-public_name\">\(E2E.html(key, "en"))</a>"), "\(key) not in the summary")
                    check.expect(E2E.inputTag("sign-public_name", in: refused.text)?.contains("aria-invalid=\"true\"") == true, "\(key): not marked invalid")
                }

                // Signers: a name whose words a no-break space joins; a family name first, with the given
                // name chosen; a name written without spaces, with part of it chosen.
                let signers: [(name: String, chosen: String, shown: String, never: String)] = [
                    ("Ana\u{A0}María López", "", "Ana", "María"),
                    ("Nguyễn Văn An", "An", "An", "Nguyễn"),
                    ("李小龙", "小龙", "小龙", "李小龙"),
                ]
                for signer in signers {
                    let signed = try client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(
                        token: token, name: signer.name, email: E2E.uniqueEmail("shown"), zip: "98104", reason: "Reason of \(signer.shown)",
                        consent: ["public"], extra: [("public_name", signer.chosen)]))
                    check.expect(signed.status == 303, "\(signer.name): \(signed.summary)")
                }
                let stored = try E2E.rows(server, "SELECT name, public_name FROM signatures WHERE reason LIKE 'Reason of %' ORDER BY id")
                check.expect(stored.map { $0["public_name"] as String? ?? "" } == signers.map(\.shown), "stored: \(stored.map { $0["public_name"] as String? ?? "" })")
                check.expect(stored.map { $0["name"] as String? ?? "" } == signers.map(\.name), "the full names are kept for delivery")

                // The first page of reasons is cached for two seconds.
                var reasons = try client.get("/c/\(E2E.seattle)/reasons?lang=en")
                let deadline = Date().addingTimeInterval(5)
                while !signers.allSatisfy({ reasons.text.contains("Reason of \($0.shown)") }), Date() < deadline {
                    usleep(200_000)
                    reasons = try client.get("/c/\(E2E.seattle)/reasons?lang=en")
                }
                let campaign = try client.get("/c/\(E2E.seattle)?lang=en")
                for signer in signers {
                    check.expect(reasons.text.contains("<p class=\"signer\"><bdi>\(signer.shown)</bdi>, Seattle</p>"), "\(signer.name) is not shown as \(signer.shown)")
                    check.expect(campaign.text.contains("<p class=\"signer\"><bdi>\(signer.shown)</bdi>, Seattle</p>"), "\(signer.name) on the campaign page")
                }
                for page in [reasons.text, campaign.text] {
                    check.expect(!page.contains("María") && !page.contains("Nguyễn") && !page.contains("李小龙") && !page.contains("López"),
                                 "more than the chosen name is public")
                }

                // The preview's place name, as the reasons show it.
                let place = try client.get("/api/v1/localities/98104-1234")
                check.expect(place.status == 200 && E2E.json(place)?["locality"] as? String == "Seattle" && E2E.json(place)?["zip"] as? String == "98104",
                             "locality: \(place.summary)")
                check.expect(E2E.json(try client.get("/api/v1/localities/90210"))?["locality"] as? String == "", "an unknown ZIP code has no locality")
                check.expect(try client.get("/api/v1/localities/9810").status == 404, "a malformed ZIP code")
            }
        }
    }
}
