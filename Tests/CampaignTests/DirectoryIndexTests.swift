@testable import Campaign
@testable import CampaignCLI
import Foundation
import Testing

/// Lookups by id through the directory's index, the parents-first order
/// worked out once per jurisdiction, and the CLI's lists over a directory
/// of thousands of jurisdictions: the same answers the scans gave.
@Suite struct DirectoryIndexTests {
    /// A generated tree: a country, states, counties, and places under
    /// them, listed children before parents and shuffled by a fixed rule.
    static func tree(states: Int = 6, counties: Int = 8, places: Int = 20) -> [Jurisdiction] {
        var records = [Jurisdiction(id: "ocd-division/country:us", name: "United States", kind: .country)]
        for state in 0..<states {
            let stateID = "ocd-division/country:us/state:s\(state)"
            records.append(Jurisdiction(id: stateID, name: "State \(state)", kind: .state, parentID: "ocd-division/country:us"))
            for county in 0..<counties {
                let countyID = "\(stateID)/county:c\(county)"
                records.append(Jurisdiction(id: countyID, name: "County \(state)-\(county)", kind: .county, parentID: stateID))
                for place in 0..<places {
                    records.append(Jurisdiction(id: "\(countyID)/place:p\(place)", name: "Place \(state)-\(county)-\(place)", kind: .city, parentID: countyID))
                }
            }
        }
        // Reversed, then every seventh moved to the front: no order of the input survives.
        let reversed = Array(records.reversed())
        return reversed.enumerated().filter { $0.offset % 7 == 0 }.map(\.element) + reversed.enumerated().filter { $0.offset % 7 != 0 }.map(\.element)
    }

    /// The order as it was worked out before: each jurisdiction's depth
    /// walked up from it, every time the sort compared it.
    static func parentsFirstByWalking(_ jurisdictions: [Jurisdiction]) -> [Jurisdiction] {
        let byID = Dictionary(jurisdictions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func depth(_ jurisdiction: Jurisdiction) -> Int {
            var depth = 0, current = jurisdiction, seen: Set<String> = [jurisdiction.id]
            while let parentID = current.parentID, let parent = byID[parentID], seen.insert(parentID).inserted {
                depth += 1
                current = parent
            }
            return depth
        }
        return jurisdictions.sorted { (depth($0), $0.id) < (depth($1), $1.id) }
    }

    @Test func parentsFirstGivesTheOrderOfWalkingUpFromEachJurisdiction() {
        let tree = Self.tree()
        let ordered = DirectoryCSV.parentsFirst(tree)
        #expect(ordered == Self.parentsFirstByWalking(tree))
        #expect(ordered.first?.id == "ocd-division/country:us")
        let positions = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.id, $0) })
        #expect(ordered.allSatisfy { jurisdiction in jurisdiction.parentID.map { (positions[$0] ?? -1) < (positions[jurisdiction.id] ?? -1) } ?? true })
    }

    @Test func parentsFirstCountsOnlyParentsTheListHoldsAndStopsAtACircle() {
        let records = [
            Jurisdiction(id: "ocd-division/country:us/state:wa/place:seattle", name: "Seattle", kind: .city, parentID: "ocd-division/country:us/state:wa"),
            Jurisdiction(id: "ocd-division/country:us/state:wa", name: "Washington", kind: .state, parentID: "ocd-division/country:us"),
            // A circle, which an import refuses, still gets an order.
            Jurisdiction(id: "ocd-division/country:xa", name: "A", kind: .country, parentID: "ocd-division/country:xb"),
            Jurisdiction(id: "ocd-division/country:xb", name: "B", kind: .country, parentID: "ocd-division/country:xa"),
            Jurisdiction(id: "ocd-division/country:xa/state:c", name: "C", kind: .state, parentID: "ocd-division/country:xa"),
        ]
        let ordered = DirectoryCSV.parentsFirst(records)
        #expect(ordered == Self.parentsFirstByWalking(records))
        #expect(ordered.map(\.name) == ["Washington", "Seattle", "A", "B", "C"])
    }

    @Test func lookupsByIDFindTheFirstRecordAndFollowChanges() {
        var directory = Directory(jurisdictions: Self.tree(states: 2, counties: 2, places: 3))
        let id = "ocd-division/country:us/state:s1/county:c0"
        #expect(directory.jurisdiction(id)?.name == "County 1-0")
        #expect(directory.jurisdiction("ocd-division/country:us/state:zz") == nil)
        let copy = directory
        directory.jurisdictions[directory.jurisdictions.firstIndex { $0.id == id } ?? 0].name = "Renamed"
        #expect(directory.jurisdiction(id)?.name == "Renamed", "a change to the records is seen at once")
        #expect(copy.jurisdiction(id)?.name == "County 1-0", "a copy made before keeps its own records")
        directory.jurisdictions.append(Jurisdiction(id: id, name: "A second record", kind: .county))
        #expect(directory.jurisdiction(id)?.name == "Renamed", "where ids repeat the first record answers, as a scan found it")
        directory.jurisdictions.append(Jurisdiction(id: "ocd-division/country:us/state:zz", name: "New", kind: .state))
        #expect(directory.jurisdiction("ocd-division/country:us/state:zz")?.name == "New")

        directory.offices = [Office(jurisdictionID: id, role: "mayor"), Office(jurisdictionID: id, role: "councilmember", seat: "Ward 2")]
        #expect(directory.office("\(id)/office:councilmember/seat:ward-2")?.seat == "Ward 2")
        directory.offices.removeLast()
        #expect(directory.office("\(id)/office:councilmember/seat:ward-2") == nil)
        #expect(copy == Directory(jurisdictions: copy.jurisdictions), "equality compares the records alone")
    }

    @Test func jurisdictionsListsOfThousandsKeepParentsFirstOrder() throws {
        let tree = Self.tree(states: 10, counties: 10, places: 30)   // 3,111 jurisdictions
        let folder = TestSupport.temporaryFolder()
        let file = folder + "/jurisdictions.csv"
        try DirectoryCSV.jurisdictionsCSV(Directory(jurisdictions: tree)).write(toFile: file, atomically: true, encoding: .utf8)
        let database = folder + "/campaign.sqlite"
        let imported = TestSupport.campaignInProcess(["jurisdictions", "import", file], database: database)
        #expect(imported.status == 0, "\(imported.errors)")

        let csv = TestSupport.campaignInProcess(["jurisdictions", "list", "--format", "csv"], database: database)
        #expect(csv.status == 0)
        let expected = Self.parentsFirstByWalking(tree)
        #expect(csv.output == DirectoryCSV.jurisdictionsCSV(Directory(jurisdictions: expected)))
        #expect(csv.output.components(separatedBy: "\r\n").dropFirst().first?.hasPrefix("ocd-division/country:us,United States,country,") == true)

        let table = TestSupport.campaignInProcess(["jurisdictions", "list"], database: database)
        let rows = table.output.split(separator: "\n").dropFirst()
        #expect(rows.map { String($0.prefix { $0 != " " }) } == expected.map(\.id))
        let names = Dictionary(uniqueKeysWithValues: tree.map { ($0.id, $0.name) })
        let place = try #require(rows.first { $0.hasPrefix("ocd-division/country:us/state:s3/county:c4/place:p7 ") })
        #expect(place.contains(" city ") && place.contains(names["ocd-division/country:us/state:s3/county:c4"] ?? "?"))
    }

    @Test func textOutputKeepsCRLFAndEscapesOtherControlsInALongText() {
        let line = "ocd-division/country:us,Name\u{1B},city,\r\n"
        let text = String(repeating: line, count: 5_000)
        let visible = TextOutput.visible(text, styled: false)
        #expect(visible == String(repeating: "ocd-division/country:us,Name\\u{1B},city,\r\n", count: 5_000))
    }
}
