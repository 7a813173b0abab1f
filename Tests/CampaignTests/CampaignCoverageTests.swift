@testable import Campaign
@testable import CampaignCLI
import Foundation
import Testing

/// `campaign coverage`: what the sample campaigns' target rules reach in
/// the demo data, the holes they have, and the summary check and publish print.
@Suite struct CampaignCoverageTests {
    static let day = TestSupport.noon(2026, 6, 1)
    static let campaigns = TestSupport.dataFolder + "/campaigns"
    static let kingCounty = "ocd-division/country:us/state:wa/county:king"
    static let tacoma = "ocd-division/country:us/state:wa/place:tacoma"

    func run(_ arguments: [String], database: String, on date: Date = Self.day) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments, database: database, clock: .fixed(date))
    }

    /// The coverage of a sample campaign over the database, on `day`.
    func coverage(_ slug: String, _ pool: DatabasePool, on day: String = "2026-06-01") throws -> CampaignCoverage {
        let folder = try CampaignFolder(path: Self.campaigns + "/" + slug)
        return try CoverageCommand.coverage(of: folder.definition, pool: pool, on: try #require(PartialDate(day)))
    }

    func summaries(_ holes: [CampaignCoverage.Hole]) -> [String] { holes.map(\.summary) }

    // MARK: - The sample campaigns' holes

    @Test func kingCountyCouncilCannotBeFoundFromAZIPCodeAndHasNoOneOnRecord() throws {
        let coverage = try coverage("king-county-ice-accountability", TestSupport.seededDatabase())
        #expect(coverage.rules.count == 2)
        #expect(coverage.rules[0].holes.isEmpty, "the County Executive has a phone and an e-mail")
        let own = coverage.rules[1]
        #expect(own.placesSupporter)
        #expect(summaries(own.holes) == ["King County: no ZIP codes", "King County: no councilmember in office"])
        #expect(own.holes.map(\.kind) == [.noZIPTable, .vacantSeat])
        #expect(own.holes[0].message == "King County has no ZIP codes loaded (only those of Seattle, within it), so a supporter who gives a ZIP code "
            + "elsewhere in it is not known to live there and is given no councilmember of it. Import its ZIP codes: campaign districts import "
            + "ZIPS.csv --jurisdiction \(Self.kingCounty) (a zip column).")
        let reach = try #require(own.reach.first)
        #expect(reach.jurisdiction.name == "King County")
        #expect(reach.zipCount == 0 && reach.boundaryCount == 0)
        #expect(reach.zipsWithin.map(\.name) == ["Seattle"] && reach.boundariesWithin.map(\.name) == ["Seattle"])
    }

    @Test func tacomaCouncilDistrictsHaveNeitherBoundariesNorZIPCodesNorMembers() throws {
        let coverage = try coverage("tacoma-support-sanctuary", TestSupport.seededDatabase())
        #expect(coverage.rules[0].holes.isEmpty && coverage.rules[1].holes.isEmpty)
        #expect(summaries(coverage.rules[2].holes) == [
            "Tacoma: council districts have no boundaries",
            "Tacoma: no ZIP codes for council districts",
            "Tacoma (District 1): no councilmember in office",
            "Tacoma (District 2): no councilmember in office",
            "Tacoma (District 3): no councilmember in office",
            "Tacoma (District 4): no councilmember in office",
            "Tacoma (District 5): no councilmember in office",
        ])
        let reach = try #require(coverage.rules[2].reach.first)
        #expect(reach.zipCount == 9, "tacoma-zips.csv places a ZIP code in Tacoma")
        #expect(reach.districts.map(\.district.code) == ["1", "2", "3", "4", "5"])
        #expect(reach.districts.allSatisfy { !$0.hasBoundary && $0.zipCount == 0 })
    }

    /// A petition to every DC councilmember reaches those on record; the
    /// wards with no seat in the directory, and officials with no contact,
    /// are holes. Where it reaches everyone, ZIP codes do not matter.
    @Test func dcCouncilRuleNamesTheWardsWithNoSeatAndTheOfficialsWithNoContact() throws {
        let coverage = try coverage("dc-protect-residents-from-ice", TestSupport.seededDatabase())
        #expect(coverage.holes.count == 9)
        let council = coverage.rules[3]
        #expect(!council.placesSupporter)
        #expect(summaries(council.holes) == [
            "District of Columbia: no councilmember for Ward 1, Ward 2, Ward 3, Ward 4, Ward 6, Ward 7 and Ward 8",
            "Kenyan McDuffie: no phone or e-mail", "Anita Bonds: no phone or e-mail", "David Grosso: no phone or e-mail",
            "Elissa Silverman: no phone or e-mail", "Robert White, Jr.: no phone or e-mail",
        ])
        #expect(coverage.rules[0].holes.map(\.message) == [
            "Muriel Bowser (dc-muriel-bowser, Mayor of District of Columbia) has no phone number or e-mail address in the directory, nor has the "
                + "office, so supporters have no one to call or write to. Add one: campaign officials edit dc-muriel-bowser --phone NUMBER "
                + "--email ADDRESS --contact-source SOURCE.",
        ])
    }

    @Test func aMayorEverywhereIsFoundOnlyWhereZIPCodesAreLoaded() throws {
        let coverage = try coverage("thank-your-mayor-amicus", TestSupport.seededDatabase())
        let noZIPs = coverage.holes.filter { $0.kind == .noZIPTable }.map(\.summary)
        #expect(noZIPs == ["Chicago: no ZIP codes", "New York City: no ZIP codes", "Philadelphia: no ZIP codes", "Burlington: no ZIP codes",
                           "Tukwila: no ZIP codes", "Madison: no ZIP codes"])
        #expect(try self.coverage("seattle-thank-welcoming-city", TestSupport.seededDatabase()).holes.isEmpty)
    }

    // MARK: - Holes filled

    @Test func holesDisappearOnceTheMissingDataIsImported() throws {
        let database = try TestSupport.seededDatabasePath()
        func holes() -> [String] {
            let result = run(["coverage", "tacoma-support-sanctuary", "--format", "json"], database: database)
            let object = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any]
            let rules = object?["rules"] as? [[String: Any]] ?? []
            return rules.flatMap { ($0["holes"] as? [[String: Any]] ?? []).compactMap { $0["summary"] as? String } }
        }
        #expect(holes().count == 7)

        // Five squares for Tacoma's five districts.
        let features = (1...5).map { code in
            let west = -122.50 + Double(code) * 0.02
            return """
                {"type": "Feature", "properties": {"district": "\(code)"}, "geometry": {"type": "Polygon", "coordinates": \
                [[[\(west), 47.20], [\(west + 0.02), 47.20], [\(west + 0.02), 47.30], [\(west), 47.30], [\(west), 47.20]]]}}
                """
        }
        let boundaries = TestSupport.write("{\"type\": \"FeatureCollection\", \"features\": [\(features.joined(separator: ","))]}",
                                           named: "tacoma.geojson")
        let imported = run(["districts", "import", boundaries, "--jurisdiction", Self.tacoma, "--property", "district",
                            "--name", "Council District {code}", "--kind", "council-district"], database: database)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(!holes().contains("Tacoma: council districts have no boundaries"))
        #expect(holes().count == 6)

        let zips = TestSupport.write("zip,district\n98402,1\n98403,2\n98404,3\n98405,4\n98406,5\n", named: "tacoma-zips.csv")
        #expect(run(["districts", "import", zips, "--jurisdiction", Self.tacoma], database: database).status == 0)
        #expect(!holes().contains("Tacoma: no ZIP codes for council districts"))

        let added = run(["officials", "add", "--id", "tacoma-member-one", "--name", "Member One", "--jurisdiction", Self.tacoma,
                         "--role", "councilmember", "--seat", "District 1", "--district", "1", "--source", "City of Tacoma",
                         "--phone", "(253) 591-5100"], database: database)
        #expect(added.status == 0, "\(added.errors)")
        #expect(holes() == (2...5).map { "Tacoma (District \($0)): no councilmember in office" })

        // King County's ZIP codes of its own.
        let before = run(["coverage", "king-county-ice-accountability"], database: database)
        #expect(before.output.contains("hole (no-zip-table)"))
        let county = TestSupport.write("zip\n98001\n98002\n", named: "king-zips.csv")
        #expect(run(["districts", "import", county, "--jurisdiction", Self.kingCounty], database: database).status == 0)
        let after = run(["coverage", "king-county-ice-accountability"], database: database)
        #expect(!after.output.contains("hole (no-zip-table)"), "\(after.output)")
        #expect(after.output.contains("   King County: by ZIP code yes (2 ZIP codes), by location only within Seattle\n"), "\(after.output)")
    }

    // MARK: - Terms

    @Test func aSeatWhoseTermEndedIsAHoleOnALaterDay() throws {
        let database = try TestSupport.seededDatabasePath()
        #expect(run(["officials", "edit", "dc-kenyan-mcduffie", "--term-end", "2026-06-30"], database: database).status == 0)
        #expect(run(["officials", "edit", "dc-muriel-bowser", "--term-end", "2026-06-30"], database: database).status == 0)
        let slug = "dc-protect-residents-from-ice"
        let lastDay = run(["coverage", slug, "--as-of", "2026-06-30"], database: database)
        #expect(lastDay.status == 0)
        #expect(lastDay.output.hasPrefix("Coverage of \(slug) on 2026-06-30: 4 rules, 9 holes.\n"), "\(lastDay.output)")
        #expect(!lastDay.output.contains("vacant-seat") && !lastDay.output.contains("not-in-office"))

        let later = run(["coverage", slug, "--as-of", "2026-07-01"], database: database)
        #expect(later.status == 0)
        #expect(later.output.hasPrefix("Coverage of \(slug) on 2026-07-01: 4 rules, 10 holes.\n"), "\(later.output)")
        #expect(later.output.contains("     Councilmember (Ward 5): no one in office\n"), "\(later.output)")
        #expect(later.output.contains(
            "   hole (vacant-seat): No one is in office as Councilmember of District of Columbia (Ward 5) on 2026-07-01 (the term of Kenyan McDuffie, "
                + "dc-kenyan-mcduffie, ended on 2026-06-30); supporters are given the office alone, with its contacts. Add who holds it: "
                + "campaign officials add --id ID --name NAME --jurisdiction ocd-division/country:us/district:dc --role councilmember "
                + "--seat \"Ward 5\" --district 5 --source SOURCE, or mend the end date: campaign officials edit dc-kenyan-mcduffie --term-end DATE.\n"),
                "\(later.output)")
        #expect(later.output.contains("   hole (not-in-office): The campaign names Muriel Bowser (dc-muriel-bowser), but their term ended on 2026-06-30; "))
        // Today is the clock's when no day is given.
        #expect(run(["coverage", slug], database: database, on: TestSupport.noon(2026, 7, 1)).output == later.output)
    }

    // MARK: - Output

    @Test func textReportOfTheKingCountyCampaign() throws {
        let result = run(["coverage", "king-county-ice-accountability"], database: try TestSupport.seededDatabasePath())
        #expect(result.status == 0, "a report: holes are no failure")
        #expect(result.errors == "")
        #expect(result.output == """
            Coverage of king-county-ice-accountability on 2026-06-01: 2 rules, 2 holes.

            1. Dow Constantine (king-county-dow-constantine)
               King County
                 County Executive: Dow Constantine (king-county-dow-constantine)
               No holes.

            2. the supporter's own councilmember of King County
               King County: by ZIP code only within Seattle, by location only within Seattle
                 Councilmember: no one in office
               hole (no-zip-table): King County has no ZIP codes loaded (only those of Seattle, within it), so a supporter who gives a ZIP code \
            elsewhere in it is not known to live there and is given no councilmember of it. Import its ZIP codes: campaign districts import \
            ZIPS.csv --jurisdiction ocd-division/country:us/state:wa/county:king (a zip column).
               hole (vacant-seat): No one is in office as Councilmember of King County on 2026-06-01 in the directory; supporters are given the \
            office alone, with its contacts. Add who holds it: campaign officials add --id ID --name NAME --jurisdiction \
            ocd-division/country:us/state:wa/county:king --role councilmember --source SOURCE.

            """)
    }

    @Test func jsonReportHasEachRuleWithItsJurisdictionsSeatsAndHoles() throws {
        let folder = Self.campaigns + "/tacoma-support-sanctuary"
        let result = run(["coverage", folder, "--format", "json"], database: try TestSupport.seededDatabasePath())
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["campaign"] as? String == "tacoma-support-sanctuary")
        #expect(object["as_of"] as? String == "2026-06-01")
        #expect(object["holes"] as? Int == 7)
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.map { $0["kind"] as? String } == ["official", "official", "own"])
        #expect(rules[0]["official"] as? String == "wa-jay-inslee")
        let own = rules[2]
        #expect(own["index"] as? Int == 3)
        #expect(own["role"] as? String == "councilmember" && own["jurisdiction"] as? String == Self.tacoma)
        #expect(own["summary"] as? String == "the supporter's own councilmember of Tacoma")
        let jurisdiction = try #require((own["jurisdictions"] as? [[String: Any]])?.first)
        #expect(Set(jurisdiction.keys) == ["id", "name", "zip_codes", "zip_codes_within", "boundaries", "boundaries_within", "districts", "seats"])
        #expect(jurisdiction["zip_codes"] as? Int == 9 && jurisdiction["boundaries"] as? Int == 0)
        let district = try #require((jurisdiction["districts"] as? [[String: Any]])?.first)
        #expect(district["code"] as? String == "1" && district["name"] as? String == "Council District 1")
        #expect(district["kind"] as? String == "council-district" && district["boundary"] as? Bool == false && district["zip_codes"] as? Int == 0)
        let seat = try #require((jurisdiction["seats"] as? [[String: Any]])?.first)
        #expect(seat["office"] as? String == Self.tacoma + "/office:councilmember/seat:district-1")
        #expect(seat["seat"] as? String == "District 1" && seat["district"] as? String == "1")
        #expect((seat["holders"] as? [Any])?.isEmpty == true)
        let hole = try #require((own["holes"] as? [[String: Any]])?.first)
        #expect(Set(hole.keys) == ["kind", "jurisdiction", "summary", "message"])
        #expect(hole["kind"] as? String == "no-boundaries" && hole["jurisdiction"] as? String == Self.tacoma)
        let holder = try #require(((rules[0]["jurisdictions"] as? [[String: Any]])?.first?["seats"] as? [[String: Any]])?.first?["holders"] as? [[String: Any]])
        #expect(holder.first?["id"] as? String == "wa-jay-inslee")
    }

    @Test func badInputExitsSixtyFiveOrSixtyFour() throws {
        let database = try TestSupport.seededDatabasePath()
        let unknown = run(["coverage", "no-such-campaign"], database: database)
        #expect(unknown.status == 65)
        #expect(unknown.errors == "Error: no campaign folder or published campaign 'no-such-campaign' (see `campaign list`)\n")
        let month = run(["coverage", "tacoma-support-sanctuary", "--as-of", "2026-07"], database: database)
        #expect(month.status == 64)
        #expect(month.errors == "Error: Invalid value '2026-07' for '--as-of': give a day, e.g. 2026-11-01.\nHelp:  campaign coverage --help\n")
        let format = run(["coverage", "tacoma-support-sanctuary", "--format", "yaml"], database: database)
        #expect(format.status == 64)
    }

    // MARK: - check and publish

    @Test func theCommandInTheSummaryIsOneShellWord() {
        #expect(CheckCommand.shellWord("campaigns/tacoma-support-sanctuary") == "campaigns/tacoma-support-sanctuary")
        #expect(CheckCommand.shellWord("My Campaigns/Ana's petition") == #"'My Campaigns/Ana'\''s petition'"#)
        #expect(CheckCommand.shellWord("a;rm -rf x") == "'a;rm -rf x'")
    }

    /// A supporter without a ZIP-to-ward table chooses among every ward, not
    /// only those whose seats the directory holds (DC's demo data has one).
    @Test func theDistrictQuestionCountsEveryWardOfferedNotOnlyTheSeatsOnRecord() throws {
        let folder = TestSupport.temporaryFolder() + "/dc-own"
        try FileManager.default.copyItem(atPath: Self.campaigns + "/dc-protect-residents-from-ice", toPath: folder)
        let toml = folder + "/campaign.toml"
        try (try String(contentsOfFile: toml, encoding: .utf8)
             + "\n[[targets]]\nown = \"councilmember\"\njurisdiction = \"ocd-division/country:us/district:dc\"\n")
            .write(toFile: toml, atomically: false, encoding: .utf8)
        let result = run(["coverage", folder], database: try TestSupport.seededDatabasePath())
        #expect(result.output.contains("so a supporter who gives a ZIP code there chooses their district from all 8 themselves."), "\(result.output)")
    }

    @Test func checkPrintsTheCoverageSummaryAsOneWarning() throws {
        let folder = Self.campaigns + "/tacoma-support-sanctuary"
        let result = run(["check", folder], database: try TestSupport.seededDatabasePath())
        #expect(result.status == 0)
        // One more for the Spanish page's texts in English (CampaignCheckTests).
        #expect(result.output == "tacoma-support-sanctuary: 0 errors, 7 warnings\n")
        #expect(result.errors.hasSuffix("""
            \(folder)/campaign.toml:29:1: warning: coverage: 7 holes; `campaign coverage \(folder)` shows them all with what to do:
              Tacoma: council districts have no boundaries
              Tacoma: no ZIP codes for council districts
              Tacoma (District 1): no councilmember in office
              and 4 more

            """), "\(result.errors)")
        // A campaign with no hole prints no summary.
        let seattle = run(["check", Self.campaigns + "/seattle-thank-welcoming-city"], database: try TestSupport.seededDatabasePath())
        #expect(!seattle.errors.contains("coverage"), "\(seattle.errors)")
    }

    @Test func publishPrintsTheCoverageSummaryAndStillPublishes() throws {
        let database = try TestSupport.seededDatabasePath()
        let folder = Self.campaigns + "/king-county-ice-accountability"
        let result = run(["publish", folder], database: database)
        #expect(result.status == 0)
        #expect(result.output == "king-county-ice-accountability is unchanged; version 1 stays current (live).\n")
        #expect(CampaignCheckTests.apart(result.errors).rest == """
            \(folder)/campaign.toml:32:1: warning: coverage: 2 holes; `campaign coverage king-county-ice-accountability` shows them all with what to do:
              King County: no ZIP codes
              King County: no councilmember in office

            """)
    }
}
