@testable import Campaign
import Foundation
import Testing

/// `CampaignFolder`: reading a campaign from disk or from stored texts.
@Suite struct CampaignFolderTests {
    static let valid = TestSupport.fixture("campaigns/valid")
    static let samples = CampaignCheckTests.samples.map { TestSupport.dataFolder + "/campaigns/" + $0 }
    static let roleList = "mayor, councilmember, council-chair, county-executive, governor, lieutenant-governor, attorney-general, "
        + "city-attorney, corporation-counsel, sheriff, state-senator, state-representative, executive-director"
        + ", us-senator, us-representative, secretary-of-state, state-treasurer, state-auditor, chief-election-officer, state-superintendent, county-commissioner, county-supervisor, county-councilmember, county-prosecutor, county-assessor, county-clerk, alderperson, council-president, comptroller, public-advocate, city-clerk, school-board-member"

    /// The valid fixture's files, as texts.
    func validFiles() throws -> [String: String] { try CampaignFolder(path: Self.valid).allFiles }

    /// The messages `CampaignFolder(files:path:)` throws, one per error.
    func loadErrors(_ files: [String: String], path: String = "/campaign") -> [String] {
        do {
            _ = try CampaignFolder(files: files, path: path)
            return []
        } catch let error as InputError {
            return [error.description]
        } catch let errors as InputErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["unexpected \(type(of: error)): \(error)"]
        }
    }

    /// Everything of a folder that can be compared, as text.
    func summary(_ folder: CampaignFolder) throws -> [String] {
        let campaign = folder.definition
        var lines = [
            "path \(folder.path)", "slug \(campaign.slug)", "status \(campaign.status)", "default \(campaign.defaultLocale)",
            "locales \(campaign.locales)", "title \(campaign.title.sorted { $0.key < $1.key })",
            "summary \(campaign.summary.sorted { $0.key < $1.key })",
            "translations \(campaign.translations.sorted { $0.key < $1.key })",
            "source \(campaign.source)", "starts \(String(describing: campaign.starts))", "ends \(String(describing: campaign.ends))",
            "targets \(campaign.targets)", "target locations \(folder.targetLocations)", "locales location \(folder.localesLocation)",
            "petition \(String(describing: campaign.petition.map { ($0.goal, $0.confirmEmail, $0.consent, $0.text.sorted { $0.key < $1.key }) }))",
            "points \(String(describing: campaign.call?.talkingPoints.sorted { $0.key < $1.key }))",
            "metadata \(folder.metadataText)",
        ]
        for (locale, variants) in (campaign.call?.scripts ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (role, template) in variants.sorted(by: { $0.key < $1.key }) {
                lines.append("script \(locale) \(role) \(template.name) \(template.placeholders) \(template.partials.map { "\($0.name)@\($0.location)" })")
            }
        }
        for (name, byLocale) in folder.partials.sorted(by: { $0.key < $1.key }) {
            for (locale, template) in byLocale.sorted(by: { $0.key < $1.key }) {
                lines.append("partial \(name) \(locale) \(template.name) \(template.placeholders)")
            }
        }
        return lines
    }

    // MARK: - Files or disk

    @Test(arguments: [valid] + samples)
    func readingTheTextsEqualsReadingTheDisk(_ path: String) throws {
        let disk = try CampaignFolder(path: path)
        var texts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) where name == "campaign.toml" || name.hasSuffix(".md") {
            texts[name] = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
        }
        let fromTexts = try CampaignFolder(files: texts, path: path)
        #expect(fromTexts.allFiles == disk.allFiles)
        #expect(fromTexts.files == disk.files)
        #expect(try summary(fromTexts) == summary(disk))
    }

    @Test func theValidFixtureReadsAsWritten() throws {
        let folder = try CampaignFolder(path: Self.valid)
        let campaign = folder.definition
        #expect(campaign.slug == "valid")
        #expect(campaign.locales == ["en", "es"])
        #expect(campaign.targets == [.official(id: "tacoma-marilyn-strickland"), .official(id: "king-county-dow-constantine"),
                                     .own(role: "governor", jurisdictionID: "ocd-division/country:us/state:wa")])
        #expect(folder.targetLocations.map(\.line) == [19, 22, 25])
        #expect(campaign.petition?.consent == [.public, .updates])
        #expect(campaign.call?.scripts.mapValues { $0.keys.sorted() } == ["en": ["", "mayor"], "es": ["", "mayor"]])
        #expect(folder.partials.mapValues { $0.keys.sorted() } == ["ask": ["en", "es"]])
        #expect(campaign.script(locale: "en", role: "mayor")?.name == Self.valid + "/script.en.mayor.md")
        #expect(campaign.script(locale: "en", role: "governor")?.name == Self.valid + "/script.en.md")
    }

    // MARK: - Line breaks

    @Test func crlfFilesAreNormalised() throws {
        let lf = try validFiles()
        let folder = TestSupport.temporaryFolder()
        for (name, text) in lf {
            try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        #expect(try String(contentsOfFile: folder + "/script.en.md", encoding: .utf8).contains("\r\n"))
        let crlf = try CampaignFolder(path: folder)
        #expect(crlf.allFiles == lf)
        #expect(!crlf.allFiles.values.contains { $0.contains("\r") })
        let fromLF = try CampaignFolder(files: lf, path: folder)
        #expect(try summary(crlf) == summary(fromLF))
        // What is published is the normalised text, so CRLF and LF publish the same version.
        #expect(crlf.allFiles == fromLF.allFiles)
    }

    // MARK: - Mistakes in the files

    @Test func aProseFileForALocaleNotInLocalesIsNamed() throws {
        var files = try validFiles()
        files["petition.de.md"] = "Wir bitten Sie …\n"
        #expect(loadErrors(files) == ["/campaign/petition.de.md:1:1: file for locale 'de', which is not in locales (en, es)"])

        var points = try validFiles()
        points["points.fr.md"] = "- un point\n"
        #expect(loadErrors(points) == ["/campaign/points.fr.md:1:1: file for locale 'fr', which is not in locales (en, es)"])
    }

    @Test func aScriptVariantForALocaleNotInLocalesIsNamed() throws {
        // The only file for de is a variant: the error must name it, not a script.de.md that does not exist.
        var files = try validFiles()
        files["script.de.mayor.md"] = "Hallo {{target.name}}.\n"
        #expect(loadErrors(files) == ["/campaign/script.de.mayor.md:1:1: file for locale 'de', which is not in locales (en, es)"])
    }

    @Test func aScriptVariantForAnUnknownRoleIsAnError() throws {
        var files = try validFiles()
        files["script.en.dogcatcher.md"] = "Hello {{target.name}}.\n"
        #expect(loadErrors(files) == ["/campaign/script.en.dogcatcher.md:1:1: script variant for unknown role 'dogcatcher' (known roles: \(Self.roleList))"])
    }

    @Test func aPetitionFileWithoutAPetitionTableIsAnError() throws {
        var files = try validFiles()
        let metadata = try #require(files["campaign.toml"])
        files["campaign.toml"] = metadata.replacingOccurrences(of: "[petition]\nconsent = [\"public\", \"updates\"]\n", with: "")
        #expect(files["campaign.toml"] != metadata)
        #expect(loadErrors(files) == ["/campaign/campaign.toml:1:1: petition files exist but campaign.toml has no [petition] table"])

        // Without the petition files too, it is a call-only campaign.
        files["petition.en.md"] = nil
        files["petition.es.md"] = nil
        let callOnly = try CampaignFolder(files: files, path: "/campaign")
        #expect(callOnly.definition.petition == nil)
        #expect(callOnly.definition.call != nil)
    }

    @Test func severalMistakesAreReportedTogether() throws {
        var files = try validFiles()
        files["script.en.dogcatcher.md"] = "Hello.\n"
        files["petition.de.md"] = "Hallo.\n"
        let errors = loadErrors(files)
        #expect(errors.count == 2)
        #expect(errors.contains { $0.hasPrefix("/campaign/script.en.dogcatcher.md:1:1: script variant for unknown role 'dogcatcher'") })
        #expect(errors.contains { $0.hasPrefix("/campaign/petition.de.md:1:1: file for locale 'de'") })
    }

    @Test func aFolderWithoutMetadataIsRefused() throws {
        let folder = TestSupport.temporaryFolder()
        #expect(loadErrors(["petition.en.md": "Hi.\n"], path: folder) == ["no campaign.toml in \(folder); create one with `campaign new SLUG`"])
        #expect(throws: InputError.self) { try CampaignFolder(path: folder) }
    }
}
