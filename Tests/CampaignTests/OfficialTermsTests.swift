@testable import Campaign
import Foundation
import Testing

/// Terms of office: who is in office on a day, what supporters are offered
/// (lookup, targets, `--as-of`), what `check` and `officials stale` say of
/// ended terms, and what an import that ends a term reports, the earlier
/// holder of a sole office included.
@Suite struct OfficialTermsTests {
    static let tacoma = "ocd-division/country:us/state:wa/place:tacoma"
    static let dc = "ocd-division/country:us/district:dc"
    static let header = "id,name,jurisdiction,role,seat,term_start,term_end,source,contact_kind,contact_value"

    func day(_ text: String) throws -> PartialDate { try #require(PartialDate(text)) }

    func official(start: String?, end: String?) -> Official {
        Official(id: "x", name: "X", sortName: "X", officeID: "o", termStart: start.flatMap { PartialDate($0) },
                 termEnd: end.flatMap { PartialDate($0) }, source: "s", verified: nil)
    }

    func run(_ arguments: [String], database: String, on date: Date = TestSupport.noon(2026, 6, 1)) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments, database: database, clock: .fixed(date))
    }

    /// A CSV of officials rows under `header`.
    func officialsFile(_ rows: [String]) -> String {
        TestSupport.write(([Self.header] + rows).joined(separator: "\n") + "\n", named: "officials.csv")
    }

    /// The demo database with a new Mayor of Tacoma from 2026-01-01.
    static let newTacomaMayor = "tacoma-anders-ibsen,Anders Ibsen,\(tacoma),mayor,,2026-01-01,,Tacoma city website,phone,(253) 591-5100"

    // MARK: - In office on a day

    @Test func aPartialDateCoversItsWholeYearOrMonth() throws {
        #expect(official(start: "2018", end: nil).isInOffice(on: try day("2018-01-01")))
        #expect(!official(start: "2018", end: nil).isInOffice(on: try day("2017-12-31")))
        #expect(official(start: nil, end: "2025").isInOffice(on: try day("2025-12-31")))
        #expect(!official(start: nil, end: "2025").isInOffice(on: try day("2026-01-01")))
        #expect(official(start: "2019-02", end: "2019-02").isInOffice(on: try day("2019-02-28")))
        #expect(!official(start: "2019-02", end: "2019-02").isInOffice(on: try day("2019-03-01")))
        #expect(official(start: "2015-01-02", end: "2023-01-01").isInOffice(on: try day("2023-01-01")))
        #expect(!official(start: "2015-01-02", end: "2023-01-01").isInOffice(on: try day("2023-01-02")))
        #expect(official(start: nil, end: nil).isInOffice(on: try day("1900-01-01")), "an undated term covers every day")
        #expect(official(start: nil, end: "2023-01-01").hasLeftOffice(before: try day("2023-01-02")))
        #expect(!official(start: nil, end: "2023").hasLeftOffice(before: try day("2023-12-31")))
        #expect(try day("2026-01-01").dayBeforeStart.description == "2025-12-31")
        #expect(try day("2024-03").dayBeforeStart.description == "2024-02-29")
        #expect(try day("2026").dayBeforeStart.description == "2025-12-31")
    }

    // MARK: - The Tacoma case: one mayor, not two

    @Test func aNewMayorOfTacomaOverTheDemoEndsTheEarlierTermAndLookupAnswersOnlyTheNewOne() throws {
        let database = try TestSupport.seededDatabasePath()
        let file = officialsFile([Self.newTacomaMayor])
        let expectedEnding = "  end term  tacoma-marilyn-strickland  Marilyn Strickland: 2025-12-31 (was open), the day before tacoma-anders-ibsen took office, \(file):2:1"
        let dry = run(["officials", "import", "--dry-run", file], database: database)
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(dry.output == """
            Dry run: nothing was written.
              add     tacoma-anders-ibsen  Anders Ibsen
              change  tacoma-marilyn-strickland  Marilyn Strickland
            \(expectedEnding)
            jurisdictions: 0 added, 0 changed, 0 unchanged
            offices: 0 added, 0 changed, 1 unchanged
            officials: 1 added, 1 changed, 0 unchanged

            """)
        let real = run(["officials", "import", file], database: database)
        #expect(real.output.components(separatedBy: "\n").contains(expectedEnding), "\(real.output)")
        let directory = try DatabasePool(path: database).read { try DirectoryStore.load($0) }
        #expect(directory.officials.first { $0.id == "tacoma-marilyn-strickland" }?.termEnd?.description == "2025-12-31")

        let lookup = run(["lookup", "--zip", "98402"], database: database)
        #expect(lookup.status == 0)
        let mayors = lookup.output.components(separatedBy: "\n").filter { $0.contains("Mayor, Tacoma") }
        #expect(mayors == ["  Mayor, Tacoma: Anders Ibsen"])
        let before = run(["lookup", "--zip", "98402", "--as-of", "2025-12-31"], database: database)
        #expect(before.output.components(separatedBy: "\n").filter { $0.contains("Mayor, Tacoma") } == ["  Mayor, Tacoma: Marilyn Strickland"])
        let json = run(["lookup", "--zip", "98402", "--format", "json"], database: database)
        #expect(json.output.contains("tacoma-anders-ibsen") && !json.output.contains("tacoma-marilyn-strickland"))
    }

    @Test func asOfTakesOnlyADay() throws {
        let result = run(["lookup", "--zip", "98402", "--as-of", "2025"], database: try TestSupport.seededDatabasePath())
        #expect(result.status == 64)
        #expect(result.errors.hasPrefix("Error: Invalid value '2025' for '--as-of': give a day, e.g. 2026-11-01."))
    }

    @Test func aCouncilSeatIsNotASoleOfficeAndAnEarlierHolderThatEndedInTimeIsLeft() throws {
        let database = try TestSupport.seededDatabasePath()
        // A second at-large holder; and a governor whose predecessor already ended before.
        let file = officialsFile([
            "dc-new-at-large,New Member,\(Self.dc),councilmember,At-large,2025-01-02,,DC Council,,",
            "wa-jay-inslee,Jay Inslee,ocd-division/country:us/state:wa,governor,,2013-01-16,2025-01-15,WA,phone,(360) 902-4110",
            "wa-bob-ferguson,Bob Ferguson,ocd-division/country:us/state:wa,governor,,2025-01-15,,WA,,",
        ])
        let result = run(["officials", "import", "--dry-run", file], database: database)
        #expect(result.status == 0, "\(result.errors)")
        #expect(!result.output.contains("took office"), "\(result.output)")
        #expect(result.output.contains("  end term  wa-jay-inslee  Jay Inslee: 2025-01-15 (was open), \(file):3:1"))
    }

    @Test func aSeatOfItsOwnIsASoleOfficeAnAtLargeSeatOrALegislativeDistrictIsShared() throws {
        func office(_ role: String, _ seat: String = "") -> Office { Office(jurisdictionID: Self.dc, role: role, seat: seat) }
        #expect(SoleOfficeSuccession.isSole(office("mayor")))
        #expect(SoleOfficeSuccession.isSole(office("council-chair")))
        #expect(SoleOfficeSuccession.isSole(office("councilmember", "Ward 5")))
        #expect(SoleOfficeSuccession.isSole(office("councilmember", "Position 9")))
        #expect(!SoleOfficeSuccession.isSole(office("councilmember", "At-large")))
        #expect(!SoleOfficeSuccession.isSole(office("councilmember", "At Large Position 8")))
        #expect(!SoleOfficeSuccession.isSole(office("councilmember")))
        #expect(!SoleOfficeSuccession.isSole(office("state-representative", "District 24")))
        #expect(!SoleOfficeSuccession.isSole(office("us-senator")))
        #expect(!SoleOfficeSuccession.isSole(office("organizers-own-role")))

        // Today's Ward 5 member over the seed-era one leaves one member for the ward.
        let database = try TestSupport.seededDatabasePath()
        let file = officialsFile(["dc-zachary-parker,Zachary Parker,\(Self.dc),councilmember,Ward 5,2025-01-02,,DC Council,,"])
        let result = run(["officials", "import", file], database: database)
        #expect(result.output.contains("  end term  dc-kenyan-mcduffie  Kenyan McDuffie: 2025-01-01 (was open), the day before dc-zachary-parker took office, \(file):2:1"),
                "\(result.output)")
    }

    // MARK: - What supporters are offered

    @Test func targetsByRoleTakeTodaysHolderAndANamedOfficialStays() throws {
        let pool = try TestSupport.seededDatabase()
        try DirectoryImport.run(DirectoryImport.read(paths: [officialsFile([Self.newTacomaMayor])]), into: pool)
        let (directory, districts) = try pool.read { db in (try DirectoryStore.load(db), try DistrictStore.all(db).map(\.district)) }
        let resolver = TargetResolver(directory: directory, districts: districts)
        let place = try Lookup.load(from: pool).locate(zip: "98402")
        let rules: [TargetRule] = [.own(role: "mayor", jurisdictionID: nil), .office(role: "mayor", jurisdictionID: Self.tacoma),
                                   .official(id: "tacoma-marilyn-strickland")]
        func names(_ date: String) throws -> [String] {
            try resolver.resolve(rules, place: place, on: day(date)).targets.map { "\($0.ruleIndex):\($0.official?.id ?? "-")" }
        }
        #expect(try names("2026-06-01") == ["0:tacoma-anders-ibsen", "2:tacoma-marilyn-strickland"])
        #expect(try names("2025-06-01") == ["0:tacoma-marilyn-strickland"])
    }

    @Test func previewAndRenderTakeTheHolderInOfficeOnTheAsOfDay() throws {
        let database = try TestSupport.seededDatabasePath()
        _ = run(["officials", "import", officialsFile([Self.newTacomaMayor])], database: database)
        let today = run(["render", "thank-your-mayor-amicus", "--zip", "98402"], database: database)
        #expect(today.status == 0, "\(today.errors)")
        #expect(today.output.contains("Anders Ibsen") && !today.output.contains("Marilyn Strickland"))
        let earlier = run(["render", "thank-your-mayor-amicus", "--zip", "98402", "--as-of", "2025-12-31"], database: database)
        #expect(earlier.output.contains("Marilyn Strickland") && !earlier.output.contains("Anders Ibsen"))
        let preview = run(["preview", "thank-your-mayor-amicus", "--zip", "98402"], database: database)
        #expect(preview.output.contains("Anders Ibsen") && !preview.output.contains("Marilyn Strickland"))
    }

    @Test func digestsToOfficialsByRoleGoToThoseInOfficeAndToOneNamedById() throws {
        let pool = try CampaignDigestTests.wardFiveDigests()
        func audiences() throws -> [String] {
            try CampaignDigestTests.planner(pool).plan(slug: CampaignDigestTests.dc, scope: .all, now: CampaignDigestTests.now).map(\.audience)
        }
        #expect(try audiences().contains { $0.contains("dc-anita-bonds") })
        for id in ["dc-anita-bonds", "dc-muriel-bowser"] {
            let ended = TestSupport.campaignInProcess(["officials", "edit", id, "--term-end", "2025-01-01"], database: pool.path)
            try #require(ended.status == 0, "\(ended.errors)")
        }
        let after = try audiences()
        #expect(!after.contains { $0.contains("dc-anita-bonds") }, "a councilmember by role whose term ended: \(after)")
        #expect(after.contains { $0.contains("dc-muriel-bowser") }, "the Mayor is named by id: \(after)")
    }

    // MARK: - check and stale

    @Test func checkWarnsOfANamedTargetWhoseTermEndedAtItsLine() throws {
        let database = try TestSupport.seededDatabasePath()
        _ = run(["officials", "import", officialsFile([Self.newTacomaMayor])], database: database)
        let folder = TestSupport.dataFolder + "/campaigns/tacoma-support-sanctuary"
        let toml = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8)
        // The target's [[targets]] table, on the line before its official.
        let line = try #require(toml.components(separatedBy: "\n").firstIndex { $0.hasPrefix("official = \"tacoma-marilyn-strickland\"") })
        let warning = "\(folder)/campaign.toml:\(line):1: warning: Marilyn Strickland's term ended on 2025-12-31; supporters are still asked to contact them, "
            + "as the campaign names them by id: name whoever holds the office now, or target the role"
        let result = run(["check", folder], database: database)
        #expect(result.errors.components(separatedBy: "\n").contains(warning), "\(result.errors)")
        let before = run(["check", folder], database: database, on: TestSupport.noon(2025, 12, 31))
        #expect(!before.errors.contains("term ended"))
    }

    @Test func staleListsAnEndedTermThatLeavesTheOfficeEmptyButNotOneWithASuccessor() throws {
        let database = try TestSupport.seededDatabasePath()
        let file = officialsFile([
            Self.newTacomaMayor,
            "dc-muriel-bowser,Muriel Bowser,\(Self.dc),mayor,,2015-01-02,2023-01-01,Open States,phone,(202) 727-2643",
        ])
        #expect(run(["officials", "import", file], database: database).status == 0)
        let result = run(["officials", "stale", "--older-than", "100y"], database: database)
        #expect(result.status == 0)
        let rows = result.output.components(separatedBy: "\n").dropFirst()
        let ended = rows.filter { $0.contains("term ended") }
        #expect(ended.count == 1, "\(result.output)")
        #expect(ended.first?.hasPrefix("dc-muriel-bowser") == true && ended.first?.contains("term ended 2023-01-01") == true)
        #expect(rows.first == ended.first, "ended terms come first")
        #expect(!ended.contains { $0.hasPrefix("tacoma-marilyn-strickland") }, "a predecessor whose successor is in office is history")
        #expect(result.errors.hasPrefix("1 ended term leaving an office with no one in it today\n"))
    }

    @Test func aReImportThatEndsATermSaysSoInTheDryRun() throws {
        let database = try TestSupport.seededDatabasePath()
        let file = officialsFile(["dc-anita-bonds,Anita Bonds,\(Self.dc),councilmember,At-large,,2025-01-02,DC Council,,"])
        let result = run(["officials", "import", "--dry-run", file], database: database)
        #expect(result.output.components(separatedBy: "\n").contains("  end term  dc-anita-bonds  Anita Bonds: 2025-01-02 (was open), \(file):2:1"),
                "\(result.output)")
    }
}
