@testable import Campaign
import Foundation
import Testing

/// Division ids as the ocd-division-ids project publishes them: every type
/// accepted under the project's own grammar, given a kind, and its files
/// imported as they are (a sample in Fixtures/ocd-division-ids; SOURCES.md).
@Suite struct OCDDivisionTests {
    static let folder = TestSupport.fixture("ocd-division-ids")
    static let samples = ["every-type.csv", "us_territories.csv", "us_sldl-vermont.csv"].map { folder + "/" + $0 }

    /// The kind of every division type the project publishes.
    static let kinds: [String: Jurisdiction.Kind] = [
        "country": .country, "state": .state, "territory": .territory,
        "county": .county, "parish": .county, "census_area": .county, "municipio": .county,
        "place": .city, "municipality": .city, "ward": .ward,
        "cd": .district, "sldu": .district, "sldl": .district, "council_district": .district,
        "commissioner_district": .district, "executive_district": .district, "school_board_district": .district,
        "board_of_education": .district, "board_of_regents": .district, "board_of_equalization": .district,
        "public_service_commission": .district, "governors_council": .district, "constable_district": .district,
        "school_district": .schoolDistrict,
        "sanitation": .specialDistrict, "sewer": .specialDistrict, "water": .specialDistrict, "park_district": .specialDistrict,
        "transit": .specialDistrict, "health_care": .specialDistrict,
        "chancery_court": .court, "circuit_court": .court, "court_of_appeals": .court, "district_court": .court,
        "superior_court": .court, "supreme_court": .court,
        "anc": .division, "board_of_elections": .division, "la_metro_sector": .division, "precinct": .division, "region": .division,
    ]

    /// Every id in the sample files: first columns, and the `sameAs` ids of the aliases.
    func sampleIDs() throws -> [String] {
        var ids: [String] = []
        for file in Self.samples + [Self.folder + "/aliases.csv"] {
            let records = try CSVReader(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))), file: file).records()
            for record in records {
                ids += record.fields.map(\.value).filter { $0.hasPrefix("ocd-division/") }
            }
        }
        return ids
    }

    @Test func everyPublishedTypeIsAcceptedAndGivenItsKind() throws {
        let ids = try sampleIDs()
        var types: Set<String> = []
        for id in ids {
            #expect(OCDIdentifier.problem(with: id) == nil, "\(id) is refused")
            let type = OCDIdentifier.divisionType(of: id) ?? "country"
            types.insert(type)
            let expected: Jurisdiction.Kind? = switch id {
            case "ocd-division/country:us/district:dc": .federalDistrict
            case _ where type == "borough": id.contains("/place:") ? .city : .county
            case _ where type == "district": .district
            default: Self.kinds[type]
            }
            #expect(Jurisdiction.Kind(ocdID: id) == expected, "\(id)")
        }
        #expect(types == Set(Self.kinds.keys).union(["borough", "district"]), "the sample holds every type")
        #expect(ids.contains("ocd-division/country:us/state:nm/county:doña_ana"))
        #expect(ids.contains("ocd-division/country:us/state:nm/place:española"))
    }

    @Test func theGrammarIsTheProjects() {
        for id in ["ocd-division/country:us/state:nm/county:doña_ana", "ocd-division/region:eu",
                   "ocd-division/country:us/state:ca/transit:caltrans/district:1", "ocd-division/country:us/state-lower:1",
                   "ocd-division/country:us/state:vt/place:essex/precinct:chittenden_8-2",
                   "ocd-division/country:us/state:nm/county:doña_ana/school_district:alma_d~arte_charter"] {
            #expect(OCDIdentifier.problem(with: id) == nil, "\(id) is refused")
        }
        for id in ["ocd-division/country:us/-state:wa", "ocd-division/country:us/state-:wa", "ocd-division/country:us/s:wa",
                   "ocd-division/country:us/state_2:wa", "ocd-division/country:us/state:wa/place:a b",
                   "ocd-division/country:us/state:wa/place:ESPAÑOLA", "ocd-division/country:u", "ocd-division/planet:us"] {
            #expect(OCDIdentifier.problem(with: id) != nil, "\(id) is accepted")
        }
        #expect(OCDIdentifier.ancestors(of: "ocd-division/country:us/state:wa/place:seattle/ward:1")
            == ["ocd-division/country:us/state:wa/place:seattle", "ocd-division/country:us/state:wa", "ocd-division/country:us"])
        #expect(OCDIdentifier.ancestors(of: "ocd-division/country:us").isEmpty)
    }

    @Test func thePublishedFilesImportAsTheyAreWithKindsAndParentsFromTheIds() throws {
        let path = TestSupport.temporaryDatabasePath()
        let imported = TestSupport.campaignInProcess(["jurisdictions", "import"] + Self.samples, database: path)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output == "jurisdictions: 92 added, 0 changed, 0 unchanged\n")
        let again = TestSupport.campaignInProcess(["jurisdictions", "import"] + Self.samples, database: path)
        #expect(again.output == "jurisdictions: 0 added, 0 changed, 92 unchanged\n")

        let directory = try DatabasePool(path: path).read { try DirectoryStore.load($0) }
        func jurisdiction(_ tail: String) -> Jurisdiction? { directory.jurisdiction("ocd-division/country:us/" + tail) }
        #expect(jurisdiction("state:nm/county:doña_ana") == Jurisdiction(
            id: "ocd-division/country:us/state:nm/county:doña_ana", name: "Doña Ana County", kind: .county,
            parentID: "ocd-division/country:us/state:nm"))
        #expect(jurisdiction("state:nm/county:doña_ana/council_district:1")?.parentID == "ocd-division/country:us/state:nm/county:doña_ana")
        #expect(jurisdiction("state:nm/place:española")?.kind == .city)
        #expect(jurisdiction("district:dc/anc:1a")?.parentID == "ocd-division/country:us/district:dc")
        #expect(jurisdiction("state:wa/place:seattle/council_district:1")?.kind == .district)
        // No state:ak row in the sample: an Alaska census area lies in the nearest division there is.
        #expect(jurisdiction("state:ak/census_area:aleutians_west")?.parentID == "ocd-division/country:us/state:ak")
        #expect(jurisdiction("territory:dt")?.name == "Dakota Territory")
        #expect(jurisdiction("state:vt/sldl:chittenden-10")?.parentID == "ocd-division/country:us")
        #expect(jurisdiction("state")  == nil)
    }

    @Test func aJurisdictionsFileMayLeaveKindAndParentEmpty() throws {
        let file = TestSupport.write("""
            id,name,kind,parent
            ocd-division/country:us,United States,,
            ocd-division/country:us/state:nm,New Mexico,,
            ocd-division/country:us/state:nm/place:española,Española,,
            ocd-division/country:us/state:nm/place:española/ward:1,Ward 1,,
            ocd-division/country:us/state:nm/county:doña_ana,Doña Ana County,county,ocd-division/country:us

            """, named: "jurisdictions.csv")
        let path = TestSupport.temporaryDatabasePath()
        let imported = TestSupport.campaignInProcess(["jurisdictions", "import", file], database: path)
        #expect(imported.status == 0, "\(imported.errors)")
        let listed = TestSupport.campaignInProcess(["jurisdictions", "list", "--format", "csv"], database: path)
        #expect(listed.output.replacingOccurrences(of: "\r\n", with: "\n") == """
            id,name,kind,parent,language,identifiers
            ocd-division/country:us,United States,country,,,
            ocd-division/country:us/state:nm,New Mexico,state,ocd-division/country:us,,
            ocd-division/country:us/state:nm/county:doña_ana,Doña Ana County,county,ocd-division/country:us,,
            ocd-division/country:us/state:nm/place:española,Española,city,ocd-division/country:us/state:nm,,
            ocd-division/country:us/state:nm/place:española/ward:1,Ward 1,ward,ocd-division/country:us/state:nm/place:española,,

            """)
    }

    @Test func aPublishedFileStillNamesWhereARowIsWrong() throws {
        let file = TestSupport.write("""
            ocd-division/country:us/state:nm,New Mexico
            ocd-division/country:us/state:nm/place:Española,Española
            ocd-division/country:us/state:nm/county:doña_ana,
            ocd-division/country:us/state:nm,Nuevo México
            ocd-division/country:us/state:nm/place:taos,Taos,NM

            """, named: "state-nm.csv")
        let result = TestSupport.campaignInProcess(["jurisdictions", "import", file], database: TestSupport.temporaryDatabasePath())
        #expect(result.status == 65)
        #expect(result.errors == """
            Error: 4 problems; nothing was written.
            \(file):2:1: malformed OCD id 'ocd-division/country:us/state:nm/place:Española': segment value 'Española' must be lowercase letters, digits, '_', '.', '~' or '-'
            \(file):3:50: empty name for jurisdiction 'ocd-division/country:us/state:nm/county:doña_ana'
            \(file):4:1: duplicate id 'ocd-division/country:us/state:nm' (first at \(file):1:1)
            \(file):5:1: 3 fields where the header has 2 columns

            """)
    }

    @Test func aWardIsAKindAndAddDerivesKindAndParent() throws {
        let path = TestSupport.temporaryDatabasePath()
        let seattle = "ocd-division/country:us/state:wa/place:seattle"
        for arguments in [["--id", "ocd-division/country:us/state:wa", "--name", "Washington"],
                          ["--id", seattle, "--name", "Seattle"],
                          ["--id", seattle + "/ward:1", "--name", "Ward 1", "--kind", "ward"],
                          ["--id", seattle + "/council_district:1", "--name", "District 1"]] {
            let result = TestSupport.campaignInProcess(["jurisdictions", "add"] + arguments, database: path)
            #expect(result.status == 0, "\(result.errors)")
        }
        let directory = try DatabasePool(path: path).read { try DirectoryStore.load($0) }
        #expect(directory.jurisdiction("ocd-division/country:us/state:wa")?.parentID == nil)
        #expect(directory.jurisdiction(seattle) == Jurisdiction(id: seattle, name: "Seattle", kind: .city, parentID: "ocd-division/country:us/state:wa"))
        #expect(directory.jurisdiction(seattle + "/ward:1")?.kind == .ward)
        #expect(directory.jurisdiction(seattle + "/council_district:1") == Jurisdiction(
            id: seattle + "/council_district:1", name: "District 1", kind: .district, parentID: seattle))
    }

    @Test func officialsFilesAreRefusedByJurisdictionsImport() throws {
        let result = TestSupport.campaignInProcess(["jurisdictions", "import", TestSupport.dataFolder + "/officials/officials.csv"],
                                                   database: TestSupport.temporaryDatabasePath())
        #expect(result.status == 65)
        #expect(result.errors.hasPrefix("Error: these files describe officials; import them with `campaign officials import`"), "\(result.errors)")
    }
}
