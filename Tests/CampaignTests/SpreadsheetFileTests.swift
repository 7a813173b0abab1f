@testable import Campaign
import Foundation
import Testing

/// Officials, jurisdictions and ZIP files as spreadsheet programs save them:
/// UTF-16 with a byte-order mark, semicolons or tabs, windows-1252. Each is
/// read as what it is, or refused with a message saying what was seen.
@Suite struct SpreadsheetFileTests {
    static let seattle = "ocd-division/country:us/state:wa/place:seattle"
    static let jurisdictions = """
        id,name,kind,parent
        ocd-division/country:us,United States,country,
        ocd-division/country:us/state:wa,Washington,state,ocd-division/country:us
        \(seattle),Seattle,city,ocd-division/country:us/state:wa

        """

    func fixture(_ name: String) -> String { TestSupport.fixture("spreadsheets/\(name)") }

    /// The message of the error reading `path` raises.
    func refusal(_ path: String, encoding: SpreadsheetEncoding = .unicode) -> String? {
        do {
            _ = try DirectoryImport.read(paths: [path], encoding: encoding)
            Issue.record("\(path) should have been refused")
            return nil
        } catch {
            return "\(error)"
        }
    }

    func writeBytes(_ bytes: [UInt8], named name: String) -> String {
        let file = TestSupport.temporaryFolder() + "/" + name
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        return file
    }

    @Test(arguments: [
        ("officials-unicode-text.csv", SpreadsheetEncoding.unicode),
        ("officials-semicolons.csv", .unicode),
        ("officials-tabs.csv", .unicode),
        ("officials-windows-1252.csv", .windows1252),
    ])
    func importsEverySpreadsheetExport(name: String, encoding: SpreadsheetEncoding) throws {
        let pool = try TestSupport.temporaryDatabase()
        let parsed = try DirectoryImport.read(paths: [TestSupport.write(Self.jurisdictions, named: "jurisdictions.csv"), fixture(name)], encoding: encoding)
        try DirectoryImport.run(parsed, into: pool)
        let directory = try pool.read { try DirectoryStore.load($0) }
        let gonzalez = try #require(directory.officials.first { $0.id == "seattle-lorena-gonzalez" })
        #expect(gonzalez.name == "Lorena González")
        #expect(gonzalez.titles == ["en": "Councilmember", "es": "Concejala"])
        #expect(gonzalez.contacts.map(\.label) == ["Office; main line"])
        #expect(gonzalez.contacts.map(\.hours) == ["Mon–Fri 8–5"])
        #expect(directory.officials.first { $0.id == "seattle-jenny-durkan" }?.source == "Seattle mayor’s office")
    }

    @Test func aJurisdictionsFileSavedAsUnicodeTextWithSemicolons() throws {
        let text = Self.jurisdictions.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: "Seattle;city", with: "Española;city")
        let file = writeBytes([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, named: "jurisdictions.csv")
        let parsed = try DirectoryImport.read(paths: [file])
        #expect(parsed.directory.jurisdictions.map(\.name) == ["United States", "Washington", "Española"])
        #expect(parsed.directory.jurisdictions.last?.parentID == "ocd-division/country:us/state:wa")
    }

    @Test func separatorIsWhatTheHeaderHoldsMostOfOutsideQuotes() {
        #expect(CSVReader.separator(ofHeader: "id,name,\"a;b;c\"\n1;2;3;4;5") == ",")
        #expect(CSVReader.separator(ofHeader: "id;name;kind,parent") == ";")
        #expect(CSVReader.separator(ofHeader: "id\tname\r\n") == "\t")
        #expect(CSVReader.separator(ofHeader: "id\n") == ",")
    }

    @Test func anOfficialsFileMissingColumnsIsNamedAnOfficialsFile() throws {
        let file = TestSupport.write("id,name,title_en,source\nx-y,X Y,Mayor,S\n", named: "mayors.csv")
        #expect(refusal(file) == "\(file):1:1: missing column 'jurisdiction' in the header of this officials file (it has: id, name, title_en, source)")
        let bare = TestSupport.write("id,name\nx-y,X Y\n", named: "officials.csv")
        #expect(refusal(bare) == "\(bare):1:1: missing column 'jurisdiction' in the header of this officials file (it has: id, name)")
    }

    @Test func aHeaderMessageSaysTheEncodingAndSeparatorSeen() {
        let file = fixture("officials-utf16be-no-role.csv")
        #expect(refusal(file) == "\(file):1:1: missing column 'role' in the header of this officials file "
            + "(it has: id, name, jurisdiction, title_en, title_es, source, contact_kind, contact_value, contact_label, contact_hours; "
            + "this file is UTF-16BE and this header is separated by semicolons)")
    }

    @Test func aRowOfAUTF16FileIsPlacedByLineAndColumn() {
        var text = "id\tname\tjurisdiction\trole\tsource\r\n"
        text += "a-b\tÁngela B\t\(Self.seattle)\tmayor\tS\r\n"
        text += "c-d\tC D\t\(Self.seattle)\temperor\tS\r\n"
        let file = writeBytes([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, named: "officials.csv")
        let column = "c-d\tC D\t\(Self.seattle)\t".count + 1
        #expect(refusal(file)?.hasPrefix("\(file):3:\(column): unknown role 'emperor'") == true)
    }

    @Test func aRowOfTheWrongWidthNamesTheHeadersSeparator() {
        let file = TestSupport.write("id;name;jurisdiction;role;source\nx-y,X Y,\(Self.seattle),mayor,S\n", named: "officials.csv")
        #expect(refusal(file) == "\(file):2:1: 1 fields where the header has 5 columns (this header is separated by semicolons)")
    }

    @Test func windows1252WithoutTheOptionPointsAtIt() throws {
        let file = fixture("officials-windows-1252.csv")
        let column = "seattle-lorena-gonzalez;Lorena Gonz".count + 1
        #expect(refusal(file) == "\(file):2:\(column): invalid UTF-8 (byte 0xE1); save the file as UTF-8, or give --encoding windows-1252 if it is in that encoding")
    }

    @Test func aByteOrderMarkContradictingWindows1252IsRefused() {
        let file = fixture("officials-unicode-text.csv")
        #expect(refusal(file, encoding: .windows1252)
            == "\(file):1:1: this file starts with a UTF-16LE byte-order mark, so it is not windows-1252; leave out --encoding")
    }

    @Test func bytesWindows1252LeavesUndefinedAreRefused() {
        let file = writeBytes(Array("id,name,kind,parent\nx,A".utf8) + [0x81] + Array(",city,\n".utf8), named: "jurisdictions.csv")
        #expect(refusal(file, encoding: .windows1252) == "\(file):2:4: byte 0x81 is not a character in windows-1252; is the file in another encoding?")
    }

    @Test func utf16WithoutAByteOrderMarkIsRecognised() {
        let file = writeBytes(Array("id,name".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }), named: "officials.csv")
        #expect(refusal(file) == "\(file):1:1: this file looks like UTF-16LE without a byte-order mark; "
            + "save it as UTF-8, or as UTF-16 with a byte-order mark (\"Unicode text\")")
    }

    @Test func anUnpairedSurrogateIsPlaced() {
        let units: [UInt16] = Array("id,name\nx,".utf16) + [0xD800, 0x0041]
        let file = writeBytes([0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }, named: "jurisdictions.csv")
        #expect(refusal(file) == "\(file):2:3: this file is UTF-16BE but holds an unpaired surrogate (0xD800); save it again")
    }

    @Test func zipCodesFromAUTF16SemicolonExport() throws {
        let dc = "ocd-division/country:us/district:dc"
        let pool = try TestSupport.temporaryDatabase()
        try pool.write { db in try DirectoryStore.save(Jurisdiction(id: dc, name: "District of Columbia", kind: .federalDistrict), db) }
        let text = "district;name;zip\r\n1;Ward 1;20001\r\n2;Ward 2;20002\r\n"
        let file = writeBytes([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, named: "wards.csv")
        let summary = try DistrictImport.run(path: file, options: .init(jurisdiction: dc), into: pool)
        #expect(summary.districts == ["1", "2"] && summary.zipCount == 2)
        #expect(try Lookup.load(from: pool).locate(zip: "20002").areas.first?.districts.map(\.name) == ["Ward 2"])
    }

    @Test func theCommandTakesAnEncoding() throws {
        let database = TestSupport.temporaryDatabasePath()
        let jurisdictions = TestSupport.write(Self.jurisdictions, named: "jurisdictions.csv")
        let result = TestSupport.campaignInProcess(["officials", "import", jurisdictions, fixture("officials-windows-1252.csv"),
                                                    "--encoding", "windows-1252"], database: database)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("officials: 2 added"))
        let unknown = TestSupport.campaignInProcess(["officials", "import", jurisdictions, "--encoding", "latin-9"], database: database)
        #expect(unknown.status == 64)
        let zips = writeBytes(Array("district;name;zip\n1;Ward 1 (Ni".utf8) + [0xF1] + Array("o);98101\n".utf8), named: "zips.csv")
        let districts = TestSupport.campaignInProcess(["districts", "import", zips, "--jurisdiction", Self.seattle, "--encoding", "windows-1252"],
                                                      database: database)
        #expect(districts.status == 0, "\(districts.errors)")
        let listed = TestSupport.campaignInProcess(["districts", "list", "--jurisdiction", Self.seattle], database: database)
        #expect(listed.output.contains("Ward 1 (Niño)"), "\(listed.output)")
    }
}
