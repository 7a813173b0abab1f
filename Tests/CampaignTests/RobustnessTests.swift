@testable import Campaign
import Foundation
import Testing

/// Edge cases of the storage layer, the readers and the CLI: line ends,
/// odd characters, paths SQLite treats specially, partial writes, and
/// what may or may not appear in messages.
@Suite struct RobustnessTests {
    static let wa = "ocd-division/country:us/state:wa"
    static let seattle = "ocd-division/country:us/state:wa/place:seattle"

    static let jurisdictionsCSV = """
        id,name,kind,parent
        \(wa),Washington,state,
        \(seattle),Seattle,city,\(wa)

        """

    func jurisdictionsDatabase() throws -> (path: String, pool: DatabasePool) {
        let path = TestSupport.temporaryDatabasePath()
        let pool = try DatabasePool(path: path)
        let file = TestSupport.write(Self.jurisdictionsCSV, named: "jurisdictions.csv")
        try DirectoryImport.run(DirectoryImport.read(paths: [file]), into: pool)
        return (path, pool)
    }

    func count(_ sql: String, _ pool: DatabasePool) throws -> Int {
        try pool.read { try $0.value(sql, as: Int.self) } ?? -1
    }

    // MARK: - Input: line and column tracking

    @Test func loneCRInsideAQuotedFieldCountsAsALineBreak() throws {
        let lf = "id,name,jurisdiction,role,source,contact_kind,contact_value,contact_note\n"
            + "jane,Jane Doe,\(Self.seattle),mayor,s,phone,206-684-4000,\"first\nsecond\"\n"
            + "john,John Roe,\(Self.seattle),mayor,s,phone,123,\n"
        let cr = lf.replacingOccurrences(of: "\n", with: "\r")
        for (name, text) in [("lf.csv", lf), ("cr.csv", cr)] {
            do {
                _ = try DirectoryCSV.parse(bytes: Array(text.utf8), file: name)
                Issue.record("a bad phone was accepted")
            } catch let error as InputError {
                #expect(error.location?.line == 4, "\(error)")
            }
        }
    }

    @Test func jsonErrorsInAFileWithCRLineEndsNameTheirLine() throws {
        let text = "{\r  \"areas\": [],\r  \"posts\": tru\r}\r"
        do {
            _ = try JSONParser.parse(bytes: Array(text.utf8), file: "cr.json")
            Issue.record("bad JSON was accepted")
        } catch let error as InputError {
            #expect(error.location?.line == 3, "\(error)")
        }
    }

    @Test func invalidUTF8InAFileWithCRLineEndsNamesItsLine() throws {
        let bytes = Array("id,name,kind,parent\rocd-organization/a,A".utf8) + [0xFF] + Array(",organization,\r".utf8)
        do {
            _ = try DirectoryCSV.parse(bytes: bytes, file: "cr.csv")
            Issue.record("invalid UTF-8 was accepted")
        } catch let error as InputError {
            #expect(error.location?.line == 2, "\(error)")
        }
    }

    @Test func jsonColumnsCountCharactersLikeCSVColumns() throws {
        let text = "{\"name\": \"\u{1F1FA}\u{1F1F8}\" x}"
        do {
            _ = try JSONParser.parse(bytes: Array(text.utf8), file: "flag.json")
            Issue.record("bad JSON was accepted")
        } catch let error as InputError {
            // {"name": "🇺🇸" x} — x is the 14th character.
            #expect(error.location?.column == 14, "\(error)")
        }
    }

    @Test func aLineHoldingOnlyAnEmptyQuotedFieldIsARecord() throws {
        let records = try CSVReader(bytes: Array("zip\n\"\"\n98104\n".utf8), file: "z.csv").records()
        #expect(records.count == 3)
    }

    @Test func aCommaFollowedByACombiningMarkStillSeparatesFields() throws {
        let records = try CSVReader(bytes: Array("a,\u{301}b\n".utf8), file: "c.csv").records()
        #expect(records.first?.fields.count == 2)
    }

    // MARK: - Storage

    @Test func aPoolRefusesAPathThatIsNotAFile() throws {
        for path in ["", ":memory:"] {
            do {
                let pool = try DatabasePool(path: path)
                try pool.write { db in
                    try db.execute("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, ?)", [Self.wa, "Washington", "state"])
                }
                let seen = try pool.read { try $0.value("SELECT count(*) FROM jurisdictions", as: Int.self) }
                Issue.record("path '\(path)' was accepted; a reader then saw \(String(describing: seen)) rows")
            } catch {
                // Refusing the path up front is the fix; failing only on read is the defect.
                #expect(!"\(error)".contains("no such table"), "path '\(path)': \(error)")
            }
        }
    }

    /// SQLite stores text with a NUL character whole; PostgreSQL's text
    /// cannot hold one, and refuses the write whole rather than cut it.
    @Test func textWithANULCharacterIsStoredWholeOrRefused() throws {
        let pool = try TestSupport.temporaryDatabase()
        let name = "Jane\u{0}Doe"
        let insert = {
            try pool.write { db in
                try db.execute("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, ?)", [Self.wa, name, "state"])
            }
        }
        if TestSupport.onSQLite {
            try insert()
            #expect(try pool.read { try $0.value("SELECT name FROM jurisdictions", as: String.self) } == name)
        } else {
            #expect(throws: PostgresError.self) { try insert() }
            #expect(try pool.read { try $0.value("SELECT count(*) FROM jurisdictions", as: Int.self) } == 0)
        }
    }

    @Test func aQueryRunInsideAScanOfTheSameSQLDoesNotRestartIt() throws {
        struct Runaway: Error {}
        let pool = try TestSupport.temporaryDatabase()
        try pool.write { db in
            for (id, name) in [("ocd-organization/a", "A"), ("ocd-organization/b", "B"), ("ocd-organization/c", "C")] {
                try db.execute("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, 'organization')", [id, name])
            }
        }
        var visits = 0
        do {
            try pool.read { db in
                try db.scan("SELECT id FROM jurisdictions ORDER BY id") { _ in
                    visits += 1
                    if visits > 10 { throw Runaway() }
                    _ = try db.rows("SELECT id FROM jurisdictions ORDER BY id")
                }
            }
        } catch is Runaway {}
        #expect(visits == 3)
    }

    @Test func seedWithABadDistrictFileWritesNothing() throws {
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/officials", toPath: folder + "/officials")
        try FileManager.default.createDirectory(atPath: folder + "/districts", withIntermediateDirectories: true)
        let manifest = #"[{"file": "missing.geojson", "jurisdiction": "ocd-division/country:us/district:dc", "property": "WARD"}]"#
        _ = FileManager.default.createFile(atPath: folder + "/districts/districts.json", contents: Data(manifest.utf8))
        let pool = try TestSupport.temporaryDatabase()
        #expect(throws: (any Error).self) { try DemoDataLoader.load(from: folder, into: pool) }
        #expect(try count("SELECT count(*) FROM officials", pool) == 0)
    }

    @Test func aZIPImportThatMatchesNoRowDoesNotDeleteTheStoredZIPs() throws {
        let (_, pool) = try jurisdictionsDatabase()
        let file = TestSupport.write("zcta,state_abbr\n98101,WA\n98102,WA\n99501,AK\n", named: "zips.csv")
        try DistrictImport.run(path: file, options: .init(jurisdiction: Self.wa, zipColumn: "zcta", where: "state_abbr=WA"), into: pool)
        #expect(try count("SELECT count(*) FROM jurisdiction_zips", pool) == 2)
        let summary = try? DistrictImport.run(path: file, options: .init(jurisdiction: Self.wa, zipColumn: "zcta", where: "state_abbr=wa"), into: pool)
        let stored = try count("SELECT count(*) FROM jurisdiction_zips", pool)
        #expect(stored == 2, "an import of \(summary.map { String($0.zipCount) } ?? "no") ZIPs succeeded=\(summary != nil) and left \(stored) of the 2 stored ones")
    }

    @Test func aJurisdictionParentCycleIsAnInputError() throws {
        let pool = try TestSupport.temporaryDatabase()
        let file = TestSupport.write("""
            id,name,kind,parent
            ocd-organization/a,A,organization,ocd-organization/b
            ocd-organization/b,B,organization,ocd-organization/a

            """, named: "jurisdictions.csv")
        do {
            try DirectoryImport.run(DirectoryImport.read(paths: [file]), into: pool)
            Issue.record("a parent cycle was imported")
        } catch {
            #expect(error is InputError || error is InputErrors, "\(type(of: error)): \(error)")
        }
    }

    @Test func reimportingAnOfficialKeepsTheTitlesAndContactsOfTheirOffice() throws {
        let (_, pool) = try jurisdictionsDatabase()
        let full = TestSupport.write("""
            id,name,jurisdiction,role,title_en,source,contact_kind,contact_value
            ,,\(Self.seattle),mayor,Mayor of Seattle,https://seattle.gov,phone,206-684-4000
            jane-doe,Jane Doe,\(Self.seattle),mayor,,https://seattle.gov,,

            """, named: "officials.csv")
        try DirectoryImport.run(DirectoryImport.read(paths: [full]), into: pool)
        #expect(try count("SELECT count(*) FROM contacts WHERE office_id IS NOT NULL", pool) == 1)
        let update = TestSupport.write("""
            id,name,jurisdiction,role,source
            jane-doe,Jane Doe,\(Self.seattle),mayor,https://seattle.gov

            """, named: "officials.csv")
        let plan = try DirectoryImport.run(DirectoryImport.read(paths: [update]), into: pool)
        #expect(plan.offices.changed.isEmpty, "offices changed: \(plan.offices.changed)")
        #expect(try count("SELECT count(*) FROM contacts WHERE office_id IS NOT NULL", pool) == 1)
        #expect(try count("SELECT count(*) FROM office_titles", pool) == 1)
    }

    @Test func twoFilesDisagreeingOnAnOfficesDistrictIsAnError() throws {
        let header = "id,name,jurisdiction,role,seat,district,source\n"
        let one = TestSupport.write(header + "jane,Jane Doe,\(Self.seattle),councilmember,Position 8,2,s\njohn,John Roe,\(Self.seattle),councilmember,Position 8,3,s\n", named: "one.csv")
        #expect(throws: (any Error).self) { _ = try DirectoryImport.read(paths: [one]) }
        let first = TestSupport.write(header + "jane,Jane Doe,\(Self.seattle),councilmember,Position 8,2,s\n", named: "first.csv")
        let second = TestSupport.write(header + "john,John Roe,\(Self.seattle),councilmember,Position 8,3,s\n", named: "second.csv")
        #expect(throws: (any Error).self) { _ = try DirectoryImport.read(paths: [first, second]) }
    }

    // MARK: - Round trips

    @Test func titleLocalesAreLanguageTagsStoredInLowerCaseOnEveryInputPath() throws {
        let path = TestSupport.temporaryDatabasePath()
        let file = TestSupport.write(Self.jurisdictionsCSV, named: "jurisdictions.csv")
        try DirectoryImport.run(DirectoryImport.read(paths: [file]), into: DatabasePool(path: path))
        let added = try TestSupport.campaign(["officials", "add", "--id", "jane", "--name", "Jane Doe", "--jurisdiction", Self.seattle,
                                              "--role", "mayor", "--source", "s", "--title", "ES=Alcaldesa"], database: path)
        #expect(added.status == 0, "\(added.errors)")
        let empty = try TestSupport.campaign(["officials", "edit", "jane", "--title", "=Alcaldesa"], database: path)
        #expect(empty.status == 65)
        #expect(empty.errors.contains("--title: '=Alcaldesa' must be LOCALE=TEXT with a language tag, e.g. es=Alcaldesa"))
        let folder = TestSupport.temporaryFolder()
        #expect(try TestSupport.campaign(["officials", "export", "--out", folder], database: path).status == 0)
        let reimported = try TestSupport.campaign(["officials", "import", "--dry-run", folder], database: path)
        #expect(reimported.status == 0, "\(reimported.errors)")
        let popolo = TestSupport.write("""
            {"posts": [{"id": "p", "area_id": "\(Self.seattle)", "role": "mayor", "titles": {"": "Alcaldesa"}}]}
            """, named: "bad.json")
        #expect(throws: InputError.self) { try DirectoryImport.read(paths: [popolo]) }
    }

    // MARK: - Personal data in messages

    @Test func lookupErrorsDoNotRepeatTheSupportersInput() throws {
        let lookup = try Lookup(directory: Directory(), districts: [], jurisdictionZIPs: [])
        let typed = "1600 Pennsylvania Ave NW, jane@example.org"
        do {
            _ = try lookup.locate(zip: typed)
            Issue.record("accepted")
        } catch {
            #expect(!"\(error)".contains("jane@example.org"), "\(error)")
        }
        do {
            _ = try lookup.locate(latitude: 147.60381, longitude: -122.32981)
            Issue.record("accepted")
        } catch {
            #expect(!"\(error)".contains("147.60381"), "\(error)")
        }
    }

    // MARK: - Command line

    @Test func aHugeStaleAgeIsAUsageErrorNotACrash() throws {
        let result = try TestSupport.campaign(["officials", "stale", "--older-than", "99999999999999999y"],
                                              database: TestSupport.temporaryDatabasePath())
        #expect(result.status == 64, "status \(result.status): \(result.errors)")
    }

    @Test func argumentsAfterDoubleDashAreNeverOptions() throws {
        let path = try jurisdictionsDatabase().path
        let db = try TestSupport.campaign(["officials", "show", "--", "--db"], environment: ["CAMPAIGN_DB": path])
        #expect(db.status == 65, "status \(db.status): \(db.errors)")
        #expect(db.errors.contains("no official with id '--db'"))
        let help = try TestSupport.campaign(["officials", "show", "--", "-h"], database: path)
        #expect(help.status == 65, "status \(help.status): \(help.output.prefix(40))")
    }

    @Test func anEmptyDatabasePathIsAUsageError() throws {
        let folder = TestSupport.temporaryFolder()
        let result = try TestSupport.campaign(["--db=", "officials", "import", TestSupport.dataFolder + "/officials"], folder: folder)
        #expect(result.status == 64, "status \(result.status): \(result.output)")
    }

    @Test func editingAnOfficialsSeatKeepsTheOldOfficesContacts() throws {
        let (path, pool) = try jurisdictionsDatabase()
        let file = TestSupport.write("""
            id,name,jurisdiction,role,seat,source,contact_kind,contact_value
            ,,\(Self.seattle),councilmember,Position 8,https://seattle.gov,phone,206-684-8808
            jane-doe,Jane Doe,\(Self.seattle),councilmember,Position 8,https://seattle.gov,,

            """, named: "officials.csv")
        try DirectoryImport.run(DirectoryImport.read(paths: [file]), into: pool)
        let result = try TestSupport.campaign(["officials", "edit", "jane-doe", "--seat", "Position 9"], database: path)
        #expect(result.status == 0, "\(result.errors)")
        #expect(try count("SELECT count(*) FROM contacts WHERE office_id IS NOT NULL", DatabasePool(path: path)) == 1)
    }
}
