@testable import Campaign
import Foundation
import Testing

/// Popolo files as they are published (Fixtures/popolo/northfield-council.json,
/// shaped like EveryPolitician's files): areas of any id, no posts, several
/// memberships per person, ids that are not slugs, problems per record and
/// in file order, and imports that skip what is invalid.
@Suite struct PopoloPublishedTests {
    static let file = TestSupport.fixture("popolo/northfield-council.json")
    static let northfield = "ocd-division/country:gb/local_authority:northfield"
    static let options = PopoloOptions(within: northfield, asOf: PartialDate("2025-01-15"))
    static let emailProblem = "\(file):18:54: malformed e-mail address 'dafydd.price(at)northfield.example'"
    static let nameProblem = "\(file):136:5: missing 'name'"

    static func bytes(_ path: String = file) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    func read(_ options: PopoloOptions = Self.options) throws -> ParsedDirectory {
        try PopoloJSON.read(bytes: Self.bytes(), file: Self.file, options: options)
    }

    func official(_ id: String, in parsed: ParsedDirectory) throws -> Official {
        try #require(parsed.directory.officials.first { $0.id == id }, "no official '\(id)'")
    }

    /// A small published-style document around `memberships` and `persons`.
    static func document(organizations: String = #"{"id": "council", "classification": "legislature", "name": "Council", "area_id": "ocd-division/country:gb/local_authority:northfield"}"#,
                         persons: String, memberships: String) -> String {
        """
        {
          "persons": [\(persons)],
          "organizations": [\(organizations)],
          "memberships": [\(memberships)],
          "areas": [{"id": "ocd-division/country:gb/local_authority:northfield", "name": "Northfield", "type": "local authority"}]
        }

        """
    }

    // MARK: - Areas

    @Test func areasWithOtherIdsBecomeJurisdictionsUnderWithinKeepingTheirIds() throws {
        let parsed = try read()
        let ward = Jurisdiction.Kind.ward
        #expect(parsed.directory.jurisdictions == [
            Jurisdiction(id: Self.northfield, name: "Northfield", kind: .city),
            Jurisdiction(id: "\(Self.northfield)/ward:q1001", name: "Abbey", kind: ward, parentID: Self.northfield,
                         identifiers: [ExternalIdentifier(scheme: "popolo", value: "Q1001")]),
            Jurisdiction(id: "\(Self.northfield)/ward:area-castle", name: "Castle", kind: ward, parentID: Self.northfield,
                         identifiers: [ExternalIdentifier(scheme: "popolo", value: "area/castle")]),
            Jurisdiction(id: "\(Self.northfield)/ward:e05001003", name: "Market", kind: ward, parentID: Self.northfield,
                         identifiers: [ExternalIdentifier(scheme: "popolo", value: "E05001003")]),
        ])
        #expect(Array(parsed.derivedParents) == [Self.northfield])
    }

    @Test func areaKindsFollowTheirTypeOrClassification() {
        #expect(PopoloReader.kind(of: "constituency") == .district)
        #expect(PopoloReader.kind(of: "Ward") == .ward)
        #expect(PopoloReader.kind(of: "district") == .district)
        #expect(PopoloReader.kind(of: "county") == .county)
        #expect(PopoloReader.kind(of: "parish council area") == nil)
    }

    @Test func withoutWithinEachAreaWithAnotherIdIsReportedNamingTheOption() throws {
        let parsed = try read(PopoloOptions(asOf: PartialDate("2025-01-15")))
        let hint = "has no OCD division id; give --within OCD-ID to import it under that division, its id kept as an external identifier"
        #expect(parsed.problems.map(\.description) == [
            Self.emailProblem,
            "\(Self.file):133:12: area 'Q1001' \(hint)",
            "\(Self.file):134:38: area 'area/castle' \(hint)",
            "\(Self.file):135:12: area 'E05001003' \(hint)",
            Self.nameProblem,
        ])
    }

    // MARK: - Memberships, offices, several per person

    @Test func membershipsWithoutPostsMakeOfficesFromOrganizationAreaAndRole() throws {
        let parsed = try read()
        #expect(parsed.directory.offices.map(\.id) == [
            "\(Self.northfield)/ward:q1001/office:councilmember/seat:abbey",
            "\(Self.northfield)/ward:area-castle/office:councilmember/seat:castle",
            "\(Self.northfield)/office:mayor",
            "\(Self.northfield)/ward:e05001003/office:councilmember/seat:market",
        ])
        #expect(parsed.directory.offices.first?.seat == "Abbey")
    }

    @Test func aPersonWithTwoCurrentMembershipsBecomesOneOfficialPerMembership() throws {
        let parsed = try read()
        let councillor = try official("robert-evans", in: parsed)
        let mayor = try official("robert-evans-mayor", in: parsed)
        #expect(councillor.officeID == "\(Self.northfield)/ward:area-castle/office:councilmember/seat:castle")
        #expect(mayor.officeID == "\(Self.northfield)/office:mayor")
        #expect(mayor.termStart == PartialDate("2024-05-20"))
        let identifiers = [ExternalIdentifier(scheme: "popolo", value: "person/bob-evans")]
        #expect(councillor.identifiers == identifiers && mayor.identifiers == identifiers)
        #expect(councillor.contacts.map(\.value) == ["+441632960123"], "a fax is no channel the directory keeps")
        #expect(councillor.party == "Labour" && mayor.party == "Labour")
        #expect(councillor.sortName == "Evans, Bob")
    }

    @Test func endedMembershipsAreKeptOnlyForAPersonWithNoCurrentOne() throws {
        let parsed = try read()
        // Alice's 2018 membership ended with its legislative period; her 2022 one is current.
        let alice = try official("alice-hughes", in: parsed)
        #expect(alice.termStart == PartialDate("2022-05-05") && alice.termEnd == nil)
        #expect(parsed.directory.officials.filter { $0.name == "Alice Hughes" }.count == 1)
        let carys = try official("carys-jones", in: parsed)
        #expect(carys.termEnd == PartialDate("2022-05-04"))
        // Before the 2018 period ended both memberships were current, for the same office: one record, the later one.
        let earlier = try read(PopoloOptions(within: Self.northfield, asOf: PartialDate("2022-05-01")))
        #expect(earlier.directory.officials.filter { $0.name == "Alice Hughes" }.map(\.termStart) == [PartialDate("2022-05-05")])
    }

    @Test func partyComesFromOnBehalfOfAndSortNameFromFamilyAndGivenNames() throws {
        let parsed = try read()
        let alice = try official("alice-hughes", in: parsed)
        #expect(alice.party == "Labour")
        #expect(alice.sortName == "Hughes, Alice")
        #expect(try official("carys-jones", in: parsed).party == "Plaid Cymru")
    }

    // MARK: - Ids

    @Test func idsThatAreNotSlugsBecomeSlugsOfTheNameAndAreKeptAsIdentifiers() throws {
        let parsed = try read()
        #expect(parsed.directory.officials.map(\.id) == ["alice-hughes", "robert-evans", "robert-evans-mayor", "carys-jones"])
        #expect(try official("alice-hughes", in: parsed).identifiers == [
            ExternalIdentifier(scheme: "popolo", value: "e5da3a6e-7fe7-4325-b936-325a44babca8"),
            ExternalIdentifier(scheme: "wikidata", value: "Q2001"),
        ])
        #expect(try official("carys-jones", in: parsed).identifiers == [ExternalIdentifier(scheme: "popolo", value: "Q3003")])
    }

    @Test func twoPeopleWithOneNameGetDistinctSlugs() throws {
        let text = Self.document(
            persons: #"{"id": "Q1", "name": "Ana Ruiz", "sources": [{"note": "S"}]}, {"id": "Q2", "name": "Ana Ruiz", "sources": [{"note": "S"}]}, {"id": "ana-ruiz-2", "name": "Ana Ruiz", "sources": [{"note": "S"}]}"#,
            memberships: #"{"person_id": "Q1", "organization_id": "council"}, {"person_id": "Q2", "organization_id": "council"}, {"person_id": "ana-ruiz-2", "organization_id": "council"}"#)
        let parsed = try PopoloJSON.parse(bytes: Array(text.utf8), file: "council.json")
        #expect(parsed.directory.officials.map(\.id) == ["ana-ruiz", "ana-ruiz-3", "ana-ruiz-2"], "an id the file gives is kept")
    }

    @Test func reimportMatchesByIdentifierSoARenamedPersonKeepsTheirSlugs() throws {
        let pool = try TestSupport.temporaryDatabase()
        let first = try DirectoryImport.run(DirectoryImport.read(paths: [Self.file], popolo: Self.options, skipInvalid: true), into: pool)
        #expect(first.officials.added.sorted() == ["alice-hughes", "carys-jones", "robert-evans", "robert-evans-mayor"])
        let again = try DirectoryImport.run(DirectoryImport.read(paths: [Self.file], popolo: Self.options, skipInvalid: true), into: pool)
        #expect(again.officials.added.isEmpty && again.officials.changed.isEmpty && again.officials.unchanged.count == 4)

        let renamed = String(decoding: try Self.bytes(), as: UTF8.self).replacingOccurrences(of: "\"Robert Evans\"", with: "\"Bob Evans\"")
        let file = TestSupport.write(renamed, named: "northfield-council.json")
        let plan = try DirectoryImport.run(DirectoryImport.read(paths: [file], popolo: Self.options, skipInvalid: true), into: pool)
        #expect(plan.officials.added.isEmpty)
        #expect(plan.officials.changed.sorted() == ["robert-evans", "robert-evans-mayor"])
        let stored = try pool.read { try DirectoryStore.load($0) }
        #expect(stored.officials.filter { $0.name == "Bob Evans" }.map(\.id).sorted() == ["robert-evans", "robert-evans-mayor"])
    }

    @Test func aMadeSlugHeldByAnotherStoredOfficialTakesTheNextNumber() throws {
        let pool = try TestSupport.temporaryDatabase()
        let text = Self.document(persons: #"{"id": "alice-hughes", "name": "Alice Hughes", "sources": [{"note": "S"}]}"#,
                                 memberships: #"{"person_id": "alice-hughes", "organization_id": "council", "role": "mayor"}"#)
        try DirectoryImport.run(DirectoryImport.read(paths: [TestSupport.write(text, named: "own.json")]), into: pool)
        let plan = try DirectoryImport.run(DirectoryImport.read(paths: [Self.file], popolo: Self.options, skipInvalid: true), into: pool)
        #expect(plan.officials.added.contains("alice-hughes-2"))
        // The stored Alice Hughes stays who she was; only the mayoralty the
        // newcomer takes ends her term.
        let stored = try #require(try pool.read { try DirectoryStore.load($0) }.officials.first { $0.id == "alice-hughes" })
        #expect(stored.source == "S" && stored.identifiers.isEmpty)
        #expect(plan.officials.changed.allSatisfy { id in plan.termEnds.contains { $0.officialID == id } })
    }

    // MARK: - Roles

    @Test func unknownRolesAreReportedPerRecordNamingTheRolesFile() throws {
        let text = Self.document(
            persons: #"{"id": "a-b", "name": "A B", "sources": [{"note": "S"}]}, {"id": "c-d", "name": "C D", "sources": [{"note": "S"}]}"#,
            memberships: #"{"person_id": "a-b", "organization_id": "council", "role": "Lord Provost"},"# + "\n"
                + #"{"person_id": "c-d", "organization_id": "board", "role": "member"}"#)
            .replacingOccurrences(of: #""organizations": ["#, with: #""organizations": [{"id": "board", "name": "Board", "area_id": "ocd-division/country:gb/local_authority:northfield"}, "#)
        let parsed = try PopoloJSON.read(bytes: Array(text.utf8), file: "council.json")
        #expect(parsed.problems.map(\.description) == [
            "council.json:4:78: unknown role 'Lord Provost' (known roles: \(DirectoryImportTests.knownRoles)); add it to roles.toml in your templates folder",
            "council.json:5:58: unknown role 'member' (known roles: \(DirectoryImportTests.knownRoles)); add it to roles.toml in your templates folder, or give --role ROLE for the members of this body",
        ])
        let withRole = try PopoloJSON.parse(bytes: Array(text.replacingOccurrences(of: "Lord Provost", with: "mayor").utf8), file: "council.json",
                                            options: PopoloOptions(memberRole: "school-board-member"))
        #expect(withRole.directory.officials.map(\.officeID) == [
            "ocd-division/country:gb/local_authority:northfield/office:mayor",
            "ocd-division/country:gb/local_authority:northfield/office:school-board-member",
        ])
    }

    // MARK: - Problems in file order, all or nothing, or skipped

    @Test func problemsAreReportedInFileOrderAndNothingIsWritten() throws {
        let pool = try TestSupport.temporaryDatabase()
        #expect {
            try DirectoryImport.run(DirectoryImport.read(paths: [Self.file], popolo: Self.options), into: pool)
        } throws: { error in
            (error as? InputErrors)?.errors.map(\.description) == [Self.emailProblem, Self.nameProblem]
        }
        #expect(try pool.read { try DirectoryStore.load($0) }.officials.isEmpty)
    }

    @Test func csvReferenceProblemsAreInFileOrderToo() throws {
        let file = TestSupport.write("""
            id,name,kind,parent
            ocd-division/country:us/state:zz/place:x,X,city,ocd-division/country:us/state:zz
            ocd-division/country:us/state:wa/place:a,A,city,ocd-division/country:us/state:wa/place:b
            ocd-division/country:us/state:wa/place:b,B,city,ocd-division/country:us/state:wa/place:a

            """, named: "jurisdictions.csv")
        let pool = try TestSupport.temporaryDatabase()
        #expect {
            try DirectoryImport.run(DirectoryImport.read(paths: [file]), into: pool)
        } throws: { error in
            (error as? InputErrors)?.errors.compactMap { $0.location?.line } == [2, 3, 4]
        }
    }

    @Test func skipInvalidImportsTheRestAndSaysWhatWasLeftOutAndWhy() throws {
        let pool = try TestSupport.temporaryDatabase()
        let plan = try DirectoryImport.run(DirectoryImport.read(paths: [Self.file], popolo: Self.options, skipInvalid: true), into: pool)
        #expect(plan.skipped.map(\.description) == [
            Self.emailProblem,
            "\(Self.file):38:5: person 'Q3005' left out: their membership at line 105 was left out (its area 'Q1004' at line 136 was left out)",
            Self.nameProblem,
        ])
        #expect(try pool.read { try DirectoryStore.load($0) }.officials.count == 4)
    }

    @Test func skipInvalidLeavesOutWhatLiesInAJurisdictionLeftOut() throws {
        let jurisdictions = TestSupport.write("""
            id,name,kind,parent
            ocd-division/country:us,United States,country,
            ocd-division/country:us/state:wa,Washington,state,ocd-division/country:us
            ocd-division/country:us/state:wa/place:tacoma,Tacoma,town,ocd-division/country:us/state:wa
            ocd-division/country:us/state:wa/place:tacoma/ward:1,Ward 1,ward,ocd-division/country:us/state:wa/place:tacoma

            """, named: "jurisdictions.csv")
        let officials = TestSupport.write("""
            id,name,jurisdiction,role,source,contact_kind,contact_value
            w-a,W A,ocd-division/country:us/state:wa,governor,S,phone,360-902-4111
            t-m,T M,ocd-division/country:us/state:wa/place:tacoma/ward:1,councilmember,S,,
            x-y,X Y,ocd-division/country:us/state:wa,lieutenant-governor,S,phone,360-786-7700
            x-y,X Y,ocd-division/country:us/state:wa,lieutenant-governor,S,phone,call me

            """, named: "officials.csv")
        let pool = try TestSupport.temporaryDatabase()
        let plan = try DirectoryImport.run(DirectoryImport.read(paths: [jurisdictions, officials], skipInvalid: true), into: pool)
        let skipped = plan.skipped.map(\.description)
        #expect(skipped.count == 5, "\(skipped)")
        #expect(skipped[0].hasPrefix("\(jurisdictions):4:"))
        #expect(skipped[1] == "\(jurisdictions):5:1: jurisdiction 'ocd-division/country:us/state:wa/place:tacoma/ward:1' left out: it lies in 'ocd-division/country:us/state:wa/place:tacoma', which was left out")
        #expect(skipped[2] == "\(officials):3:1: official 't-m' left out: their office serves 'ocd-division/country:us/state:wa/place:tacoma/ward:1', which was left out")
        #expect(skipped[3] == "\(officials):4:1: official 'x-y' left out with all their rows: line 5 has a problem")
        #expect(skipped[4].hasPrefix("\(officials):5:"))
        #expect(plan.officials.added == ["w-a"])
        #expect(plan.jurisdictions.added.sorted() == ["ocd-division/country:us", "ocd-division/country:us/state:wa"])
    }
}
