@testable import Campaign
import Foundation
import Glibc
import Testing

/// An organizer's templates folder laid over the built-in one: catalogs
/// merge key by key, templates override file by file, for every command
/// and for the running server, which reads changed files again without a
/// restart. The case that broke: a Chicago organizer's folder holding only
/// `locales/uk.json`.
@Suite struct TemplateOverlayTests {
    /// A Ukrainian catalog of a few texts; every other text falls back to English.
    static let ukrainianCatalog = """
        {
          "language.name": "Українська",
          "site.title": "Дійте зараз",
          "petition.heading": "Підпишіть петицію",
          "call.heading": "Зателефонуйте",
          "signatures.count": {"one": "{count} підпис", "few": "{count} підписи", "many": "{count} підписів", "other": "{count} підпису"},
          "delivery.packet.title": "Передання петиції",
          "mail.digest.headline": {"one": "{count} новий підпис", "few": "{count} нові підписи", "many": "{count} нових підписів", "other": "{count} нового підпису"}
        }
        """

    /// A templates folder holding only `locales/uk.json`.
    static func ukrainianOverlay() throws -> String {
        let folder = TestSupport.temporaryFolder() + "/own-templates"
        try FileManager.default.createDirectory(atPath: folder + "/locales", withIntermediateDirectories: true)
        LocalizationTests.write(ukrainianCatalog, to: folder + "/locales/uk.json")
        return folder
    }

    /// A copy of a sample campaign that also speaks Ukrainian.
    static func ukrainianCampaign(_ slug: String, files: [String: String]) throws -> String {
        let folder = TestSupport.temporaryFolder() + "/" + slug
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/" + slug, toPath: folder)
        var toml = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8)
        toml = toml.replacingOccurrences(of: "locales = [\"en\", \"es\"]", with: "locales = [\"en\", \"es\", \"uk\"]")
        toml = toml.replacingOccurrences(of: "[title]\n", with: "[title]\nuk = \"Кампанія українською\"\n")
        toml = toml.replacingOccurrences(of: "[summary]\n", with: "[summary]\nuk = \"Стислий виклад українською.\"\n")
        LocalizationTests.write(toml, to: folder + "/campaign.toml")
        for (name, text) in files { LocalizationTests.write(text, to: folder + "/" + name) }
        return folder
    }

    static let dc = "dc-protect-residents-from-ice"
    static let amicus = "thank-your-mayor-amicus"

    func run(_ arguments: [String], overlay: String, database: String? = nil) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments + ["--templates", overlay], database: database, clock: .fixed(TestSupport.noon(2026, 11, 2)))
    }

    // MARK: - Catalogs merge

    @Test func catalogsMergeKeyByKeyTheFirstFolderWinning() throws {
        let own = TestSupport.temporaryFolder(), builtIn = TestSupport.temporaryFolder()
        LocalizationTests.write(#"{"a": "A", "b": "B", "c": "C"}"#, to: builtIn + "/en.json")
        LocalizationTests.write(#"{"a": "A-es", "b": "B-es"}"#, to: builtIn + "/es.json")
        LocalizationTests.write(#"{"b": "own B"}"#, to: own + "/en.json")
        LocalizationTests.write(#"{"a": "own A-es"}"#, to: own + "/es.json")
        LocalizationTests.write(#"{"a": "A-uk"}"#, to: own + "/uk.json")
        let localizer = try Localizer.load(folders: [own, builtIn])
        #expect(localizer.locales == ["en", "es", "uk"])
        #expect(["a", "b", "c"].map { localizer.string($0, locale: "en") } == ["A", "own B", "C"])
        #expect(["a", "b", "c"].map { localizer.string($0, locale: "es") } == ["own A-es", "B-es", "C"])
        #expect(localizer.files(of: "es") == [own + "/es.json", builtIn + "/es.json"])
        #expect(localizer.files(of: "es-MX") == [own + "/es.json", builtIn + "/es.json"])
        #expect(localizer.files(of: "uk") == [own + "/uk.json"])
        #expect(localizer.missingKeys(in: "uk") == ["b", "c"])
        // A language is named only in its own words.
        #expect(localizer.ownString("a", locale: "uk") == "A-uk")
        #expect(localizer.ownString("b", locale: "uk") == nil)
        // The same folder given twice counts once.
        #expect(try Localizer.load(folders: [builtIn, builtIn + "/"]).files(of: "en") == [builtIn + "/en.json"])
    }

    @Test func englishNeedNotBeInTheOrganizersFolderButMustBeSomewhere() {
        let own = TestSupport.temporaryFolder(), other = TestSupport.temporaryFolder()
        LocalizationTests.write(#"{"a": "A-uk"}"#, to: own + "/uk.json")
        LocalizationTests.write(#"{"a": "A-es"}"#, to: other + "/es.json")
        let error = #expect(throws: InputError.self) { try Localizer.load(folders: [own, other]) }
        #expect(error?.description == "\(own) or \(other) holds no en.json; English is the fallback for every other locale")
    }

    @Test func templatesComeFromTheOrganizersFolderFileByFile() throws {
        let overlay = try Self.ukrainianOverlay()
        let folders = TemplateFolders(custom: overlay, builtIn: TestSupport.templatesFolder)
        #expect(folders.catalogFolders == [overlay + "/locales", TestSupport.templatesFolder + "/locales"])
        #expect(folders.newCatalogFolder == overlay + "/locales")
        #expect(try folders.library().template(named: "pages/campaign") != nil)
        #expect(try folders.localizer().string("call.heading", locale: "uk") == "Зателефонуйте")
        #expect(TemplateFolders(custom: TestSupport.templatesFolder, builtIn: TestSupport.templatesFolder).folders == [TestSupport.templatesFolder])
    }

    // MARK: - Every command

    @Test func checkListsWhatAUkrainianOverlayLacksAtItsOwnFile() throws {
        let overlay = try Self.ukrainianOverlay()
        let campaign = try Self.ukrainianCampaign(Self.dc, files: ["petition.uk.md": "Просимо мерку Боузер.\n"])
        let result = run(["check", campaign], overlay: overlay)
        #expect(result.status == 65)
        let errors = result.errors.split(separator: "\n").map(String.init)
        #expect(!result.errors.contains("no UI catalog"), "\(result.errors)")
        #expect(!result.errors.contains("no catalogs"), "\(result.errors)")
        #expect(errors.contains("\(overlay)/locales/uk.json:1:1: error: the uk catalog has no string 'petition.sign.button'"))
        // Forms a Ukrainian plural needs are asked of a text that English makes plural.
        #expect(errors.contains("\(overlay)/locales/uk.json:1:1: error: the uk catalog has no string 'signatures.goal'"))
        #expect(!errors.contains { $0.contains("'petition.heading'") || $0.contains("'signatures.count") || $0.contains("'language.name'") })
        #expect(result.output.isEmpty)
    }

    @Test func previewWritesTheUkrainianPageAndSaysWhatIsInEnglish() throws {
        let overlay = try Self.ukrainianOverlay()
        let campaign = try Self.ukrainianCampaign(Self.dc, files: ["petition.uk.md": "Просимо мерку Боузер.\n"])
        let result = run(["preview", campaign, "--lang", "uk"], overlay: overlay)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("<html lang=\"uk\""))
        #expect(result.output.contains("Підпишіть петицію"))
        #expect(result.output.contains("Просимо мерку Боузер."))
        // The language switch names each language in itself.
        #expect(result.output.contains("<span aria-current=\"true\" lang=\"uk\" dir=\"auto\">Українська</span>"))
        #expect(result.output.contains("lang=\"es\" hreflang=\"es\" dir=\"auto\">Español</a>"))
        #expect(result.errors.contains("Note: the uk catalog lacks "))
        #expect(result.errors.contains("texts, written in English here (campaign check on a campaign in uk lists them)."))
    }

    @Test func renderWritesTheUkrainianCallSheet() throws {
        let overlay = try Self.ukrainianOverlay()
        let campaign = try Self.ukrainianCampaign(Self.amicus, files: ["script.uk.md": "Добрий день, я телефоную, щоб подякувати.\n",
                                                                   "points.uk.md": "- Дякуємо.\n"])
        let database = try TestSupport.seededDatabasePath()
        let result = run(["render", campaign, "--lang", "uk", "--zip", "20001"], overlay: overlay, database: database)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Добрий день, я телефоную, щоб подякувати."), "\(result.output)")
        #expect(result.errors.contains("Note: the uk catalog lacks "))
    }

    /// Polish ships: an overlay holding only `locales/pl.json` with one text
    /// changes that text and keeps the shipped rest, with nothing missing.
    @Test func aPolishOverlayChangesOneShippedTextAndKeepsTheRest() throws {
        let overlay = TestSupport.temporaryFolder() + "/own-templates"
        try FileManager.default.createDirectory(atPath: overlay + "/locales", withIntermediateDirectories: true)
        LocalizationTests.write(#"{"petition.heading": "Podpisz naszą petycję"}"#, to: overlay + "/locales/pl.json")
        let folders = TemplateFolders(custom: overlay, builtIn: TestSupport.templatesFolder)
        let localizer = try folders.localizer()
        #expect(localizer.string("petition.heading", locale: "pl") == "Podpisz naszą petycję")
        #expect(localizer.string("language.name", locale: "pl") == "Polski")
        #expect(localizer.missingKeys(in: "pl") == [])
        #expect(localizer.plural("signatures.count", count: 5, locale: "pl") == "5 podpisów")
        #expect(localizer.plural("signatures.count", count: 22, locale: "pl") == "22 podpisy")
        let campaign = TestSupport.temporaryFolder() + "/" + Self.dc
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/" + Self.dc, toPath: campaign)
        var toml = try String(contentsOfFile: campaign + "/campaign.toml", encoding: .utf8)
        toml = toml.replacingOccurrences(of: "locales = [\"en\", \"es\"]", with: "locales = [\"en\", \"es\", \"pl\"]")
            .replacingOccurrences(of: "[title]\n", with: "[title]\npl = \"Burmistrz Bowser: chroń mieszkańców DC\"\n")
            .replacingOccurrences(of: "[summary]\n", with: "[summary]\npl = \"Streszczenie po polsku.\"\n")
        LocalizationTests.write(toml, to: campaign + "/campaign.toml")
        LocalizationTests.write("Prosimy burmistrz Bowser.\n", to: campaign + "/petition.pl.md")
        let preview = run(["preview", campaign, "--lang", "pl"], overlay: overlay)
        #expect(preview.status == 0, "\(preview.errors)")
        #expect(preview.output.contains("Podpisz naszą petycję") && preview.output.contains("<span aria-current=\"true\" lang=\"pl\" dir=\"auto\">Polski</span>"))
        #expect(!preview.errors.contains("the pl catalog lacks"), "\(preview.errors)")
    }

    @Test func exportAndDigestsSpeakUkrainianFromTheOverlay() throws {
        let overlay = try Self.ukrainianOverlay()
        let campaign = try Self.ukrainianCampaign(Self.dc, files: ["petition.uk.md": "Просимо мерку Боузер.\n"])
        let database = try TestSupport.seededDatabasePath()
        // Published as it is (check would refuse it until uk.json is complete).
        let folder = try CampaignFolder(path: campaign)
        try DatabasePool(path: database).write { _ = try CampaignStore.publish(folder, at: TestSupport.noon(2026, 11, 1), $0) }

        let packet = TestSupport.temporaryFolder() + "/packet.html"
        let exported = run(["export", Self.dc, "--official", "dc-muriel-bowser", "--format", "html", "--lang", "uk", "--out", packet],
                           overlay: overlay, database: database)
        #expect(exported.status == 0, "\(exported.errors)")
        let html = try String(contentsOfFile: packet, encoding: .utf8)
        #expect(html.contains("lang=\"uk\""))
        #expect(html.contains("Передання петиції"))

        let digest = run(["digest", "preview", Self.dc, "--lang", "uk"], overlay: overlay, database: database)
        #expect(digest.status == 0, "\(digest.errors)")
        // No signature yet: Ukrainian says "0 нових підписів" (many), not the English rule's "0 нового підпису".
        #expect(digest.output.contains("0 нових підписів"), "\(digest.output)")
    }

    // MARK: - The running server

    @Test func theServerShowsANewCatalogAndAChangedTemplateWithoutARestart() async throws {
        let overlay = TestSupport.temporaryFolder() + "/own-templates"
        try FileManager.default.createDirectory(atPath: overlay, withIntermediateDirectories: true)
        let server = try await onThread { _ in try ServerProcess.start(["--templates", overlay]) }
        defer { _ = server.stop(timeout: 10) }
        try await onThread { checks in
            let client = server.client()
            let before = try client.get("/?lang=uk")
            checks.expect(!before.text.contains("Дійте зараз") && !before.text.contains("lang=\"uk\""))

            // A Ukrainian catalog appears: the site speaks Ukrainian and names it in Ukrainian.
            try FileManager.default.createDirectory(atPath: overlay + "/locales", withIntermediateDirectories: true)
            LocalizationTests.write(Self.ukrainianCatalog, to: overlay + "/locales/uk.json")
            let added = Date()
            var page = try client.get("/?lang=uk")
            while !page.text.contains("Дійте зараз") && Date().timeIntervalSince(added) < 5 {
                usleep(50_000)
                page = try client.get("/?lang=uk")
            }
            checks.expect(Date().timeIntervalSince(added) < 2, "the catalog showed after \(Date().timeIntervalSince(added)) s")
            checks.expect(page.text.contains("<html lang=\"uk\""))
            checks.expect(page.text.contains("<span aria-current=\"true\" lang=\"uk\" dir=\"auto\">Українська</span>"), page.text)
            checks.expect(page.text.contains(">English</a>"))
            checks.expect(server.waitForLine { $0.contains("the uk catalog lacks") } != nil)

            // A changed template shows too.
            try FileManager.default.createDirectory(atPath: overlay + "/pages", withIntermediateDirectories: true)
            let index = try String(contentsOfFile: TestSupport.templatesFolder + "/pages/index.html", encoding: .utf8)
            try checks.require(index.contains("</main>"))
            LocalizationTests.write(index.replacingOccurrences(of: "</main>", with: "<p>Chicago Polonia</p></main>"), to: overlay + "/pages/index.html")
            let changed = Date()
            var front = try client.get("/")
            while !front.text.contains("Chicago Polonia") && Date().timeIntervalSince(changed) < 5 {
                usleep(50_000)
                front = try client.get("/")
            }
            checks.expect(Date().timeIntervalSince(changed) < 2, "the template showed after \(Date().timeIntervalSince(changed)) s")

            // A broken catalog keeps the pages as they were, and says why.
            LocalizationTests.write(#"{"site.title": 42}"#, to: overlay + "/locales/uk.json")
            checks.expect(server.waitForLine { $0.contains("templates not read again") && $0.contains("uk.json") } != nil)
            checks.expect(try client.get("/?lang=uk").text.contains("Дійте зараз"))

            // SIGHUP reads them again at once, changed or not.
            LocalizationTests.write(Self.ukrainianCatalog, to: overlay + "/locales/uk.json")
            _ = Glibc.kill(server.process.processIdentifier, SIGHUP)
            checks.expect(server.waitForLine { $0.contains("SIGHUP: reading the templates again") } != nil)
            checks.expect(server.process.isRunning)
        }
    }
}
