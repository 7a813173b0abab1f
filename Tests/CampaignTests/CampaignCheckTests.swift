@testable import Campaign
import Foundation
import Testing

/// `CampaignCheck` and `campaign check`: the valid fixture and the samples
/// pass; each broken fixture under Fixtures/campaigns gives exactly the
/// finding its one mistake should.
@Suite struct CampaignCheckTests {
    static let seeded: Result<DatabasePool, any Error> = Result { try TestSupport.seededDatabase() }
    static let catalogFolder = TestSupport.repository.appendingPathComponent("templates/locales").path
    /// What the CLI names the catalogs folder: the built-in one, found from the binary wherever it runs.
    static let cliCatalogFolder = catalogFolder
    static let placeholderList = "caller.name, caller.place, caller.zip, campaign.slug, campaign.summary, campaign.title, "
        + "target.district, target.district.code, target.district.name, target.jurisdiction, target.name, target.role, target.seat, target.title"
    static let roleList = "mayor, councilmember, council-chair, county-executive, governor, lieutenant-governor, attorney-general, "
        + "city-attorney, corporation-counsel, sheriff, state-senator, state-representative, executive-director"
        + ", us-senator, us-representative, secretary-of-state, state-treasurer, state-auditor, chief-election-officer, state-superintendent, county-commissioner, county-supervisor, county-councilmember, county-prosecutor, county-assessor, county-clerk, alderperson, council-president, comptroller, public-advocate, city-clerk, school-board-member"
    /// Every sample campaign shipped in data/campaigns.
    static let samples: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.dataFolder + "/campaigns")) ?? [])
        .filter { FileManager.default.fileExists(atPath: TestSupport.dataFolder + "/campaigns/" + $0 + "/campaign.toml") }.sorted()

    static func fixture(_ name: String) -> String { TestSupport.fixture("campaigns/" + name) }

    /// One expected finding (or structural error) of a broken fixture.
    struct Expected: Sendable, CustomTestStringConvertible {
        let fixture: String
        let file: String
        let line: Int
        let column: Int
        let severity: String
        /// `<catalogs>` stands for the catalogs folder.
        let message: String
        /// The coverage summary `check` prints after the findings, its
        /// first line's location and then its lines; none without a hole.
        var coverage: (line: Int, lines: [String])? = nil

        var testDescription: String { fixture }

        /// `file:line:column: severity: message`, as `CampaignCheck.Finding` prints it.
        func finding(catalogs: String) -> String {
            "\(CampaignCheckTests.fixture(fixture))/\(file):\(line):\(column): \(severity): "
                + message.replacingOccurrences(of: "<catalogs>", with: catalogs)
        }

        /// `file:line:column: message`, as `InputError` prints it.
        var inputError: String { "\(CampaignCheckTests.fixture(fixture))/\(file):\(line):\(column): \(message)" }
    }

    /// Mistakes only the directory and the catalogs can judge: `CampaignCheck` findings.
    static let checkFindings: [Expected] = [
        Expected(fixture: "unknown-placeholder", file: "script.en.md", line: 1, column: 16, severity: "error",
                 message: "unknown placeholder {{caller.nmae}} (known: \(placeholderList))"),
        Expected(fixture: "unknown-target", file: "campaign.toml", line: 22, column: 1, severity: "error",
                 message: "unknown official 'nobody-here' (see `campaign officials list`)"),
        Expected(fixture: "unknown-jurisdiction", file: "campaign.toml", line: 25, column: 1, severity: "error",
                 message: "unknown jurisdiction 'ocd-division/country:us/state:wa/place:nowhere' (see `campaign jurisdictions list`)"),
        Expected(fixture: "missing-locale-file", file: "petition.es.md", line: 1, column: 1, severity: "error",
                 message: "locale 'es' has no petition text: add petition.es.md"),
        Expected(fixture: "variant-for-absent-role", file: "script.en.sheriff.md", line: 1, column: 1, severity: "error",
                 message: "a script variant for 'sheriff', but no target has that role"),
        Expected(fixture: "unknown-partial", file: "script.en.md", line: 2, column: 1, severity: "error",
                 message: "unknown partial {{> closing}}: add closing.en.md"),
        Expected(fixture: "raw-placeholder", file: "script.en.md", line: 1, column: 16, severity: "error",
                 message: "{{{caller.name}}} would output text unescaped; write {{caller.name}}"),
        Expected(fixture: "missing-title", file: "campaign.toml", line: 1, column: 1, severity: "error",
                 message: "no title for locale 'es': add es = \"…\" under [title]"),
        Expected(fixture: "missing-catalog-locale", file: "campaign.toml", line: 4, column: 11, severity: "error",
                 message: "no UI catalog for locale 'fr': add fr.json to <catalogs>"),
        Expected(fixture: "office-without-contact", file: "campaign.toml", line: 29, column: 1, severity: "warning",
                 message: "office Mayor has no contact (Muriel Bowser)",
                 coverage: (19, ["1 hole; `campaign coverage <folder>` shows them all with what to do:", "  Muriel Bowser: no phone or e-mail"])),
    ]

    /// Structural mistakes: `CampaignFolder(path:)` refuses the folder.
    static let structuralErrors: [Expected] = [
        Expected(fixture: "bad-toml", file: "campaign.toml", line: 2, column: 10, severity: "error",
                 message: "'draft' is not a value; text must be in quotes, dates are YYYY-MM-DD"),
        Expected(fixture: "unknown-key", file: "campaign.toml", line: 5, column: 10, severity: "error",
                 message: "unknown key 'colour' (known keys: call, default_locale, digest, embed_origins, ends, locales, milestones, organizer, petition, retain_days_after_close, slug, source, starts, status, summary, targets, title, translations)"),
        Expected(fixture: "unknown-role", file: "campaign.toml", line: 26, column: 7, severity: "error",
                 message: "unknown role 'dogcatcher' (known roles: \(roleList))"),
        Expected(fixture: "unknown-consent", file: "campaign.toml", line: 15, column: 22, severity: "error",
                 message: "unknown consent question 'sms' (known: public, share_email, updates)"),
        Expected(fixture: "unclosed-section", file: "script.en.md", line: 1, column: 31, severity: "error",
                 message: "section {{#caller.place}} is never closed; add {{/caller.place}}"),
    ]

    func findings(_ path: String) throws -> [CampaignCheck.Finding] {
        let folder = try CampaignFolder(path: path)
        let directory = try Self.seeded.get().read { try DirectoryStore.load($0) }
        let localizer = try Localizer.load(folder: Self.catalogFolder)
        return CampaignCheck.run(folder, directory: directory, localizer: localizer, catalogFolder: Self.catalogFolder)
    }

    /// The messages `CampaignFolder(path:)` throws, one per error.
    func loadErrors(_ path: String) -> [String] {
        do {
            _ = try CampaignFolder(path: path)
            return []
        } catch let error as InputError {
            return [error.description]
        } catch let errors as InputErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["unexpected \(type(of: error)): \(error)"]
        }
    }

    // MARK: - Passing

    @Test func theValidFixtureHasNoFindings() throws {
        #expect(try findings(Self.fixture("valid")).map(\.description) == [])
    }

    @Test(arguments: samples)
    func everySampleChecksWithoutErrors(_ sample: String) throws {
        let errors = try findings(TestSupport.dataFolder + "/campaigns/" + sample).filter { $0.severity == .error }
        #expect(errors.map(\.description) == [])
    }

    @Test func theSamplesAreFound() {
        #expect(Set(Self.samples).isSuperset(of: ["dc-protect-residents-from-ice", "king-county-ice-accountability",
                                                  "seattle-thank-welcoming-city", "tacoma-support-sanctuary", "thank-your-mayor-amicus"]))
    }

    @Test func everyBrokenFixtureIsCovered() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: TestSupport.fixture("campaigns")).filter { $0 != "valid" }.sorted()
        #expect(folders == (Self.checkFindings + Self.structuralErrors).map(\.fixture).sorted())
    }

    // MARK: - Broken fixtures

    @Test(arguments: checkFindings)
    func aBrokenFixtureGivesExactlyItsFinding(_ expected: Expected) throws {
        let found = try findings(Self.fixture(expected.fixture))
        #expect(found.map(\.description) == [expected.finding(catalogs: Self.catalogFolder)])
        #expect(found.first?.severity.rawValue == expected.severity)
    }

    @Test(arguments: structuralErrors)
    func aStructuralMistakeIsAnInputErrorAtItsPlace(_ expected: Expected) {
        #expect(loadErrors(Self.fixture(expected.fixture)) == [expected.inputError])
    }

    @Test func aStructuralMistakeIsThrownAsAnInputErrorWithALocation() throws {
        let error = try #require(throws: InputError.self) { try CampaignFolder(path: Self.fixture("bad-toml")) }
        #expect(error.location == SourceLocation(file: Self.fixture("bad-toml") + "/campaign.toml", line: 2, column: 10))
    }

    @Test func aMissingCatalogIsOneFindingNotOnePerString() throws {
        // The catalog for fr is missing as a whole; listing each of its strings
        // as missing, at a fr.json that does not exist, buries the one fix.
        let found = try findings(Self.fixture("missing-catalog-locale"))
        #expect(!found.contains { $0.location.file.hasSuffix("fr.json") })
    }

    @Test func findingsComeInFileOrder() throws {
        // Two mistakes in one campaign, given back sorted by file and line.
        let valid = try CampaignFolder(path: Self.fixture("valid"))
        var files = valid.allFiles
        files["script.es.md"] = "Hola {{caller.nombre}}.\n{{> ask}}\n"
        files["script.en.md"] = "Hi {{caller.name}}.\n{{> ending}}\n"
        let folder = try CampaignFolder(files: files, path: "/twice")
        let directory = try Self.seeded.get().read { try DirectoryStore.load($0) }
        let found = CampaignCheck.run(folder, directory: directory, localizer: try Localizer.load(folder: Self.catalogFolder),
                                      catalogFolder: Self.catalogFolder)
        #expect(found.map(\.description) == [
            "/twice/script.en.md:2:1: error: unknown partial {{> ending}}: add ending.en.md",
            "/twice/script.es.md:1:6: error: unknown placeholder {{caller.nombre}} (known: \(Self.placeholderList))",
        ])
    }

    // MARK: - What bites later

    /// The valid fixture with `changes` made to its files (nil removes one), read as the folder `/edited`.
    func edited(_ changes: [String: String?]) throws -> CampaignFolder {
        var files = try CampaignFolder(path: Self.fixture("valid")).allFiles
        for (name, text) in changes { files[name] = text }
        return try CampaignFolder(files: files, path: "/edited")
    }

    /// The findings for `folder` against the seeded directory, as printed.
    func described(_ folder: CampaignFolder, catalogs: [String] = [catalogFolder]) throws -> [String] {
        let directory = try Self.seeded.get().read { try DirectoryStore.load($0) }
        return CampaignCheck.run(folder, directory: directory, localizer: try Localizer.load(folders: catalogs), catalogFolder: catalogs[0])
            .map(\.description)
    }

    @Test func anOwnTargetNobodyCanBeCalledAtIsAWarningAtItsTable() throws {
        // The supporter's own Tacoma councilmember: five district offices, none with a holder or a number.
        let valid = try CampaignFolder(path: Self.fixture("valid")).allFiles
        let toml = try #require(valid["campaign.toml"]).replacingOccurrences(
            of: "own = \"governor\"\njurisdiction = \"ocd-division/country:us/state:wa\"",
            with: "own = \"councilmember\"\njurisdiction = \"ocd-division/country:us/state:wa/place:tacoma\"")
        let found = try described(edited(["campaign.toml": toml]))
        #expect(found == (1...5).map { "/edited/campaign.toml:25:1: warning: office Councilmember (District \($0)) has no contact" })
    }

    @Test func aTargetWithNoTitleInOneOfTheLanguagesIsAWarningNamingWhatTheTextsWouldSay() throws {
        // Polish scripts once read "Mayor Rahm Emanuel": no title_pl, so the English one stood in.
        let valid = try CampaignFolder(path: Self.fixture("valid")).allFiles
        var toml = try #require(valid["campaign.toml"]).replacingOccurrences(of: "locales = [\"en\", \"es\"]", with: "locales = [\"en\", \"es\", \"uk\"]")
        toml = toml.replacingOccurrences(of: "[summary]\n", with: "uk = \"Нехай Такома залишається гостинною\"\n\n[summary]\n")
        // A Ukrainian catalog (Polish now ships, with role titles) without role titles is laid over the built-in ones; the officials' titles are not.
        let catalogs = TestSupport.temporaryFolder()
        LocalizationTests.write(#"{"language.name": "Українська"}"#, to: catalogs + "/uk.json")
        let found = try described(edited(["campaign.toml": toml, "petition.uk.md": "Просимо.\n", "script.uk.md": "Добрий день.\n", "ask.uk.md": "Просимо.\n"]),
                                  catalogs: [catalogs, Self.catalogFolder]).filter { $0.contains("no title") }
        #expect(found == [
            "/edited/campaign.toml:21:1: warning: no title in 'uk' for Marilyn Strickland: the uk texts would call them \"Mayor\"; "
                + "add title_uk to officials.csv (or `campaign officials edit tacoma-marilyn-strickland --title uk=…`)",
            "/edited/campaign.toml:24:1: warning: no title in 'uk' for Dow Constantine: the uk texts would call them \"County Executive\"; "
                + "add title_uk to officials.csv (or `campaign officials edit king-county-dow-constantine --title uk=…`)",
            "/edited/campaign.toml:27:1: warning: no title in 'uk' for Jay Inslee: the uk texts would call them \"Governor\"; "
                + "add title_uk to officials.csv (or `campaign officials edit wa-jay-inslee --title uk=…`)",
        ])
        // In English and Spanish the roles have titles of their own.
        #expect(try described(edited([:])).filter { $0.contains("no title") } == [])
        // A catalog that titles the roles titles these offices too.
        LocalizationTests.write(#"{"language.name": "Українська", "role.mayor": "Мер", "role.county-executive": "Виконавчий голова округу", "role.governor": "Губернатор"}"#,
                                to: catalogs + "/uk.json")
        #expect(try described(edited(["campaign.toml": toml, "petition.uk.md": "Просимо.\n", "script.uk.md": "Добрий день.\n", "ask.uk.md": "Просимо.\n"]),
                              catalogs: [catalogs, Self.catalogFolder]).filter { $0.contains("no title") } == [])
    }

    @Test func aLanguageWithoutTheTalkingPointsOthersHaveIsAWarning() throws {
        let found = try described(edited(["points.en.md": "- A fact.\n"]))
        #expect(found == ["/edited/points.es.md:1:1: warning: locale 'es' has no talking points: add points.es.md (the other languages have points.en.md)"])
        // Talking points are optional: with none in any language, nothing is said.
        #expect(try described(edited([:])) == [])
    }

    @Test func theDistrictAloneIsItsNameAndCheckSaysSo() throws {
        let found = try described(edited(["script.en.md": "Hi from Ward {{target.district}}.\nWard {{target.district.code}}, {{target.district.name}}.\n{{> ask}}\n"]))
        #expect(found == ["/edited/script.en.md:1:14: warning: {{target.district}} writes the district's name (\"Ward 3\"); "
                          + "write {{target.district.name}} for the name or {{target.district.code}} for its code (\"3\")"])
    }

    @Test func textLeftFromTheScaffoldIsAWarningAtItsLine() throws {
        let scaffold = try CampaignScaffold(folder: TestSupport.templatesFolder + "/scaffold")
        let folder = TestSupport.temporaryFolder() + "/left"
        try scaffold.write(to: folder, slug: "left")
        // One language is written; the Spanish petition and the English summary are not.
        for (name, text) in ["petition.en.md": "We ask the council to fund the clinic.\n", "points.en.md": "- The clinic serves 4,000 people.\n",
                             "points.es.md": "- La clínica atiende a 4.000 personas.\n", "script.en.md": "Hi, I'm {{caller.name}}. Please fund the clinic.\n",
                             "script.es.md": "Hola, soy {{caller.name}}. Por favor financien la clínica.\n"] {
            try text.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        }
        var toml = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8)
        toml = toml.replacingOccurrences(of: "en = \"A short, specific ask\"", with: "en = \"Fund the clinic\"")
            .replacingOccurrences(of: "es = \"Un pedido breve y concreto\"", with: "es = \"Financien la clínica\"")
            .replacingOccurrences(of: "es = \"Por qué actuar, en una oración.\"", with: "es = \"La clínica atiende a 4.000 personas.\"")
        try toml.write(toFile: folder + "/campaign.toml", atomically: false, encoding: .utf8)
        let found = CampaignCheck.run(try CampaignFolder(path: folder), directory: nil, localizer: try Localizer.load(folder: Self.catalogFolder),
                                      catalogFolder: Self.catalogFolder, scaffold: scaffold).map(\.description)
        #expect(found == [
            "\(folder)/campaign.toml:23:6: warning: summary.en is still the scaffold's example (\"Why supporters should act, in a sentence.\"); write the campaign's own",
            "\(folder)/campaign.toml:37:1: warning: organizer.name, organizer.email and organizer.phone are empty: the delivery packet's cover letter "
                + "gives the organizer's name, e-mail and phone for an office to reply to",
            "\(folder)/petition.es.md:1:1: warning: still the scaffold's example text: \"Las personas abajo firmantes le pedimos que …\" (and 3 more lines); write the campaign's own",
        ])
    }

    // MARK: - Through the CLI

    /// Standard error without the warnings that list the texts a page
    /// would show in another language (checked on their own), and how many
    /// of those there were.
    static func apart(_ errors: String) -> (rest: String, foreign: Int) {
        var kept: [Substring] = [], foreign = 0, inForeign = false
        for line in errors.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.contains(": warning: the "), line.contains(" page would show ") { foreign += 1; inForeign = true; continue }
            if inForeign && line.hasPrefix("  ") { continue }
            inForeign = false
            kept.append(line)
        }
        return (kept.joined(separator: "\n"), foreign)
    }

    static func warnings(_ count: Int) -> String { "\(count) warning\(count == 1 ? "" : "s")" }

    @Test func checkPassesTheValidFixture() throws {
        let result = try TestSupport.campaign(["check", Self.fixture("valid")], database: Self.seeded.get().path)
        #expect(result.status == 0)
        // Its only warning: the directory's names, in English on the Spanish page.
        #expect(result.output == "valid: 0 errors, 1 warning\n")
        #expect(result.errors == """
            \(Self.fixture("valid"))/campaign.toml:4:11: warning: the es page would show 3 texts in another language than es \
            (give names as name:es, titles as title_es, labels in the es catalog's contact.label.*):
              ocd-division/country:us/state:wa/place:tacoma: name "Tacoma" (en)
              ocd-division/country:us/state:wa/county:king: name "King County" (en)
              ocd-division/country:us/state:wa: name "Washington" (en)

            """)
    }

    /// The DC petition's Spanish page, before and after the directory has
    /// Spanish names for the District and its wards: each text in English
    /// is listed with where it comes from, a text the campaign lacks in
    /// Spanish with its file:line, and nothing once they are given.
    @Test func checkListsEveryTextTheSpanishPageWouldShowInEnglishUntilTheNamesAreGiven() throws {
        let database = try TestSupport.seededDatabasePath()
        let folder = TestSupport.temporaryFolder() + "/dc-protect-residents-from-ice"
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/dc-protect-residents-from-ice", toPath: folder)
        // Its Spanish summary left out: the English one stands in.
        let toml = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8)
        let summary = try #require(toml.split(separator: "\n").first { $0.hasPrefix("es = \"Pide a la alcaldesa") })
        try toml.replacingOccurrences(of: summary + "\n", with: "").write(toFile: folder + "/campaign.toml", atomically: false, encoding: .utf8)
        let englishSummary = try #require(try CampaignFolder(path: folder).definition.summary["en"])

        let before = TestSupport.campaignInProcess(["check", folder], database: database)
        #expect(before.status == 0, "\(before.errors)")
        let dc = "ocd-division/country:us/district:dc"
        let listed = ["\(folder)/campaign.toml:7:11: warning: the es page would show 10 texts in another language than es "
                      + "(give names as name:es, titles as title_es, labels in the es catalog's contact.label.*):",
                      "  \(folder)/campaign.toml:15: summary \"\(englishSummary)\" (en)",
                      "  \(dc): name \"District of Columbia\" (en)"]
            + (1...8).map { "  \(dc)#\($0): district name \"Ward \($0)\" (en)" }
        #expect(Self.apart(before.errors).foreign == 1)
        #expect(before.errors.contains(listed.joined(separator: "\n") + "\n"), "\(before.errors)")

        // The names in Spanish: only the summary is left.
        let jurisdictions = TestSupport.write("id,name,kind,parent,name:es\n\(dc),District of Columbia,federal-district,ocd-division/country:us,Distrito de Columbia\n",
                                              named: "jurisdictions.csv")
        #expect(TestSupport.campaignInProcess(["jurisdictions", "import", jurisdictions], database: database).status == 0)
        let wards = TestSupport.write("district,name,name:es\n" + (1...8).map { "\($0),Ward \($0),Distrito \($0)\n" }.joined(), named: "wards.csv")
        #expect(TestSupport.campaignInProcess(["districts", "import", wards, "--jurisdiction", dc, "--kind", "ward"], database: database).status == 0)
        let after = TestSupport.campaignInProcess(["check", folder], database: database)
        #expect(after.errors.contains("""
            \(folder)/campaign.toml:7:11: warning: the es page would show 1 text in another language than es \
            (give names as name:es, titles as title_es, labels in the es catalog's contact.label.*):
              \(folder)/campaign.toml:15: summary "\(englishSummary)" (en)

            """), "\(after.errors)")
        // And with the summary back, nothing.
        try toml.write(toFile: folder + "/campaign.toml", atomically: false, encoding: .utf8)
        #expect(Self.apart(TestSupport.campaignInProcess(["check", folder], database: database).errors).foreign == 0)
    }

    @Test(arguments: checkFindings)
    func checkPrintsTheFindingOfABrokenFixture(_ expected: Expected) throws {
        let result = try TestSupport.campaign(["check", Self.fixture(expected.fixture)], database: Self.seeded.get().path)
        let line = expected.finding(catalogs: Self.cliCatalogFolder)
        if expected.severity == "warning" {
            #expect(result.status == 0, "warnings alone pass")
            let folder = Self.fixture(expected.fixture)
            let coverage = expected.coverage.map { coverage in
                "\(folder)/campaign.toml:\(coverage.line):1: warning: coverage: "
                    + coverage.lines.joined(separator: "\n").replacingOccurrences(of: "<folder>", with: folder) + "\n"
            }
            let (rest, foreign) = Self.apart(result.errors)
            #expect(rest == line + "\n" + (coverage ?? ""))
            #expect(result.output == "valid: 0 errors, \(Self.warnings(1 + foreign + (expected.coverage == nil ? 0 : 1)))\n")
        } else {
            #expect(result.status == 65)
            let (rest, foreign) = Self.apart(result.errors)
            #expect(rest.hasPrefix(line + "\n"), "stderr: \(result.errors)")
            #expect(result.errors.contains("valid: 1 error, \(Self.warnings(foreign))"))
            #expect(result.output == "")
        }
    }

    @Test(arguments: structuralErrors)
    func checkPrintsTheStructuralErrorOfABrokenFixture(_ expected: Expected) throws {
        let result = try TestSupport.campaign(["check", Self.fixture(expected.fixture)], database: Self.seeded.get().path)
        #expect(result.status == 65)
        #expect(result.errors.contains(expected.inputError), "stderr: \(result.errors)")
        #expect(result.output == "")
    }
}
