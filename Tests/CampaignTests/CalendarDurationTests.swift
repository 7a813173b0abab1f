import ArgumentParsing
import Campaign
import Foundation
import Testing

/// The one duration grammar of every option: `30m` is minutes, `6mo`
/// months, and months and years count on the calendar.
@Suite struct CalendarDurationTests {
    @Test(arguments: [
        ("90s", CalendarDuration.seconds(90)), ("30m", .minutes(30)), ("12h", .hours(12)), ("180d", .days(180)),
        ("2w", .weeks(2)), ("6mo", .months(6)), ("1y", .years(1)), ("10000y", .years(10_000)), ("007d", .days(7)),
    ])
    func readsANumberAndAUnit(_ text: String, _ expected: CalendarDuration) throws {
        #expect(try CalendarDuration(parsing: text) == expected)
    }

    @Test(arguments: ["", "30", "m", "30x", "1.5h", "-1h", "+1h", "30 m", " 30m", "30M", "30min", "6mos", "1e3s", "٣d", "inf", "30m "])
    func refusesWhatIsNotTheGrammar(_ text: String) {
        #expect(throws: InvalidArgument(CalendarDuration.expected)) { try CalendarDuration(parsing: text) }
    }

    @Test(arguments: ["0s", "0mo", "000d"])
    func refusesZero(_ text: String) {
        #expect(throws: InvalidArgument("expected a duration above zero")) { try CalendarDuration(parsing: text) }
    }

    @Test(arguments: ["10001y", "120013mo", "99999999999999999y", "9223372036854775807s", "99999999999999999999999d"])
    func refusesSpansBeyondTenThousandYears(_ text: String) {
        #expect(throws: InvalidArgument("expected at most 10000y")) { try CalendarDuration(parsing: text) }
    }

    @Test func writesItselfAsItIsTypedAndInWords() {
        #expect(CalendarDuration.months(6).description == "6mo")
        #expect(CalendarDuration.minutes(30).description == "30m")
        #expect(CalendarDuration.months(6).spoken == "6 months")
        #expect(CalendarDuration.days(1).spoken == "1 day")
        #expect(CalendarDuration.minutes(30).spoken == "30 minutes")
    }

    @Test func minutesHoursAndSecondsAreExact() {
        let now = TestSupport.noon(2019, 1, 1)
        #expect(CalendarDuration.minutes(30).before(now) == now.addingTimeInterval(-1_800))
        #expect(CalendarDuration.hours(12).after(now) == now.addingTimeInterval(43_200))
        #expect(CalendarDuration.seconds(90).before(now) == now.addingTimeInterval(-90))
    }

    @Test func daysAndWeeksAreWholeUTCDays() {
        let now = TestSupport.noon(2019, 3, 31)
        #expect(CalendarDuration.days(180).before(now) == now.addingTimeInterval(-180 * 86_400))
        #expect(CalendarDuration.weeks(2).before(now) == TestSupport.noon(2019, 3, 17))
    }

    @Test func monthsAndYearsCountOnTheCalendar() {
        #expect(CalendarDuration.months(6).before(TestSupport.noon(2019, 1, 1)) == TestSupport.noon(2018, 7, 1))
        // Six months before 31 August is the last day of February.
        #expect(CalendarDuration.months(6).before(TestSupport.noon(2019, 8, 31)) == TestSupport.noon(2019, 2, 28))
        #expect(CalendarDuration.months(6).before(TestSupport.noon(2020, 8, 31)) == TestSupport.noon(2020, 2, 29))
        #expect(CalendarDuration.years(1).before(TestSupport.noon(2020, 2, 29)) == TestSupport.noon(2019, 2, 28))
        #expect(CalendarDuration.months(1).after(TestSupport.noon(2019, 1, 31)) == TestSupport.noon(2019, 2, 28))
        #expect(CalendarDuration.years(2).after(TestSupport.noon(2019, 5, 18)) == TestSupport.noon(2021, 5, 18))
    }

    @Test func readsAsAnOptionValue() throws {
        let option = Option<CalendarDuration>(name: "older-than", default: .days(30), help: "Age.")
        #expect(try ParsedArguments(["--older-than", "6mo"], specs: [option], commandPath: "t")[option] == .months(6))
        #expect(try ParsedArguments([], specs: [option], commandPath: "t")[option] == .days(30))
        #expect(option.label == "--older-than <duration>")
        #expect(option.fullHelp == "Age (default: 30d).")
    }
}
