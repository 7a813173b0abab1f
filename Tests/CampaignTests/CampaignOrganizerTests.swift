import Foundation
import Testing
@testable import Campaign

/// `[organizer]` in campaign.toml: who delivers the petition and how an
/// office replies. A malformed value is an error where it is written; a
/// petition without a name, e-mail and phone to reply to is a warning.
@Suite struct CampaignOrganizerTests {
    static let valid = TestSupport.fixture("campaigns/valid")
    static let catalogFolder = TestSupport.repository.appendingPathComponent("templates/locales").path

    /// The valid fixture's files with its `[organizer]` table replaced by `lines`
    /// (none: no table), and the line the first of them lands on.
    static func files(organizer lines: [String]?) throws -> (files: [String: String], firstLine: Int) {
        var files = try CampaignFolder(path: valid).allFiles
        let text = try #require(files["campaign.toml"])
        let table = try #require(text.range(of: "\n[organizer]"))
        let kept = String(text[..<table.lowerBound]) + "\n"
        files["campaign.toml"] = kept + (lines.map { $0.joined(separator: "\n") + "\n" } ?? "")
        return (files, kept.filter { $0 == "\n" }.count + 1)
    }

    static func loadErrors(_ files: [String: String]) -> [String] {
        do {
            _ = try CampaignFolder(files: files, path: "/campaign")
            return []
        } catch let errors as InputErrors {
            return errors.errors.map(\.description)
        } catch let error as InputError {
            return [error.description]
        } catch {
            return ["\(error)"]
        }
    }

    static func warnings(_ files: [String: String]) throws -> [String] {
        let folder = try CampaignFolder(files: files, path: "/campaign")
        return CampaignCheck.run(folder, directory: nil, localizer: try Localizer.load(folder: catalogFolder), catalogFolder: catalogFolder)
            .map(\.description)
    }

    @Test func theOrganizerIsReadAsWritten() throws {
        let folder = try CampaignFolder(path: Self.valid)
        #expect(folder.definition.organizer == CampaignDefinition.Organizer(name: "Ana Pérez, Tacoma Welcome Coalition", email: "ana@example.org",
                                                                            phone: "+1 253 555 0100"))
        #expect(folder.definition.organizer.missing == [])
    }

    @Test(arguments: [
        (#"email = "ana at example.org""#, #"organizer.email: 'ana at example.org' is not an e-mail address (write "name@example.org")"#),
        (#"phone = "555-0100""#, #"organizer.phone: '555-0100' is not a phone number (7 digits; a North American number has 10 (an international one starts with + and a country code))"#),
        (#"fax = "+1 253 555 0101""#, "unknown key 'organizer.fax' (known: name, email, phone)"),
        ("name = 42", "organizer.name must be text in quotes"),
        (#"name = "Ana\nPérez""#, "organizer.name must be one line of text, without control characters"),
    ])
    func aMalformedOrganizerIsAnErrorWhereItIsWritten(_ line: String, _ message: String) throws {
        let (files, first) = try Self.files(organizer: ["[organizer]", line])
        let errors = Self.loadErrors(files)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("/campaign/campaign.toml:\(first + 1):") == true, "\(errors)")
        #expect(errors.first?.hasSuffix(": " + message) == true, "\(errors)")
    }

    @Test func anOrganizerThatIsNotATableIsAnError() throws {
        // Before any table, where a key belongs to the file itself.
        var (files, _) = try Self.files(organizer: nil)
        files["campaign.toml"] = #"organizer = "Ana""# + "\n" + (files["campaign.toml"] ?? "")
        #expect(Self.loadErrors(files) == [#"/campaign/campaign.toml:1:13: 'organizer' must be a table: [organizer] then name = "…", email = "…", phone = "…""#])
    }

    @Test func aPetitionWithoutAnOrganizerToReplyToIsAWarning() throws {
        let (none, _) = try Self.files(organizer: nil)
        #expect(try Self.warnings(none) == ["/campaign/campaign.toml:1:1: warning: no [organizer]: the delivery packet's cover letter cannot say who "
            + "delivers the petition or how an office can reply; add [organizer] with name, email and phone"])
        let (empty, first) = try Self.files(organizer: ["[organizer]", #"name = "Ana""#, #"email = """#, #"phone = "  ""#])
        #expect(try Self.warnings(empty) == ["/campaign/campaign.toml:\(first):1: warning: organizer.email and organizer.phone are empty: the delivery "
            + "packet's cover letter gives the organizer's name, e-mail and phone for an office to reply to"])
        let (phoneOnly, _) = try Self.files(organizer: ["[organizer]", #"name = "Ana""#, #"email = "ana@example.org""#])
        #expect(try Self.warnings(phoneOnly).first?.contains("organizer.phone is empty") == true)
    }

    @Test func aCallWithoutAPetitionNeedsNoOrganizer() throws {
        var (files, _) = try Self.files(organizer: nil)
        files["campaign.toml"] = try #require(files["campaign.toml"]).replacingOccurrences(of: "[petition]\nconsent = [\"public\", \"updates\"]\n", with: "")
        files = files.filter { !$0.key.hasPrefix("petition.") }
        #expect(try Self.warnings(files) == [])
    }
}
