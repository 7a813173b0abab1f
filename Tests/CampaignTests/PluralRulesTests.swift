import Foundation
import Testing
@testable import Campaign

@Suite struct PluralRulesTests {
    /// CLDR's integer samples (`@integer` in plurals.xml, from cldr-json's
    /// plurals.json), copied as written, for every locale the rules list.
    /// Compact samples (`1c6`, which no count is written as) are left out,
    /// and so is `…`; a category with no integer sample (Czech `many`,
    /// Russian `other`) has none here.
    static let samples: [(locales: String, samples: KeyValuePairs<PluralCategory, String>)] = [
        ("bm bo dz hnj id ig ii ja jbo jv jw kde kea km ko lkt lo ms my nqo osa sah ses sg su th to tpi und vi wo yo yue zh",
         [.other: "0~15, 100, 1000, 10000, 100000, 1000000"]),
        ("am as bn doi fa gu hi kn pcm zu", [.one: "0, 1", .other: "2~17, 100, 1000, 10000, 100000, 1000000"]),
        ("ff hy kab", [.one: "0, 1", .other: "2~17, 100, 1000, 10000, 100000, 1000000"]),
        ("ast de en et fi fy gl ia io lij nl sc scn sv sw ur yi", [.one: "1", .other: "0, 2~16, 100, 1000, 10000, 100000, 1000000"]),
        ("si", [.one: "0, 1", .other: "2~17, 100, 1000, 10000, 100000, 1000000"]),
        ("ak bho guw ln mg nso pa ti wa", [.one: "0, 1", .other: "2~17, 100, 1000, 10000, 100000, 1000000"]),
        ("tzm", [.one: "0, 1, 11~24", .other: "2~10, 100~106, 1000, 10000, 100000, 1000000"]),
        ("""
         af an asa az bal bem bez bg brx ce cgg chr ckb dv ee el eo eu fo fur gsw ha haw hu jgo jmc ka kaj kcg kk kkj kl ks ksb ku ky \
         lb lg mas mgo ml mn mr nah nb nd ne nn nnh no nr ny nyn om or os pap ps rm rof rwk saq sd sdh seh sn so sq ss ssy st syr ta te \
         teo tig tk tn tr ts ug uz ve vo vun wae xh xog
         """, [.one: "1", .other: "0, 2~16, 100, 1000, 10000, 100000, 1000000"]),
        ("da", [.one: "1", .other: "0, 2~16, 100, 1000, 10000, 100000, 1000000"]),
        ("is", [.one: "1, 21, 31, 41, 51, 61, 71, 81, 101, 1001", .other: "0, 2~16, 100, 1000, 10000, 100000, 1000000"]),
        ("mk", [.one: "1, 21, 31, 41, 51, 61, 71, 81, 101, 1001", .other: "0, 2~16, 100, 1000, 10000, 100000, 1000000"]),
        ("ceb fil tl", [.one: "0~3, 5, 7, 8, 10~13, 15, 17, 18, 20, 21, 100, 1000, 10000, 100000, 1000000",
                        .other: "4, 6, 9, 14, 16, 19, 24, 26, 104, 1004"]),
        ("lv prg", [.zero: "0, 10~20, 30, 40, 50, 60, 100, 1000, 10000, 100000, 1000000", .one: "1, 21, 31, 41, 51, 61, 71, 81, 101, 1001",
                    .other: "2~9, 22~29, 102, 1002"]),
        ("lag", [.zero: "0", .one: "1", .other: "2~17, 100, 1000, 10000, 100000, 1000000"]),
        ("ksh", [.zero: "0", .one: "1", .other: "2~17, 100, 1000, 10000, 100000, 1000000"]),
        ("iu naq sat se sma smi smj smn sms", [.one: "1", .two: "2", .other: "0, 3~17, 100, 1000, 10000, 100000, 1000000"]),
        ("he", [.one: "1", .two: "2", .other: "0, 3~17, 100, 1000, 10000, 100000, 1000000"]),
        ("shi", [.one: "0, 1", .few: "2~10", .other: "11~26, 100, 1000, 10000, 100000, 1000000"]),
        ("mo ro", [.one: "1", .few: "0, 2~16, 101, 1001", .other: "20~35, 100, 1000, 10000, 100000, 1000000"]),
        ("bs hr sh sr", [.one: "1, 21, 31, 41, 51, 61, 71, 81, 101, 1001", .few: "2~4, 22~24, 32~34, 42~44, 52~54, 62, 102, 1002",
                         .other: "0, 5~19, 100, 1000, 10000, 100000, 1000000"]),
        ("fr", [.one: "0, 1", .many: "1000000", .other: "2~17, 100, 1000, 10000, 100000"]),
        ("pt", [.one: "0, 1", .many: "1000000", .other: "2~17, 100, 1000, 10000, 100000"]),
        ("ca it pt-PT vec", [.one: "1", .many: "1000000", .other: "0, 2~16, 100, 1000, 10000, 100000"]),
        ("es", [.one: "1", .many: "1000000", .other: "0, 2~16, 100, 1000, 10000, 100000"]),
        ("gd", [.one: "1, 11", .two: "2, 12", .few: "3~10, 13~19", .other: "0, 20~34, 100, 1000, 10000, 100000, 1000000"]),
        ("sl", [.one: "1, 101, 201, 301, 401, 501, 601, 701, 1001", .two: "2, 102, 202, 302, 402, 502, 602, 702, 1002",
                .few: "3, 4, 103, 104, 203, 204, 303, 304, 403, 404, 503, 504, 603, 604, 703, 704, 1003",
                .other: "0, 5~19, 100, 1000, 10000, 100000, 1000000"]),
        ("dsb hsb", [.one: "1, 101, 201, 301, 401, 501, 601, 701, 1001", .two: "2, 102, 202, 302, 402, 502, 602, 702, 1002",
                     .few: "3, 4, 103, 104, 203, 204, 303, 304, 403, 404, 503, 504, 603, 604, 703, 704, 1003",
                     .other: "0, 5~19, 100, 1000, 10000, 100000, 1000000"]),
        ("cs sk", [.one: "1", .few: "2~4", .other: "0, 5~19, 100, 1000, 10000, 100000, 1000000"]),
        ("pl", [.one: "1", .few: "2~4, 22~24, 32~34, 42~44, 52~54, 62, 102, 1002", .many: "0, 5~19, 100, 1000, 10000, 100000, 1000000"]),
        ("be", [.one: "1, 21, 31, 41, 51, 61, 71, 81, 101, 1001", .few: "2~4, 22~24, 32~34, 42~44, 52~54, 62, 102, 1002",
                .many: "0, 5~19, 100, 1000, 10000, 100000, 1000000"]),
        ("lt", [.one: "1, 21, 31, 41, 51, 61, 71, 81, 101, 1001", .few: "2~9, 22~29, 102, 1002",
                .other: "0, 10~20, 30, 40, 50, 60, 100, 1000, 10000, 100000, 1000000"]),
        ("ru uk", [.one: "1, 21, 31, 41, 51, 61, 71, 81, 101, 1001", .few: "2~4, 22~24, 32~34, 42~44, 52~54, 62, 102, 1002",
                   .many: "0, 5~19, 100, 1000, 10000, 100000, 1000000"]),
        ("mt", [.one: "1", .two: "2", .few: "0, 3~10, 103~109, 1003", .many: "11~19, 111~117, 1011",
                .other: "20~35, 100, 1000, 10000, 100000, 1000000"]),
        ("br", [.one: "1, 21, 31, 41, 51, 61, 81, 101, 1001", .two: "2, 22, 32, 42, 52, 62, 82, 102, 1002",
                .few: "3, 4, 9, 23, 24, 29, 33, 34, 39, 43, 44, 49, 103, 1003", .many: "1000000",
                .other: "0, 5~8, 10~20, 100, 1000, 10000, 100000"]),
        ("ga", [.one: "1", .two: "2", .few: "3~6", .many: "7~10", .other: "0, 11~25, 100, 1000, 10000, 100000, 1000000"]),
        ("gv", [.one: "1, 11, 21, 31, 41, 51, 61, 71, 101, 1001", .two: "2, 12, 22, 32, 42, 52, 62, 72, 102, 1002",
                .few: "0, 20, 40, 60, 80, 100, 120, 140, 1000, 10000, 100000, 1000000", .other: "3~10, 13~19, 23, 103, 1003"]),
        ("kw", [.zero: "0", .one: "1", .two: "2, 22, 42, 62, 82, 102, 122, 142, 1000, 10000, 100000",
                .few: "3, 23, 43, 63, 83, 103, 123, 143, 1003", .many: "21, 41, 61, 81, 101, 121, 141, 161, 1001",
                .other: "4~19, 100, 1004, 1000000"]),
        ("ar ars", [.zero: "0", .one: "1", .two: "2", .few: "3~10, 103~110, 1003", .many: "11~26, 111, 1011",
                    .other: "100~102, 200~202, 300~302, 400~402, 500~502, 600, 1000, 10000, 100000, 1000000"]),
        ("cy", [.zero: "0", .one: "1", .two: "2", .few: "3", .many: "6", .other: "4, 5, 7~20, 100, 1000, 10000, 100000, 1000000"]),
    ]

    /// `0, 2~16, 100` as numbers.
    static func expand(_ samples: String) -> [Int] {
        samples.split(separator: ",").flatMap { item -> [Int] in
            let bounds = item.trimmingCharacters(in: .whitespaces).split(separator: "~").compactMap { Int($0) }
            return bounds.count == 2 ? Array(bounds[0]...bounds[1]) : bounds
        }
    }

    @Test func theTableReadsAsCLDRSyntax() {
        #expect(PluralRules.tableProblems == [])
    }

    @Test func samplesCoverEveryLocaleOfTheRules() {
        let sampled = Set(Self.samples.flatMap { $0.locales.split(separator: " ").map { $0.lowercased() } })
        #expect(sampled == Set(PluralRules.locales))
    }

    @Test(arguments: samples.flatMap { group in group.locales.split(separator: " ").map { (String($0), group.samples) } })
    func everyIntegerSampleLandsInItsCategory(locale: String, samples: KeyValuePairs<PluralCategory, String>) {
        for (category, list) in samples {
            let wrong = Self.expand(list).filter { PluralRules.category(for: $0, locale: locale) != category }
            #expect(wrong == [], "\(locale) \(category.rawValue)")
        }
        // The forms a catalog needs: the categories with integer samples, and always other.
        let expected = PluralCategory.allCases.filter { category in category == .other || samples.contains { $0.key == category } }
        #expect(PluralRules.categories(locale: locale) == expected, "\(locale)")
    }

    @Test(arguments: [
        ("es-MX", 1_000_000, PluralCategory.many), ("es-419", 1, .one), ("pt-BR", 0, .one), ("pt-PT", 0, .other), ("pt-PT", 1, .one),
        ("zh-Hant-TW", 1, .other), ("sr-Latn", 21, .one), ("fil", 4, .other), ("en_US", 1, .one),
        // No CLDR rules (Haitian Creole), an unknown language and a malformed tag: root, every count is other.
        ("ht", 1, .other), ("xx", 1, .other), ("", 1, .other),
        // Negative counts go by their magnitude.
        ("en", -1, .one), ("pl", -2, .few), ("ar", -103, .few),
    ])
    func regionsScriptsAndUnknownLanguages(locale: String, count: Int, expected: PluralCategory) {
        #expect(PluralRules.category(for: count, locale: locale) == expected)
    }

    @Test func survivesTheSmallestInteger() {
        // |Int.min| = 9223372036854775808: ends in 08.
        #expect(PluralRules.category(for: Int.min, locale: "ru") == .many)
        #expect(PluralRules.category(for: Int.min, locale: "ar") == .few)
    }

    @Test func examplesShowWhatAFormIsFor() {
        #expect(PluralRules.examples(of: .many, locale: "pl") == [0, 5, 6])
        #expect(PluralRules.examples(of: .many, locale: "es") == [1_000_000, 2_000_000])
        #expect(PluralRules.examples(of: .other, locale: "ru") == [])
        #expect(PluralRules.hasRules(for: "pl-PL") && !PluralRules.hasRules(for: "ht"))
    }

    @Test func conditionsRefuseWhatIsNotCLDRSyntax() {
        for text in ["x = 1", "n == 1", "n = 1 and", "n % 0 = 1", "n = 3..1", "n = 1 nor i = 2", "n = 1,,2"] {
            #expect(throws: PluralCondition.Problem.self, "\(text)") { try PluralCondition(text) }
        }
    }
}
