@testable import Campaign
import Foundation
import Testing

/// Ids other registries give people and places are kept through every
/// format and found again by the store.
@Suite struct ExternalIdentifierTests {
    static let header = "id,name,jurisdiction,role,source,identifiers\n"
    static let jurisdictions = """
        id,name,kind,parent,identifiers
        ocd-division/country:us,United States,country,,
        ocd-division/country:us/state:wa,Washington,state,ocd-division/country:us,wikidata:Q1223
        ocd-division/country:us/state:wa/place:tacoma,Tacoma,city,ocd-division/country:us/state:wa,wikidata:Q199797; fips:5370000

        """

    func importing(_ files: [String], into pool: DatabasePool) throws -> Directory {
        try DirectoryImport.run(DirectoryImport.read(paths: files), into: pool)
        return try pool.read { try DirectoryStore.load($0) }
    }

    @Test func aCellOfIdentifiersReadsSortedAndRefusesWhatIsNoIdentifier() throws {
        let location = SourceLocation(file: "officials.csv", line: 3, column: 7)
        #expect(try ExternalIdentifier.parseCell(" twitter:MayorBowser ;openstates:ocd-person/dce9c4a8; ", at: location)
                == [ExternalIdentifier(scheme: "openstates", value: "ocd-person/dce9c4a8"), ExternalIdentifier(scheme: "twitter", value: "MayorBowser")])
        #expect(try ExternalIdentifier.parseCell("", at: location) == [])
        #expect(throws: InputError("identifier 'Q1223' has no scheme; write scheme:value, as openstates:ocd-person/…", at: location)) {
            try ExternalIdentifier.parseCell("wikidata:Q1; Q1223", at: location)
        }
        #expect(throws: InputError("malformed identifier scheme 'Wiki Data'; use lowercase letters, digits, _ and -", at: location)) {
            try ExternalIdentifier.parseCell("Wiki Data:Q1", at: location)
        }
        #expect(throws: InputError("empty twitter identifier", at: location)) { try ExternalIdentifier.parseCell("twitter:", at: location) }
    }

    @Test func identifiersAreStoredFoundAndKeptThroughCSVAndPopolo() throws {
        let pool = try TestSupport.temporaryDatabase()
        let files = [TestSupport.write(Self.jurisdictions, named: "jurisdictions.csv"),
                     TestSupport.write(Self.header + """
                         anders-ibsen,Anders Ibsen,ocd-division/country:us/state:wa/place:tacoma,mayor,https://tacoma.gov/,openstates:ocd-person/176cd78c; twitter:cityoftacoma

                         """, named: "officials.csv")]
        let stored = try importing(files, into: pool)
        let ibsen = try #require(stored.officials.first)
        #expect(ibsen.identifiers == [ExternalIdentifier(scheme: "openstates", value: "ocd-person/176cd78c"),
                                      ExternalIdentifier(scheme: "twitter", value: "cityoftacoma")])
        #expect(stored.jurisdiction("ocd-division/country:us/state:wa/place:tacoma")?.identifiers
                == [ExternalIdentifier(scheme: "fips", value: "5370000"), ExternalIdentifier(scheme: "wikidata", value: "Q199797")])
        let found = try pool.read { db in
            [try DirectoryStore.officialID(with: ExternalIdentifier(scheme: "openstates", value: "ocd-person/176cd78c"), db),
             try DirectoryStore.officialID(with: ExternalIdentifier(scheme: "openstates", value: "ocd-person/other"), db),
             try DirectoryStore.jurisdictionID(with: ExternalIdentifier(scheme: "wikidata", value: "Q1223"), db)]
        }
        #expect(found == ["anders-ibsen", nil, "ocd-division/country:us/state:wa"])

        // Exported and imported again, through either format, nothing is lost.
        let folder = TestSupport.temporaryFolder()
        let csv = [folder + "/jurisdictions.csv", folder + "/officials.csv"]
        try DirectoryCSV.jurisdictionsCSV(stored).write(toFile: csv[0], atomically: true, encoding: .utf8)
        try DirectoryCSV.officialsCSV(stored).write(toFile: csv[1], atomically: true, encoding: .utf8)
        #expect(try importing(csv, into: TestSupport.temporaryDatabase()) == stored)
        let json = TestSupport.write(PopoloJSON.export(stored), named: "directory.json")
        #expect(try importing([json], into: TestSupport.temporaryDatabase()) == stored)
        #expect(PopoloJSON.export(stored).contains(#""identifier": "ocd-person/176cd78c""#))
    }

    @Test func aFileWithoutIdentifiersKeepsThoseStoredAndNewOnesAddUp() throws {
        let pool = try TestSupport.temporaryDatabase()
        let jurisdictions = TestSupport.write(Self.jurisdictions, named: "jurisdictions.csv")
        _ = try importing([jurisdictions, TestSupport.write(Self.header + """
            anders-ibsen,Anders Ibsen,ocd-division/country:us/state:wa/place:tacoma,mayor,https://tacoma.gov/,openstates:ocd-person/176cd78c

            """, named: "officials.csv")], into: pool)
        let plain = try DirectoryImport.read(paths: [TestSupport.write("""
            id,name,jurisdiction,role,source
            anders-ibsen,Anders Ibsen,ocd-division/country:us/state:wa/place:tacoma,mayor,https://tacoma.gov/

            """, named: "officials.csv")])
        let plan = try DirectoryImport.run(plain, into: pool)
        #expect(plan.officials.unchanged == ["anders-ibsen"])
        let more = try DirectoryImport.read(paths: [TestSupport.write(Self.header + """
            anders-ibsen,Anders Ibsen,ocd-division/country:us/state:wa/place:tacoma,mayor,https://tacoma.gov/,twitter:cityoftacoma

            """, named: "officials.csv")])
        #expect(try DirectoryImport.run(more, into: pool).officials.changed == ["anders-ibsen"])
        #expect(try pool.read { try DirectoryStore.load($0) }.officials.first?.identifiers.map(\.description)
                == ["openstates:ocd-person/176cd78c", "twitter:cityoftacoma"])
    }

    @Test func anOfficeRowWithIdentifiersIsRefused() throws {
        let file = TestSupport.write(Self.header + """
            ,,ocd-division/country:us/state:wa/place:tacoma,mayor,https://tacoma.gov/,wikidata:Q1

            """, named: "officials.csv")
        #expect(throws: InputError("a row without an id describes an office, but identifiers is filled in; give the official an id",
                                   at: SourceLocation(file: file, line: 2, column: 1))) {
            try DirectoryImport.read(paths: [file])
        }
    }
}
