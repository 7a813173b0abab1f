@testable import Campaign
@testable import CampaignCLI
import Foundation
import Testing

/// The `campaign` commands end to end, run in this process with their
/// output captured (a few through the real binary): exit statuses,
/// messages, and what each command prints and writes.
@Suite struct CLITests {
    // MARK: - Helpers

    /// Runs `campaign` in this process.
    func run(_ arguments: [String], database: String? = nil, clock: Clock = .live,
             environment: [String: String] = [:]) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments, database: database, clock: clock, environment: environment)
    }

    static let officialsFolder = TestSupport.dataFolder + "/officials"

    static let seattle = "ocd-division/country:us/state:wa/place:seattle"
    static let nineMayors = ["Bowser", "Emanuel", "de Blasio", "Kenney", "Weinberger", "Durkan", "Strickland", "Ekberg", "Soglin"]

    /// A new database file holding the demo directory, imported through the CLI.
    func importedDatabase(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let path = TestSupport.temporaryDatabasePath()
        let result = run(["officials", "import", Self.officialsFolder], database: path)
        #expect(result.status == 0, "import failed: \(result.errors)", sourceLocation: sourceLocation)
        return path
    }

    /// A new database file with the demo data and districts.
    func seededDatabase() throws -> String {
        try TestSupport.seededDatabase().path
    }

    /// The lines of a text (LF or CRLF), without the empty one after the final line break.
    func lines(_ text: String) -> [String] {
        Array(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
            .dropLast(text.last?.isNewline == true ? 1 : 0))
    }

    /// The cells of a table row, cut at the columns where the header's words start.
    func cells(_ row: String, header: String) -> [String] {
        let headerCharacters = Array(header), rowCharacters = Array(row)
        var starts: [Int] = []
        for index in headerCharacters.indices where headerCharacters[index] != " " && (index == 0 || headerCharacters[index - 1] == " ") {
            starts.append(index)
        }
        return starts.indices.map { position in
            let start = min(starts[position], rowCharacters.count)
            let end = position + 1 < starts.count ? min(starts[position + 1], rowCharacters.count) : rowCharacters.count
            return String(rowCharacters[start..<end]).trimmingCharacters(in: .whitespaces)
        }
    }

    func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    // MARK: - Exit statuses

    @Test func exitsZeroOnSuccess() throws {
        let path = TestSupport.temporaryDatabasePath()
        let result = run(["db", "migrate"], database: path)
        #expect(result.status == 0)
        #expect(result.output == "\(path) is at schema version \(Migrator.campaign.latestVersion).\n")
        #expect(result.errors.isEmpty)
    }

    @Test func exitsSixtyFourForAnUnknownOption() throws {
        let result = run(["officials", "list", "--bogus"], database: TestSupport.temporaryDatabasePath())
        #expect(result.status == 64)
        #expect(result.errors == "Error: Unknown option '--bogus'.\nHelp:  campaign officials list --help\n")
        #expect(result.output.isEmpty)
    }

    /// A flag is not a subcommand, at the top level too.
    @Test func exitsSixtyFourForAnUnknownTopLevelOptionCallingItAnOption() throws {
        let result = run(["--bogus"], database: TestSupport.temporaryDatabasePath())
        #expect(result.status == 64)
        #expect(result.errors == "Error: Unknown option '--bogus'.\nHelp:  campaign --help\n")
        #expect(result.output.isEmpty)
    }

    @Test func exitsSixtyFourForOtherUsageErrors() throws {
        let database = TestSupport.temporaryDatabasePath()
        let unknown = run(["officials", "frobnicate"], database: database)
        #expect(unknown.status == 64)
        #expect(unknown.errors == "Error: Unknown subcommand 'frobnicate'.\nHelp:  campaign officials --help\n")
        let missing = run(["officials", "list", "--role"], database: database)
        #expect(missing.status == 64)
        #expect(missing.errors.hasPrefix("Error: Missing value for '--role <role>'."))
        let neither = run(["lookup"], database: database)
        #expect(neither.status == 64)
        #expect(neither.errors.hasPrefix("Error: Give exactly one of '--zip <zip>' and '--at <lat,lon>'."))
        let badFormat = run(["officials", "list", "--format", "xml"], database: database)
        #expect(badFormat.status == 64)
        #expect(badFormat.errors.hasPrefix("Error: Invalid value 'xml' for '--format': expected one of table, csv, json."))
        let noSubcommand = run([], database: database)
        #expect(noSubcommand.status == 64)
        #expect(noSubcommand.errors.contains("SUBCOMMANDS:"))
        #expect(noSubcommand.output.isEmpty)
    }

    @Test func exitsSixtyFiveForBadDataNamingFileLineColumnAndPrintingNothing() throws {
        let database = try importedDatabase()
        let before = try TestSupport.snapshot(database)
        let file = TestSupport.write("id,name,jurisdiction,role,source\na-b,A B,\(Self.seattle),councilmember,S\nx-y,X Y,\(Self.seattle),bogus,S\n",
                                     named: "officials.csv")
        let result = run(["officials", "import", file], database: database)
        #expect(result.status == 65)
        #expect(result.errors == "Error: \(file):3:56: unknown role 'bogus' (known roles: \(OfficeRole.slugList))\n")
        #expect(result.output.isEmpty)
        #expect(try TestSupport.snapshot(database) == before)
    }

    @Test func listsEveryProblemOfABadFileOnStandardError() throws {
        let database = try importedDatabase()
        let before = try TestSupport.snapshot(database)
        let file = TestSupport.write("id,name,jurisdiction,role,source\nx-y,X Y,\(Self.seattle),bogus,S\nz-y,Z Y,\(Self.seattle),mayor\n",
                                     named: "officials.csv")
        let result = run(["officials", "import", file], database: database)
        #expect(result.status == 65)
        #expect(result.errors == """
            Error: 2 problems; nothing was written.
            \(file):2:56: unknown role 'bogus' (known roles: \(OfficeRole.slugList))
            \(file):3:1: 4 fields where the header has 5 columns

            """)
        #expect(result.output.isEmpty)
        #expect(try TestSupport.snapshot(database) == before)
    }

    @Test func exitsOneForOtherFailures() throws {
        let path = TestSupport.temporaryFolder() + "/no/such/folder/campaign.sqlite"
        let result = run(["officials", "list"], database: path)
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("Error: "))
        #expect(result.errors.contains(path))
        #expect(result.output.isEmpty)
    }

    // MARK: - Help

    @Test func helpListsTheSubcommands() throws {
        let result = run(["--help"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("OVERVIEW: "))
        #expect(result.output.contains("USAGE: campaign <subcommand>"))
        let subcommands = try #require(result.output.components(separatedBy: "SUBCOMMANDS:\n").last)
        for name in ["officials", "jurisdictions", "districts", "lookup", "db", "signers", "purge"] {
            #expect(subcommands.contains("\n  \(name) ") || subcommands.hasPrefix("  \(name) "), "\(name) is not listed")
        }
        #expect(result.output.contains("--db <path|url>"))
        #expect(result.errors.isEmpty)
    }

    @Test func officialsHelpListsItsSubcommands() throws {
        for arguments in [["officials", "--help"], ["help", "officials"], ["officials", "-h"]] {
            let result = run(arguments)
            #expect(result.status == 0)
            #expect(result.output.contains("USAGE: campaign officials <subcommand>"))
            let subcommands = try #require(result.output.components(separatedBy: "SUBCOMMANDS:\n").last)
            for name in ["import", "export", "list", "show", "add", "edit", "remove", "stale"] {
                #expect(subcommands.contains("  \(name) "), "\(name) is not listed by \(arguments)")
            }
        }
    }

    @Test func subcommandHelpListsItsOptions() throws {
        let result = run(["officials", "import", "--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: campaign officials import <file> ... [--dry-run] [--prune]"))
        #expect(result.output.contains("--dry-run"))
        #expect(result.output.contains("--prune"))
    }

    // MARK: - Import, list, show

    @Test func importThenListByRoleShowsTheNineMayors() throws {
        let database = TestSupport.temporaryDatabasePath()
        let imported = run(["officials", "import", Self.officialsFolder], database: database)
        #expect(imported.status == 0)
        #expect(imported.output == "jurisdictions: 19 added, 0 changed, 0 unchanged\noffices: 25 added, 0 changed, 0 unchanged\nofficials: 22 added, 0 changed, 0 unchanged\n")
        let result = run(["officials", "list", "--role", "mayor"], database: database)
        #expect(result.status == 0)
        let rows = lines(result.output)
        #expect(rows.count == 10)
        #expect(rows.first?.hasPrefix("ID") == true)
        let names = rows.dropFirst().map { cells($0, header: rows[0])[1] }
        #expect(names.count == 9)
        for mayor in Self.nineMayors {
            #expect(names.filter { $0.hasSuffix(" " + mayor) }.count == 1, "\(mayor) is not listed once")
        }
        #expect(rows.dropFirst().allSatisfy { cells($0, header: rows[0])[2] == "Mayor" })
        #expect(result.errors == "9 officials\n")
    }

    @Test func listByJurisdictionIncludesThoseWithinIt() throws {
        let database = try importedDatabase()
        let result = run(["officials", "list", "--jurisdiction", "ocd-division/country:us/state:wa/county:king"], database: database)
        #expect(result.status == 0)
        let ids = lines(result.output).dropFirst().map { cells($0, header: lines(result.output)[0])[0] }
        #expect(Set(ids) == ["king-county-dow-constantine", "seattle-jenny-durkan", "seattle-lorena-gonzalez", "seattle-pete-holmes", "tukwila-allan-ekberg"])
        let unknown = run(["officials", "list", "--jurisdiction", "ocd-division/country:us/state:or"], database: database)
        #expect(unknown.status == 65)
        #expect(unknown.output.isEmpty)
    }

    @Test func showPrintsContactsAndTheirSource() throws {
        let database = try importedDatabase()
        let result = run(["officials", "show", "king-county-dow-constantine"], database: database)
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("Dow Constantine\n"))
        #expect(result.output.contains("206-263-9600"))
        #expect(result.output.contains("+12062639600"))
        #expect(result.output.contains("kcexec@kingcounty.gov"))
        #expect(result.output.contains("Seattle Indivisible call action “Hold King County Accountable for ICE Complicity”"))
        #expect(result.output.contains("County Executive, King County"))
        let missing = run(["officials", "show", "nobody"], database: database)
        #expect(missing.status == 65)
        #expect(missing.errors == "Error: no official with id 'nobody' (see `campaign officials list`)\n")
    }

    // MARK: - db seed, backup, schema version

    @Test func seedTwiceIsIdempotent() throws {
        let database = TestSupport.temporaryDatabasePath()
        let first = try TestSupport.campaign(["db", "seed"], database: database)
        #expect(first.status == 0)
        #expect(first.output == "Seeded \(database) from data: officials 22 added, 0 changed, 0 unchanged; districts from 7 files; 5 campaigns.\n")
        let before = try TestSupport.snapshot(database)
        let second = try TestSupport.campaign(["db", "seed"], database: database)
        #expect(second.status == 0)
        #expect(second.output == "Seeded \(database) from data: officials 0 added, 0 changed, 22 unchanged; districts from 7 files; 5 campaigns.\n")
        #expect(try TestSupport.snapshot(database) == before)
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func backupProducesADatabaseWithTheSameOfficials() throws {
        let database = try importedDatabase()
        let backup = TestSupport.temporaryFolder() + "/backup.sqlite"
        let result = run(["db", "backup", backup], database: database)
        #expect(result.status == 0)
        #expect(result.errors == "Backed up \(database) to \(backup).\n")
        let original = try DatabasePool(path: database).read { try DirectoryStore.load($0) }
        let copy = try DatabasePool(path: backup).read { try DirectoryStore.load($0) }
        #expect(copy == original)
        #expect(copy.officials.count == 22)
        let listed = run(["officials", "list", "--format", "csv"], database: backup)
        #expect(listed.output == (run(["officials", "list", "--format", "csv"], database: database)).output)
        // A second backup to the same file is refused.
        let again = run(["db", "backup", backup], database: database)
        #expect(again.status == 65)
        #expect(again.errors == "Error: \(backup) exists already; choose a new file for the backup\n")
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func refusesADatabaseFromANewerSchemaWithoutTouchingIt() throws {
        let path = TestSupport.temporaryDatabasePath()
        do {
            let pool = try DatabasePool(path: path)
            try pool.withWriterConnection { try $0.execute("PRAGMA user_version = 99") }
        }
        let before = try #require(fileBytes(path))
        let walBefore = fileBytes(path + "-wal")
        let result = run(["officials", "list"], database: path)
        #expect(result.status == 65)
        let supported = Migrator.campaign.latestVersion
        #expect(result.errors == "Error: The database \(path) has schema version 99, but this campaign binary knows versions up to \(supported). Use a newer campaign binary; this one will not touch it.\n")
        #expect(result.output.isEmpty)
        #expect(fileBytes(path) == before)
        #expect(fileBytes(path + "-wal") == walBefore)
        // Nor does a command that writes.
        let seeded = run(["db", "seed"], database: path)
        #expect(seeded.status == 65)
        #expect(fileBytes(path) == before)
        #expect(throws: StorageError.self) { try DatabasePool(path: path) }
    }

    // MARK: - Lookup

    @Test func lookupAtAPointInWard2ListsItsRepresentatives() throws {
        let result = run(["lookup", "--at", "38.8951,-77.0312"], database: try seededDatabase())
        #expect(result.status == 0)
        #expect(result.output.contains("District of Columbia: Ward 2\n"))
        for name in ["Phil Mendelson", "Muriel Bowser", "Karl Racine", "Anita Bonds", "David Grosso", "Elissa Silverman", "Robert White, Jr."] {
            #expect(result.output.contains(name), "\(name) is missing")
        }
        #expect(!result.output.contains("Kenyan McDuffie"), "the Ward 5 member does not represent Ward 2")
        #expect(!result.output.contains("Seattle"))
    }

    @Test func lookupOfAZipSpanningDistrictsNamesThemAll() throws {
        let result = run(["lookup", "--zip", "98104"], database: try seededDatabase())
        #expect(result.status == 0)
        #expect(result.output.contains("Seattle: Council District 2 or Council District 3 or Council District 7 (the ZIP spans 3 districts; choose one)"))
        #expect(result.output.contains("Jenny Durkan"))
        #expect(result.output.contains("Dow Constantine"))
        #expect(result.output.contains("Jay Inslee"))
    }

    @Test func lookupOfADCZipOffersTheEightWards() throws {
        let result = run(["lookup", "--zip", "20001"], database: try seededDatabase())
        #expect(result.status == 0)
        #expect(result.output.contains("District of Columbia: district not known; one of Ward 1, Ward 2, Ward 3, Ward 4, Ward 5, Ward 6, Ward 7, Ward 8\n"))
        #expect(result.output.contains("Muriel Bowser"))
    }

    @Test func lookupOfAMalformedZipExitsSixtyFiveWithAClearMessage() throws {
        let result = run(["lookup", "--zip", "1234"], database: try seededDatabase())
        #expect(result.status == 65)
        #expect(result.errors == "Error: malformed ZIP code; write five digits, e.g. 98104\n")
        #expect(result.output.isEmpty)
    }

    // MARK: - add, edit, remove

    @Test func addEditAndRemoveAnOfficial() throws {
        let database = try importedDatabase()
        let added = run([
            "officials", "add", "--id", "seattle-teresa-mosqueda", "--name", "Teresa Mosqueda",
            "--jurisdiction", Self.seattle, "--role", "councilmember", "--seat", "Position 8",
            "--source", "Seattle City Council roster", "--verified", "2019-01-15",
            "--phone", "(206) 684-8808 | Council office | Mon–Fri 9–5", "--title", "es=Concejala",
        ], database: database)
        #expect(added.status == 0)
        #expect(added.errors == "Added seattle-teresa-mosqueda.\n")
        var shown = run(["officials", "show", "seattle-teresa-mosqueda"], database: database)
        #expect(shown.output.contains("Teresa Mosqueda"))
        #expect(shown.output.contains("(206) 684-8808  (+12066848808)  — Council office"))
        #expect(shown.output.contains("hours: Mon–Fri 9–5"))
        #expect(shown.output.contains("es: Concejala"))
        #expect(shown.output.contains("Position 8"))

        let edited = run(["officials", "edit", "seattle-teresa-mosqueda", "--party", "Democratic",
                                               "--email", "Teresa.Mosqueda@seattle.gov", "--contact-source", "Council web page"], database: database)
        #expect(edited.status == 0)
        #expect(edited.errors == "Updated seattle-teresa-mosqueda.\n")
        shown = run(["officials", "show", "seattle-teresa-mosqueda"], database: database)
        #expect(shown.output.contains("Party:        Democratic"))
        #expect(shown.output.contains("(206) 684-8808"))
        #expect(shown.output.contains("Teresa.Mosqueda@seattle.gov"))
        let official = try #require(try DatabasePool(path: database).read { try DirectoryStore.load($0) }.officials.first { $0.id == "seattle-teresa-mosqueda" })
        #expect(official.contacts.map(\.value) == ["+12066848808", "Teresa.Mosqueda@seattle.gov"])
        #expect(official.titles == ["es": "Concejala"])
        #expect(official.sortName == "Mosqueda, Teresa")

        let cleared = run(["officials", "edit", "seattle-teresa-mosqueda", "--clear-contacts",
                                                "--web", "https://www.seattle.gov/council/mosqueda", "--contact-source", "Council web page"], database: database)
        #expect(cleared.status == 0)
        shown = run(["officials", "show", "seattle-teresa-mosqueda"], database: database)
        #expect(!shown.output.contains("684-8808"))
        #expect(shown.output.contains("https://www.seattle.gov/council/mosqueda"))

        let removed = run(["officials", "remove", "seattle-teresa-mosqueda"], database: database)
        #expect(removed.status == 0)
        #expect(removed.errors == "Removed seattle-teresa-mosqueda.\n")
        let gone = run(["officials", "show", "seattle-teresa-mosqueda"], database: database)
        #expect(gone.status == 65)
        let again = run(["officials", "remove", "seattle-teresa-mosqueda"], database: database)
        #expect(again.status == 65)
        #expect(again.errors == "Error: no official with id 'seattle-teresa-mosqueda' (see `campaign officials list`)\n")
    }

    @Test func addWithAnUnknownRoleExitsSixtyFiveNamingTheOption() throws {
        let database = try importedDatabase()
        let before = try TestSupport.snapshot(database)
        let result = run([
            "officials", "add", "--id", "x-y", "--name", "X Y", "--jurisdiction", Self.seattle,
            "--role", "bogus", "--source", "S",
        ], database: database)
        #expect(result.status == 65)
        #expect(result.errors == "Error: --role: unknown role 'bogus' (known roles: \(OfficeRole.slugList))\n")
        #expect(result.output.isEmpty)
        #expect(try TestSupport.snapshot(database) == before)
    }

    @Test func addRefusesBadValuesNamingTheirOption() throws {
        let database = try importedDatabase()
        let before = try TestSupport.snapshot(database)
        let base = ["officials", "add", "--id", "x-y", "--name", "X Y", "--role", "councilmember", "--source", "S"]
        let cases: [([String], String)] = [
            (["--jurisdiction", Self.seattle, "--phone", "206-CALL-NOW"], "Error: --phone: malformed phone number '206-CALL-NOW': unexpected character 'C'\n"),
            (["--jurisdiction", Self.seattle, "--email", "x@y"], "Error: --email: malformed e-mail address 'x@y'\n"),
            (["--jurisdiction", Self.seattle, "--verified", "2019-02-30"], "Error: --verified: malformed date '2019-02-30'; write YYYY-MM-DD, YYYY-MM or YYYY\n"),
            (["--jurisdiction", "ocd-division/country:us/state:or/place:portland"],
             "Error: --jurisdiction: unknown jurisdiction 'ocd-division/country:us/state:or/place:portland'; add it with `campaign jurisdictions add`\n"),
            (["--jurisdiction", "seattle"],
             "Error: --jurisdiction: malformed OCD id 'seattle': an OCD id starts with 'ocd-division/' (or 'ocd-organization/')\n"),
        ]
        for (extra, message) in cases {
            let result = run(base + extra, database: database)
            #expect(result.status == 65, "\(extra)")
            #expect(result.errors == message)
        }
        let duplicate = run(["officials", "add", "--id", "wa-jay-inslee", "--name", "Jay Inslee", "--jurisdiction",
                                                  "ocd-division/country:us/state:wa", "--role", "governor", "--source", "S"], database: database)
        #expect(duplicate.status == 65)
        #expect(duplicate.errors.hasPrefix("Error: --id: an official with id 'wa-jay-inslee' exists already"))
        #expect(try TestSupport.snapshot(database) == before)
        let missing = run(["officials", "add", "--id", "x-y", "--name", "X Y"], database: database)
        #expect(missing.status == 64)
        #expect(missing.errors.hasPrefix("Error: Missing expected option '--jurisdiction'."))
    }

    // MARK: - Export and import

    @Test func exportedCSVFolderImportsIntoANewDatabaseUnchanged() throws {
        let database = try importedDatabase()
        let folder = TestSupport.temporaryFolder() + "/export"
        let exported = run(["officials", "export", "--format", "csv", "--out", folder], database: database)
        #expect(exported.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/jurisdictions.csv"))
        #expect(FileManager.default.fileExists(atPath: folder + "/officials.csv"))
        let copy = TestSupport.temporaryDatabasePath()
        let imported = run(["officials", "import", folder], database: copy)
        #expect(imported.status == 0)
        let original = run(["officials", "list", "--format", "csv"], database: database)
        let reimported = run(["officials", "list", "--format", "csv"], database: copy)
        #expect(original.status == 0)
        #expect(!original.output.isEmpty)
        #expect(reimported.output == original.output)
        let jurisdictions = run(["jurisdictions", "list", "--format", "csv"], database: copy)
        #expect(jurisdictions.output == (run(["jurisdictions", "list", "--format", "csv"], database: database)).output)
        // Importing the export back into the original changes nothing.
        let again = run(["officials", "import", "--dry-run", folder], database: database)
        #expect(again.output == "Dry run: nothing was written.\njurisdictions: 0 added, 0 changed, 19 unchanged\noffices: 0 added, 0 changed, 25 unchanged\nofficials: 0 added, 0 changed, 22 unchanged\n")
    }

    @Test func exportedJSONImportsIntoANewDatabaseUnchanged() throws {
        let database = try importedDatabase()
        let file = TestSupport.temporaryFolder() + "/directory.json"
        let exported = run(["officials", "export", "--format", "json", "--out", file], database: database)
        #expect(exported.status == 0)
        let copy = TestSupport.temporaryDatabasePath()
        #expect(run(["officials", "import", file], database: copy).status == 0)
        let original = run(["officials", "list", "--format", "csv"], database: database)
        #expect(run(["officials", "list", "--format", "csv"], database: copy).output == original.output)
    }

    @Test func exportOutReplacesTheFileWholeAndNamesTheFileItCannotWrite() throws {
        let database = try importedDatabase()
        let folder = TestSupport.temporaryFolder()
        let file = folder + "/directory.json"
        _ = FileManager.default.createFile(atPath: file, contents: Data("an older export".utf8))
        let exported = run(["officials", "export", "--format", "json", "--out", file], database: database)
        #expect(exported.status == 0)
        #expect(exported.errors.contains("Wrote \(file)"))
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.hasPrefix("{") && written.contains("wa-jay-inslee"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["directory.json"], "a partial file was left")

        let missing = folder + "/no-such-folder/directory.json"
        let refused = run(["officials", "export", "--format", "json", "--out", missing], database: database)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("--out: cannot write \(missing)"), "\(refused.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["directory.json"])
    }

    @Test func importDryRunAndPruneReportWhatTheyWouldDo() throws {
        let database = try importedDatabase()
        let before = try TestSupport.snapshot(database)
        let onlyInslee = TestSupport.write("""
            id,name,jurisdiction,role,title_en,title_es,source,contact_kind,contact_value,contact_label
            wa-jay-inslee,Jay Inslee,ocd-division/country:us/state:wa,governor,Governor,Gobernador,Tacoma call action “SUPPORT Sanctuary Jurisdictions against DOJ Bullying”,phone,(360) 902-4110,Office

            """, named: "officials.csv")
        let dryRun = run(["officials", "import", "--dry-run", "--prune", onlyInslee], database: database)
        #expect(dryRun.status == 0)
        let output = lines(dryRun.output)
        #expect(output.first == "Dry run: nothing was written.")
        #expect(output.filter { $0.hasPrefix("  remove  ") }.count == 21)
        #expect(output.contains("  remove  dc-muriel-bowser"))
        #expect(output.last == "officials: 0 added, 0 changed, 1 unchanged, 21 removed")
        #expect(try TestSupport.snapshot(database) == before)
        let pruned = run(["officials", "import", "--prune", onlyInslee], database: database)
        #expect(pruned.status == 0)
        let listed = run(["officials", "list", "--format", "csv"], database: database)
        #expect(lines(listed.output).count == 2)
        #expect(listed.output.contains("wa-jay-inslee"))
    }

    // MARK: - stale

    @Test func staleListsUndatedRecordsButNotRecentOnes() throws {
        let database = try importedDatabase()
        // On 2018-10-01 a record of 2018-05-18 is 136 days old.
        let early = run(["officials", "stale", "--older-than", "180d"], database: database, clock: .fixed(TestSupport.noon(2018, 10, 1)))
        #expect(early.status == 0)
        for id in ["king-county-dow-constantine", "wa-jay-inslee", "tacoma-marilyn-strickland"] {
            #expect(early.output.contains(id), "\(id) was never verified")
        }
        #expect(early.output.contains("never"))
        for id in ["nyc-bill-de-blasio", "seattle-jenny-durkan", "seattle-lorena-gonzalez", "dc-muriel-bowser"] {
            #expect(!early.output.contains(id), "\(id) was verified recently")
        }
        #expect(early.errors == "8 records not verified in the last 180 days\n")
    }

    @Test func staleShowsAPostalAddressOnOneLine() throws {
        let database = TestSupport.temporaryDatabasePath()
        #expect(run(["jurisdictions", "add", "--id", "ocd-division/country:us/district:dc", "--name", "District of Columbia"], database: database).status == 0)
        let officials = TestSupport.write("""
            id,name,jurisdiction,role,source,contact_kind,contact_value
            a-b,A B,ocd-division/country:us/district:dc,mayor,S,address,"1350 Pennsylvania Ave NW
            Washington, DC 20004"

            """, named: "officials.csv")
        #expect(run(["officials", "import", officials], database: database).status == 0)
        let stale = run(["officials", "stale"], database: database)
        #expect(stale.output.contains("address 1350 Pennsylvania Ave NW, Washington, DC 20004 "), "\(stale.output)")
    }

    @Test func staleJudgesARoughDateByTheLatestDayItMayMean() throws {
        let database = try importedDatabase()
        // On 2019-01-01 a record of 2018-05-18 is 228 days old; one dated "2018" may be a day old.
        let later = run(["officials", "stale", "--older-than", "180d"], database: database, clock: .fixed(TestSupport.noon(2019, 1, 1)))
        #expect(later.status == 0)
        #expect(later.output.contains("nyc-bill-de-blasio"))
        #expect(later.output.contains("2018-05-18"))
        #expect(later.output.contains("king-county-dow-constantine"))
        #expect(!later.output.contains("seattle-lorena-gonzalez"), "verified 2018: may be as late as 2018-12-31")
        #expect(!later.output.contains("Jenny.Durkan@seattle.gov"), "the contact was verified in 2018")
        #expect(!later.output.contains("dc-"))
        #expect(later.errors == "20 records not verified in the last 180 days\n")
        // The never-verified come first.
        let rows = lines(later.output).dropFirst().map { cells($0, header: lines(later.output)[0]) }
        let verified = rows.map { $0[3] }
        #expect(verified.prefix(8).allSatisfy { $0 == "never" })
        #expect(verified.dropFirst(8).allSatisfy { $0 == "2018-05-18" })
    }

    @Test func staleRefusesAMalformedAge() throws {
        let result = run(["officials", "stale", "--older-than", "soon"], database: TestSupport.temporaryDatabasePath())
        #expect(result.status == 64)
        #expect(result.errors.hasPrefix("Error: Invalid value 'soon' for '--older-than'"))
    }

    // MARK: - Tables

    @Test func jurisdictionsListShowsNineteenRows() throws {
        let database = try importedDatabase()
        let result = run(["jurisdictions", "list"], database: database)
        #expect(result.status == 0)
        let rows = lines(result.output)
        #expect(rows.count == 20)
        #expect(cells(rows[0], header: rows[0]) == ["ID", "NAME", "KIND", "PARENT", "OFFICIALS"])
        let seattle = try #require(rows.first { $0.hasPrefix(Self.seattle + " ") })
        #expect(cells(seattle, header: rows[0]) == [Self.seattle, "Seattle", "city", "King County", "3"])
        #expect(rows[1].hasPrefix("ocd-division/country:us "), "parents come first")
    }

    @Test func tableColumnsAreAligned() throws {
        let database = try importedDatabase()
        let result = run(["officials", "list"], database: database)
        let rows = lines(result.output)
        #expect(rows.count == 23)
        let header = rows[0]
        #expect(cells(header, header: header) == ["ID", "NAME", "TITLE", "JURISDICTION", "SEAT", "TERM", "VERIFIED"])
        let headerCharacters = Array(header)
        let starts = headerCharacters.indices.filter { $0 > 0 && headerCharacters[$0] != " " && headerCharacters[$0 - 1] == " " }
        for row in rows.dropFirst() {
            let characters = Array(row)
            for start in starts {
                // Two spaces of gap before every column.
                #expect(characters.count > start && characters[start - 1] == " " && characters[start - 2] == " ", "misaligned: \(row)")
            }
        }
        let gonzalez = try #require(rows.first { $0.hasPrefix("seattle-lorena-gonzalez ") })
        #expect(cells(gonzalez, header: header) == ["seattle-lorena-gonzalez", "Lorena González", "Councilmember", "Seattle", "Position 9", "", "2018"])
        let constantine = try #require(rows.first { $0.hasPrefix("king-county-dow-constantine ") })
        #expect(cells(constantine, header: header) == ["king-county-dow-constantine", "Dow Constantine", "County Executive", "King County", "", "", "never"])
    }

    @Test func theListSaysWhoseTermHasEndedOrNotBegun() {
        let day = PartialDate("2026-06-01")!
        func term(_ start: String?, _ end: String?) -> String {
            OfficialsCommand.term(of: Official(id: "a", name: "A", sortName: "A", officeID: "o", termStart: start.flatMap(PartialDate.init),
                                               termEnd: end.flatMap(PartialDate.init), source: "s", verified: nil), on: day)
        }
        #expect(term("2015-01-02", "2023-01-01") == "ended 2023-01-01")
        #expect(term("2026-01-01", "2029-12-31") == "until 2029-12-31")
        #expect(term("2026-01-01", nil) == "since 2026-01-01")
        #expect(term("2027-01-02", nil) == "from 2027-01-02")
        #expect(term(nil, "2026") == "until 2026")
        #expect(term(nil, nil) == "")
    }

    @Test func narrowTerminalTruncatesWithAnEllipsis() throws {
        let database = try importedDatabase()
        let wide = run(["officials", "list"], database: database)
        #expect(!wide.output.contains("…"))
        let result = run(["officials", "list"], database: database, environment: ["COLUMNS": "70"])
        #expect(result.status == 0)
        let rows = lines(result.output)
        #expect(rows.count == 23)
        for row in rows { #expect(row.count <= 70, "too wide: \(row)") }
        #expect(rows.contains { $0.contains("…") })
        #expect(rows[0].hasPrefix("ID"))
        #expect(rows.contains { $0.hasPrefix("king-county-dow-constantine ") }, "ids stay whole: they are typed into the next command")
    }

    @Test func noEscapeCodesWhenStandardOutputIsNotATerminal() throws {
        let database = try importedDatabase()
        for arguments in [["officials", "list"], ["jurisdictions", "list"], ["officials", "stale"], ["--help"],
                          ["officials", "show", "wa-jay-inslee"]] {
            let result = try TestSupport.campaign(arguments, database: database)
            #expect(result.status == 0)
            #expect(!result.output.contains("\u{1B}"), "escape code in \(arguments)")
            #expect(!result.errors.contains("\u{1B}"), "escape code in \(arguments)")
        }
    }

    // MARK: - Control characters

    @Test func importRefusesControlCharactersNamingFileLineAndField() throws {
        let database = try importedDatabase()
        let before = try TestSupport.snapshot(database)
        let file = TestSupport.write("id,name,jurisdiction,role,source\na-b,A\u{1B}[31mB,\(Self.seattle),councilmember,S\n"
                                     + "c-d,C D,\(Self.seattle),councilmember,Roster\u{0}\n", named: "officials.csv")
        let result = run(["officials", "import", file], database: database)
        #expect(result.status == 65)
        #expect(result.errors == """
            Error: 2 problems; nothing was written.
            \(file):2:5: name holds a control character (U+001B); remove it
            \(file):3:70: source holds a control character (U+0000); remove it

            """)
        #expect(try TestSupport.snapshot(database) == before)
        let json = TestSupport.write(#"{"areas": [{"id": "ocd-division/country:us/state:or", "classification": "state", "name": "Ore\u001bgon"}]}"#,
                                     named: "areas.json")
        let popolo = run(["officials", "import", json], database: database)
        #expect(popolo.status == 65)
        #expect(popolo.errors == "Error: \(json):1:90: 'name' holds a control character (U+001B); remove it\n", "\(popolo.errors)")
        let added = run(["officials", "add", "--id", "x-y", "--name", "X\u{7}Y", "--jurisdiction", Self.seattle, "--role", "mayor", "--source", "S"],
                        database: database)
        #expect(added.status == 65)
        #expect(added.errors == "Error: --name: the value holds a control character (U+0007); remove it\n")
        #expect(try TestSupport.snapshot(database) == before)
    }

    @Test func controlCharactersAlreadyStoredPrintAsEscapes() throws {
        // A record imported before control characters were refused.
        let database = try importedDatabase()
        let pool = try DatabasePool(path: database)
        try pool.write { db in
            var official = try #require(try DirectoryStore.load(db).officials.first { $0.id == "wa-jay-inslee" })
            official.name = "Jay\u{1B}]0;owned\u{7}\u{1B}[2J Inslee"
            official.contacts[0].label = "Office\r\u{85}"
            try DirectoryStore.save(official, db)
        }
        for arguments in [["officials", "show", "wa-jay-inslee"], ["officials", "list", "--role", "governor"]] {
            let result = run(arguments, database: database)
            #expect(result.status == 0)
            for control in ["\u{1B}", "\u{7}", "\r", "\u{85}"] {
                #expect(!result.output.contains(control) && !result.errors.contains(control), "\(arguments) printed \(control.unicodeScalars.first?.value ?? 0) raw")
            }
            #expect(result.output.contains("Jay\\u{1B}]0;owned\\u{7}\\u{1B}[2J Inslee"), "\(arguments): \(result.output)")
        }
        let shown = run(["officials", "show", "wa-jay-inslee"], database: database)
        #expect(shown.output.contains("— Office\\u{D}\\u{85}\n"), "\(shown.output)")
    }

    // MARK: - Contacts added by hand

    @Test func aContactAddedByHandHasItsOwnSourceAndIsDatedToday() throws {
        let database = try importedDatabase()
        let today = Clock.fixed(TestSupport.noon(2026, 3, 4))
        func deBlasio() throws -> Official {
            try #require(try DatabasePool(path: database).read { try DirectoryStore.load($0) }.officials.first { $0.id == "nyc-bill-de-blasio" })
        }
        let record = try deBlasio()
        let edited = run(["officials", "edit", "nyc-bill-de-blasio", "--phone", "212-788-3000 | City Hall", "--contact-source", "Called City Hall"],
                         database: database, clock: today)
        #expect(edited.status == 0, "\(edited.errors)")
        var official = try deBlasio()
        #expect(official.contacts.last?.display == "212-788-3000")
        #expect(official.contacts.last?.source == "Called City Hall")
        #expect(official.contacts.last?.verified == PartialDate("2026-03-04"))
        #expect(official.source == record.source && official.verified == record.verified, "the record keeps its own source and date")
        #expect(Array(official.contacts.dropLast()) == record.contacts)
        let shown = run(["officials", "show", "nyc-bill-de-blasio"], database: database, clock: today)
        #expect(shown.output.contains("(212) 788-2958"))
        #expect(shown.output.contains("212-788-3000  (+12127883000)  — City Hall\n          source: Called City Hall; verified: 2026-03-04; added here (local)\n"), "\(shown.output)")

        // A date of its own; and a new source for the whole record sources what comes with it.
        let dated = run(["officials", "edit", "nyc-bill-de-blasio", "--web", "https://www1.nyc.gov/office-of-the-mayor/",
                         "--contact-source", "The mayor's site", "--contact-verified", "2026-02"], database: database, clock: today)
        #expect(dated.status == 0, "\(dated.errors)")
        official = try deBlasio()
        #expect(official.contacts.last?.source == "The mayor's site" && official.contacts.last?.verified == PartialDate("2026-02"))
        let resourced = run(["officials", "edit", "nyc-bill-de-blasio", "--source", "NYC Green Book 2026", "--email", "mayor@cityhall.nyc.gov"],
                            database: database, clock: today)
        #expect(resourced.status == 0, "\(resourced.errors)")
        official = try deBlasio()
        #expect(official.source == "NYC Green Book 2026")
        #expect(official.contacts.last?.source == "NYC Green Book 2026" && official.contacts.last?.verified == PartialDate("2026-03-04"))

        // Without a source for it, a contact is refused, and --contact-source alone means nothing.
        let before = try TestSupport.snapshot(database)
        let unsourced = run(["officials", "edit", "nyc-bill-de-blasio", "--phone", "212-788-3001"], database: database, clock: today)
        #expect(unsourced.status == 65)
        #expect(unsourced.errors == "Error: --phone: say where the contact comes from with --contact-source "
                + "(the record's source, NYC Green Book 2026, is not where it was found)\n")
        let alone = run(["officials", "edit", "nyc-bill-de-blasio", "--contact-source", "x"], database: database, clock: today)
        #expect(alone.status == 64)
        #expect(alone.errors.hasPrefix("Error: --contact-source goes with a contact to add: --phone, --email, --web or --address.\n"))
        #expect(try TestSupport.snapshot(database) == before)
    }

    // MARK: - Export

    @Test func exportForSomeoneWhoIsNotATargetIsRefusedNamingTheTargets() throws {
        let database = try seededDatabase()
        let result = run(["export", "thank-your-mayor-amicus", "--official", "dc-kenyan-mcduffie"], database: database)
        #expect(result.status == 65)
        #expect(result.errors == "Error: --official dc-kenyan-mcduffie: Kenyan McDuffie is not a target of thank-your-mayor-amicus; "
                + "its targets are the supporter's own mayor\n")
        #expect(result.output.isEmpty)
        let out = TestSupport.temporaryFolder() + "/bowser.csv"
        let target = run(["export", "thank-your-mayor-amicus", "--official", "dc-muriel-bowser", "--out", out], database: database)
        #expect(target.status == 0, "\(target.errors)")
        #expect(target.errors == "Exported 0 signers of 0 counted to \(out).\n")
    }
}
