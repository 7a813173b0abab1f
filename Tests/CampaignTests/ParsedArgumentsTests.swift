import ArgumentParsing
import Campaign
import Foundation
import Testing

/// The parser on its own: every value type, both ways of giving a value,
/// repetition, `--`, the environment, and each usage error's message.
@Suite struct ParsedArgumentsTests {
    enum Colour: String, CaseIterable, ExpressibleByArgument { case red, green, blue }

    static let count = Option<Int>(name: "count", default: 3, check: .range(1...10), help: "How many.")
    static let share = Option<Double>(name: "share", default: 0.5, valueName: "fraction", help: "A share.")
    static let label = Option<String?>(name: "label", valueName: "text", help: "A label.")
    static let colour = Option<Colour>(name: "colour", default: .red, valueName: "colour", help: "A colour.")
    static let age = Option<CalendarDuration>(name: "older-than", default: .days(180), help: "An age.")
    static let since = Option<PartialDate?>(name: "since", help: "A date.")
    static let out = Option<String?>(name: "out", valueName: "file", check: .nonEmpty("a file name"), help: "A file.")
    static let tags = Option<[String]>(name: "tag", valueName: "tag", help: "Tags.")
    static let id = Option<String>(name: "id", valueName: "id", help: "An id.")
    static let dryRun = Flag(name: "dry-run", help: "Write nothing.")
    static let path = Positional<String>(name: "path", help: "A path.")
    static let rest = Positional<[String]>(name: "file", allowingNone: true, help: "Files.")

    static let all: [any ArgumentSpec] = [count, share, label, colour, age, since, out, tags, dryRun, path, rest]

    func parse(_ arguments: [String], specs: [any ArgumentSpec] = Self.all,
               environment: [String: String] = [:]) throws(UsageError) -> ParsedArguments {
        try ParsedArguments(arguments, specs: specs, commandPath: "tool run", environment: environment)
    }

    /// The message of the usage error parsing `arguments` throws.
    func failure(_ arguments: [String], specs: [any ArgumentSpec] = Self.all, environment: [String: String] = [:],
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String? {
        do {
            _ = try parse(arguments, specs: specs, environment: environment)
            Issue.record("\(arguments) parsed", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.commandPath == "tool run", sourceLocation: sourceLocation)
            return error.description
        }
    }

    // MARK: - Values

    @Test func leftOutOptionsTakeTheirDefaultsOrNil() throws {
        let parsed = try parse(["a"])
        #expect(try parsed[Self.count] == 3)
        #expect(try parsed[Self.share] == 0.5)
        #expect(try parsed[Self.label] == nil)
        #expect(try parsed[Self.colour] == .red)
        #expect(try parsed[Self.age] == .days(180))
        #expect(try parsed[Self.since] == nil)
        #expect(try parsed[Self.tags] == [])
        #expect(try parsed[Self.dryRun] == false)
        #expect(try parsed[Self.path] == "a")
        #expect(try parsed[Self.rest] == [])
    }

    @Test func readsEveryValueTypeGivenEitherWay() throws {
        let spaced = try parse(["--count", "7", "--share", "0.25", "--label", "x y", "--colour", "blue", "--older-than", "6mo",
                                "--since", "2026-11", "--out", "f.html", "--dry-run", "p"])
        let joined = try parse(["--count=7", "--share=0.25", "--label=x y", "--colour=blue", "--older-than=6mo",
                                "--since=2026-11", "--out=f.html", "--dry-run", "p"])
        for parsed in [spaced, joined] {
            #expect(try parsed[Self.count] == 7)
            #expect(try parsed[Self.share] == 0.25)
            #expect(try parsed[Self.label] == "x y")
            #expect(try parsed[Self.colour] == .blue)
            #expect(try parsed[Self.age] == .months(6))
            #expect(try parsed[Self.since] == PartialDate("2026-11"))
            #expect(try parsed[Self.out] == "f.html")
            #expect(try parsed[Self.dryRun])
        }
    }

    @Test func aJoinedValueMayBeEmptyOrHoldEqualsSigns() throws {
        let parsed = try parse(["--label=", "p", "--tag=a=b"])
        #expect(try parsed[Self.label] == "")
        #expect(try parsed[Self.tags] == ["a=b"])
    }

    @Test func repeatedOptionsKeepEveryValueInOrder() throws {
        let parsed = try parse(["--tag", "b", "p", "--tag=a", "--tag", "c"])
        #expect(try parsed[Self.tags] == ["b", "a", "c"])
    }

    @Test func optionsAndPositionalsMayComeInAnyOrder() throws {
        let parsed = try parse(["one", "--count", "2", "two", "--dry-run", "three"])
        #expect(try parsed[Self.path] == "one")
        #expect(try parsed[Self.rest] == ["two", "three"])
        #expect(try parsed[Self.count] == 2)
    }

    @Test func doubleDashEndsTheOptions() throws {
        let parsed = try parse(["--count", "2", "--", "--dry-run", "-h", "--count"])
        #expect(try parsed[Self.path] == "--dry-run")
        #expect(try parsed[Self.rest] == ["-h", "--count"])
        #expect(try parsed[Self.dryRun] == false)
        #expect(try parsed[Self.count] == 2)
    }

    @Test func aDashAndNegativeNumbersArePositionals() throws {
        let parsed = try parse(["-", "-122.33", "-5"])
        #expect(try parsed[Self.path] == "-")
        #expect(try parsed[Self.rest] == ["-122.33", "-5"])
        #expect(try parse(["p", "--label", "-3"])[Self.label] == "-3")
    }

    // MARK: - Usage errors

    @Test func refusesUnknownOptions() {
        #expect(failure(["p", "--bogus"]) == "Unknown option '--bogus'.")
        #expect(failure(["p", "--bogus=1"]) == "Unknown option '--bogus'.")
        #expect(failure(["p", "-x"]) == "Unknown option '-x'.")
        // A positional's name is not an option.
        #expect(failure(["p", "--path", "q"]) == "Unknown option '--path'.")
    }

    @Test func refusesAnOptionWithoutItsValue() {
        #expect(failure(["p", "--label"]) == "Missing value for '--label <text>'.")
        #expect(failure(["p", "--label", "--dry-run"]) == "Missing value for '--label <text>'.")
    }

    @Test func refusesMissingRequiredArguments() {
        #expect(failure([], specs: [Self.id]) == "Missing expected option '--id'.")
        #expect(failure(["--count", "2"]) == "Missing expected argument '<path>'.")
        let files = Positional<[String]>(name: "file", help: "Files.")
        #expect(failure([], specs: [files]) == "Missing expected argument '<file>'.")
    }

    @Test func aSharedOptionalOptionCanBeMadeRequired() throws {
        let required = Self.label.required()
        #expect(required.usageFragment == "--label <text>")
        #expect(required.fullHelp == Self.label.fullHelp)
        #expect(failure([], specs: [required]) == "Missing expected option '--label'.")
        let parsed = try parse(["--label", "x"], specs: [required])
        #expect(try parsed[required] == "x")
        #expect(try parsed[Self.label] == "x", "the optional spec reads the same value")
    }

    @Test func refusesAnOptionGivenTwice() {
        #expect(failure(["p", "--count", "2", "--count=3"]) == "Option '--count' is given more than once.")
    }

    @Test func refusesAFlagWithAValue() {
        #expect(failure(["p", "--dry-run=yes"]) == "Option '--dry-run' takes no value.")
    }

    @Test func refusesPositionalsBeyondThoseDeclared() {
        #expect(failure(["p", "q"], specs: [Self.path]) == "Unexpected argument 'q'.")
        #expect(failure(["p"], specs: [Self.count]) == "Unexpected argument 'p'.")
    }

    @Test func refusesBadValuesNamingTheOptionAndWhatIsExpected() {
        #expect(failure(["p", "--count", "ten"]) == "Invalid value 'ten' for '--count': expected a whole number from 1 to 10.")
        #expect(failure(["p", "--count", "11"]) == "Invalid value '11' for '--count': expected a whole number from 1 to 10.")
        #expect(failure(["p", "--share", "half"]) == "Invalid value 'half' for '--share': expected a number.")
        #expect(failure(["p", "--share", "nan"]) == "Invalid value 'nan' for '--share': expected a number.")
        #expect(failure(["p", "--colour", "pink"]) == "Invalid value 'pink' for '--colour': expected one of red, green, blue.")
        #expect(failure(["p", "--older-than", "30x"]) == "Invalid value '30x' for '--older-than': \(CalendarDuration.expected).")
        #expect(failure(["p", "--since", "2026-13-01"]) == "Invalid value '2026-13-01' for '--since': expected a date like 2026-11-01.")
        #expect(failure(["p", "--out="]) == "Invalid value '' for '--out': expected a file name, not an empty text.")
        let numbers = Positional<[Int]>(name: "id", allowingNone: true, help: "Ids.")
        #expect(failure(["1", "x"], specs: [numbers]) == "Invalid value 'x' for '<id>': expected a whole number.")
    }

    @Test func checksEveryValueWhileParsingNotOnlyThoseRead() {
        // The command might read --count only later; its bad value is refused now.
        #expect(failure(["p", "--count", "0", "--dry-run"]) != nil)
    }

    // MARK: - Environment

    @Test func theEnvironmentStandsInForAnOptionNotGiven() throws {
        let port = Option<Int>(name: "port", default: 8080, check: .range(0...65535), environment: "APP_PORT", help: "Port.")
        let verbose = Flag(name: "verbose", environment: "APP_VERBOSE", help: "Talk.")
        let id = Option<String>(name: "id", environment: "APP_ID", help: "Id.")
        let specs: [any ArgumentSpec] = [port, verbose, id]
        let fromEnvironment = try parse([], specs: specs, environment: ["APP_PORT": "9000", "APP_VERBOSE": "yes", "APP_ID": "x"])
        #expect(try fromEnvironment[port] == 9000)
        #expect(try fromEnvironment[verbose])
        #expect(try fromEnvironment[id] == "x")
        #expect(!fromEnvironment.isGiven(port))
        let flagsWin = try parse(["--port", "1", "--id=y"], specs: specs, environment: ["APP_PORT": "9000", "APP_VERBOSE": "0", "APP_ID": "x"])
        #expect(try flagsWin[port] == 1)
        #expect(try flagsWin[verbose] == false)
        #expect(try flagsWin[id] == "y")
        #expect(flagsWin.isGiven(port))
        let empty = try parse(["--id", "z"], specs: specs, environment: ["APP_PORT": "", "APP_VERBOSE": ""])
        #expect(try empty[port] == 8080, "an empty variable counts as unset")
        #expect(try empty[verbose] == false)
        #expect(failure([], specs: specs, environment: ["APP_PORT": "99999", "APP_ID": "x"])
            == "Invalid value '99999' for '--port' (from APP_PORT): expected a whole number from 0 to 65535.")
        #expect(failure([], specs: specs, environment: ["APP_VERBOSE": "maybe", "APP_ID": "x"])
            == "Invalid value 'maybe' for '--verbose' (from APP_VERBOSE): expected 1, true or yes, or 0, false or no.")
        #expect(failure([], specs: specs) == "Missing expected option '--id'.")
    }

    // MARK: - Help

    @Test func asksForHelpOnlyBeforeDoubleDash() {
        #expect(ParsedArguments.asksForHelp(["x", "--help"]))
        #expect(ParsedArguments.asksForHelp(["-h"]))
        #expect(!ParsedArguments.asksForHelp(["--", "-h"]))
        #expect(!ParsedArguments.asksForHelp(["--helpful"]))
    }

    @Test func usageFragmentsSayWhatIsRequiredAndWhatRepeats() {
        #expect(Self.id.usageFragment == "--id <id>")
        #expect(Self.label.usageFragment == "[--label <text>]")
        #expect(Self.tags.usageFragment == "[--tag <tag> ...]")
        #expect(Self.dryRun.usageFragment == "[--dry-run]")
        #expect(Self.path.usageFragment == "<path>")
        #expect(Self.rest.usageFragment == "[<file> ...]")
        #expect(Positional<[String]>(name: "file", help: "").usageFragment == "<file> ...")
        #expect(Positional<String?>(name: "slug", help: "").usageFragment == "[<slug>]")
    }

    @Test func helpNamesDefaultsValuesAndVariables() {
        #expect(Self.count.fullHelp == "How many (default: 3).")
        #expect(Self.colour.fullHelp == "A colour (values: red, green, blue; default: red).")
        #expect(Self.label.fullHelp == "A label.")
        let port = Option<Int>(name: "port", default: 8080, environment: "APP_PORT", help: "Port (0 picks one).")
        #expect(port.fullHelp == "Port (0 picks one; default: 8080; $APP_PORT).")
    }

    @Test func rendersAHelpScreenFromTheSpecs() {
        let help = CommandHelp(commandPath: ["tool", "run"], abstract: "Run it.", discussion: "Runs the thing.",
                               arguments: [Self.path, Self.count, Self.dryRun],
                               sections: [.init(title: "MORE", arguments: [Self.label])])
        #expect(help.rendered() == """
            OVERVIEW: Run it.

            Runs the thing.

            USAGE: tool run <path> [--count <count>] [--dry-run] [--label <text>]

            ARGUMENTS:
              <path>                  A path.

            OPTIONS:
              --count <count>         How many (default: 3).
              --dry-run               Write nothing.
              -h, --help              Show help information.

            MORE:
              --label <text>          A label.

            """)
    }

    @Test func wrapsLongLinesAtEightyColumnsKeepingUsagePartsWhole() {
        let long = Option<String?>(name: "a-rather-long-option-name", valueName: "value",
                                   help: String(repeating: "word ", count: 30).trimmingCharacters(in: .whitespaces) + ".")
        let many = (1...8).map { Option<String?>(name: "option-\($0)", valueName: "value", help: "Option \($0).") as any ArgumentSpec }
        let text = CommandHelp(commandPath: ["tool"], abstract: "A tool.", arguments: [long] + many).rendered()
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(text)")
        #expect(text.contains("  --a-rather-long-option-name <value>\n                          word word"))
        #expect(lines.contains { $0.hasPrefix("            [--option-") }, "usage continues under its first part")
        #expect(!lines.contains { $0.hasSuffix("[--option-1") || $0.hasPrefix("<value>]") }, "a usage part is split")
    }

    @Test func listsSubcommandsInsteadOfUsageArguments() {
        let text = CommandHelp(commandPath: ["tool"], abstract: "A tool.", subcommands: [("run", "Run it."), ("stop", "Stop it.")]).rendered()
        #expect(text.contains("USAGE: tool <subcommand>\n"))
        #expect(text.contains("SUBCOMMANDS:\n  run                     Run it.\n  stop                    Stop it.\n"))
        #expect(text.hasSuffix("  See 'tool help <subcommand>' for detailed help.\n"))
    }
}
