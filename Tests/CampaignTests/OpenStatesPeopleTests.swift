@testable import Campaign
import Foundation
import Testing

/// Open States' people files read into the directory: roles and terms,
/// contacts, sources, party, identifiers, jurisdictions, DC's wards, ids
/// and how a re-import finds people again.
@Suite struct OpenStatesPeopleTests {
    static let wa = TestSupport.fixture("openstates/wa")
    static let dc = TestSupport.fixture("openstates/dc")
    static let tx = TestSupport.fixture("openstates/tx")
    static let today = PartialDate("2026-08-06")!
    static let tacoma = "ocd-division/country:us/state:wa/place:tacoma"
    static let dcDivision = "ocd-division/country:us/district:dc"

    func read(_ paths: [String], asOf: PartialDate = today, verified: PartialDate? = nil) throws -> ParsedDirectory {
        try OpenStatesPeople.read(paths: paths, asOf: asOf, verified: verified)
    }

    func official(_ name: String, in parsed: ParsedDirectory) throws -> Official {
        try #require(parsed.directory.officials.first { $0.name == name }, "no \(name)")
    }

    /// The error reading `paths` throws, as printed.
    func failure(_ paths: [String]) -> String {
        do {
            _ = try read(paths)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// A person file in a new folder.
    func personFile(_ text: String, named name: String = "Person.yml") -> String {
        TestSupport.write(text, named: name)
    }

    // MARK: - Roles and terms

    @Test func aMayorsRoleBecomesTheirOfficeAndTerm() throws {
        let ibsen = try official("Anders Ibsen", in: read([Self.wa]))
        #expect(ibsen.id == "anders-ibsen")
        #expect(ibsen.officeID == Self.tacoma + "/office:mayor")
        #expect(ibsen.termStart == PartialDate("2026-01-01") && ibsen.termEnd == PartialDate("2029-12-31"))
        #expect(ibsen.sortName == "Ibsen, Anders")
        #expect(ibsen.party == nil, "the file names no party")
        #expect(ibsen.verified == nil, "Open States does not date its records")
    }

    @Test func dcsGovernorIsItsMayorAndAnEndedRoleComesInEnded() throws {
        let parsed = try read([Self.dc])
        let bowser = try official("Muriel Bowser", in: parsed)
        #expect(bowser.officeID == Self.dcDivision + "/office:mayor", "DC's 'governor' is its mayor, her most recent role")
        #expect(bowser.termStart == PartialDate("2015-01-02") && bowser.termEnd == PartialDate("2023-01-01"),
                "the ended term is kept as written, for `officials stale`")
        #expect(bowser.party == "Democratic")
        #expect(parsed.directory.officials.filter { $0.name == "Muriel Bowser" }.count == 1, "only her most recent role, not her Ward 4 seat")
    }

    @Test func dcsCouncilHasItsWardsAtLargeSeatsAndChair() throws {
        let parsed = try read([Self.dc])
        let council = parsed.directory.officials.filter { $0.officeID.contains("office:council") }
        #expect(council.count == 13, "13 current seats, the Ward 8 seat held twice in the file")
        let parker = try official("Zachary Parker", in: parsed)
        let ward5 = try #require(parsed.directory.offices.first { $0.id == parker.officeID })
        #expect(ward5.role == "councilmember" && ward5.seat == "Ward 5" && ward5.districtCode == "5")
        #expect(ward5.id == Self.dcDivision + "/office:councilmember/seat:ward-5", "the seed's own office of Ward 5")
        let bonds = try official("Anita Bonds", in: parsed)
        #expect(bonds.officeID == Self.dcDivision + "/office:councilmember/seat:at-large")
        #expect(parsed.directory.offices.first { $0.id == bonds.officeID }?.districtCode == nil)
        let mendelson = try official("Phil Mendelson", in: parsed)
        #expect(mendelson.officeID == Self.dcDivision + "/office:council-chair", "'Chairman' is the chair, as in the seed")
        #expect(mendelson.termStart == PartialDate("1999-01-02") && mendelson.termEnd == nil)
    }

    @Test func washingtonsLegislativeDistrictsAreSeats() throws {
        let parsed = try read([Self.wa])
        let bernbaum = try official("Adam Bernbaum", in: parsed)
        let office = try #require(parsed.directory.offices.first { $0.id == bernbaum.officeID })
        #expect(office.role == "state-representative" && office.seat == "District 24" && office.districtCode == "24")
        // A role recorded with its end before its start is kept, never held.
        let holy = try official("Jeff Holy", in: parsed)
        #expect(holy.officeID == "ocd-division/country:us/state:wa/office:state-senator/seat:district-6" && holy.termEnd == nil)
    }

    @Test func theImportDateChoosesTheRoles() throws {
        let bowser2010 = try official("Muriel Bowser", in: read([Self.dc], asOf: PartialDate("2010-06-01")!))
        #expect(bowser2010.officeID == Self.dcDivision + "/office:councilmember/seat:ward-4")
        #expect(bowser2010.termEnd == PartialDate("2015-01-02"))
        let bowser2020 = try official("Muriel Bowser", in: read([Self.dc], asOf: PartialDate("2020")!))
        #expect(bowser2020.officeID == Self.dcDivision + "/office:mayor")
    }

    @Test func severalCurrentRolesMakeOneRecordPerOffice() throws {
        let file = personFile("""
            id: ocd-person/00000000-1111-2222-3333-444444444444
            name: Jane Doe
            roles:
            - {type: mayor, jurisdiction: 'ocd-jurisdiction/country:us/district:dc/government', start_date: '2020'}
            - {type: legislature, jurisdiction: 'ocd-jurisdiction/country:us/district:dc/government', district: Ward 3, start_date: '2020'}
            - {type: mayor, jurisdiction: 'ocd-jurisdiction/country:us/district:dc/government', end_date: '2019-12-31'}
            """)
        let parsed = try read([file])
        #expect(parsed.directory.officials.map(\.id) == ["jane-doe", "jane-doe-councilmember-ward-3"])
        #expect(Set(parsed.directory.officials.map(\.identifiers)).count == 1, "both carry the person's identifiers")
    }

    // MARK: - Contacts, sources, party, identifiers

    @Test func officesBecomeLabelledContactsWithTheFaxInANote() throws {
        let parsed = try read([Self.wa, Self.dc])
        let ibsen = try official("Anders Ibsen", in: parsed)
        #expect(ibsen.contacts.map(\.kind) == [.phone, .address, .email, .web])
        #expect(ibsen.contacts[0].value == "+12535915100" && ibsen.contacts[0].label == "Main office")
        #expect(ibsen.contacts[1].display == "Tacoma Municipal Building\n747 Market Street\n12th Floor\nTacoma, WA 98402", "';' are line breaks")
        #expect(ibsen.contacts[2].value == "anders.ibsen@cityoftacoma.org")
        let thompson = try official("Gary Thompson", in: parsed)
        let phone = try #require(thompson.contacts.first { $0.kind == .phone })
        #expect(phone.label == "Capitol office" && phone.note == "Fax 202-347-2648")
        #expect(thompson.contacts.filter { $0.kind == .web }.map(\.label) == ["Webform"], "a page listed twice is one contact, described")
        let ferguson = try official("Bob Ferguson", in: parsed)
        #expect(ferguson.contacts.first?.label == "Capitol office")
    }

    @Test func aTrailingFullStopIsDroppedFromAnEmailAddress() throws {
        let hastings = try official("William M. Hastings", in: read([Self.tx]))
        #expect(hastings.contacts.first { $0.kind == .email }?.value == "mayor@cityofkaty.com")
        #expect(hastings.termEnd == PartialDate("2023-05-31"))
        #expect(hastings.sortName == "Hastings, William M.")
    }

    @Test func theSourceIsTheFirstSourceElseTheFirstLinkElseTheFile() throws {
        let parsed = try read([Self.wa])
        let ferguson = try official("Bob Ferguson", in: parsed)
        #expect(ferguson.source == "https://governor.wa.gov/")
        #expect(ferguson.contacts.allSatisfy { $0.source == "https://governor.wa.gov/" }, "each contact is sourced too")
        #expect(try official("Denny Heck", in: parsed).source == "https://www.ltgov.wa.gov/aboutdenny")
        #expect(try official("Anders Ibsen", in: parsed).source == "https://tacoma.gov/profile/office-of-mayor-anders-ibsen/",
                "no sources: the first link")
        let bare = personFile("id: ocd-person/1\nname: A B\nroles:\n- {type: governor, jurisdiction: 'ocd-jurisdiction/country:us/state:wa/government'}\n")
        #expect(try official("A B", in: read([bare])).source == bare)
    }

    @Test func verifiedIsOnlyWhatTheOrganizerSays() throws {
        let ferguson = try official("Bob Ferguson", in: read([Self.wa], verified: PartialDate("2026-08")))
        #expect(ferguson.verified == PartialDate("2026-08") && ferguson.contacts.allSatisfy { $0.verified == PartialDate("2026-08") })
    }

    @Test func thePartyIsTheOneHeldOnTheImportDate() throws {
        let file = personFile("""
            id: ocd-person/2
            name: Pat Switch
            party:
            - {name: Republican, end_date: '2022-05-01'}
            - {name: Independent, start_date: '2022-05-02'}
            roles:
            - {type: governor, jurisdiction: 'ocd-jurisdiction/country:us/state:wa/government'}
            """)
        #expect(try official("Pat Switch", in: read([file], asOf: PartialDate("2021")!)).party == "Republican")
        #expect(try official("Pat Switch", in: read([file])).party == "Independent")
    }

    @Test func identifiersKeepTheOpenStatesIdAndTheOthers() throws {
        let bowser = try official("Muriel Bowser", in: read([Self.dc]))
        #expect(bowser.identifiers.map(\.description) == [
            "legacy_openstates:DCL000011", "openstates:ocd-person/dce9c4a8-218a-411d-bb93-09f7e8347d8c", "twitter:MayorBowser",
        ])
    }

    // MARK: - Jurisdictions

    @Test func jurisdictionsTheRecordsNeedAreNamedFromTheFilesAndTheStateTable() throws {
        let parsed = try read([Self.wa, Self.dc])
        let byID = Dictionary(uniqueKeysWithValues: parsed.directory.jurisdictions.map { ($0.id, $0) })
        #expect(byID[Self.tacoma]?.name == "Tacoma" && byID[Self.tacoma]?.kind == .city)
        #expect(byID["ocd-division/country:us/state:wa/place:spokane_valley"]?.name == "Spokane Valley", "every city of municipalities.yml")
        #expect(byID["ocd-division/country:us/state:wa"]?.name == "Washington" && byID["ocd-division/country:us/state:wa"]?.kind == .state)
        #expect(byID[Self.dcDivision]?.name == "District of Columbia" && byID[Self.dcDivision]?.kind == .federalDistrict)
        #expect(byID["ocd-division/country:us"]?.name == "United States")
        // A lone person file is named from its state's municipalities.yml.
        let lone = try read([Self.wa + "/municipalities/Anders-Ibsen-176cd78c-9701-4b95-a626-1ea91ecaedae.yml"])
        #expect(lone.directory.jurisdictions.map(\.id).sorted() == ["ocd-division/country:us", "ocd-division/country:us/state:wa", Self.tacoma])
    }

    @Test func storedJurisdictionsAreLeftAsTheyAre() throws {
        let pool = try TestSupport.seededDatabase()
        let plan = try DirectoryImport.run(read([Self.wa, Self.dc]), into: pool)
        #expect(!plan.jurisdictions.added.contains(Self.tacoma) && plan.jurisdictions.changed.isEmpty)
        let tacoma = try pool.read { try DirectoryStore.load($0) }.jurisdiction(Self.tacoma)
        #expect(tacoma?.parentID == "ocd-division/country:us/state:wa/county:pierce", "the seed's parent stays")
        let fresh = try TestSupport.temporaryDatabase()
        try DirectoryImport.run(read([Self.wa]), into: fresh)
        let created = try fresh.read { try DirectoryStore.load($0) }
        #expect(created.jurisdiction(Self.tacoma)?.parentID == "ocd-division/country:us/state:wa", "the parent follows from the id")
        #expect(created.jurisdiction("ocd-division/country:us/state:wa")?.parentID == "ocd-division/country:us")
    }

    // MARK: - Ids and re-imports

    @Test func aReimportFindsPeopleByTheirOpenStatesID() throws {
        let pool = try TestSupport.temporaryDatabase()
        try DirectoryImport.run(read([Self.wa]), into: pool)
        // Open States renames the governor: his id stays.
        let original = try String(contentsOfFile: Self.wa + "/executive/Bob-Ferguson-117499b6-79e9-4eaf-827d-59c0ed14b7c0.yml", encoding: .utf8)
        let renamed = personFile(original.replacingOccurrences(of: "name: Bob Ferguson", with: "name: Robert W. Ferguson"))
        let plan = try DirectoryImport.run(read([renamed]), into: pool)
        #expect(plan.officials.changed == ["bob-ferguson"] && plan.officials.added.isEmpty)
        #expect(try pool.read { try DirectoryStore.load($0) }.officials.first { $0.id == "bob-ferguson" }?.name == "Robert W. Ferguson")
        // Read again as it was: nothing changes.
        #expect(try DirectoryImport.run(read([Self.wa]), into: pool, dryRun: true).officials.changed == ["bob-ferguson"])
    }

    @Test func seedEraRecordsOfTheSameOfficeAndNameAreAdopted() throws {
        let pool = try TestSupport.seededDatabase()
        let plan = try DirectoryImport.run(read([Self.dc]), into: pool)
        #expect(plan.officials.changed.sorted() == ["dc-anita-bonds", "dc-kenyan-mcduffie", "dc-muriel-bowser", "dc-phil-mendelson", "dc-robert-white-jr"],
                "the seed's records, by office and name (a Jr. aside), and Ward 5's seed-era member, whose successor this brings")
        #expect(plan.termEnds.map { "\($0.officialID) \($0.end) \($0.successorID ?? "")" } == ["dc-muriel-bowser 2023-01-01 ", "dc-kenyan-mcduffie 2023-01-01 zachary-parker"])
        let bowser = try #require(try pool.read { try DirectoryStore.load($0) }.officials.first { $0.id == "dc-muriel-bowser" })
        #expect(bowser.identifiers.contains(ExternalIdentifier(scheme: "openstates", value: "ocd-person/dce9c4a8-218a-411d-bb93-09f7e8347d8c")))
        #expect(bowser.termEnd == PartialDate("2023-01-01"))
        #expect(!plan.officials.added.contains("muriel-bowser"))
    }

    @Test func aSlugSomeoneElseHoldsIsQualifiedByTheState() throws {
        let pool = try TestSupport.temporaryDatabase()
        try pool.write { db in
            try DirectoryStore.save(Jurisdiction(id: "ocd-division/country:us/state:wa", name: "Washington", kind: .state), db)
            try DirectoryStore.save(Office(jurisdictionID: "ocd-division/country:us/state:wa", role: "attorney-general"), db)
            try DirectoryStore.save(Official(id: "bob-ferguson", name: "Bob Ferguson", sortName: "Ferguson, Bob",
                                             officeID: "ocd-division/country:us/state:wa/office:attorney-general", source: "x", verified: nil), db)
        }
        let plan = try DirectoryImport.run(read([Self.wa]), into: pool)
        #expect(plan.officials.added.contains("bob-ferguson-wa"), "the stored Bob Ferguson holds another office: not the same record")
        // Two people of one name in one import.
        let other = personFile("""
            id: ocd-person/99999999-aaaa-bbbb-cccc-dddddddddddd
            name: Anders Ibsen
            roles:
            - {type: mayor, jurisdiction: 'ocd-jurisdiction/country:us/state:wa/place:seattle/government', start_date: '2026'}
            """, named: "Other.yml")
        let both = try read([Self.wa + "/municipalities", other])
        #expect(both.directory.officials.filter { $0.name == "Anders Ibsen" }.map(\.id) == ["anders-ibsen", "anders-ibsen-wa"])
    }

    // MARK: - Errors

    @Test func problemsNameTheFileLineAndColumnInFileOrder() throws {
        let file = personFile("""
            id: ocd-person/3
            name: Bad Data
            email: not an address
            roles:
            - {type: dogcatcher, jurisdiction: 'ocd-jurisdiction/country:us/state:wa/government'}
            - {type: mayor, jurisdiction: 'ocd-division/country:us/state:wa'}
            - {type: mayor, jurisdiction: 'ocd-jurisdiction/country:us/state:wa/government', start_date: 'May 2020'}
            """, named: "Bad.yml")
        let broken = personFile("name: [unclosed\n", named: "Broken.yml")
        #expect(failure([file, broken]) == """
            \(file):3:8: malformed e-mail address 'not an address'
            \(file):5:10: unknown Open States role type 'dogcatcher' (known types: attorney general, auditor, chief election officer, governor, legislature, lower, lt_governor, mayor, secretary of state, treasurer, upper)
            \(file):6:31: malformed jurisdiction 'ocd-division/country:us/state:wa'; expected an id like ocd-jurisdiction/country:us/state:wa/government
            \(file):7:94: malformed date 'May 2020' in start_date; write YYYY-MM-DD, YYYY-MM or YYYY
            \(broken):2:1: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence at 1:7)
            """)
        #expect(failure([TestSupport.temporaryFolder()]).hasSuffix("holds no Open States files: no person .yml files, no executive/, legislature/ or municipalities/ folder, no municipalities.yml"))
    }
}
