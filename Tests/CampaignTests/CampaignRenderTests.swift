@testable import Campaign
import Foundation
import Testing

/// `campaign render`, `publish`, `list`, `show`, `close` and `new`, end to end.
@Suite struct CampaignRenderTests {
    /// Read-only tests share one seeded database; tests that publish make their own.
    static let seeded: Result<DatabasePool, any Error> = Result { try TestSupport.seededDatabase() }
    static let tacoma = TestSupport.dataFolder + "/campaigns/tacoma-support-sanctuary"
    static let valid = TestSupport.fixture("campaigns/valid")
    static let templates = TestSupport.repository.appendingPathComponent("templates").path

    func shared() throws -> String { try Self.seeded.get().path }

    /// A seeded database of its own, for a test that writes.
    func ownDatabase() throws -> String { try TestSupport.seededDatabase().path }

    /// A copy of `folder` in a temporary folder, to edit.
    func copy(_ folder: String) throws -> String {
        let target = TestSupport.temporaryFolder() + "/" + (folder as NSString).lastPathComponent
        try FileManager.default.copyItem(atPath: folder, toPath: target)
        return target
    }

    /// The published campaigns, by slug, with their status and version.
    func list(_ database: String) throws -> [String: (status: String, version: Int)] {
        let result = try TestSupport.campaign(["list", "--format", "json"], database: database)
        #expect(result.status == 0, "list failed: \(result.errors)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        var campaigns: [String: (status: String, version: Int)] = [:]
        for row in rows {
            campaigns[row["slug"] as? String ?? ""] = (row["status"] as? String ?? "", (row["version"] as? NSNumber)?.intValue ?? 0)
        }
        return campaigns
    }

    /// The version numbers `campaign show` lists.
    func shownVersions(_ slug: String, database: String) throws -> [String] {
        let result = try TestSupport.campaign(["show", slug], database: database)
        #expect(result.status == 0, "show failed: \(result.errors)")
        let lines = result.output.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "Versions:") else { return [] }
        return lines[(start + 1)...].filter { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces).components(separatedBy: " ")[0] }
    }

    // MARK: - render

    @Test func rendersEachVariantInSpanishForATacomaDistrict() throws {
        let result = try TestSupport.campaign(["render", Self.tacoma, "--name", "Ana", "--zip", "98405", "--lang", "es", "--district", "2"],
                                              database: shared())
        #expect(result.status == 0, "stderr: \(result.errors)")
        #expect(result.errors == "")
        let output = result.output
        #expect(output.hasPrefix("APOYA a las jurisdicciones santuario frente a la intimidación del Departamento de Justicia  (tacoma-support-sanctuary, es)\n"))
        #expect(output.contains("Llamas como Ana, desde 98405"))
        // The governor, mayor and councilmember variants, each once, in target order.
        let governor = try #require(output.range(of: "le pido al Gobernador"))
        let mayor = try #require(output.range(of: "le pido a la Alcaldesa"))
        let councilmember = try #require(output.range(of: "le pido a su concejal o concejala"))
        #expect(governor.lowerBound < mayor.lowerBound && mayor.lowerBound < councilmember.lowerBound)
        #expect(output.contains("¿Cuento con el apoyo del Gobernador en esto?"))
        #expect(output.contains("¿Cuento con el apoyo de la Alcaldesa en esto?"))
        #expect(output.contains("¿Cuento con el apoyo de su concejal o concejala en esto?"))
        #expect(output.contains("1. Jay Inslee — Gobernador, Washington\n   Teléfono: (360) 902-4110 (Oficina)\n"))
        #expect(output.contains("2. Marilyn Strickland — Alcaldesa, Tacoma\n   Teléfono: (253) 594-7848 (Oficina)\n"))
        #expect(output.contains("3. Concejal, Tacoma (Council District 2)\n   No hay nadie registrado para este cargo.\n   No tenemos el número de teléfono de esta oficina.\n"))
        // The partial, in each of the three scripts.
        #expect(output.components(separatedBy: "Entiendo que la política de cada ciudad santuario es distinta").count == 4)
        #expect(output.components(separatedBy: "Hola, me llamo Ana y soy de 98405.").count == 4)
        #expect(!output.contains("{{"), "every placeholder is filled")
        #expect(!output.contains("•"), "nothing is pending once the district is chosen")
    }

    @Test func withoutANameOrZIPTheScriptShowsBlanksAndAsksForAZIP() throws {
        let result = try TestSupport.campaign(["render", Self.tacoma], database: shared())
        #expect(result.status == 0, "stderr: \(result.errors)")
        let output = result.output
        #expect(output.contains("  (tacoma-support-sanctuary, en)\n"))
        #expect(output.contains("Calling as [your name], from [your city or ZIP code]"))
        #expect(output.contains("Hello, my name is [your name], and I'm from [your city or ZIP code]."))
        #expect(output.contains("I'm asking the Governor to strongly resist"))
        #expect(output.contains("I'm asking the Mayor to strongly resist"))
        #expect(output.contains("I understand that each sanctuary city policy is different"))
        #expect(output.hasSuffix("\n• Give your ZIP code to see who represents you.\n"))
        #expect(!output.contains("Councilmember to strongly resist"), "no councilmember until the place is known")
    }

    @Test func theSpanishBlankIsInSpanish() throws {
        let result = try TestSupport.campaign(["render", Self.tacoma, "--lang", "es"], database: shared())
        #expect(result.status == 0, "stderr: \(result.errors)")
        #expect(result.output.contains("Hola, me llamo [tu nombre] y soy de [tu ciudad o código postal]."))
        #expect(!result.output.contains("[your name]"))
        #expect(result.output.hasSuffix("\n• Escribe tu código postal para ver quién te representa.\n"))
    }

    @Test func aLanguageTheCampaignLacksIsRefused() throws {
        let result = try TestSupport.campaign(["render", Self.tacoma, "--lang", "fr"], database: shared())
        #expect(result.status == 65)
        #expect(result.output == "")
        #expect(result.errors.contains("--lang: the campaign is in en, es, not fr"), "stderr: \(result.errors)")
    }

    @Test func renderingByPublishedSlugEqualsRenderingTheFolder() throws {
        let database = try ownDatabase()
        let publish = try TestSupport.campaign(["publish", Self.valid], database: database)
        #expect(publish.status == 0, "stderr: \(publish.errors)")
        for (folder, slug) in [(Self.valid, "valid"), (Self.tacoma, "tacoma-support-sanctuary")] {
            let arguments = ["--name", "Ana", "--zip", "98405", "--district", "2", "--lang", "es"]
            let byFolder = try TestSupport.campaign(["render", folder] + arguments, database: database)
            let bySlug = try TestSupport.campaign(["render", slug] + arguments, database: database)
            #expect(byFolder.status == 0 && bySlug.status == 0, "\(byFolder.errors)\(bySlug.errors)")
            #expect(!bySlug.output.isEmpty)
            #expect(bySlug.output == byFolder.output)
        }
    }

    @Test func theValidFixtureRendersItsMayorVariantAndPartial() throws {
        let result = try TestSupport.campaign(["render", Self.valid, "--name", "Ana", "--zip", "98405", "--district", "2"], database: shared())
        #expect(result.status == 0, "stderr: \(result.errors)")
        #expect(result.output.contains("   Hello Mayor Marilyn Strickland, my name is Ana.\n   Please keep Tacoma welcoming.\n"))
        #expect(result.output.contains("   Hi, my name is Ana from 98405.\n   Please keep King County welcoming.\n"))
        #expect(result.output.contains("   Hi, my name is Ana from 98405.\n   Please keep Washington welcoming.\n"))
    }

    // MARK: - publish, show, list, close

    @Test func publishingTheSameFilesTwiceKeepsOneVersion() throws {
        let database = try ownDatabase()
        let first = try TestSupport.campaign(["publish", Self.valid], database: database)
        #expect(first.status == 0, "stderr: \(first.errors)")
        #expect(first.output == "Published valid as version 1 (draft).\n")
        let second = try TestSupport.campaign(["publish", Self.valid], database: database)
        #expect(second.status == 0, "stderr: \(second.errors)")
        #expect(second.output == "valid is unchanged; version 1 stays current (draft).\n")
        #expect(try shownVersions("valid", database: database) == ["1"])
        #expect(try list(database)["valid"]?.version == 1)
    }

    @Test func editingAFileAndPublishingMakesVersionTwo() throws {
        let database = try ownDatabase()
        let folder = try copy(Self.valid)
        #expect(try TestSupport.campaign(["publish", folder], database: database).output == "Published valid as version 1 (draft).\n")
        try "We ask you, again, to keep Tacoma a welcoming city.\n".write(toFile: folder + "/petition.en.md", atomically: false, encoding: .utf8)
        let republished = try TestSupport.campaign(["publish", folder], database: database)
        #expect(republished.status == 0, "stderr: \(republished.errors)")
        #expect(republished.output == "Published valid as version 2 (draft).\n")
        #expect(try shownVersions("valid", database: database) == ["1", "2"])
        #expect(try list(database)["valid"]?.version == 2)
    }

    @Test func closingShowsInTheListAndSurvivesAnUnchangedRepublish() throws {
        let database = try ownDatabase()
        #expect(try TestSupport.campaign(["publish", Self.valid], database: database).status == 0)
        #expect(try list(database)["valid"]?.status == "draft")
        let close = try TestSupport.campaign(["close", "valid"], database: database)
        #expect(close.status == 0, "stderr: \(close.errors)")
        #expect(close.output == "Closed valid.\n")
        #expect(try list(database)["valid"]?.status == "closed")
        let table = try TestSupport.campaign(["list"], database: database)
        let row = try #require(table.output.components(separatedBy: "\n").first { $0.hasPrefix("valid ") })
        #expect(row.contains(" closed "))

        let republish = try TestSupport.campaign(["publish", Self.valid], database: database)
        #expect(republish.status == 0, "stderr: \(republish.errors)")
        #expect(republish.output == "valid is unchanged; version 1 stays current (closed); its files say draft: publish a change to them to make it so.\n", "\(republish.output)")
        #expect(try list(database)["valid"]?.status == "closed", "an unchanged publish does not reopen a closed campaign")
        #expect(try list(database)["valid"]?.version == 1)
    }

    @Test func showCountsSignaturesByStateAndCallsByOutcome() throws {
        let database = try ownDatabase()
        #expect(try TestSupport.campaign(["publish", Self.valid], database: database).status == 0)
        let pool = try DatabasePool(path: database)
        let id = try #require(try pool.read { try CampaignStore.id(of: "valid", $0) })
        try pool.write { db in
            for (number, state, suspect) in [(1, "validated", 0), (2, "validated", 0), (3, "validated", 0), (4, "pending", 0), (5, "pending", 0), (6, "validated", 1)] {
                try db.execute("""
                    INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, locale, state, suspect, created_at, unsubscribe_token)
                    VALUES (?, 'Signer', ?, ?, '98405', 'en', ?, ?, '2026-01-01T12:00:00Z', ?)
                    """, [id, "s\(number)@example.org", "s\(number)@example.org", state, suspect, "unsubscribe-\(number)"])
            }
            for (outcome, suspect) in [("reached", 0), ("reached", 0), ("voicemail", 0), ("busy", 0), ("reached", 1)] {
                try db.execute("INSERT INTO call_reports (campaign_id, target, outcome, suspect, created_at) VALUES (?, 'wa-jay-inslee', ?, ?, '2026-01-01T12:00:00Z')",
                               [id, outcome, suspect])
            }
        }
        let shown = try TestSupport.campaign(["show", "valid"], database: database)
        #expect(shown.status == 0, "stderr: \(shown.errors)")
        #expect(shown.output.contains("\n  Signatures: 3 counted, 2 waiting for e-mail confirmation, 1 suspect (not counted)\n"), "\(shown.output)")
        #expect(shown.output.contains("\n  Calls:      2 reached, 1 voicemail, 1 busy, 0 skipped; 1 suspect (not counted)\n"), "\(shown.output)")
        // A campaign nobody has acted on yet shows zeros, not nothing.
        let fresh = try TestSupport.campaign(["show", "tacoma-support-sanctuary"], database: database)
        #expect(fresh.output.contains("\n  Calls:      0 reached, 0 voicemail, 0 busy, 0 skipped\n"), "\(fresh.output)")
    }

    @Test func aScriptNamesTheDistrictsCodeAndNameApart() throws {
        // "Ward {{target.district}}" once printed "Ward Ward 3": the name and the code are apart now.
        let folder = try copy(Self.valid)
        let toml = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8).replacingOccurrences(
            of: "own = \"governor\"\njurisdiction = \"ocd-division/country:us/state:wa\"",
            with: "own = \"councilmember\"\njurisdiction = \"ocd-division/country:us/state:wa/place:tacoma\"")
        try toml.write(toFile: folder + "/campaign.toml", atomically: false, encoding: .utf8)
        try "District {{target.district.code}} is {{target.district.name}} ({{target.district}}).\n"
            .write(toFile: folder + "/script.en.md", atomically: false, encoding: .utf8)
        let result = try TestSupport.campaign(["render", folder, "--zip", "98405", "--district", "2"], database: shared())
        #expect(result.status == 0, "stderr: \(result.errors)")
        #expect(result.output.contains("   District 2 is Council District 2 (Council District 2).\n"), "\(result.output)")
        let check = try TestSupport.campaign(["check", folder], database: shared())
        #expect(check.status == 0)
        #expect(check.errors.contains("script.en.md:1:64: warning: {{target.district}} writes the district's name"), "\(check.errors)")
    }

    @Test(arguments: ["unknown-placeholder", "bad-toml", "missing-catalog-locale"])
    func publishingABrokenFixtureStoresNothing(_ fixture: String) throws {
        let database = try ownDatabase()
        let before = try TestSupport.snapshot(database)
        let result = try TestSupport.campaign(["publish", TestSupport.fixture("campaigns/" + fixture)], database: database)
        #expect(result.status == 65)
        #expect(result.output == "")
        #expect(result.errors.contains("error") || result.errors.contains("Error"), "stderr: \(result.errors)")
        #expect(try TestSupport.snapshot(database) == before)
        #expect(try list(database)["valid"] == nil)
    }

    // MARK: - new

    @Test func newCreatesACampaignThatChecks() throws {
        let parent = TestSupport.temporaryFolder()
        let environment = ["CAMPAIGN_TEMPLATES": Self.templates]
        let database = try shared()
        let created = try TestSupport.campaign(["new", "demo", "--in", parent], database: database, folder: parent, environment: environment)
        #expect(created.status == 0, "stderr: \(created.errors)")
        let folder = parent + "/demo"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["campaign.toml", "petition.en.md", "petition.es.md", "points.en.md", "points.es.md", "script.en.md", "script.es.md"])
        let metadata = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8)
        #expect(metadata.contains("slug = \"demo\""))
        #expect(!metadata.contains("__SLUG__"))

        let check = try TestSupport.campaign(["check", folder], database: database, folder: parent, environment: environment)
        #expect(check.status == 0, "stderr: \(check.errors)")
        #expect(check.output.hasPrefix("demo: 0 errors, "), "\(check.output)")
        // Nothing of the scaffold's example text passes unnoticed: each file that still has it, at its first line.
        let examples = check.errors.split(separator: "\n").map(String.init).filter { $0.contains("the scaffold's example") }
        let still = "warning: still the scaffold's example text: "
        #expect(examples == [
            "\(folder)/campaign.toml:19:6: warning: title.en is still the scaffold's example (\"A short, specific ask\"); write the campaign's own",
            "\(folder)/campaign.toml:20:6: warning: title.es is still the scaffold's example (\"Un pedido breve y concreto\"); write the campaign's own",
            "\(folder)/campaign.toml:23:6: warning: summary.en is still the scaffold's example (\"Why supporters should act, in a sentence.\"); write the campaign's own",
            "\(folder)/campaign.toml:24:6: warning: summary.es is still the scaffold's example (\"Por qué actuar, en una oración.\"); write the campaign's own",
            "\(folder)/petition.en.md:1:1: \(still)\"We, the undersigned, ask you to …\" (and 3 more lines); write the campaign's own",
            "\(folder)/petition.es.md:1:1: \(still)\"Las personas abajo firmantes le pedimos que …\" (and 3 more lines); write the campaign's own",
            "\(folder)/points.en.md:1:1: \(still)\"- One fact a caller can lean on …\" (and 1 more line); write the campaign's own",
            "\(folder)/points.es.md:1:1: \(still)\"- Un dato en el que apoyarse durante la llamada …\" (and 1 more line); write the campaign's own",
            "\(folder)/script.en.md:8:1: \(still)\"I'm calling to ask {{target.title}} {{target.name}} to …\"; write the campaign's own",
            "\(folder)/script.es.md:4:1: \(still)\"Llamo para pedirle a {{target.title}} {{target.name}} que …\"; write the campaign's own",
        ])
        // The scaffold leaves [organizer] for the organizer to fill in.
        #expect(check.errors.contains("warning: organizer.name, organizer.email and organizer.phone are empty"), "stderr: \(check.errors)")

        // The folder is there now: a second `new` leaves it alone.
        let before = try String(contentsOfFile: folder + "/script.en.md", encoding: .utf8)
        try "edited\n".write(toFile: folder + "/script.en.md", atomically: false, encoding: .utf8)
        let again = try TestSupport.campaign(["new", "demo", "--in", parent], database: database, folder: parent, environment: environment)
        #expect(again.status == 65)
        #expect(again.errors.contains("\(folder) exists already"), "stderr: \(again.errors)")
        #expect(try String(contentsOfFile: folder + "/script.en.md", encoding: .utf8) == "edited\n")
        #expect(before != "edited\n")
    }

    @Test(arguments: ["Demo", "bad_slug", "demo/x", ""])
    func newRefusesABadSlug(_ slug: String) throws {
        let parent = TestSupport.temporaryFolder()
        let result = try TestSupport.campaign(["new", slug, "--in", parent], database: shared(), folder: parent,
                                              environment: ["CAMPAIGN_TEMPLATES": Self.templates])
        #expect(result.status == 64)
        #expect(result.errors.contains("Invalid slug '\(slug)'"), "stderr: \(result.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == [])
    }
}
