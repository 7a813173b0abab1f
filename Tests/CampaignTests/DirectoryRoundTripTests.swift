@testable import Campaign
import Foundation
import Testing

/// The directory survives export and re-import without loss: CSV to CSV,
/// Popolo JSON to JSON, and CSV through JSON back to the same CSV text.
@Suite struct DirectoryRoundTripTests {
    // MARK: - Helpers

    /// Imports files into a new database and returns what it then holds.
    func importIntoNewDatabase(_ paths: [String]) throws -> Directory {
        let pool = try TestSupport.temporaryDatabase()
        try DirectoryImport.run(DirectoryImport.read(paths: paths), into: pool)
        return try pool.read { try DirectoryStore.load($0) }
    }

    /// Writes the directory as jurisdictions.csv and officials.csv in a new folder.
    func writeCSV(_ directory: Directory) -> [String] {
        let folder = TestSupport.temporaryFolder()
        let jurisdictions = folder + "/jurisdictions.csv", officials = folder + "/officials.csv"
        _ = FileManager.default.createFile(atPath: jurisdictions, contents: Data(DirectoryCSV.jurisdictionsCSV(directory).utf8))
        _ = FileManager.default.createFile(atPath: officials, contents: Data(DirectoryCSV.officialsCSV(directory).utf8))
        return [jurisdictions, officials]
    }

    /// Writes the directory as one Popolo document.
    func writeJSON(_ directory: Directory) -> String {
        TestSupport.write(PopoloJSON.export(directory), named: "directory.json")
    }

    var demoFolder: String { TestSupport.dataFolder + "/officials" }

    // MARK: - The shipped demo directory

    @Test func demoDirectoryRoundTripsThroughCSV() throws {
        let first = try importIntoNewDatabase([demoFolder])
        #expect(first.jurisdictions.count == 19)
        #expect(first.officials.count == 22)
        #expect(first.offices.count == 25)
        let second = try importIntoNewDatabase(writeCSV(first))
        #expect(second == first)
        #expect(second.officials == first.officials)
        #expect(second.offices == first.offices)
        #expect(second.jurisdictions == first.jurisdictions)
    }

    @Test func demoDirectoryRoundTripsThroughPopoloJSON() throws {
        let first = try importIntoNewDatabase([demoFolder])
        let second = try importIntoNewDatabase([writeJSON(first)])
        #expect(second == first)
        // And parsing the export directly gives the same records.
        let parsed = try PopoloJSON.parse(bytes: Array(PopoloJSON.export(first).utf8), file: "directory.json")
        #expect(Set(parsed.directory.officials) == Set(first.officials))
        #expect(Set(parsed.directory.offices) == Set(first.offices))
        #expect(Set(parsed.directory.jurisdictions) == Set(first.jurisdictions))
    }

    @Test func demoDirectoryCSVThroughJSONGivesIdenticalCSVText() throws {
        let fromCSV = try importIntoNewDatabase([demoFolder])
        let fromJSON = try importIntoNewDatabase([writeJSON(fromCSV)])
        #expect(DirectoryCSV.officialsCSV(fromJSON) == DirectoryCSV.officialsCSV(fromCSV))
        #expect(DirectoryCSV.jurisdictionsCSV(fromJSON) == DirectoryCSV.jurisdictionsCSV(fromCSV))
        // And without a database in between.
        let parsed = try DirectoryImport.read(paths: [demoFolder]).withWholeOfficials()
        let reparsed = try PopoloJSON.parse(bytes: Array(PopoloJSON.export(parsed.directory).utf8), file: "directory.json")
        #expect(DirectoryCSV.officialsCSV(reparsed.directory) == DirectoryCSV.officialsCSV(parsed.directory))
        #expect(DirectoryCSV.jurisdictionsCSV(reparsed.directory) == DirectoryCSV.jurisdictionsCSV(parsed.directory))
    }

    @Test func exportingTwiceGivesTheSameText() throws {
        let first = try importIntoNewDatabase([demoFolder])
        let second = try importIntoNewDatabase(writeCSV(first))
        #expect(DirectoryCSV.officialsCSV(second) == DirectoryCSV.officialsCSV(first))
        #expect(PopoloJSON.export(second) == PopoloJSON.export(first))
    }

    @Test func demoExportKeepsSourcesContactsAndGenderedTitles() throws {
        let directory = try importIntoNewDatabase(writeCSV(try importIntoNewDatabase([demoFolder])))
        let constantine = try #require(directory.officials.first { $0.id == "king-county-dow-constantine" })
        #expect(constantine.source == "Seattle Indivisible call action “Hold King County Accountable for ICE Complicity”")
        #expect(constantine.verified == nil)
        #expect(constantine.contacts.map(\.display) == ["206-263-9600", "kcexec@kingcounty.gov"])
        let durkan = try #require(directory.officials.first { $0.id == "seattle-jenny-durkan" })
        #expect(durkan.contacts.first?.source == "Seattle Mayor Jenny Durkan’s letter on ICE requests to City departments")
        #expect(durkan.contacts.first?.verified == PartialDate("2018"))
        #expect(durkan.verified == PartialDate("2018-05-18"))
        let bonds = try #require(directory.officials.first { $0.id == "dc-anita-bonds" })
        let grosso = try #require(directory.officials.first { $0.id == "dc-david-grosso" })
        #expect(bonds.officeID == grosso.officeID)
        #expect(bonds.titles["es"] == "Concejala" && grosso.titles["es"] == "Concejal")
        let council = try #require(directory.office("ocd-division/country:us/state:wa/county:king/office:councilmember"))
        #expect(council.contacts.map(\.kind) == [.web])
        #expect(!directory.officials.contains { $0.officeID == council.id })
        #expect(directory.officials.first { $0.id == "dc-robert-white-jr" }?.name == "Robert White, Jr.")
    }

    // MARK: - Cells a spreadsheet would run

    /// Directory data comes from others: names, phones and notes that begin
    /// like formulas are exported with an apostrophe before them (a
    /// spreadsheet opens them as text) and imported as they were, a value
    /// that really began with an apostrophe included.
    @Test func cellsThatBeginLikeFormulasAreNeutralisedAndReadBackUnchanged() throws {
        let hyperlink = "=HYPERLINK(\"http://evil.example\",\"click\")"
        let officials = DirectoryImportTests.header + "\n"
            + "dc-hostile,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",\"-Dash, Ana\",@large,+they,\(Self.dc),councilmember,"
            + "At-large,,-Councilmember,,,,''=already quoted,,phone,+1 202-724-8064,@front desk,'plain apostrophe,-ask for Ana,,\n"
        let first = try importIntoNewDatabase([TestSupport.write(Self.fullJurisdictions, named: "jurisdictions.csv"),
                                               TestSupport.write(officials, named: "officials.csv")])
        let hostile = try #require(first.officials.first { $0.id == "dc-hostile" })
        #expect(hostile.name == hyperlink && hostile.sortName == "-Dash, Ana" && hostile.party == "@large" && hostile.pronouns == "+they")
        #expect(hostile.source == "'=already quoted", "of apostrophes before =, the first is read as the writer's guard")
        #expect(hostile.contacts.map(\.display) == ["+1 202-724-8064"] && hostile.contacts.map(\.value) == ["+12027248064"])
        #expect(hostile.contacts.first?.label == "@front desk" && hostile.contacts.first?.hours == "'plain apostrophe")

        let files = writeCSV(first)
        let text = try String(contentsOfFile: files[1], encoding: .utf8)
        for cell in ["\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", "\"'-Dash, Ana\"", "\"'@large\"", "\"'+they\"",
                     "\"'-Councilmember\"", "\"''=already quoted\"", "\"'+1 202-724-8064\"", "\"'@front desk\"", ",'plain apostrophe,", "\"'-ask for Ana\""] {
            #expect(text.contains(cell), "\(cell) in \(text)")
        }
        let second = try importIntoNewDatabase(files)
        #expect(second == first)
        #expect(DirectoryCSV.officialsCSV(second) == DirectoryCSV.officialsCSV(first))
    }

    // MARK: - A fixture using every field

    static let dc = "ocd-division/country:us/district:dc"
    static let uscm = "ocd-organization/us-conference-of-mayors"

    static let fullJurisdictions = """
        id,name,kind,parent
        ocd-division/country:us,United States,country,
        \(dc),District of Columbia,federal-district,ocd-division/country:us
        \(uscm),U.S. Conference of Mayors,organization,

        """

    static let bondsBase = "dc-anita-bonds,Anita Bonds,\"Bonds, Anita\",Democratic,she/her,\(dc),councilmember,At-large,,Councilmember,Concejala,2015-01,2019-01-02,https://dccouncil.us/council/anita-bonds/,2019-03-01"
    static let bowserBase = "dc-muriel-bowser,Muriel Bowser,\"Bowser, Muriel\",Democratic,she/her,\(dc),mayor,,,,,2015-01-02,2019-01-02,Mayor's site,"

    static let fullOfficials = [
        DirectoryImportTests.header + ",title_fr",
        // Several contacts: the official's source, an own source and date, an own date only.
        bondsBase + ",phone,(202) 724-8064,Wilson Building,\"Mon–Fri, 9–5\",\"Ask for the scheduler, not \"\"press\"\"\",,,Conseillère",
        bondsBase + ",email,abonds@dccouncil.us,,,,\"Staff directory, 2019\",2019-02,Conseillère",
        bondsBase + ",web,https://www.anitabonds.com,Campaign site,,,,2019-04,Conseillère",
        // The same shared seat, another holder's titles; no contacts.
        "dc-david-grosso,David Grosso,\"Grosso, David\",Independent,he/him,\(dc),councilmember,At-large,,Councilmember,Concejal,2015,2019,https://dccouncil.us/council/david-grosso/,2019-03,,,,,,,,Conseiller",
        // A district seat with the office's own titles and contacts.
        "dc-kenyan-mcduffie,Kenyan McDuffie,\"McDuffie, Kenyan\",Democratic,,\(dc),councilmember,Ward 5,5,Councilmember,Concejal,2012-05-15,,Council site,2019,address,\"1350 Pennsylvania Ave NW, Suite 506\nWashington, DC 20004\",Office,,,,,",
        ",,,,,\(dc),councilmember,Ward 5,5,Ward 5 Councilmember,Concejal del Distrito 5,,,Council switchboard list,2019-01,phone,(202) 724-8000,Switchboard,Mon–Fri 8:30–5:30,Ask for Ward 5,,,Conseiller du quartier 5",
        ",,,,,\(dc),councilmember,Ward 5,5,,,,,Council switchboard list,2019-01,email,ward5@dccouncil.us,,,,Ward 5 staff list,,",
        // An office nobody holds, with a contact.
        ",,,,,\(dc),councilmember,Ward 1,1,,,,,Council site,,web,https://dccouncil.us/ward-1,Ward 1 page,,Seat vacant,,,",
        // Contacts with their own sources on an undated record; an extension.
        bowserBase + ",phone,(202) 727-2643,Executive Office,,,EOM phone list,2018-11-20,",
        bowserBase + ",phone,(202) 727-2643 ext. 101,Scheduler,,,,,",
        "uscm-tom-cochran,Tom Cochran,\"Cochran, Tom\",,,\(uscm),executive-director,,,CEO and Executive Director,Director Ejecutivo,,,New York City press release,2018-05-18,,,,,,,,Directeur exécutif",
    ].joined(separator: "\n") + "\n"

    func fullFixture() throws -> Directory {
        try importIntoNewDatabase([TestSupport.write(Self.fullJurisdictions, named: "jurisdictions.csv"),
                                   TestSupport.write(Self.fullOfficials, named: "officials.csv")])
    }

    @Test func fullFixtureImportsEveryField() throws {
        let directory = try fullFixture()
        let bonds = try #require(directory.officials.first { $0.id == "dc-anita-bonds" })
        #expect(bonds.party == "Democratic" && bonds.pronouns == "she/her")
        #expect(bonds.termStart == PartialDate("2015-01") && bonds.termEnd == PartialDate("2019-01-02"))
        #expect(bonds.titles == ["en": "Councilmember", "es": "Concejala", "fr": "Conseillère"])
        #expect(bonds.contacts.map(\.value) == ["+12027248064", "abonds@dccouncil.us", "https://www.anitabonds.com"])
        #expect(bonds.contacts.map(\.source) == ["https://dccouncil.us/council/anita-bonds/", "Staff directory, 2019",
                                                 "https://dccouncil.us/council/anita-bonds/"])
        #expect(bonds.contacts.map(\.verified) == [PartialDate("2019-03-01"), PartialDate("2019-02"), PartialDate("2019-04")])
        #expect(bonds.contacts.first?.hours == "Mon–Fri, 9–5")
        #expect(bonds.contacts.first?.note == "Ask for the scheduler, not \"press\"")
        let grosso = try #require(directory.officials.first { $0.id == "dc-david-grosso" })
        #expect(grosso.officeID == bonds.officeID)
        #expect(grosso.titles == ["en": "Councilmember", "es": "Concejal", "fr": "Conseiller"])
        #expect(grosso.contacts.isEmpty)
        let ward5 = try #require(directory.office("\(Self.dc)/office:councilmember/seat:ward-5"))
        #expect(ward5.districtCode == "5")
        #expect(ward5.titles == ["en": "Ward 5 Councilmember", "es": "Concejal del Distrito 5", "fr": "Conseiller du quartier 5"])
        #expect(ward5.contacts.map(\.display) == ["(202) 724-8000", "ward5@dccouncil.us"])
        #expect(ward5.contacts.map(\.source) == ["Council switchboard list", "Ward 5 staff list"])
        #expect(ward5.contacts.map(\.verified) == [PartialDate("2019-01"), nil])
        #expect(ward5.contacts.first?.hours == "Mon–Fri 8:30–5:30" && ward5.contacts.first?.note == "Ask for Ward 5")
        let ward1 = try #require(directory.office("\(Self.dc)/office:councilmember/seat:ward-1"))
        #expect(ward1.contacts.map(\.note) == ["Seat vacant"])
        #expect(!directory.officials.contains { $0.officeID == ward1.id })
        let bowser = try #require(directory.officials.first { $0.id == "dc-muriel-bowser" })
        #expect(bowser.verified == nil)
        #expect(bowser.contacts.map(\.value) == ["+12027272643", "+12027272643;ext=101"])
        #expect(bowser.contacts.map(\.source) == ["EOM phone list", "Mayor's site"])
        #expect(bowser.contacts.map(\.verified) == [PartialDate("2018-11-20"), nil])
        let mcduffie = try #require(directory.officials.first { $0.id == "dc-kenyan-mcduffie" })
        #expect(mcduffie.contacts.first?.display == "1350 Pennsylvania Ave NW, Suite 506\nWashington, DC 20004")
        #expect(mcduffie.termEnd == nil)
    }

    @Test func fullFixtureRoundTripsThroughCSV() throws {
        let first = try fullFixture()
        let files = writeCSV(first)
        let text = try String(contentsOfFile: files[1], encoding: .utf8)
        #expect(text.hasPrefix((DirectoryCSV.officialColumns + ["title_fr"]).joined(separator: ",") + "\r\n"))
        let second = try importIntoNewDatabase(files)
        #expect(second == first)
        #expect(DirectoryCSV.officialsCSV(second) == DirectoryCSV.officialsCSV(first))
    }

    @Test func fullFixtureRoundTripsThroughPopoloJSON() throws {
        let first = try fullFixture()
        let second = try importIntoNewDatabase([writeJSON(first)])
        #expect(second == first)
        #expect(PopoloJSON.export(second) == PopoloJSON.export(first))
    }

    @Test func fullFixtureCSVThroughJSONGivesIdenticalCSVText() throws {
        let fromCSV = try fullFixture()
        let fromJSON = try importIntoNewDatabase([writeJSON(fromCSV)])
        #expect(DirectoryCSV.officialsCSV(fromJSON) == DirectoryCSV.officialsCSV(fromCSV))
        #expect(DirectoryCSV.jurisdictionsCSV(fromJSON) == DirectoryCSV.jurisdictionsCSV(fromCSV))
    }

    @Test func reimportingTheExportIntoTheSameDatabaseChangesNothing() throws {
        let pool = try TestSupport.temporaryDatabase()
        try DirectoryImport.run(DirectoryImport.read(paths: [TestSupport.write(Self.fullJurisdictions, named: "jurisdictions.csv"),
                                                            TestSupport.write(Self.fullOfficials, named: "officials.csv")]), into: pool)
        let before = try TestSupport.snapshot(pool.path)
        let directory = try pool.read { try DirectoryStore.load($0) }
        let csvPlan = try DirectoryImport.run(DirectoryImport.read(paths: writeCSV(directory)), into: pool)
        #expect(csvPlan.isEmpty)
        let jsonPlan = try DirectoryImport.run(DirectoryImport.read(paths: [writeJSON(directory)]), into: pool)
        #expect(jsonPlan.isEmpty)
        #expect(try TestSupport.snapshot(pool.path) == before)
    }

    /// An office row may give a held office its titles without any contact;
    /// the export must keep those titles.
    @Test func titlesOfAHeldOfficeWithoutContactsSurviveTheCSVRoundTrip() throws {
        let officials = [
            DirectoryImportTests.header,
            ",,,,,\(Self.dc),mayor,,,Mayor of the District of Columbia,Alcaldesa del Distrito de Columbia,,,,,,,,,,,",
            "dc-muriel-bowser,Muriel Bowser,,,,\(Self.dc),mayor,,,,,,,Mayor's site,2019,,,,,,,",
        ].joined(separator: "\n") + "\n"
        let first = try importIntoNewDatabase([TestSupport.write(Self.fullJurisdictions, named: "jurisdictions.csv"),
                                               TestSupport.write(officials, named: "officials.csv")])
        let office = try #require(first.office("\(Self.dc)/office:mayor"))
        #expect(office.titles == ["en": "Mayor of the District of Columbia", "es": "Alcaldesa del Distrito de Columbia"])
        let second = try importIntoNewDatabase(writeCSV(first))
        #expect(second.office("\(Self.dc)/office:mayor")?.titles == office.titles)
        #expect(second == first)
    }
}
