@testable import Campaign
import Foundation
import Testing

/// Phone numbers, e-mail addresses, OCD ids and partial dates: the values a
/// directory row is checked against before anything is written.
@Suite struct ContactTests {
    // MARK: - Helpers

    /// The E.164 form, or nil when the number is refused.
    private func e164(_ text: String) -> String? {
        if case .success(let number) = PhoneNumber.normalize(text) { return number }
        return nil
    }

    /// Why the number is refused, or nil when it is accepted.
    private func phoneProblem(_ text: String) -> String? {
        if case .failure(let problem) = PhoneNumber.normalize(text) { return problem.description }
        return nil
    }

    /// Noon UTC on a day.
    private func noon(_ year: Int, _ month: Int, _ day: Int) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        return try #require(calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)))
    }

    // MARK: - PhoneNumber

    @Test func normalizesNorthAmericanNumbersInEveryCommonSpellingToE164() {
        #expect(e164("206-263-9600") == "+12062639600")
        #expect(e164("(360) 902-4110") == "+13609024110")
        #expect(e164("+1 206 263 9600") == "+12062639600")
        #expect(e164("1-206-263-9600") == "+12062639600")
        #expect(e164("206.263.9600") == "+12062639600")
        #expect(e164("  (206) 263-9600  ") == "+12062639600")
        #expect(e164("2062639600") == "+12062639600")
    }

    @Test func keepsAnExtensionInRFC3966Form() {
        #expect(e164("206-263-9600 x12") == "+12062639600;ext=12")
        #expect(e164("206-263-9600 X 12") == "+12062639600;ext=12")
        #expect(e164("206-263-9600x12") == "+12062639600;ext=12")
        #expect(e164("(206) 263-9600 ext. 345") == "+12062639600;ext=345")
        #expect(e164("206-263-9600 ext 7") == "+12062639600;ext=7")
        #expect(e164("206-263-9600 #7") == "+12062639600;ext=7")
    }

    @Test func normalizingAnE164NumberLeavesItAsItIs() {
        for text in ["206-263-9600", "206-263-9600 x12", "+44 20 7946 0958"] {
            let once = e164(text)
            #expect(once != nil)
            #expect(once.flatMap(e164) == once, "normalising \(text) twice")
        }
    }

    @Test func normalizesInternationalNumbersWithTheirCountryCode() {
        #expect(e164("+44 20 7946 0958") == "+442079460958")
        #expect(e164("+33 1 42 76 40 40") == "+33142764040")
        #expect(e164("+52 (55) 5345-8000") == "+525553458000")
    }

    @Test func rejectsLettersNamingTheCharacter() {
        #expect(phoneProblem("206-CALL-NOW") == "unexpected character 'C'")
        #expect(phoneProblem("206-263-96OO") == "unexpected character 'O'")
        #expect(phoneProblem("call 206-263-9600") == "unexpected character 'c'")
    }

    @Test func rejectsTooFewOrTooManyDigitsCountingThem() {
        #expect(phoneProblem("263-9600")
            == "7 digits; a North American number has 10 (an international one starts with + and a country code)")
        #expect(phoneProblem("206-263-96000")
            == "11 digits; a North American number has 10 (an international one starts with + and a country code)")
        #expect(phoneProblem("+44 123") != nil)
        #expect(phoneProblem("+1234567890123456") != nil)
        #expect(phoneProblem("+0 20 7946 0958") != nil)
        #expect(phoneProblem("") != nil)
    }

    @Test func rejectsAreaCodeOrExchangeStartingWithZeroOrOne() {
        let message = "area code and exchange must not start with 0 or 1"
        #expect(phoneProblem("106-263-9600") == message)
        #expect(phoneProblem("006-263-9600") == message)
        #expect(phoneProblem("1-106-263-9600") == message)
        #expect(phoneProblem("206-063-9600") == message)
        #expect(phoneProblem("206-163-9600") == message)
    }

    /// `+1` is the North American country code: the same number spelled
    /// with it must meet the same rules as `1-106-263-9600`.
    @Test func rejectsAreaCodeStartingWithOneAlsoAfterPlusOne() {
        #expect(phoneProblem("+1 106 263 9600") == "area code and exchange must not start with 0 or 1")
        #expect(phoneProblem("+1 206 063 9600") == "area code and exchange must not start with 0 or 1")
    }

    @Test func contactNormalizesAPhoneAndKeepsTheDisplayAsPrinted() throws {
        let contact = try Contact(kind: .phone, display: " (206) 263-9600 ", label: "Office", source: "S", verified: PartialDate("2019"))
        #expect(contact.value == "+12062639600")
        #expect(contact.display == "(206) 263-9600")
        #expect(contact.label == "Office")
        #expect(contact.verified == PartialDate("2019"))
    }

    @Test func contactRejectsBadValuesWithMessagesNamingThem() {
        func problem(_ kind: Contact.Kind, _ display: String) -> String? {
            do { _ = try Contact.normalize(display, as: kind); return nil } catch { return error.description }
        }
        #expect(problem(.phone, "206-263-96OO") == "malformed phone number '206-263-96OO': unexpected character 'O'")
        #expect(problem(.email, "kcexec@kingcounty") == "malformed e-mail address 'kcexec@kingcounty'")
        // A domain IDNA refuses (a symbol is not a letter) is no address a directory could list.
        #expect(problem(.email, "kcexec@☃.kingcounty.gov") == "malformed e-mail address 'kcexec@☃.kingcounty.gov'")
        #expect(problem(.email, "kcexec@bücher.example") == nil)
        #expect(problem(.web, "www.kingcounty.gov") == "malformed web address 'www.kingcounty.gov'; it must start with http:// or https://")
        #expect(problem(.web, "ftp://kingcounty.gov") != nil)
        #expect(problem(.address, "") == "empty address contact")
        #expect(problem(.web, "https://www.kingcounty.gov/council") == nil)
        #expect(problem(.address, "516 Third Ave, Seattle, WA 98104") == nil)
    }

    // MARK: - EmailAddress

    @Test func acceptsAddressesPeopleUse() {
        for address in ["kcexec@kingcounty.gov", "Jenny.Durkan@seattle.gov", "pressoffice@cityhall.nyc.gov",
                        "first.last+tag@sub.example.org", "o'brien@example.ie", "a_b-c@x-y.example.com", "x@ex4mple.co",
                        "!#$%&'*+/=?^_`{|}~-@example.org", "ana@bücher.de"] {
            #expect(EmailAddress.isValid(address), "\(address) should be accepted")
        }
    }

    @Test func rejectsMalformedAddresses() {
        let localPart65 = String(repeating: "a", count: 65)
        let label64 = String(repeating: "b", count: 64)
        for address in ["", "kcexec", "kcexec@", "@kingcounty.gov", "kcexec@kingcounty", "a@@b.com", "a@b@c.com",
                        "a@b..com", "a@.b.com", "a@b.com.", ".a@b.com", "a.@b.com", "a..b@c.com", "a b@c.com",
                        "a@-b.com", "a@b-.com", "a@b_c.com", "a(b)@c.com", "a,b@c.com",
                        "ñ@example.com", "a\u{7F}b@c.com", "a\"b@c.com", "a@b.com\u{0}", "a@b.c\u{0}m",
                        "\(localPart65)@example.com", "a@\(label64).com"] {
            #expect(!EmailAddress.isValid(address), "\(address) should be refused")
        }
    }

    @Test func rejectsAddressesLongerThan254Bytes() {
        let domain = Array(repeating: String(repeating: "d", count: 60), count: 4).joined(separator: ".") + ".org"
        let fits = "a@" + domain
        let tooLong = String(repeating: "a", count: 254 - domain.count) + "@" + domain
        #expect(fits.utf8.count <= 254)
        #expect(EmailAddress.isValid(fits))
        #expect(tooLong.utf8.count == 255)
        #expect(!EmailAddress.isValid(tooLong))
    }

    // MARK: - OCDIdentifier

    @Test func acceptsDivisionAndOrganizationIDs() {
        for id in ["ocd-division/country:us", "ocd-division/country:us/state:wa",
                   "ocd-division/country:us/state:wa/place:seattle", "ocd-division/country:us/district:dc",
                   "ocd-division/country:us/state:ny/place:new_york", "ocd-division/country:us/district:dc/ward:2",
                   "ocd-division/country:us/state:wa/place:seattle/council_district:7",
                   "ocd-division/country:ca/province:on/csd:3520005", "ocd-organization/us-conference-of-mayors"] {
            #expect(OCDIdentifier.problem(with: id) == nil, "\(id) should be accepted")
        }
    }

    @Test func explainsWhatIsWrongWithAMalformedID() {
        #expect(OCDIdentifier.problem(with: "seattle") == "an OCD id starts with 'ocd-division/' (or 'ocd-organization/')")
        #expect(OCDIdentifier.problem(with: "") == "an OCD id starts with 'ocd-division/' (or 'ocd-organization/')")
        #expect(OCDIdentifier.problem(with: "ocd-division/state:wa")
            == "an OCD division id starts with 'ocd-division/country:' and a two-letter code, e.g. ocd-division/country:us/state:wa/place:seattle")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/state") == "segment 'state' must be type:value")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/") == "segment '' must be type:value")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/State:wa") == "segment type 'State' must be lowercase letters or '_', with at most one '-' inside")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/state:WA")
            == "segment value 'WA' must be lowercase letters, digits, '_', '.', '~' or '-'")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/state:wa/place:")
            == "segment value '' must be lowercase letters, digits, '_', '.', '~' or '-'")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/state:wa/place:new york")
            == "segment value 'new york' must be lowercase letters, digits, '_', '.', '~' or '-'")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/st8:wa")
            == "segment type 'st8' must be lowercase letters or '_', with at most one '-' inside")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/state:wa/school-board-district:1")
            == "segment type 'school-board-district' must be lowercase letters or '_', with at most one '-' inside")
        #expect(OCDIdentifier.problem(with: "ocd-division/country:usa") != nil)
        #expect(OCDIdentifier.problem(with: "ocd-division/country:us/state:nm/county:Doña_ana")
            == "segment value 'Doña_ana' must be lowercase letters, digits, '_', '.', '~' or '-'")
        let organization = "an organization id is 'ocd-organization/' and a lowercase name of letters, digits, '_', '.', '~' or '-'"
        #expect(OCDIdentifier.problem(with: "ocd-organization/") == organization)
        #expect(OCDIdentifier.problem(with: "ocd-organization/US-Conference") == organization)
    }

    @Test func tellsOrganizationsFromDivisions() {
        #expect(OCDIdentifier.isOrganization("ocd-organization/us-conference-of-mayors"))
        #expect(!OCDIdentifier.isOrganization("ocd-division/country:us"))
    }

    // MARK: - PartialDate

    @Test func parsesYearMonthAndDayPrecision() throws {
        let year = try #require(PartialDate("2018"))
        #expect(year.year == 2018 && year.month == nil && year.day == nil)
        #expect(year.description == "2018")
        let month = try #require(PartialDate("2018-05"))
        #expect(month.year == 2018 && month.month == 5 && month.day == nil)
        #expect(month.description == "2018-05")
        let day = try #require(PartialDate("2018-05-18"))
        #expect(day.year == 2018 && day.month == 5 && day.day == 18)
        #expect(day.description == "2018-05-18")
    }

    /// A date is held in one number (an import holds three per official,
    /// tens of thousands of them): every year, month and day comes back.
    @Test func keepsEveryYearMonthAndDayInEightBytes() throws {
        #expect(MemoryLayout<PartialDate?>.stride <= 8)
        for year in [1000, 1999, 2024, 9999] {
            for month in 1...12 {
                let text = String(format: "%04d-%02d", year, month)
                #expect(PartialDate(text)?.description == text)
                for day in [1, 15, 28] {
                    let date = try #require(PartialDate(text + String(format: "-%02d", day)))
                    #expect(date.year == year && date.month == month && date.day == day)
                }
            }
        }
        #expect(try #require(PartialDate("1000-01-01")).dayBeforeStart.description == "0999-12-31")
        #expect(try #require(PartialDate("2018")) < #require(PartialDate("2019-01-01")))
    }

    @Test func rejectsImpossibleAndMalformedDates() {
        for text in ["2019-02-30", "2019-13", "2019-00", "2019-04-31", "2019-05-00", "2019-02-29", "1900-02-29",
                     "18", "2018-5", "2018-05-5", "2018/05/18", "2018-05-18-01", "", "abcd", "2018-", "-2018",
                     "0999", "18-05-2018", "2018-05-18T12:00"] {
            #expect(PartialDate(text) == nil, "\(text) should be refused")
        }
    }

    @Test func acceptsLeapDaysOfLeapYearsOnly() {
        #expect(PartialDate("2020-02-29") != nil)
        #expect(PartialDate("2000-02-29") != nil)
        #expect(PartialDate("2019-02-29") == nil)
        #expect(PartialDate("2100-02-29") == nil)
        #expect(PartialDate("2019-02-28") != nil)
    }

    @Test func latestDayIsTheLastDayTheDateMayStandFor() throws {
        let year = try #require(PartialDate("2018")).latestDay
        #expect(year.year == 2018 && year.month == 12 && year.day == 31)
        let february = try #require(PartialDate("2020-02")).latestDay
        #expect(february.year == 2020 && february.month == 2 && february.day == 29)
        let april = try #require(PartialDate("2019-04")).latestDay
        #expect(april.month == 4 && april.day == 30)
        let day = try #require(PartialDate("2018-05-18")).latestDay
        #expect(day.year == 2018 && day.month == 5 && day.day == 18)
    }

    @Test func isOlderCountsWholeDaysFromToday() throws {
        // 2018-05-18 is exactly 180 days before 2018-11-14.
        let date = try #require(PartialDate("2018-05-18"))
        #expect(!date.isOlder(thanDays: 180, before: try noon(2018, 11, 14)))
        #expect(date.isOlder(thanDays: 180, before: try noon(2018, 11, 15)))
        #expect(date.isOlder(thanDays: 179, before: try noon(2018, 11, 14)))
        #expect(!date.isOlder(thanDays: 0, before: try noon(2018, 5, 18)))
        #expect(date.isOlder(thanDays: 0, before: try noon(2018, 5, 19)))
    }

    @Test func isOlderJudgesARoughDateByTheLatestDayItMayStandFor() throws {
        // 2019-06-29 less 180 days is 2018-12-31, the last day "2018" may mean.
        let year = try #require(PartialDate("2018"))
        #expect(!year.isOlder(thanDays: 180, before: try noon(2019, 6, 29)))
        #expect(year.isOlder(thanDays: 180, before: try noon(2019, 6, 30)))
        // On 2019-01-01 a source dated "2018" may be a day old, but one of 2018-05-18 is not.
        #expect(!year.isOlder(thanDays: 180, before: try noon(2019, 1, 1)))
        #expect(try #require(PartialDate("2018-05-18")).isOlder(thanDays: 180, before: try noon(2019, 1, 1)))
        // "2018-05" may mean 31 May: 180 days later is 27 November.
        let month = try #require(PartialDate("2018-05"))
        #expect(!month.isOlder(thanDays: 180, before: try noon(2018, 11, 27)))
        #expect(month.isOlder(thanDays: 180, before: try noon(2018, 11, 28)))
    }

    @Test func ordersByTheLatestDay() throws {
        let may18 = try #require(PartialDate("2018-05-18"))
        let may = try #require(PartialDate("2018-05"))
        let year = try #require(PartialDate("2018"))
        #expect(may18 < may)
        #expect(may < year)
        #expect(year < (try #require(PartialDate("2019-01-01"))))
    }

    @Test func codesAsItsISOText() throws {
        let dates = try ["2018", "2018-05", "2018-05-18"].map { try #require(PartialDate($0)) }
        let data = try JSONEncoder().encode(dates)
        #expect(String(decoding: data, as: UTF8.self) == #"["2018","2018-05","2018-05-18"]"#)
        #expect(try JSONDecoder().decode([PartialDate].self, from: data) == dates)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PartialDate].self, from: Data(#"["2019-02-30"]"#.utf8)) }
    }
}
