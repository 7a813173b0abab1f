@testable import Campaign
import Foundation
import Testing

/// `campaign officials import --format openstates` and `campaign db seed
/// --current`, run in process: what they print, refuse and load.
@Suite struct OpenStatesCommandTests {
    static let august = Clock.fixed(TestSupport.noon(2026, 8, 6))

    func run(_ arguments: [String], database: String, clock: Clock = august) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments, database: database, clock: clock)
    }

    @Test func importsOpenStatesFoldersAndSaysWhatItDid() throws {
        let database = TestSupport.temporaryDatabasePath()
        let dc = TestSupport.fixture("openstates/dc")
        let dry = run(["officials", "import", "--format", "openstates", "--dry-run", dc], database: database)
        #expect(dry.status == 0, "\(dry.errors)")
        let lines = dry.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "Dry run: nothing was written.")
        #expect(lines.contains("  add     muriel-bowser  Muriel Bowser"))
        #expect(lines.suffix(3) == ["jurisdictions: 2 added, 0 changed, 0 unchanged", "offices: 12 added, 0 changed, 0 unchanged",
                                    "officials: 15 added, 0 changed, 0 unchanged"])
        let real = run(["officials", "import", "--format", "openstates", "--verified", "2026-08-01", dc], database: database)
        #expect(real.status == 0 && real.output.hasSuffix("officials: 15 added, 0 changed, 0 unchanged\n"))
        let show = run(["officials", "show", "muriel-bowser"], database: database)
        #expect(show.output.contains("Office:       Mayor, District of Columbia"))
        #expect(show.output.contains("Term:         2015-01-02 – 2023-01-01"))
        #expect(show.output.contains("Verified:     2026-08-01"))
        // Read again: the same people, found by their Open States ids.
        let again = run(["officials", "import", "--format", "openstates", dc], database: database)
        #expect(again.output.hasSuffix("officials: 0 added, 15 changed, 0 unchanged\n"), "only the verification dates differ")
    }

    /// With --skip-invalid a person's file with a problem is left out and
    /// named; everyone else comes in. Without it, nothing does.
    @Test func skipInvalidLeavesOutABrokenPersonFile() throws {
        let folder = TestSupport.temporaryFolder() + "/dc"
        try FileManager.default.copyItem(atPath: TestSupport.fixture("openstates/dc"), toPath: folder)
        let broken = folder + "/legislature/Broken-Person.yml"
        try "id: ocd-person/1\nname: Broken Person\nroles:\n- type: mayor\n  start_date: 2025-13-01\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let database = TestSupport.temporaryDatabasePath()
        let refused = run(["officials", "import", "--format", "openstates", folder], database: database)
        #expect(refused.status == 65 && refused.errors.contains("\(broken):"))
        let skipped = run(["officials", "import", "--format", "openstates", "--skip-invalid", folder], database: database)
        #expect(skipped.status == 0, "\(skipped.errors)")
        #expect(skipped.output.contains("officials: 15 added, 0 changed, 0 unchanged\nskipped: 1 record (listed on standard error)\n"))
        #expect(skipped.errors.hasPrefix("Skipped 1 record:\n\(broken):"))
        let within = run(["officials", "import", "--format", "openstates", "--within", "ocd-division/country:us", folder], database: database)
        #expect(within.status == 64 && within.errors.hasPrefix("Error: --within applies to Popolo files;"))
    }

    @Test func refusesOpenStatesOptionsForOtherFormatsAndBadFiles() throws {
        let database = TestSupport.temporaryDatabasePath()
        let csv = TestSupport.dataFolder + "/officials"
        let verified = run(["officials", "import", "--verified", "2026-08-01", csv], database: database)
        #expect(verified.status == 64)
        #expect(verified.errors == """
            Error: --verified applies to --format openstates; CSV and Popolo files give terms and verification dates per record.
            Help:  campaign officials import --help

            """)
        let format = run(["officials", "import", "--format", "yaml", csv], database: database)
        #expect(format.status == 64 && format.errors.hasPrefix("Error: Invalid value 'yaml' for '--format'"))
        let bad = TestSupport.write("id: ocd-person/1\nname: A\nroles: [\n", named: "A.yml")
        let broken = run(["officials", "import", "--format", "openstates", bad], database: database)
        #expect(broken.status == 65)
        #expect(broken.errors == "Error: \(bad):4:1: malformed YAML: did not find expected node content (while parsing a flow node at 4:1)\n")
        let unknown = TestSupport.write("id: ocd-person/1\nname: A B\nroles:\n- {type: mayor, jurisdiction: 'ocd-jurisdiction/country:us/state:wa/place:nowhere/government'}\n",
                                        named: "B.yml")
        let missing = run(["officials", "import", "--format", "openstates", unknown], database: database)
        #expect(missing.status == 65)
        #expect(missing.errors == "Error: \(unknown):4:3: unknown jurisdiction 'ocd-division/country:us/state:wa/place:nowhere'; add it to jurisdictions.csv or with `campaign jurisdictions add`\n")
        #expect(try DatabasePool(path: database).read { try DirectoryStore.isEmpty($0) }, "nothing was written")
    }

    @Test func seedCurrentLoadsTodaysWashingtonAndDCOverTheDemo() throws {
        let database = TestSupport.temporaryDatabasePath()
        let seed = run(["db", "seed", "--data", TestSupport.dataFolder, "--current"], database: database)
        #expect(seed.status == 0, "\(seed.errors)")
        #expect(seed.output.contains("Today's officials from \(TestSupport.dataFolder)/openstates: "))
        let lookup = run(["lookup", "--zip", "98402"], database: database)
        #expect(lookup.status == 0)
        #expect(lookup.output.contains("""
              Mayor, Tacoma: Anders Ibsen
                  source https://tacoma.gov/profile/office-of-mayor-anders-ibsen/, not verified
                  phone 253-591-5100 — Main office

            """))
        #expect(lookup.output.contains("""
              Governor, Washington: Bob Ferguson
                  source https://governor.wa.gov/, not verified
                  phone 360-902-4111 — Capitol office

            """))
        #expect(lookup.output.components(separatedBy: "  Mayor, Tacoma:").count == 2, "one Mayor of Tacoma")
        let ibsen = run(["officials", "show", "anders-ibsen"], database: database)
        #expect(ibsen.output.contains("Source:       https://tacoma.gov/profile/office-of-mayor-anders-ibsen/"))
        let ferguson = run(["officials", "show", "bob-ferguson"], database: database)
        #expect(ferguson.output.contains("source: https://governor.wa.gov/"), "each contact names its source")
        // The seed campaigns keep their seed-era directory.
        #expect(run(["officials", "show", "dc-karl-racine"], database: database).status == 0)
        // Seeding again with today's officials changes nothing.
        let again = run(["db", "seed", "--data", TestSupport.dataFolder, "--current"], database: database)
        #expect(again.output.contains("0 added"))
    }
}
