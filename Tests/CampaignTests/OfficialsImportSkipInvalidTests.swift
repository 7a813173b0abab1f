@testable import Campaign
import Foundation
import Testing

/// `campaign officials import` with `--skip-invalid`, `--report` and the
/// Popolo options, run in process: what it prints, writes and exits with.
@Suite struct OfficialsImportSkipInvalidTests {
    static let file = PopoloPublishedTests.file
    static let within = ["--within", PopoloPublishedTests.northfield]
    static let today = Clock.fixed(TestSupport.noon(2025, 1, 15))
    static let leftOut = [
        PopoloPublishedTests.emailProblem,
        "\(file):38:5: person 'Q3005' left out: their membership at line 105 was left out (its area 'Q1004' at line 136 was left out)",
        PopoloPublishedTests.nameProblem,
    ]

    func run(_ arguments: [String], database: String) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments, database: database, clock: Self.today, environment: [:])
    }

    @Test func skipInvalidImportsTheRestWritesTheReportAndExitsZero() throws {
        let database = TestSupport.temporaryDatabasePath()
        let report = TestSupport.temporaryFolder() + "/skipped.txt"
        let result = run(["officials", "import", Self.file, "--skip-invalid", "--report", report] + Self.within, database: database)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == """
            jurisdictions: 4 added, 0 changed, 0 unchanged
            offices: 4 added, 0 changed, 0 unchanged
            officials: 4 added, 0 changed, 0 unchanged
            skipped: 3 records (listed on standard error and in \(report))

            """)
        #expect(result.errors == (["Skipped 3 records:"] + Self.leftOut).map { $0 + "\n" }.joined())
        #expect(try String(contentsOfFile: report, encoding: .utf8) == Self.leftOut.map { $0 + "\n" }.joined())
        let listed = run(["officials", "list", "--format", "csv"], database: database)
        #expect(listed.output.contains("robert-evans-mayor"))
    }

    @Test func withoutSkipInvalidEveryProblemIsReportedInFileOrderAndNothingWritten() throws {
        let database = TestSupport.temporaryDatabasePath()
        let result = run(["officials", "import", Self.file] + Self.within, database: database)
        #expect(result.status == 65)
        #expect(result.errors == """
            Error: 2 problems; nothing was written.
            \(PopoloPublishedTests.emailProblem)
            \(PopoloPublishedTests.nameProblem)

            """)
    }

    @Test func theImportDateComesFromTheClockOrAsOf() throws {
        // On 2022-05-01 Carys Jones's 2018 membership had not ended yet.
        let database = TestSupport.temporaryDatabasePath()
        let result = run(["officials", "import", Self.file, "--skip-invalid", "--as-of", "2022-05-01"] + Self.within, database: database)
        #expect(result.status == 0)
        let shown = run(["officials", "show", "carys-jones"], database: database)
        #expect(shown.output.contains("Term:         2018-05-03 – 2022-05-04"), "\(shown.output)")
    }

    @Test func optionsThatDoNotGoTogetherOrAreMalformedAreUsageErrors() {
        let database = TestSupport.temporaryDatabasePath()
        let help = "Help:  campaign officials import --help\n"
        let report = run(["officials", "import", Self.file, "--report", "r.txt"], database: database)
        #expect(report.status == 64)
        #expect(report.errors == "Error: --report goes with --skip-invalid: it lists the records left out.\n" + help)
        let prune = run(["officials", "import", Self.file, "--skip-invalid", "--prune"], database: database)
        #expect(prune.status == 64)
        #expect(prune.errors == "Error: --prune cannot go with --skip-invalid: it would remove the officials of the records left out.\n" + help)
        let within = run(["officials", "import", Self.file, "--within", "northfield"], database: database)
        #expect(within.status == 64)
        #expect(within.errors == "Error: Invalid value 'northfield' for '--within': an OCD id starts with 'ocd-division/' (or 'ocd-organization/').\n" + help)
        let role = run(["officials", "import", Self.file, "--role", "councillor"], database: database)
        #expect(role.status == 64)
        #expect(role.errors.hasPrefix("Error: Invalid value 'councillor' for '--role': known roles are mayor, "))
    }
}
