import ArgumentParsing
@testable import Campaign
@testable import CampaignCLI
import Foundation
import Testing

/// The real commands' specs and what the command line gives them, run in
/// this process: the duration grammar in each command that takes one, the
/// clock passed in, and the commands that must not create a database.
@Suite struct CampaignCommandTests {
    static let valid = TestSupport.fixture("campaigns/valid")
    static let tacoma = TestSupport.dataFolder + "/campaigns/tacoma-support-sanctuary"

    func run(_ arguments: [String], database: String? = nil, clock: Clock = .live,
             environment: [String: String] = [:]) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments, database: database, clock: clock, environment: environment)
    }

    /// `command` built from `arguments` as the dispatcher builds it.
    func parse<C: Command>(_ command: C.Type, _ arguments: [String]) throws -> C {
        try C(ParsedArguments(arguments, specs: C.arguments, commandPath: "campaign test"))
    }

    /// Every command, with the words that reach it.
    static func allCommands(_ command: any Command.Type = CampaignCommand.self, path: [String] = ["campaign"]) -> [(path: [String], command: any Command.Type)] {
        [(path, command)] + command.subcommands.flatMap { allCommands($0, path: path + [$0.name]) }
    }

    // MARK: - Specs

    @Test func noCommandDeclaresTwoArgumentsOfOneName() {
        for (path, command) in Self.allCommands() {
            let names = command.arguments.map(\.label).map { $0.split(separator: " ")[0] }
            #expect(Set(names).count == names.count, "\(path.joined(separator: " ")) declares \(names)")
            #expect(!names.contains("--db") || path == ["campaign"], "\(path) shadows the global --db")
            #expect(!names.contains("--help"))
        }
    }

    @Test func everyCommandsHelpComesFromItsSpecs() {
        for (path, command) in Self.allCommands() {
            let result = run(Array(path.dropFirst()) + ["--help"])
            #expect(result.status == 0, "\(path)")
            #expect(result.output.contains("USAGE: " + path.joined(separator: " ")), "\(path)")
            for spec in command.arguments {
                #expect(result.output.contains("  " + spec.label), "\(path) help lacks \(spec.label)")
            }
            #expect(result.output.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(path) help is wider than 80 columns")
        }
    }

    @Test func staleReadsItsAgeInTheOneGrammar() throws {
        #expect(try parse(OfficialsCommand.Stale.self, []).age == .days(180))
        #expect(try parse(OfficialsCommand.Stale.self, ["--older-than", "6mo"]).age == .months(6))
        #expect(try parse(OfficialsCommand.Stale.self, ["--older-than=30m"]).age == .minutes(30))
        #expect(try parse(OfficialsCommand.Stale.self, ["--older-than", "1y"]).age == .years(1))
    }

    @Test func purgeReadsItsAgeInTheSameGrammar() throws {
        let purge = try parse(OutboxPurgeCommand.self, ["--older-than", "30m", "--failed"])
        #expect(purge.age == .minutes(30))
        #expect(purge.failed)
        #expect(try parse(OutboxPurgeCommand.self, []).age == .days(30))
        #expect(try parse(OutboxPurgeCommand.self, ["--older-than", "6mo"]).age == .months(6))
    }

    @Test(arguments: [["officials", "stale"], ["outbox", "purge"]])
    func aBadDurationExitsSixtyFourNamingTheOption(_ command: [String]) {
        let database = TestSupport.temporaryDatabasePath()
        for value in ["30x", "6", "1.5h", "0d", "99999999999999999y"] {
            let result = run(command + ["--older-than", value], database: database)
            #expect(result.status == 64, "\(command) \(value)")
            #expect(result.errors.hasPrefix("Error: Invalid value '\(value)' for '--older-than': expected "), "\(result.errors)")
            #expect(result.errors.hasSuffix("Help:  campaign \(command.joined(separator: " ")) --help\n"))
            #expect(result.output.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: database), "a usage error opened the database")
    }

    @Test func otherCommandsOptionsAreCheckedByType() throws {
        let list = try parse(OutboxListCommand.self, ["--state", "failed", "--limit", "5"])
        #expect(list.state == .failed && list.limit == 5)
        #expect(try parse(OutboxListCommand.self, []).state == nil)
        #expect(try parse(OutboxRetryCommand.self, ["3", "4"]).ids == [3, 4])
        #expect(try parse(OutboxRetryCommand.self, []).ids == nil)
        let review = try parse(SignaturesSuspectCommand.self, ["dc", "--approve", "3", "--approve=5", "--reject", "all"])
        #expect(review.approving == .ids([3, 5]) && review.rejecting == .all)
        #expect(try parse(SignaturesSuspectCommand.self, ["dc"]).approving == nil)
        let export = try parse(ExportCommand.self, ["dc", "--all", "--since", "2026-11-01", "--format=html"])
        #expect(export.options.format == .html && export.options.since == PartialDate("2026-11-01"))
        #expect(try parse(ExportCommand.self, ["dc", "--official", "x", "--exact-only"]).options.exactOnly)
        #expect(try parse(ExportCommand.self, ["dc", "--official", "x"]).options.exactOnly == false)
        #expect(try parse(SignaturesResolveCommand.self, ["dc", "--dry-run"]).dryRun)
        let cases: [([String], String)] = [
            (["outbox", "list", "--limit", "0"], "Invalid value '0' for '--limit': expected a positive whole number."),
            (["outbox", "list", "--state", "lost"], "Invalid value 'lost' for '--state': expected one of all, queued, sending, sent, failed."),
            (["outbox", "retry", "7", "x"], "Invalid value 'x' for '<id>': expected a whole number."),
            (["export", "dc", "--all", "--since", "soon"], "Invalid value 'soon' for '--since': expected a date like 2026-11-01."),
            (["export", "dc", "--all", "--format", "pdf"], "Invalid value 'pdf' for '--format': expected one of csv, html, json, osdi."),
            (["export", "dc", "--all", "--exact-only"], "--exact-only goes with --official: the organizers' list has every signer, wherever they live."),
            (["signatures", "resolve"], "Missing expected argument '<slug>'."),
            (["districts", "overlay", "z.geojson", "--jurisdiction", "j", "--property", "p", "--min-share", "2"],
             "Invalid value '2' for '--min-share': expected a fraction above 0 and at most 1."),
            (["jurisdictions", "add", "--id", "ocd-division/country:us", "--name", "US", "--kind", "planet"],
             "Invalid value 'planet' for '--kind': expected one of country, state, territory, federal-district, county, city, ward, district, school-district, special-district, court, organization, division."),
            (["token", "create"], "Missing expected option '--name'."),
            (["officials", "show"], "Missing expected argument '<id>'."),
            (["officials", "list", "--format"], "Missing value for '--format <format>'."),
            (["signatures", "suspect", "dc", "--approve", "x"],
             "Invalid value 'x' for '--approve': expected a signature id (a whole number above zero) or 'all'."),
            (["signatures", "suspect", "dc", "--reject", "0"],
             "Invalid value '0' for '--reject': expected a signature id (a whole number above zero) or 'all'."),
            (["signatures", "suspect", "dc", "--approve", "3", "--reject", "4", "--reject", "3"],
             "Signature 3 is given to both '--approve' and '--reject'."),
            (["signatures", "suspect", "dc", "--approve", "all", "--reject", "4"],
             "'all' leaves nothing for the other decision: give '--approve all' or '--reject all' alone, or ids to both."),
        ]
        for (arguments, message) in cases {
            let result = run(arguments, database: TestSupport.temporaryDatabasePath())
            #expect(result.status == 64, "\(arguments)")
            #expect(result.errors.hasPrefix("Error: \(message)\n"), "\(arguments): \(result.errors)")
        }
    }

    // MARK: - The global --db

    @Test func theDatabaseComesFromDbOrTheEnvironment() {
        let path = TestSupport.temporaryDatabasePath()
        let fromEnvironment = run(["db", "migrate"], environment: ["CAMPAIGN_DB": path])
        #expect(fromEnvironment.status == 0)
        #expect(fromEnvironment.output.hasPrefix("\(path) is at schema version"))
        let other = TestSupport.temporaryDatabasePath()
        let flagWins = run(["db", "migrate", "--db=\(other)"], environment: ["CAMPAIGN_DB": path])
        #expect(flagWins.output.hasPrefix("\(other) is at schema version"))
        let empty = run(["--db=", "db", "migrate"])
        #expect(empty.status == 64)
        #expect(empty.errors == "Error: Invalid value '' for '--db': expected a file name or a postgres:// URL, not an empty text.\nHelp:  campaign --help\n")
        let missing = run(["db", "migrate", "--db"])
        #expect(missing.errors == "Error: Missing value for '--db <path|url>'.\nHelp:  campaign --help\n")
    }

    // MARK: - The clock

    @Test func staleCountsCalendarMonthsBackFromTheClock() throws {
        let database = TestSupport.temporaryDatabasePath()
        #expect(run(["officials", "import", TestSupport.dataFolder + "/officials"], database: database).status == 0)
        // On 2019-01-01, 6mo ago is 2018-07-01: 2018-05-18 is stale, a record dated "2018" may not be.
        let months = run(["officials", "stale", "--older-than", "6mo"], database: database, clock: .fixed(TestSupport.noon(2019, 1, 1)))
        #expect(months.status == 0)
        #expect(months.output.contains("nyc-bill-de-blasio"))
        #expect(!months.output.contains("seattle-lorena-gonzalez"))
        #expect(months.errors == "20 records not verified in the last 6 months\n")
        // On 2018-11-18, six months back is 2018-05-18 itself: not before it, so not stale; 180 days back is 2018-05-22.
        let edge = TestSupport.noon(2018, 11, 18)
        let sixMonths = run(["officials", "stale", "--older-than", "6mo"], database: database, clock: .fixed(edge))
        let days = run(["officials", "stale", "--older-than", "180d"], database: database, clock: .fixed(edge))
        #expect(!sixMonths.output.contains("nyc-bill-de-blasio"))
        #expect(days.output.contains("nyc-bill-de-blasio"))
        // Minutes are minutes: anything verified before today is stale.
        let minutes = run(["officials", "stale", "--older-than", "30m"], database: database, clock: .fixed(TestSupport.noon(2019, 1, 1)))
        #expect(minutes.errors == "\(lines(minutes.output).count - 1) records not verified in the last 30 minutes\n")
        #expect(minutes.output.contains("seattle-lorena-gonzalez"), "verified 2018, before today")
    }

    @Test func purgeMeasuresMinutesFromTheClock() throws {
        let database = TestSupport.temporaryDatabasePath()
        let pool = try DatabasePool(path: database)
        let created = Date(timeIntervalSince1970: 1_780_000_000)
        let message = OutboxMessage(key: "k", kind: .test, campaignID: nil, sender: "a@example.org", recipient: "b@example.org",
                                    subject: "S", body: .encoded(Array("Subject: S\r\n\r\nB\r\n".utf8)))
        _ = try pool.write { try OutboxStore.enqueue(message, at: created, $0) }
        try pool.write { try $0.execute("UPDATE outbox SET state = 'sent'") }
        let clock = Clock.fixed(created.addingTimeInterval(45 * 60))
        let kept = run(["outbox", "purge", "--older-than", "1h"], database: database, clock: clock)
        #expect(kept.output == "Deleted 0 messages.\n")
        let deleted = run(["outbox", "purge", "--older-than", "30m"], database: database, clock: clock)
        #expect(deleted.status == 0)
        #expect(deleted.output == "Deleted 1 message.\n")
    }

    @Test func publishingIsStampedWithTheClock() throws {
        let database = try TestSupport.seededDatabase().path
        let clock = ManualClock(TestSupport.noon(2026, 11, 21))
        let published = run(["publish", Self.valid], database: database, clock: clock.clock)
        #expect(published.output == "Published valid as version 1 (draft).\n", "\(published.errors)")
        let listed = run(["list", "--format", "json"], database: database, clock: clock.clock)
        #expect(listed.output.contains("2026-11-21T12:00:00Z"), "\(listed.output)")
        clock.advance(by: 3_600)
        #expect(run(["close", "valid"], database: database, clock: clock.clock).status == 0)
        let stored = try DatabasePool(path: database).read {
            try $0.value("SELECT updated_at FROM campaigns WHERE slug = 'valid'", as: String.self)
        }
        #expect(stored == "2026-11-21T13:00:00Z")
    }

    // MARK: - Commands that read only folders

    @Test func checkRenderAndPreviewOfAFolderCreateNoDatabase() throws {
        let folder = TestSupport.temporaryFolder()
        let database = folder + "/campaign.sqlite"
        let check = run(["check", Self.valid], database: database)
        #expect(check.status == 0, "\(check.errors)")
        #expect(check.output == "valid: 0 errors, 0 warnings\n")
        #expect(check.errors == "Note: no database at \(database) (--db or CAMPAIGN_DB): targets were not checked against the directory.\n")
        let render = run(["render", Self.tacoma, "--zip", "98402"], database: database)
        #expect(render.status == 0, "\(render.errors)")
        #expect(render.output.hasPrefix("SUPPORT Sanctuary Jurisdictions"), "\(render.output)")
        #expect(render.errors.contains("no targets were looked up"))
        let page = folder + "/page.html"
        let preview = run(["preview", Self.tacoma, "--out", page], database: database)
        #expect(preview.status == 0, "\(preview.errors)")
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("<html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["page.html"])
        // A slug needs the database, and still none is made.
        let slug = run(["render", "tacoma-support-sanctuary"], database: database)
        #expect(slug.status == 65)
        #expect(slug.errors == "Error: no campaign folder or published campaign 'tacoma-support-sanctuary' (see `campaign list`)\n")
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func checkUsesTheDatabaseWhenItExists() throws {
        let empty = TestSupport.temporaryDatabasePath()
        _ = try DatabasePool(path: empty)
        let result = run(["check", Self.valid], database: empty)
        #expect(result.status == 65)
        #expect(result.errors.contains("unknown official 'tacoma-marilyn-strickland'"), "\(result.errors)")
        #expect(!result.errors.contains("Note: no database"))
    }

    @Test func theBinaryInAFreshFolderLeavesNoDatabaseBehind() throws {
        let folder = TestSupport.temporaryFolder()
        let environment = ["CAMPAIGN_TEMPLATES": TestSupport.templatesFolder]
        let check = try TestSupport.campaign(["check", Self.valid], folder: folder, environment: environment)
        #expect(check.status == 0, "\(check.errors)")
        #expect(check.errors.contains("Note: no database at campaign.sqlite"))
        let render = try TestSupport.campaign(["render", Self.tacoma], folder: folder, environment: environment)
        #expect(render.status == 0, "\(render.errors)")
        let preview = try TestSupport.campaign(["preview", Self.tacoma], folder: folder, environment: environment)
        #expect(preview.status == 0, "\(preview.errors)")
        #expect(preview.output.contains("<html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
    }

    // MARK: - Templates wherever it runs

    @Test func theBinaryFindsItsTemplatesFromAnyFolder() throws {
        // Outside the repository and with no CAMPAIGN_TEMPLATES, as an organizer runs it.
        let folder = TestSupport.temporaryFolder()
        let created = try TestSupport.campaign(["new", "demo"], folder: folder)
        #expect(created.status == 0, "\(created.errors)")
        #expect(FileManager.default.fileExists(atPath: folder + "/demo/campaign.toml"))
        let check = try TestSupport.campaign(["check", "demo"], folder: folder)
        #expect(check.status == 0, "\(check.errors)")
        #expect(check.output.hasPrefix("demo: 0 errors, "), "\(check.output)")
        let preview = try TestSupport.campaign(["preview", "demo"], folder: folder)
        #expect(preview.status == 0, "\(preview.errors)")
        #expect(preview.output.contains("<html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["demo"], "no database was made")
    }

    /// A copy of the repository's templates in `folder`, its scaffold's
    /// English petition replaced by `petition`.
    func templatesCopy(in folder: String, petition: String) throws -> String {
        try FileManager.default.createDirectory(atPath: (folder as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.templatesFolder, toPath: folder)
        try petition.write(toFile: folder + "/scaffold/petition.en.md", atomically: false, encoding: .utf8)
        return folder
    }

    @Test func anInstalledBinaryUsesTheTemplatesInstalledBesideIt() throws {
        // prefix/bin/campaign with prefix/share/campaign/templates, as `make install` would lay them out.
        let prefix = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.campaignBinary, toPath: prefix + "/bin/campaign")
        _ = try templatesCopy(in: prefix + "/share/campaign/templates", petition: "Installed beside the binary.\n")
        let work = TestSupport.temporaryFolder()
        let created = try TestSupport.campaign(["new", "demo"], folder: work, binary: prefix + "/bin/campaign")
        #expect(created.status == 0, "\(created.errors)")
        #expect(try String(contentsOfFile: work + "/demo/petition.en.md", encoding: .utf8) == "Installed beside the binary.\n")
    }

    @Test func campaignTemplatesNamesTheOrganizersFolderOnceForEveryCommand() throws {
        // Their own folder holds only what it changes: here, the scaffold's petition.
        let own = TestSupport.temporaryFolder() + "/own"
        try FileManager.default.createDirectory(atPath: own + "/scaffold", withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: TestSupport.templatesFolder + "/scaffold") {
            try FileManager.default.copyItem(atPath: TestSupport.templatesFolder + "/scaffold/" + name, toPath: own + "/scaffold/" + name)
        }
        try "Our coalition asks you to act.\n".write(toFile: own + "/scaffold/petition.en.md", atomically: false, encoding: .utf8)
        let work = TestSupport.temporaryFolder()
        let environment = ["CAMPAIGN_TEMPLATES": own]
        let created = try TestSupport.campaign(["new", "demo"], folder: work, environment: environment)
        #expect(created.status == 0, "\(created.errors)")
        #expect(try String(contentsOfFile: work + "/demo/petition.en.md", encoding: .utf8) == "Our coalition asks you to act.\n")
        // The rest comes from the built-in folder: catalogs for check, pages for preview.
        let check = try TestSupport.campaign(["check", "demo"], folder: work, environment: environment)
        #expect(check.status == 0, "\(check.errors)")
        let preview = try TestSupport.campaign(["preview", "demo"], folder: work, environment: environment)
        #expect(preview.status == 0, "\(preview.errors)")
        #expect(preview.output.contains("Our coalition asks you to act."))
        // `--templates` says the same for one command.
        let flagged = try TestSupport.campaign(["new", "other", "--templates", own], folder: work)
        #expect(flagged.status == 0, "\(flagged.errors)")
        #expect(try String(contentsOfFile: work + "/other/petition.en.md", encoding: .utf8) == "Our coalition asks you to act.\n")
    }

    /// The lines of a text, without the empty one after the final line break.
    func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }
}
