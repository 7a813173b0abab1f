import Foundation
import Testing
@testable import Campaign

/// The OSDI read API end to end: the real server over loopback, signatures
/// and call reports made through its forms, an organizer token from the
/// CLI, every page of a collection followed by its `next` links, and
/// `campaign export --format osdi` giving the same documents.
@Suite(.serialized) struct OSDIEndToEndTests {
    static let root = "/api/osdi/v1"

    /// One signer of the test: whether they agree to hear from the organizer.
    struct Signer {
        let name: String
        let email: String
        let updates: Bool
        var reason = ""
    }

    /// Demo data in which neither petition asks signers to confirm by e-mail, so signatures count at once.
    static func data() throws -> String {
        let folder = try E2E.dataCopy(editing: E2E.seattle, replacing: "confirm_email = true", with: "confirm_email = false")
        let toml = folder + "/campaigns/\(E2E.dc)/campaign.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        try text.replacingOccurrences(of: "confirm_email = true", with: "confirm_email = false").write(toFile: toml, atomically: false, encoding: .utf8)
        return folder
    }

    static func sign(_ server: ServerProcess, _ slug: String, _ signer: Signer, language: String, zip: String, check: Checks) throws {
        let client = server.client()
        let token = try E2E.openForm(client, slug, language, check)
        let response = try client.post("/c/\(slug)/sign", form: E2E.signature(token: token, name: signer.name, email: signer.email, zip: zip,
                                                                               reason: signer.reason, consent: signer.updates ? ["updates"] : [],
                                                                               language: language))
        try check.require(response.status == 303, "signing \(signer.name) on \(slug): \(response.summary)")
    }

    static func object(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func href(_ document: [String: Any], _ rel: String) -> String? {
        ((document["_links"] as? [String: Any])?[rel] as? [String: Any])?["href"] as? String
    }

    /// Every page of a collection from `path`, following `next` to the end.
    static func pages(_ client: HTTPTestClient, base: String, _ path: String, headers: [(String, String)], check: Checks) throws -> [[String: Any]] {
        var pages: [[String: Any]] = []
        var next: String? = path
        while let target = next, pages.count < 20 {
            let response = try client.get(target, headers: headers)
            try check.require(response.status == 200, "GET \(target): \(response.summary)")
            let page = object(response)
            pages.append(page)
            next = href(page, "next").map { String($0.dropFirst(base.count)) }
        }
        return pages
    }

    static func embedded(_ pages: [[String: Any]], _ rel: String) -> [[String: Any]] {
        pages.flatMap { (($0["_embedded"] as? [String: Any])?["osdi:" + rel] as? [[String: Any]]) ?? [] }
    }

    /// A JSON value as text with sorted keys, to compare documents.
    static func canonical(_ value: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    static func email(_ person: [String: Any]) -> String {
        ((person["email_addresses"] as? [[String: Any]])?.first?["address"] as? String) ?? ""
    }

    @Test func crmsPullPaginatedDocumentsWithAnOrganizerTokenAndSeeOnlyPeopleWhoAgreed() async throws {
        let data = try Self.data()
        try await onThread { check in
            let server = try ServerProcess.start(data: data, database: TestSupport.temporaryDatabasePath())
            defer { server.stop() }
            let ana = Signer(name: "Ana Uno", email: E2E.uniqueEmail("ana"), updates: true, reason: "For my block")
            let seattle = [
                ana,
                Signer(name: "Beto Dos Santos", email: E2E.uniqueEmail("beto"), updates: true),
                Signer(name: "Cora Callada", email: E2E.uniqueEmail("cora"), updates: false, reason: "Words of a quiet signer"),
                Signer(name: "Dario Cuatro", email: E2E.uniqueEmail("dario"), updates: true),
                Signer(name: "Eva Reservada", email: E2E.uniqueEmail("eva"), updates: false),
                Signer(name: "Fede Seis", email: E2E.uniqueEmail("fede"), updates: true),
                Signer(name: "Gil Siete", email: E2E.uniqueEmail("gil"), updates: true),
            ]
            for signer in seattle { try Self.sign(server, E2E.seattle, signer, language: "en", zip: "98104", check: check) }
            // Ana again on the other petition, in Spanish, with her address in capitals: one person.
            let anaAgain = Signer(name: "Ana Uno", email: ana.email.uppercased(), updates: true)
            let hugo = Signer(name: "Hugo Ocho", email: E2E.uniqueEmail("hugo"), updates: true)
            for signer in [anaAgain, hugo] { try Self.sign(server, E2E.dc, signer, language: "es", zip: "20020", check: check) }
            let caller = server.client()
            let callToken = try E2E.openForm(caller, E2E.tacoma, "en", check)
            for (target, outcome) in [("wa-jay-inslee", "reached"), ("tacoma-marilyn-strickland", "voicemail"), ("wa-jay-inslee", "busy")] {
                let called = try caller.post("/c/\(E2E.tacoma)/call", form: [("csrf", callToken), ("target", target), ("outcome", outcome)])
                check.expect(called.status == 303, "call report: \(called.summary)")
            }

            // The token: required, by either header.
            let client = server.client()
            let anonymous = try client.get(Self.root + "/people")
            check.expect(anonymous.status == 401 && anonymous.header("Content-Type") == "application/hal+json"
                && (Self.object(anonymous)["error"] as? String)?.contains("OSDI-API-Token") == true, "no token: \(anonymous.summary) \(anonymous.text)")
            check.expect(try client.get(Self.root + "/", headers: [("OSDI-API-Token", "cmpn_forged")]).status == 401, "a forged token")
            let created = try TestSupport.campaign(["token", "create", "--name", "crm sync"], database: server.databasePath)
            try check.require(created.status == 0, created.errors)
            let token = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let osdi = [("OSDI-API-Token", token)]
            let bearer = try client.get(Self.root + "/", headers: [("Authorization", "Bearer " + token)])
            check.expect(bearer.status == 200, "Authorization: Bearer: \(bearer.summary)")

            // The entry point.
            let entry = try client.get(Self.root + "/", headers: osdi)
            check.expect(entry.status == 200 && entry.header("Content-Type") == "application/hal+json" && entry.header("Cache-Control") == "no-store",
                         "entry point: \(entry.summary)")
            let entryPoint = Self.object(entry)
            check.expect(entryPoint["osdi_version"] as? String == "1.0" && entryPoint["max_pagesize"] as? Int == OSDIView.maxPageSize, "\(entryPoint)")
            let selfHref = try check.unwrap(Self.href(entryPoint, "self"), "no self link")
            let base = String(selfHref.dropLast((Self.root + "/").count))
            for rel in ["osdi:people", "osdi:petitions", "osdi:advocacy_campaigns"] {
                check.expect(Self.href(entryPoint, rel)?.hasPrefix(base + Self.root + "/") == true, "\(rel) link")
            }

            // Signatures: three pages of three, the last with one, totals right.
            let signaturePages = try Self.pages(client, base: base, Self.root + "/petitions/\(E2E.seattle)/signatures?per_page=3", headers: osdi, check: check)
            check.expect(signaturePages.count == 3, "\(signaturePages.count) pages of signatures")
            for (index, page) in signaturePages.enumerated() {
                check.expect(page["total_records"] as? Int == 7 && page["total_pages"] as? Int == 3 && page["page"] as? Int == index + 1
                    && page["per_page"] as? Int == 3, "page \(index + 1): \(page.filter { $0.key != "_embedded" })")
                check.expect((Self.href(page, "previous") != nil) == (index > 0), "a previous link from the second page on")
                let listed = ((page["_links"] as? [String: Any])?["osdi:signatures"] as? [[String: Any]])?.count
                let embedded = Self.embedded([page], "signatures").count
                check.expect(listed == embedded && embedded == (index < 2 ? 3 : 1), "page \(index + 1) holds \(embedded), links \(listed ?? -1)")
            }
            let signatures = Self.embedded(signaturePages, "signatures")
            let identifiers = signatures.compactMap { ($0["identifiers"] as? [String])?.first }
            check.expect(Set(identifiers).count == 7 && identifiers.allSatisfy { $0.hasPrefix("campaign:signature-") }, "\(identifiers)")
            let linked = signatures.filter { Self.href($0, "osdi:person") != nil }
            check.expect(linked.count == 5, "only the signatures of those who agreed link a person: \(linked.count)")
            check.expect(signatures.compactMap { $0["comments"] as? String } == ["For my block"], "comments only of those who agreed")

            // People: two pages of four; each agreeing signer once, no one else.
            let peoplePages = try Self.pages(client, base: base, Self.root + "/people?per_page=4", headers: osdi, check: check)
            check.expect(peoplePages.count == 2 && peoplePages.allSatisfy { $0["total_records"] as? Int == 6 && $0["total_pages"] as? Int == 2 },
                         "people pages: \(peoplePages.map { $0.filter { $0.key != "_embedded" } })")
            let people = Self.embedded(peoplePages, "people")
            let agreed = (seattle.filter(\.updates) + [hugo]).map { CanonicalEmail.of($0.email) }
            check.expect(people.map(Self.email).map(CanonicalEmail.of).sorted() == agreed.sorted(), "people: \(people.map(Self.email))")
            let anaPerson = try check.unwrap(people.first { CanonicalEmail.of(Self.email($0)) == CanonicalEmail.of(ana.email) }, "Ana")
            check.expect(anaPerson["given_name"] as? String == "Ana" && anaPerson["family_name"] as? String == "Uno"
                && anaPerson["languages_spoken"] as? [String] == ["en", "es"], "Ana, one person of two petitions: \(anaPerson)")
            check.expect(((anaPerson["postal_addresses"] as? [[String: Any]])?.first?["postal_code"] as? String) == "20020", "her newest ZIP code")
            let beto = people.first { Self.email($0) == seattle[1].email }
            check.expect(beto?["given_name"] as? String == "Beto Dos" && beto?["family_name"] as? String == "Santos", "a name of three words")
            let anaID = try check.unwrap((anaPerson["identifiers"] as? [String])?.first, "Ana's identifier")
            check.expect(anaID.hasPrefix("campaign:person-") && !anaID.contains("@"), anaID)
            let anaHref = try check.unwrap(Self.href(anaPerson, "self"), "Ana's self link")
            check.expect(signatures.contains { Self.href($0, "osdi:person") == anaHref }, "her signature links her")
            let single = try client.get(String(anaHref.dropFirst(base.count)), headers: osdi)
            check.expect(single.status == 200 && Self.canonical(Self.object(single)) == Self.canonical(anaPerson), "people/ID: \(single.summary)")
            check.expect(try client.get(Self.root + "/people/0123456789abcdef0123456789abcdef", headers: osdi).status == 404, "an unknown person")

            // Nothing of those who did not agree, anywhere.
            let everything = try [Self.root + "/people?per_page=100", Self.root + "/petitions/\(E2E.seattle)/signatures?per_page=100"].map {
                try client.get($0, headers: osdi).text
            }.joined()
            for quiet in seattle where !quiet.updates {
                check.expect(!everything.contains(quiet.email) && !everything.contains(quiet.name), "\(quiet.name) appears")
            }
            check.expect(!everything.contains("Words of a quiet signer"), "a quiet signer's reason appears")

            // Petitions and advocacy campaigns, with their totals.
            let petitions = Self.embedded(try Self.pages(client, base: base, Self.root + "/petitions", headers: osdi, check: check), "petitions")
            let seattlePetition = petitions.first { $0["name"] as? String == E2E.seattle }
            check.expect(petitions.count == 2 && seattlePetition?["total_signatures"] as? Int == 7, "petitions: \(petitions.map { $0["name"] ?? "" })")
            check.expect((seattlePetition?["target"] as? [[String: Any]])?.isEmpty == false, "the petition names its targets")
            let campaigns = Self.embedded(try Self.pages(client, base: base, Self.root + "/advocacy_campaigns", headers: osdi, check: check),
                                          "advocacy_campaigns")
            let tacoma = campaigns.first { $0["name"] as? String == E2E.tacoma }
            check.expect(tacoma?["total_outreaches"] as? Int == 3 && tacoma?["type"] as? String == "phone", "tacoma: \(tacoma ?? [:])")
            let outreachPages = try Self.pages(client, base: base, Self.root + "/advocacy_campaigns/\(E2E.tacoma)/outreaches?per_page=2",
                                               headers: osdi, check: check)
            let outreaches = Self.embedded(outreachPages, "outreaches")
            check.expect(outreachPages.count == 2 && outreaches.map { $0["notes"] as? String ?? "" } == ["reached", "voicemail", "busy"]
                && outreaches.allSatisfy { $0["type"] as? String == "phone" && Self.href($0, "osdi:person") == nil }, "outreaches: \(outreaches)")
            let inslee = (outreaches.first?["targets"] as? [[String: Any]])?.first
            check.expect(inslee?["family_name"] as? String == "Inslee", "the target called: \(inslee ?? [:])")

            // Pages: capped at the most, refused when not a number from 1.
            let capped = Self.object(try client.get(Self.root + "/people?per_page=1000", headers: osdi))
            check.expect(capped["per_page"] as? Int == OSDIView.maxPageSize, "per_page capped: \(capped["per_page"] ?? "none")")
            check.expect(try client.get(Self.root + "/people?page=0", headers: osdi).status == 400, "page 0")
            // A page whose place in the collection would overflow is refused, and the server keeps answering.
            check.expect(try client.get(Self.root + "/petitions?page=9223372036854775807&per_page=100", headers: osdi).status == 400, "page past the most")
            check.expect(try client.get(Self.root + "/petitions?page=\(OSDIView.maxPage)", headers: osdi).status == 200, "the last page allowed")

            // The export: the same documents as the API.
            let exported = try TestSupport.campaign(["export", E2E.seattle, "--format", "osdi", "--base-url", base], database: server.databasePath)
            try check.require(exported.status == 0, exported.errors)
            check.expect(exported.errors.contains("Exported 7 signatures, 5 people"), exported.errors)
            let document = (try? JSONSerialization.jsonObject(with: Data(exported.output.utf8))) as? [String: Any] ?? [:]
            let contents = document["_embedded"] as? [String: Any] ?? [:]
            check.expect(Self.canonical(contents["osdi:signatures"] ?? []) == Self.canonical(signatures), "the export's signatures")
            let signedSeattle = Set(seattle.filter(\.updates).map { CanonicalEmail.of($0.email) })
            let exportedPeople = (contents["osdi:people"] as? [[String: Any]]) ?? []
            let expectedPeople = people.filter { signedSeattle.contains(CanonicalEmail.of(Self.email($0))) }
            check.expect(exportedPeople.map(Self.canonical).sorted() == expectedPeople.map(Self.canonical).sorted(),
                         "the export's people: \(exportedPeople.map(Self.email))")
            check.expect(Self.canonical(contents["osdi:petitions"] ?? []) == Self.canonical([seattlePetition ?? [:]]), "the export's petition")
            let refused = try TestSupport.campaign(["export", E2E.seattle, "--format", "osdi", "--official", "seattle-jenny-durkan"],
                                                   database: server.databasePath)
            check.expect(refused.status == 64, "--official with osdi: \(refused.errors)")
        }
    }

    // MARK: - The spec's examples

    /// What may be in our documents beyond the spec's examples: fields
    /// its field tables define that its examples do not show, and link
    /// relations its pages name (the entry point's example lists no
    /// advocacy campaigns; advocacy_campaigns.md names the relation).
    static let definedElsewhere: Set<String> = ["target_list", "notes", "previous", "osdi:advocacy_campaign", "osdi:advocacy_campaigns"]

    /// Checks that every member of `ours` is one `theirs` has, of the same kind, all the way down.
    static func checkShape(_ ours: Any, _ theirs: Any, _ path: String, _ check: Checks) {
        switch (ours, theirs) {
        case let (ours as [String: Any], theirs as [String: Any]):
            for (key, value) in ours {
                guard let example = theirs[key] else {
                    check.expect(definedElsewhere.contains(key), "\(path).\(key) is not in the spec's example")
                    continue
                }
                checkShape(value, example, path + "." + key, check)
            }
        case let (ours as [Any], theirs as [Any]):
            if let first = ours.first, let example = theirs.first { checkShape(first, example, path + "[0]", check) }
        case (is String, is String), (is NSNumber, is NSNumber): break
        default: check.fail("\(path): \(type(of: ours)) where the spec has \(type(of: theirs))")
        }
    }

    @Test func documentsHaveTheShapeOfTheSpecsExamples() async throws {
        let data = try Self.data()
        try await onThread { check in
            let server = try ServerProcess.start(data: data, database: TestSupport.temporaryDatabasePath())
            defer { server.stop() }
            try Self.sign(server, E2E.seattle, Signer(name: "Ana Forma", email: E2E.uniqueEmail("shape"), updates: true, reason: "Shape"),
                          language: "en", zip: "98104", check: check)
            let caller = server.client()
            let callToken = try E2E.openForm(caller, E2E.tacoma, "en", check)
            _ = try caller.post("/c/\(E2E.tacoma)/call", form: [("csrf", callToken), ("target", "wa-jay-inslee"), ("outcome", "reached")])
            let created = try TestSupport.campaign(["token", "create", "--name", "shape"], database: server.databasePath)
            try check.require(created.status == 0, created.errors)
            let osdi = [("OSDI-API-Token", created.output.trimmingCharacters(in: .whitespacesAndNewlines))]
            let client = server.client()
            for (path, fixture) in [("/", "entry_point"), ("/people", "people"), ("/petitions", "petitions"),
                                    ("/petitions/\(E2E.seattle)/signatures", "signatures"), ("/advocacy_campaigns", "advocacy_campaigns"),
                                    ("/advocacy_campaigns/\(E2E.tacoma)/outreaches", "outreaches")] {
                let response = try client.get(Self.root + path, headers: osdi)
                try check.require(response.status == 200, "\(path): \(response.summary)")
                let ours = Self.object(response)
                let example = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("osdi/\(fixture).json"))))
                let theirs = try check.unwrap(example as? [String: Any], fixture)
                Self.checkShape(ours, theirs, fixture, check)
                if fixture == "entry_point" {
                    for key in ["motd", "vendor_name", "product_name", "osdi_version", "max_pagesize", "_links"] { check.expect(ours[key] != nil, "no \(key)") }
                    continue
                }
                // A collection has every member the example has, and embeds at least one resource, with the example's core fields.
                check.expect(Set(ours.keys) == Set(theirs.keys), "\(fixture): \(ours.keys.sorted()) against \(theirs.keys.sorted())")
                let item = try check.unwrap(Self.embedded([ours], fixture).first, "\(fixture): nothing embedded")
                for key in ["identifiers", "origin_system", "created_date", "modified_date", "_links"] { check.expect(item[key] != nil, "\(fixture): no \(key)") }
            }
        }
    }
}
