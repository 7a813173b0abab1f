@testable import Campaign
import Foundation
import Testing

/// `DirectoryImport.read(paths:)` and `DirectoryImport.run(_:into:dryRun:prune:)`
/// on small CSV and Popolo fixtures: every bad input is named by
/// file:line:column and leaves the database as it was.
@Suite struct DirectoryImportTests {
    // MARK: - Fixtures

    static let us = "ocd-division/country:us"
    static let wa = "ocd-division/country:us/state:wa"
    static let king = "ocd-division/country:us/state:wa/county:king"
    static let seattle = "ocd-division/country:us/state:wa/place:seattle"
    static let tacoma = "ocd-division/country:us/state:wa/place:tacoma"

    static let header = "id,name,sort_name,party,pronouns,jurisdiction,role,seat,district,title_en,title_es,term_start,term_end,source,verified,contact_kind,contact_value,contact_label,contact_hours,contact_note,contact_source,contact_verified"

    /// The header of the short files most error cases use.
    static let shortHeader = "id,name,jurisdiction,role,source"

    static let knownRoles = "mayor, councilmember, council-chair, county-executive, governor, lieutenant-governor, attorney-general, city-attorney, corporation-counsel, sheriff, state-senator, state-representative, executive-director"
        + ", us-senator, us-representative, secretary-of-state, state-treasurer, state-auditor, chief-election-officer, state-superintendent, county-commissioner, county-supervisor, county-councilmember, county-prosecutor, county-assessor, county-clerk, alderperson, council-president, comptroller, public-advocate, city-clerk, school-board-member"

    static let jurisdictions = """
        id,name,kind,parent
        \(us),United States,country,
        \(wa),Washington,state,\(us)
        \(king),King County,county,\(wa)
        \(seattle),Seattle,city,\(king)

        """

    static let durkanRow = "seattle-jenny-durkan,Jenny Durkan,\"Durkan, Jenny\",,,\(seattle),mayor,,,Mayor,Alcaldesa,2017-11-28,2021,Seattle mayor's office,2018-05-18,phone,206-684-4000,Office,,,,"
    static let gonzalezRow = "seattle-lorena-gonzalez,Lorena González,,,she/her,\(seattle),councilmember,Position 9,,Councilmember,Concejala,,,Seattle City Council roster,2018,email,Lorena.Gonzalez@seattle.gov,Feedback,,,,"
    static let constantinePhoneRow = "king-county-dow-constantine,Dow Constantine,,,,\(king),county-executive,,,,,,,Seattle Indivisible call action,,phone,206-263-9600,Office,,,,"
    static let constantineEmailRow = "king-county-dow-constantine,Dow Constantine,,,,\(king),county-executive,,,,,,,Seattle Indivisible call action,,email,kcexec@kingcounty.gov,Office,,,,"
    static let kingCouncilRow = ",,,,,\(king),councilmember,,,Councilmember,Concejal,,,Seattle Indivisible call action,,web,https://www.kingcounty.gov/council/councilmembers/find_district.aspx,Find your councilmember,,,,"
    static let insleeRow = "wa-jay-inslee,Jay Inslee,,Democratic,,\(wa),governor,,,,,,,Tacoma call action,,phone,(360) 902-4110,Olympia office,Mon–Fri 8–5,,,"

    static let officialRows = [durkanRow, gonzalezRow, constantinePhoneRow, constantineEmailRow, kingCouncilRow, insleeRow]
    static let officials = ([header] + officialRows).joined(separator: "\n") + "\n"

    static let allOfficialIDs = ["king-county-dow-constantine", "seattle-jenny-durkan", "seattle-lorena-gonzalez", "wa-jay-inslee"]

    // MARK: - Helpers

    /// The fixture's two files, written anew.
    func fixtureFiles() -> [String] {
        [TestSupport.write(Self.jurisdictions, named: "jurisdictions.csv"), TestSupport.write(Self.officials, named: "officials.csv")]
    }

    /// A database with the fixture imported, so that "unchanged" means something.
    func importedDatabase() throws -> DatabasePool {
        let pool = try TestSupport.temporaryDatabase()
        try DirectoryImport.run(DirectoryImport.read(paths: fixtureFiles()), into: pool)
        return pool
    }

    /// Reads and imports `paths`.
    @discardableResult
    func importFiles(_ paths: [String], into pool: DatabasePool, dryRun: Bool = false, prune: Bool = false) throws -> DirectoryImport.Plan {
        try DirectoryImport.run(DirectoryImport.read(paths: paths), into: pool, dryRun: dryRun, prune: prune)
    }

    /// Imports `paths` into a database holding the fixture, expecting the
    /// import to fail; checks that the database is unchanged and returns the error.
    func rejection(_ paths: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (any Error)? {
        let pool = try importedDatabase()
        let before = try TestSupport.snapshot(pool.path)
        var caught: (any Error)?
        do {
            try importFiles(paths, into: pool)
            Issue.record("the import should have been refused", sourceLocation: sourceLocation)
        } catch {
            caught = error
        }
        #expect(try TestSupport.snapshot(pool.path) == before, "a refused import changed the database", sourceLocation: sourceLocation)
        return caught
    }

    /// Expects exactly one `InputError` with this description.
    func expectRejection(_ paths: [String], _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let error = try rejection(paths, sourceLocation: sourceLocation)
        guard let input = error as? InputError else {
            Issue.record("expected one InputError, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(input.description == message, sourceLocation: sourceLocation)
    }

    /// Expects several errors, all reported, in file order.
    func expectRejections(_ paths: [String], _ messages: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let error = try rejection(paths, sourceLocation: sourceLocation)
        guard let inputs = error as? InputErrors else {
            Issue.record("expected InputErrors, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(inputs.errors.map(\.description) == messages, sourceLocation: sourceLocation)
    }

    /// A short officials file.
    func shortFile(_ rows: [String], named name: String = "officials.csv") -> String {
        TestSupport.write(([Self.shortHeader] + rows).joined(separator: "\n") + "\n", named: name)
    }

    func load(_ pool: DatabasePool) throws -> Directory {
        try pool.read { try DirectoryStore.load($0) }
    }

    // MARK: - The fixture itself

    @Test func importsTheFixtureReportingEveryRecordAdded() throws {
        let pool = try TestSupport.temporaryDatabase()
        let plan = try importFiles(fixtureFiles(), into: pool)
        #expect(plan.jurisdictions.added == [Self.us, Self.wa, Self.king, Self.seattle])
        #expect(plan.officials.added.sorted() == Self.allOfficialIDs)
        #expect(plan.offices.added.count == 5)
        #expect(plan.officials.changed.isEmpty && plan.officials.unchanged.isEmpty && plan.officials.removed.isEmpty)

        let directory = try load(pool)
        let constantine = try #require(directory.officials.first { $0.id == "king-county-dow-constantine" })
        #expect(constantine.contacts.map(\.value) == ["+12062639600", "kcexec@kingcounty.gov"])
        #expect(constantine.sortName == "Constantine, Dow")
        let durkan = try #require(directory.officials.first { $0.id == "seattle-jenny-durkan" })
        #expect(durkan.titles == ["en": "Mayor", "es": "Alcaldesa"])
        #expect(durkan.termStart == PartialDate("2017-11-28") && durkan.termEnd == PartialDate("2021"))
        let council = try #require(directory.office("\(Self.king)/office:councilmember"))
        #expect(council.contacts.map(\.kind) == [.web])
        #expect(council.titles == ["en": "Councilmember", "es": "Concejal"])
    }

    // MARK: - Bad headers

    @Test func rejectsMissingColumnNamingFileLineColumn() throws {
        let file = TestSupport.write("id,name,jurisdiction,source\nx-y,X Y,\(Self.seattle),S\n", named: "officials.csv")
        try expectRejection([file], "\(file):1:1: missing column 'role' in the header of this officials file (it has: id, name, jurisdiction, source)")
    }

    @Test func rejectsMissingColumnOfJurisdictionsFile() throws {
        let file = TestSupport.write("id,kind,parent\n\(Self.tacoma),city,\(Self.wa)\n", named: "jurisdictions.csv")
        try expectRejection([file], "\(file):1:1: missing column 'name' in the header of this jurisdictions file (it has: id, kind, parent)")
    }

    @Test func aJurisdictionsFileWithoutAKindColumnTakesTheKindFromTheId() throws {
        let file = TestSupport.write("id,name,parent\n\(Self.tacoma),Tacoma,\(Self.wa)\n", named: "jurisdictions.csv")
        let pool = try importedDatabase()
        try importFiles([file], into: pool)
        #expect(try load(pool).jurisdiction(Self.tacoma) == Jurisdiction(id: Self.tacoma, name: "Tacoma", kind: .city, parentID: Self.wa))
    }

    @Test func rejectsUnknownColumnNamingFileLineColumn() throws {
        let file = TestSupport.write("id,name,jurisdiction,role,source,email\nx-y,X Y,\(Self.seattle),mayor,S,x@y.org\n", named: "officials.csv")
        try expectRejection([file], "\(file):1:34: unknown column 'email'")
    }

    @Test func rejectsUnknownColumnInJurisdictionsFile() throws {
        let file = TestSupport.write("id,name,kind,parent,population\n\(Self.tacoma),Tacoma,city,\(Self.wa),200000\n", named: "jurisdictions.csv")
        try expectRejection([file], "\(file):1:21: unknown column 'population'")
    }

    @Test func rejectsColumnNamedTwice() throws {
        let file = TestSupport.write("id,name,jurisdiction,role,source,name\n", named: "officials.csv")
        try expectRejection([file], "\(file):1:34: column 'name' appears twice in the header")
    }

    // MARK: - Bad values

    @Test func rejectsUnknownRoleNamingFileLineColumn() throws {
        let file = shortFile(["a-b,A B,\(Self.seattle),councilmember,S", "x-y,X Y,\(Self.seattle),bogus,S"])
        try expectRejection([file], "\(file):3:56: unknown role 'bogus' (known roles: \(Self.knownRoles))")
    }

    @Test func anAddressMayRunOverLinesButNoFieldHoldsAControlCharacter() throws {
        let header = "id,name,jurisdiction,role,source,contact_kind,contact_value,contact_note"
        let address = TestSupport.write("\(header)\na-b,A B,\(Self.seattle),mayor,S,address,\"600 4th Ave\r\nSeattle, WA\",\"Floor 7\nRoom 2\"\n",
                                        named: "officials.csv")
        let pool = try importedDatabase()
        try importFiles([address], into: pool)
        #expect(try load(pool).officials.first { $0.id == "a-b" }?.contacts.first?.display == "600 4th Ave\r\nSeattle, WA")
        let escape = TestSupport.write("\(header)\na-b,A B,\(Self.seattle),mayor,S,address,\"600 4th Ave\u{1B}[2J\",\n", named: "officials.csv")
        try expectRejection([escape], "\(escape):2:72: contact_value holds a control character (U+001B); remove it")
        let tab = TestSupport.write("\(header)\na-b,A\tB,\(Self.seattle),mayor,S,,,\n", named: "officials.csv")
        try expectRejection([tab], "\(tab):2:5: name holds a control character (U+0009); remove it")
        let jurisdiction = TestSupport.write("id,name,kind,parent\nocd-division/country:us/state:or,Ore\u{85}gon,state,\n", named: "jurisdictions.csv")
        try expectRejection([jurisdiction], "\(jurisdiction):2:34: name holds a control character (U+0085); remove it")
    }

    @Test func rejectsMalformedPhoneNamingFileLineColumn() throws {
        let file = TestSupport.write("""
            id,name,jurisdiction,role,source,contact_kind,contact_value
            a-b,A B,\(Self.seattle),mayor,S,phone,206-263-96OO

            """, named: "officials.csv")
        try expectRejection([file], "\(file):2:70: malformed phone number '206-263-96OO': unexpected character 'O'")
    }

    @Test func rejectsPhoneWithTooFewDigits() throws {
        let file = TestSupport.write("""
            id,name,jurisdiction,role,source,contact_kind,contact_value
            a-b,A B,\(Self.seattle),mayor,S,phone,263-9600

            """, named: "officials.csv")
        try expectRejection([file], "\(file):2:70: malformed phone number '263-9600': 7 digits; a North American number has 10 (an international one starts with + and a country code)")
    }

    @Test func rejectsMalformedEmailNamingFileLineColumn() throws {
        let file = TestSupport.write("""
            id,name,jurisdiction,role,source,contact_kind,contact_value
            a-b,A B,\(Self.seattle),mayor,S,email,a.b@seattle.gov
            a-b,A B,\(Self.seattle),mayor,S,email,kcexec@kingcounty

            """, named: "officials.csv")
        try expectRejection([file], "\(file):3:70: malformed e-mail address 'kcexec@kingcounty'")
    }

    @Test func rejectsUnknownContactKind() throws {
        let file = TestSupport.write("""
            id,name,jurisdiction,role,source,contact_kind,contact_value
            a-b,A B,\(Self.seattle),mayor,S,fax,206-263-9600

            """, named: "officials.csv")
        try expectRejection([file], "\(file):2:64: unknown contact kind 'fax' (known kinds: phone, email, web, address)")
    }

    @Test func rejectsMalformedOCDIdInJurisdictionsFile() throws {
        let file = TestSupport.write("""
            id,name,kind,parent
            \(Self.tacoma),Tacoma,city,\(Self.wa)
            ocd-division/country:us/st8:or,Oregon,state,\(Self.us)

            """, named: "jurisdictions.csv")
        try expectRejection([file], "\(file):3:1: malformed OCD id 'ocd-division/country:us/st8:or': segment type 'st8' must be lowercase letters or '_', with at most one '-' inside")
    }

    @Test func rejectsMalformedParentOCDIdInJurisdictionsFile() throws {
        let file = TestSupport.write("id,name,kind,parent\n\(Self.tacoma),Tacoma,city,ocd-division/country:us/state:WA\n", named: "jurisdictions.csv")
        // Column 59: after the 45-character id and ",Tacoma,city,".
        try expectRejection([file], "\(file):2:59: malformed OCD id 'ocd-division/country:us/state:WA': segment value 'WA' must be lowercase letters, digits, '_', '.', '~' or '-'")
    }

    @Test func rejectsMalformedOCDIdInOfficialsFile() throws {
        let file = shortFile(["x-y,X Y,ocd-division/country:us/state:wa/place:Seattle,mayor,S"])
        try expectRejection([file], "\(file):2:9: malformed OCD id 'ocd-division/country:us/state:wa/place:Seattle': segment value 'Seattle' must be lowercase letters, digits, '_', '.', '~' or '-'")
    }

    @Test func rejectsUnknownJurisdictionKind() throws {
        let file = TestSupport.write("id,name,kind,parent\n\(Self.tacoma),Tacoma,town,\(Self.wa)\n", named: "jurisdictions.csv")
        try expectRejection([file], "\(file):2:54: unknown kind 'town' (known kinds: country, state, territory, federal-district, county, city, ward, district, school-district, special-district, court, organization, division)")
    }

    @Test func rejectsDuplicateIdWithTwoDifferentNames() throws {
        let file = shortFile(["x-y,X Y,\(Self.seattle),councilmember,S", "x-y,Z Y,\(Self.seattle),councilmember,S"])
        try expectRejection([file], "\(file):3:1: duplicate id 'x-y': line 2 names 'X Y', this row 'Z Y'")
    }

    @Test func rejectsDuplicateJurisdictionId() throws {
        let file = TestSupport.write("id,name,kind,parent\n\(Self.tacoma),Tacoma,city,\(Self.wa)\n\(Self.tacoma),Tacoma,city,\(Self.wa)\n",
                                     named: "jurisdictions.csv")
        try expectRejection([file], "\(file):3:1: duplicate id '\(Self.tacoma)' (first at \(file):2:1)")
    }

    @Test func rejectsRowsForOneIdThatDisagree() throws {
        let file = shortFile(["x-y,X Y,\(Self.seattle),councilmember,Roster 2018", "x-y,X Y,\(Self.seattle),councilmember,Roster 2019"])
        try expectRejection([file], "\(file):3:1: rows for 'x-y' disagree: repeat the official's fields as on line 2, or leave only the contact columns different")
    }

    @Test func rejectsMalformedOfficialId() throws {
        let file = shortFile(["Jenny_Durkan,Jenny Durkan,\(Self.seattle),mayor,S"])
        try expectRejection([file], "\(file):2:1: malformed id 'Jenny_Durkan'; use lowercase letters, digits and dashes")
    }

    @Test func rejectsOfficialWithoutSource() throws {
        let file = shortFile(["x-y,X Y,\(Self.seattle),mayor,"])
        try expectRejection([file], "\(file):2:62: empty source for official 'x-y'; say where the record comes from")
    }

    @Test func rejectsOfficeRowWithOfficialFields() throws {
        let file = shortFile([",X Y,\(Self.seattle),mayor,S"])
        try expectRejection([file], "\(file):2:1: a row without an id describes an office, but name is filled in; give the official an id")
    }

    @Test func rejectsInvalidUTF8NamingTheByteAndItsPlace() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder + "/officials.csv"
        var bytes = Array("\(Self.shortHeader)\na-b,A B,\(Self.seattle),councilmember,S\nb-c,B".utf8)
        bytes.append(0xFF)
        bytes += Array("C,\(Self.seattle),councilmember,S\n".utf8)
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        try expectRejection([file], "\(file):3:6: invalid UTF-8 (byte 0xFF); save the file as UTF-8, or give --encoding windows-1252 if it is in that encoding")
    }

    @Test func rejectsInvalidUTF8AfterMultibyteCharactersCountingCharacters() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder + "/officials.csv"
        var bytes = Array("\(Self.shortHeader)\nl-g,Lorena Gonz\u{E1}lez ".utf8)
        bytes += [0xC3, 0x28]  // a lead byte without its continuation
        bytes += Array(",\(Self.seattle),councilmember,S\n".utf8)
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        // "l-g,Lorena González " is 20 characters (21 bytes).
        try expectRejection([file], "\(file):2:21: invalid UTF-8 (byte 0xC3); save the file as UTF-8, or give --encoding windows-1252 if it is in that encoding")
    }

    @Test func rejectsUnknownJurisdictionNamingFileLineColumn() throws {
        let file = shortFile(["a-b,A B,\(Self.seattle),councilmember,S", "t-m,T M,\(Self.tacoma),mayor,S"])
        try expectRejection([file], "\(file):3:9: unknown jurisdiction '\(Self.tacoma)'; add it to jurisdictions.csv or with `campaign jurisdictions add`")
    }

    @Test func acceptsJurisdictionDescribedInTheSameImport() throws {
        let pool = try importedDatabase()
        let jurisdictions = TestSupport.write("id,name,kind,parent\n\(Self.tacoma),Tacoma,city,\(Self.wa)\n", named: "jurisdictions.csv")
        let officials = shortFile(["t-m,T M,\(Self.tacoma),mayor,S"])
        let plan = try importFiles([jurisdictions, officials], into: pool)
        #expect(plan.jurisdictions.added == [Self.tacoma])
        #expect(plan.officials.added == ["t-m"])
    }

    @Test func rejectsUnknownParentJurisdiction() throws {
        let file = TestSupport.write("id,name,kind,parent\n\(Self.tacoma),Tacoma,city,ocd-division/country:us/state:wa/county:pierce\n",
                                     named: "jurisdictions.csv")
        try expectRejection([file], "\(file):2:59: unknown jurisdiction 'ocd-division/country:us/state:wa/county:pierce'; add it to jurisdictions.csv or with `campaign jurisdictions add`")
    }

    @Test func rejectsWrongFieldCountNamingTheRecord() throws {
        let file = shortFile(["a-b,A B,\(Self.seattle),councilmember,S", "x-y,X Y,\(Self.seattle),mayor"])
        try expectRejection([file], "\(file):3:1: 4 fields where the header has 5 columns")
    }

    @Test func rejectsUnclosedQuoteAtTheFieldItOpens() throws {
        let file = shortFile(["a-b,A B,\(Self.seattle),councilmember,S", "z-y,\"Z Y,\(Self.seattle),mayor,S", "c-d,C D,\(Self.seattle),sheriff,S"])
        try expectRejection([file], "\(file):3:5: a quoted field is never closed")
    }

    @Test func rejectsTextAfterAClosingQuote() throws {
        let file = shortFile(["a-b,\"A\"B,\(Self.seattle),councilmember,S"])
        try expectRejection([file], "\(file):2:8: unexpected character \"B\" after a closing quote; a quote inside a quoted field is written twice (\"\")")
    }

    @Test func rejectsMalformedDateNamingColumnAndPlace() throws {
        let file = TestSupport.write("id,name,jurisdiction,role,source,verified\nx-y,X Y,\(Self.seattle),mayor,S,2019-02-30\n", named: "officials.csv")
        try expectRejection([file], "\(file):2:64: malformed date '2019-02-30' in verified; write YYYY-MM-DD, YYYY-MM or YYYY")
    }

    @Test func rejectsMalformedTermDate() throws {
        let file = TestSupport.write("id,name,jurisdiction,role,source,term_start\nx-y,X Y,\(Self.seattle),mayor,S,2019-13\n", named: "officials.csv")
        try expectRejection([file], "\(file):2:64: malformed date '2019-13' in term_start; write YYYY-MM-DD, YYYY-MM or YYYY")
    }

    @Test func rejectsEmptyFile() throws {
        let file = TestSupport.write("", named: "officials.csv")
        try expectRejection([file], "\(file):1:1: the file is empty; expected a header row")
    }

    @Test func rejectsMissingFile() throws {
        let path = TestSupport.temporaryFolder() + "/nowhere.csv"
        try expectRejection([path], "cannot read \(path): no such file or folder")
    }

    // MARK: - Popolo JSON

    static let post = #"{"id": "p1", "role": "mayor", "area_id": "ocd-division/country:us/state:wa/place:seattle"}"#

    @Test func rejectsPopoloSyntaxErrorWithLineAndColumn() throws {
        let file = TestSupport.write("""
            {
              "areas": [
                {"id": "ocd-division/country:us", "name": "United States" "classification": "country"}
              ]
            }

            """, named: "directory.json")
        try expectRejection([file], "\(file):3:63: expected ',' or '}' in an object")
    }

    @Test func rejectsPopoloUnclosedString() throws {
        let file = TestSupport.write("{\n  \"areas\": [\n    {\"id\": \"ocd-division\n", named: "directory.json")
        try expectRejection([file], "\(file):3:25: a string is not closed before the end of the line")
    }

    @Test func rejectsPopoloUnknownRoleInAPost() throws {
        let file = TestSupport.write("""
            {
              "areas": [],
              "posts": [
                {"id": "p1", "role": "bogus", "area_id": "ocd-division/country:us/state:wa/place:seattle"}
              ]
            }

            """, named: "directory.json")
        try expectRejection([file], "\(file):4:26: unknown role 'bogus' (known roles: \(Self.knownRoles)); add it to roles.toml in your templates folder")
    }

    @Test func rejectsPopoloPersonWithoutMembership() throws {
        let file = TestSupport.write("""
            {
              "posts": [
                \(Self.post)
              ],
              "persons": [
                {"id": "x-y", "name": "X Y", "sources": [{"note": "S"}]}
              ],
              "memberships": []
            }

            """, named: "directory.json")
        try expectRejection([file], "\(file):6:5: person 'x-y' has no membership, so no office to import them for")
    }

    @Test func rejectsPopoloMembershipOfUnknownPost() throws {
        let file = TestSupport.write("""
            {
              "posts": [
                \(Self.post)
              ],
              "persons": [
                {"id": "x-y", "name": "X Y", "sources": [{"note": "S"}]}
              ],
              "memberships": [
                {"person_id": "x-y", "post_id": "p2"}
              ]
            }

            """, named: "directory.json")
        try expectRejection([file], "\(file):9:37: unknown post 'p2'")
    }

    @Test func rejectsPopoloPersonWithoutSources() throws {
        let file = TestSupport.write("""
            {
              "posts": [\(Self.post)],
              "persons": [{"id": "x-y", "name": "X Y"}],
              "memberships": [{"person_id": "x-y", "post_id": "p1"}]
            }

            """, named: "directory.json")
        try expectRejection([file], "\(file):3:15: missing 'sources'; say where the record comes from")
    }

    @Test func rejectsPopoloUnknownArea() throws {
        let file = TestSupport.write("""
            {
              "posts": [{"id": "p1", "role": "mayor", "area_id": "ocd-division/country:us/state:wa/place:tacoma"}],
              "persons": [{"id": "x-y", "name": "X Y", "sources": [{"note": "S"}]}],
              "memberships": [{"person_id": "x-y", "post_id": "p1"}]
            }

            """, named: "directory.json")
        try expectRejection([file], "\(file):2:54: unknown jurisdiction '\(Self.tacoma)'; add it to jurisdictions.csv or with `campaign jurisdictions add`")
    }

    @Test func reportsEveryPopoloProblemAtOnce() throws {
        let file = TestSupport.write("""
            {
              "posts": [
                {"id": "p1", "role": "bogus", "area_id": "ocd-division/country:us/state:wa/place:seattle"},
                {"id": "p2", "role": "mayor", "area_id": "seattle"}
              ],
              "persons": [
                {"id": "x-y", "name": "X Y", "sources": [{"note": "S"}]}
              ]
            }

            """, named: "directory.json")
        try expectRejections([file], [
            "\(file):3:26: unknown role 'bogus' (known roles: \(Self.knownRoles)); add it to roles.toml in your templates folder",
            "\(file):4:46: malformed OCD id 'seattle': an OCD id starts with 'ocd-division/' (or 'ocd-organization/')",
            "\(file):7:5: person 'x-y' has no membership, so no office to import them for",
        ])
    }

    @Test func importsAPopoloDocument() throws {
        let pool = try importedDatabase()
        let file = TestSupport.write("""
            {
              "posts": [\(Self.post)],
              "persons": [{"id": "x-y", "name": "X Y", "pronouns": "they/them",
                           "contact_details": [{"type": "voice", "value": "206-684-4000", "label": "Office"}],
                           "sources": [{"url": "https://seattle.gov/mayor", "verified": "2019-03"}]}],
              "memberships": [{"person_id": "x-y", "post_id": "p1", "party": "Independent", "start_date": "2019"}]
            }

            """, named: "directory.json")
        let plan = try importFiles([file], into: pool)
        #expect(plan.officials.added == ["x-y"])
        let official = try #require(try load(pool).officials.first { $0.id == "x-y" })
        #expect(official.officeID == "\(Self.seattle)/office:mayor")
        #expect(official.sortName == "Y, X")
        #expect(official.pronouns == "they/them" && official.party == "Independent")
        #expect(official.termStart == PartialDate("2019"))
        #expect(official.source == "https://seattle.gov/mayor" && official.verified == PartialDate("2019-03"))
        #expect(official.contacts.map(\.value) == ["+12066844000"])
        #expect(official.contacts.first?.source == "https://seattle.gov/mayor")
        #expect(official.contacts.first?.verified == PartialDate("2019-03"))
    }

    // MARK: - All or nothing, all errors at once

    @Test func fileWithFiveGoodRowsAndOneBadRowWritesNone() throws {
        let ids = ["c-one", "c-two", "c-three", "c-four", "c-five"]
        let good = ids.map { "\($0),\($0.uppercased()),\(Self.seattle),councilmember,S" }
        let file = shortFile(Array(good[0..<3]) + ["c-bad,C Bad,\(Self.seattle),alderman,S"] + Array(good[3...]))
        let pool = try importedDatabase()
        let before = try TestSupport.snapshot(pool.path)
        #expect(throws: InputError("unknown role 'alderman' (known roles: \(Self.knownRoles))",
                                   at: Campaign.SourceLocation(file: file, line: 5, column: 60))) {
            try importFiles([file], into: pool)
        }
        #expect(try TestSupport.snapshot(pool.path) == before)
        let stored = Set(try load(pool).officials.map(\.id))
        #expect(stored.isDisjoint(with: ids + ["c-bad"]))
        #expect(stored == Set(Self.allOfficialIDs))
    }

    @Test func goodFileWithBadReferenceInAnotherWritesNone() throws {
        let jurisdictions = TestSupport.write("id,name,kind,parent\n\(Self.tacoma),Tacoma,city,\(Self.wa)\n", named: "jurisdictions.csv")
        let officials = shortFile(["t-m,T M,\(Self.tacoma),mayor,S",
                                   "s-p,S P,ocd-division/country:us/state:wa/county:pierce,sheriff,S"])
        try expectRejection([jurisdictions, officials], "\(officials):3:9: unknown jurisdiction 'ocd-division/country:us/state:wa/county:pierce'; add it to jurisdictions.csv or with `campaign jurisdictions add`")
    }

    @Test func reportsEveryProblemOfAFileInOneGo() throws {
        let file = shortFile([
            "a-b,A B,\(Self.seattle),bogus,S",
            "c-d,C D,\(Self.seattle),councilmember,S",
            "e-f,E F,\(Self.seattle),mayor",
            "g-h,G H,ocd-division/country:us/state:wa/place:Seattle,mayor,S",
            "i-j,I J,\(Self.seattle),mayor,S,extra",
        ])
        try expectRejections([file], [
            "\(file):2:56: unknown role 'bogus' (known roles: \(Self.knownRoles))",
            "\(file):4:1: 4 fields where the header has 5 columns",
            "\(file):5:9: malformed OCD id 'ocd-division/country:us/state:wa/place:Seattle': segment value 'Seattle' must be lowercase letters, digits, '_', '.', '~' or '-'",
            "\(file):6:1: 6 fields where the header has 5 columns",
        ])
    }

    @Test func reportsEveryUnknownJurisdictionInOneGo() throws {
        let file = shortFile(["t-m,T M,\(Self.tacoma),mayor,S", "p-s,P S,ocd-division/country:us/state:wa/county:pierce,sheriff,S"])
        try expectRejections([file], [
            "\(file):2:9: unknown jurisdiction '\(Self.tacoma)'; add it to jurisdictions.csv or with `campaign jurisdictions add`",
            "\(file):3:9: unknown jurisdiction 'ocd-division/country:us/state:wa/county:pierce'; add it to jurisdictions.csv or with `campaign jurisdictions add`",
        ])
    }

    /// Problems in several files are reported together, whether a file has
    /// one problem or several.
    @Test func reportsProblemsOfSeveralFilesInOneGo() throws {
        let jurisdictions = TestSupport.write("id,name,kind,parent\n\(Self.tacoma),Tacoma,town,\(Self.wa)\n", named: "jurisdictions.csv")
        let officials = shortFile(["a-b,A B,\(Self.seattle),bogus,S", "e-f,E F,\(Self.seattle),mayor"])
        let expected = [
            "\(jurisdictions):2:54: unknown kind 'town' (known kinds: country, state, territory, federal-district, county, city, ward, district, school-district, special-district, court, organization, division)",
            "\(officials):2:56: unknown role 'bogus' (known roles: \(Self.knownRoles))",
            "\(officials):3:1: 4 fields where the header has 5 columns",
        ]
        try expectRejections([jurisdictions, officials], expected)
        // The same the other way round: a file with several problems, then one with one.
        try expectRejections([officials, jurisdictions], Array(expected[1...]) + [expected[0]])
    }

    @Test func reportsTheSameIdInTwoFiles() throws {
        let first = shortFile(["x-y,X Y,\(Self.seattle),mayor,S"], named: "a.csv")
        let second = shortFile(["x-y,X Y,\(Self.seattle),mayor,S"], named: "b.csv")
        try expectRejection([first, second], "\(second):2:1: duplicate id 'x-y' (first described at \(first):2:1)")
    }

    /// An office that only an official's row names keeps the titles and
    /// contacts stored for it, and the seat as stored when the file writes
    /// it otherwise; its district follows the file.
    @Test func anOfficeOnlyAnOfficialsRowNamesKeepsWhatIsStoredForIt() throws {
        let pool = try importedDatabase()
        let header = "id,name,jurisdiction,role,seat,district,title_en,source,contact_kind,contact_value"
        let officeID = "\(Self.seattle)/office:councilmember/seat:position-8"
        try importFiles([TestSupport.write("""
            \(header)
            ,,\(Self.seattle),councilmember,Position 8,8,Councilmember for Position 8,Roster,web,https://seattle.gov/council/position-8
            w-bob,Bob White,\(Self.seattle),councilmember,Position 8,8,,Roster,,

            """, named: "officials.csv")], into: pool)
        let stored = try #require(try load(pool).office(officeID))
        #expect(stored.titles == ["en": "Councilmember for Position 8"] && stored.contacts.count == 1)

        // The same seat: nothing changes.
        let same = try importFiles([TestSupport.write("\(header)\nw-bob,Bob White,\(Self.seattle),councilmember,Position 8,8,,Roster,,\n",
                                                      named: "officials.csv")], into: pool)
        #expect(same.offices.unchanged.contains(officeID) && same.officials.unchanged == ["w-bob"])
        #expect(try load(pool).office(officeID) == stored)

        // The seat written otherwise (the same id) and another district: the stored office, with the file's district.
        let other = try importFiles([TestSupport.write("\(header)\nw-bob,Bob White,\(Self.seattle),councilmember,position  8,9,,Roster,,\n",
                                                       named: "officials.csv")], into: pool)
        #expect(other.offices.changed == [officeID])
        var expected = stored
        expected.districtCode = "9"
        #expect(try load(pool).office(officeID) == expected)
    }

    /// The first file's records are taken as they are into a directory
    /// with none yet, but not a file's that gives one id twice: those are
    /// merged one by one, and the second is reported.
    @Test func mergingIntoNothingStillReportsAnIdGivenTwiceInOneFile() throws {
        let officeID = Office(jurisdictionID: Self.seattle, role: "mayor").id
        let place = SourceLocation(file: "people.json", line: 3)
        var one = ParsedDirectory()
        one.directory.officials = [Official(id: "x-y", name: "X Y", sortName: "Y, X", officeID: officeID, source: "S", verified: nil),
                                   Official(id: "x-y", name: "X Z", sortName: "Z, X", officeID: officeID, source: "S", verified: nil)]
        one.officialLocations = ["x-y": place]
        one.directory.offices = [Office(jurisdictionID: Self.seattle, role: "mayor"), Office(jurisdictionID: Self.seattle, role: "mayor", titles: ["en": "Boss"])]
        one.officeLocations = [officeID: place]
        var merged = ParsedDirectory()
        let errors = InputErrorCollector()
        merged.merge(one, errors: errors)
        #expect(merged.directory.officials.map(\.name) == ["X Y"])
        #expect(merged.directory.offices.map(\.titles) == [["en": "Boss"]])
        #expect(errors.errors.map(\.description) == ["people.json:3:1: duplicate id 'x-y' (first described at people.json:3:1)"])

        // Without a repeated id, what is merged into nothing is what was read.
        var single = one
        single.directory.officials.removeLast()
        single.directory.offices.removeLast()
        var taken = ParsedDirectory()
        taken.merge(single, errors: errors)
        #expect(taken.directory == single.directory && taken.officialLocations == single.officialLocations)
    }

    // MARK: - Files as spreadsheets write them

    @Test func readsUTF8WithBOMAndCRLFAndQuotedFieldsHoldingCommasQuotesAndNewlines() throws {
        let rows = [
            Self.header,
            "w-bob,\"White, Robert \"\"Bob\"\"\",\"White, Robert\",,,\(Self.seattle),councilmember,Position 8,,,,,,\"Seattle council roster, 2019\",2019-01-02,address,\"600 4th Ave, Floor 2\nSeattle, WA 98104\",Office,\"Mon–Fri, 9–5\",\"Say \"\"hi\"\"\nthen wait\",,",
            "w-ann,Ann Lee,,,,\(Self.seattle),councilmember,Position 1,,,,,,Roster,,email,ann.lee@seattle.gov,,,,,",
        ]
        let folder = TestSupport.temporaryFolder()
        let file = folder + "/officials.csv"
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(rows.joined(separator: "\r\n").utf8) + Array("\r\n".utf8)
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))

        let pool = try importedDatabase()
        let plan = try importFiles([file], into: pool)
        #expect(plan.officials.added == ["w-bob", "w-ann"])
        let directory = try load(pool)
        let officeID = "\(Self.seattle)/office:councilmember/seat:position-8"
        let source = "Seattle council roster, 2019"
        let expected = Official(
            id: "w-bob", name: "White, Robert \"Bob\"", sortName: "White, Robert", officeID: officeID,
            source: source, verified: PartialDate("2019-01-02"),
            contacts: [try Contact(kind: .address, display: "600 4th Ave, Floor 2\nSeattle, WA 98104", label: "Office",
                                   hours: "Mon–Fri, 9–5", note: "Say \"hi\"\nthen wait", source: source, verified: PartialDate("2019-01-02"))])
        #expect(directory.officials.first { $0.id == "w-bob" } == expected)
        let ann = try #require(directory.officials.first { $0.id == "w-ann" })
        #expect(ann.name == "Ann Lee" && ann.sortName == "Lee, Ann")
        #expect(ann.contacts.map(\.value) == ["ann.lee@seattle.gov"])
        #expect(ann.verified == nil)
        #expect(directory.office(officeID)?.seat == "Position 8")
    }

    @Test func readsHeaderNamesRegardlessOfCaseAndSpaces() throws {
        let pool = try importedDatabase()
        let file = TestSupport.write(" ID , Name ,JURISDICTION,Role,Source\nx-y,X Y,\(Self.seattle),sheriff,S\n", named: "officials.csv")
        let plan = try importFiles([file], into: pool)
        #expect(plan.officials.added == ["x-y"])
    }

    // MARK: - Re-import, changes, prune, dry run

    @Test func reimportOfTheSameFilesReportsAllUnchangedAndChangesNothing() throws {
        let pool = try importedDatabase()
        let before = try TestSupport.snapshot(pool.path)
        let plan = try importFiles(fixtureFiles(), into: pool)
        #expect(plan.isEmpty)
        #expect(plan.jurisdictions.unchanged == [Self.us, Self.wa, Self.king, Self.seattle])
        #expect(plan.offices.unchanged.count == 5)
        #expect(plan.officials.unchanged.sorted() == Self.allOfficialIDs)
        #expect(plan.officials.added.isEmpty && plan.officials.changed.isEmpty && plan.officials.removed.isEmpty)
        #expect(try TestSupport.snapshot(pool.path) == before)
    }

    @Test func changingOneOfficialsPhoneReportsExactlyThatOfficialChanged() throws {
        let pool = try importedDatabase()
        let changed = Self.officials.replacingOccurrences(of: "206-263-9600", with: "206-263-9601")
        #expect(changed != Self.officials)
        let plan = try importFiles([TestSupport.write(changed, named: "officials.csv")], into: pool)
        #expect(plan.officials.changed == ["king-county-dow-constantine"])
        #expect(plan.officials.added.isEmpty && plan.officials.removed.isEmpty)
        #expect(plan.officials.unchanged.sorted() == ["seattle-jenny-durkan", "seattle-lorena-gonzalez", "wa-jay-inslee"])
        #expect(plan.offices.changed.isEmpty && plan.offices.added.isEmpty)
        #expect(plan.jurisdictions == DirectoryImport.Plan.Tally())
        let constantine = try #require(try load(pool).officials.first { $0.id == "king-county-dow-constantine" })
        #expect(constantine.contacts.map(\.value) == ["+12062639601", "kcexec@kingcounty.gov"])
    }

    @Test func pruneDryRunListsTheMissingOfficialAndWritesNothing() throws {
        let pool = try importedDatabase()
        let before = try TestSupport.snapshot(pool.path)
        let withoutInslee = ([Self.header] + Self.officialRows.filter { $0 != Self.insleeRow }).joined(separator: "\n") + "\n"
        let file = TestSupport.write(withoutInslee, named: "officials.csv")
        let plan = try importFiles([file], into: pool, dryRun: true, prune: true)
        #expect(plan.officials.removed == ["wa-jay-inslee"])
        #expect(plan.offices.removed == ["\(Self.wa)/office:governor"])
        #expect(plan.officials.unchanged.sorted() == ["king-county-dow-constantine", "seattle-jenny-durkan", "seattle-lorena-gonzalez"])
        #expect(plan.jurisdictions.removed.isEmpty)
        #expect(try TestSupport.snapshot(pool.path) == before)
    }

    @Test func pruneRemovesTheMissingOfficialAndTheirUnheldOffice() throws {
        let pool = try importedDatabase()
        let withoutInslee = ([Self.header] + Self.officialRows.filter { $0 != Self.insleeRow }).joined(separator: "\n") + "\n"
        let plan = try importFiles([TestSupport.write(withoutInslee, named: "officials.csv")], into: pool, prune: true)
        #expect(plan.officials.removed == ["wa-jay-inslee"])
        let directory = try load(pool)
        #expect(directory.officials.map(\.id) == ["king-county-dow-constantine", "seattle-jenny-durkan", "seattle-lorena-gonzalez"])
        #expect(directory.office("\(Self.wa)/office:governor") == nil)
        #expect(directory.office("\(Self.king)/office:councilmember") != nil)
        #expect(directory.jurisdictions.count == 4)
        // The contacts went with the official.
        let contacts = try pool.read { try $0.value("SELECT count(*) FROM contacts WHERE official_id = 'wa-jay-inslee'", as: Int.self) }
        #expect(contacts == 0)
    }

    @Test func withoutPruneOfficialsMissingFromTheFilesStay() throws {
        let pool = try importedDatabase()
        let before = try TestSupport.snapshot(pool.path)
        let onlyDurkan = [Self.header, Self.durkanRow].joined(separator: "\n") + "\n"
        let plan = try importFiles([TestSupport.write(onlyDurkan, named: "officials.csv")], into: pool)
        #expect(plan.officials.unchanged == ["seattle-jenny-durkan"])
        #expect(plan.officials.removed.isEmpty && plan.offices.removed.isEmpty)
        #expect(try TestSupport.snapshot(pool.path) == before)
    }

    @Test func dryRunReportsThePlanAndWritesNothing() throws {
        let pool = try importedDatabase()
        let before = try TestSupport.snapshot(pool.path)
        let rows = Self.officialRows.map { $0.replacingOccurrences(of: "(360) 902-4110", with: "(360) 902-4111") }
            + ["seattle-pete-holmes,Pete Holmes,,,,\(Self.seattle),city-attorney,,,,,,,Roster,,,,,,,,"]
        let file = TestSupport.write(([Self.header] + rows).joined(separator: "\n") + "\n", named: "officials.csv")
        let plan = try importFiles([file], into: pool, dryRun: true)
        #expect(plan.officials.added == ["seattle-pete-holmes"])
        #expect(plan.officials.changed == ["wa-jay-inslee"])
        #expect(plan.offices.added == ["\(Self.seattle)/office:city-attorney"])
        #expect(!plan.isEmpty)
        #expect(try TestSupport.snapshot(pool.path) == before)
        // The same import for real writes what the dry run announced.
        #expect(try importFiles([file], into: pool) == plan)
        #expect(try TestSupport.snapshot(pool.path) != before)
    }

    @Test func dryRunStillRefusesBadReferences() throws {
        let pool = try importedDatabase()
        let file = shortFile(["t-m,T M,\(Self.tacoma),mayor,S"])
        #expect(throws: InputError.self) { try importFiles([file], into: pool, dryRun: true) }
    }

    @Test func readsAFolderJurisdictionsFirst() throws {
        let folder = TestSupport.temporaryFolder()
        // Officials first on disk order would fail without the jurisdictions.
        #expect(FileManager.default.createFile(atPath: folder + "/officials.csv", contents: Data(Self.officials.utf8)))
        #expect(FileManager.default.createFile(atPath: folder + "/jurisdictions.csv", contents: Data(Self.jurisdictions.utf8)))
        #expect(FileManager.default.createFile(atPath: folder + "/notes.txt", contents: Data("not read".utf8)))
        let pool = try TestSupport.temporaryDatabase()
        let plan = try importFiles([folder], into: pool)
        #expect(plan.officials.added.sorted() == Self.allOfficialIDs)
        #expect(try DirectoryImport.expand([folder]) == [folder + "/jurisdictions.csv", folder + "/officials.csv"])
    }
}
