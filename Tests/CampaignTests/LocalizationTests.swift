import Foundation
import Testing
@testable import Campaign

@Suite struct LocalizationTests {
    /// The repository root, three levels up from this file.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let signatures: Catalog.Entry = .plural([.one: "{count} signature", .other: "{count} signatures"])
    static let firmas: Catalog.Entry = .plural([.one: "{count} firma", .many: "{count} de firmas", .other: "{count} firmas"])

    /// English, Spanish and a Mexican catalog that overrides one text.
    static let localizer = Localizer(catalogs: [
        Catalog(locale: "en", entries: [
            "greeting": .text("Hello, {name}!"),
            "farewell": .text("Goodbye"),
            "only.english": .text("Only in English"),
            "signatures.count": signatures,
            "signatures.goal": .plural([.one: "{count} of {goal} signatures", .other: "{count} of {goal} signatures"]),
        ]),
        Catalog(locale: "es", entries: [
            "greeting": .text("¡Hola, {name}!"),
            "farewell": .text("Adiós"),
            "signatures.count": firmas,
            "signatures.goal": .plural([.one: "{count} de {goal} firmas", .other: "{count} de {goal} firmas"]),
        ]),
        Catalog(locale: "es-MX", entries: ["farewell": .text("Hasta luego")]),
    ])

    static func write(_ text: String, to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    func expectRejected(_ text: String, message: String) {
        let file = TestSupport.write(text, named: "es.json")
        let error = #expect(throws: InputError.self) { try Catalog.load(path: file) }
        #expect(error?.description == message.replacingOccurrences(of: "FILE", with: file))
    }

    // MARK: - Catalogs

    @Test func loadsTextsAndPlurals() throws {
        let file = TestSupport.write("""
            {"petition.heading": "Firma la petición",
             "signatures.count": {"one": "{count} firma", "many": "{count} de firmas", "other": "{count} firmas"}}
            """, named: "es-mx.json")
        let catalog = try Catalog.load(path: file)
        #expect(catalog.locale == "es-MX")
        #expect(catalog.entries["petition.heading"] == .text("Firma la petición"))
        #expect(catalog.entries["signatures.count"] == Self.firmas)
    }

    @Test func rejectsACatalogThatIsNotAnObject() {
        expectRejected(#"["a", "b"]"#, message: "FILE:1:1: expected an object of message keys and texts, not an array")
    }

    @Test func rejectsAValueOfTheWrongType() {
        expectRejected("""
            {
              "petition.heading": 42
            }
            """, message: "FILE:2:23: 'petition.heading' must be a text or an object of plural forms, not a number")
    }

    @Test func rejectsAPluralWithoutOther() {
        expectRejected("""
            {
              "signatures.count": {"one": "{count} firma"}
            }
            """, message: "FILE:2:23: plural 'signatures.count' has no 'other' form; every plural needs one, for counts whose own form is missing")
    }

    @Test func rejectsAnUnknownPluralCategory() {
        expectRejected("""
            {
              "signatures.count": {"one": "x", "plural": "y", "other": "z"}
            }
            """, message: "FILE:2:46: unknown plural category 'plural' in 'signatures.count' (known categories: zero, one, two, few, many, other)")
    }

    @Test func rejectsAPluralFormTheLanguageNeverUses() throws {
        let file = TestSupport.write("""
            {
              "signatures.count": {"one": "{count} firma", "few": "{count} firmas", "many": "{count} de firmas", "other": "{count} firmas"}
            }
            """, named: "es.json")
        let error = #expect(throws: InputError.self) { try Catalog.load(path: file) }
        #expect(error?.description == "\(file):2:55: plural 'signatures.count' has a 'few' form, which es never uses for a whole count (es uses one, many, other)")
    }

    @Test func rejectsAPluralMissingAFormTheLanguageUses() throws {
        let file = TestSupport.write("""
            {
              "signatures.count": {"one": "{count} podpis", "other": "{count} podpisu"}
            }
            """, named: "pl.json")
        let error = #expect(throws: InputErrors.self) { try Catalog.load(path: file) }
        #expect(error?.description == """
            \(file):2:23: plural 'signatures.count' has no 'few' form, which pl uses for counts such as 2, 3, 4
            \(file):2:23: plural 'signatures.count' has no 'many' form, which pl uses for counts such as 0, 5, 6
            """)
        // A language without CLDR rules (Haitian Creole) has only other.
        let creole = TestSupport.write(#"{"signatures.count": {"one": "{count} siyati", "other": "{count} siyati"}}"#, named: "ht.json")
        let refused = #expect(throws: InputError.self) { try Catalog.load(path: creole) }
        #expect(refused?.description == "\(creole):1:30: plural 'signatures.count' has a 'one' form, which ht never uses for a whole count (ht uses other)")
    }

    @Test func rejectsAPluralFormThatIsNotText() {
        expectRejected(#"{"signatures.count": {"one": null, "other": "{count} firmas"}}"#,
                       message: "FILE:1:30: the 'one' form of 'signatures.count' must be a text, not null")
    }

    @Test func rejectsEmptyTextsAndMalformedKeys() {
        expectRejected(#"{"call.heading": " "}"#, message: "FILE:1:18: the text of 'call.heading' is empty; remove the key to fall back to English")
        expectRejected(#"{"call..heading": "Llama"}"#,
                       message: "FILE:1:19: malformed key 'call..heading': keys are dotted names like petition.sign.button, with no empty part")
        expectRejected(#"{"a": "x", "a": "y"}"#, message: "FILE:1:12: member \"a\" is given twice (first at 1:2)")
    }

    @Test func reportsJSONSyntaxErrorsWithTheirPlace() {
        expectRejected("{\"a\": \"b\",\n}", message: "FILE:2:1: expected a member name in double quotes")
    }

    @Test func reportsEveryBadEntryAtOnce() throws {
        let file = TestSupport.write("""
            {"a": 1,
             "b": []}
            """, named: "es.json")
        let error = #expect(throws: InputErrors.self) { try Catalog.load(path: file) }
        #expect(error?.description == """
            \(file):1:7: 'a' must be a text or an object of plural forms, not a number
            \(file):2:7: 'b' must be a text or an object of plural forms, not an array
            """)
    }

    // MARK: - Loading a folder

    @Test func loadsAFolderWithEnglishFirst() throws {
        let folder = TestSupport.temporaryFolder()
        for name in ["fr", "es-MX", "es", "en"] {
            Self.write(#"{"a": "\#(name)"}"#, to: "\(folder)/\(name).json")
        }
        Self.write("not a catalog", to: "\(folder)/README.md")
        let localizer = try Localizer.load(folder: folder)
        #expect(localizer.locales == ["en", "es", "es-MX", "fr"])
        #expect(localizer.string("a", locale: "es-mx") == "es-MX")
    }

    @Test func rejectsAFileNameThatIsNotALocale() {
        let folder = TestSupport.temporaryFolder()
        Self.write("{}", to: "\(folder)/en.json")
        Self.write("{}", to: "\(folder)/spanish.json")
        let error = #expect(throws: InputError.self) { try Localizer.load(folder: folder) }
        #expect(error?.description == "\(folder)/spanish.json: the file name 'spanish' is not a locale tag; name catalogs like en.json, es.json or es-MX.json")
    }

    @Test func requiresAnEnglishCatalog() {
        let folder = TestSupport.temporaryFolder()
        Self.write("{}", to: "\(folder)/es.json")
        let error = #expect(throws: InputError.self) { try Localizer.load(folder: folder) }
        #expect(error?.description == "\(folder) holds no en.json; English is the fallback for every other locale")
    }

    @Test func rejectsTwoFilesForOneLocale() {
        let folder = TestSupport.temporaryFolder()
        for name in ["en", "es-MX", "es_MX"] {
            Self.write("{}", to: "\(folder)/\(name).json")
        }
        let error = #expect(throws: InputError.self) { try Localizer.load(folder: folder) }
        #expect(error?.description == "\(folder)/es_MX.json: locale es-MX is already read from \(folder)/es-MX.json")
    }

    // MARK: - Lookup

    @Test func fallsBackFromRegionToLanguageToEnglishToTheKey() {
        let localizer = Self.localizer
        #expect(localizer.string("farewell", locale: "es-MX") == "Hasta luego")
        #expect(localizer.string("greeting", locale: "es-MX", ["name": "Ana"]) == "¡Hola, Ana!")
        #expect(localizer.string("only.english", locale: "es-MX") == "Only in English")
        #expect(localizer.string("no.such.key", locale: "es-MX") == "[no.such.key]")
        #expect(localizer.string("farewell", locale: "es_mx") == "Hasta luego")
        #expect(localizer.string("farewell", locale: "es-AR") == "Adiós")
        #expect(localizer.string("farewell", locale: "fr") == "Goodbye")
        #expect(localizer.string("farewell", locale: "<script>") == "Goodbye")
        #expect(localizer.hasString("only.english", locale: "es"))
        #expect(!localizer.hasString("no.such.key", locale: "es"))
    }

    @Test func fillsPlaceholdersOnceAndLeavesUnknownOnesVisible() {
        #expect(Localizer.interpolate("{name} and {name}", ["name": "Ana"]) == "Ana and Ana")
        #expect(Localizer.interpolate("Call {target} from {city}", ["target": "Rep. Ruiz"]) == "Call Rep. Ruiz from {city}")
        #expect(Localizer.interpolate("{name}", ["name": "{city}", "city": "Austin"]) == "{city}")
        #expect(Localizer.interpolate("{ not one } {{name}} {name", ["name": "x"]) == "{ not one } {x} {name")
        #expect(Localizer.interpolate("no braces", ["name": "x"]) == "no braces")
    }

    @Test func formatsPluralsWithTheLocalesNumbers() {
        let localizer = Self.localizer
        #expect(localizer.plural("signatures.count", count: 1, locale: "en") == "1 signature")
        #expect(localizer.plural("signatures.count", count: 0, locale: "en") == "0 signatures")
        #expect(localizer.plural("signatures.count", count: 1234, locale: "en") == "1,234 signatures")
        #expect(localizer.plural("signatures.count", count: 1, locale: "es") == "1 firma")
        // CLDR Spanish leaves four-digit numbers ungrouped; Mexico groups them with a comma.
        #expect(localizer.plural("signatures.count", count: 1234, locale: "es") == "1234 firmas")
        #expect(localizer.plural("signatures.count", count: 12345, locale: "es") == "12.345 firmas")
        #expect(localizer.plural("signatures.count", count: 2_000_000, locale: "es") == "2.000.000 de firmas")
        #expect(localizer.plural("signatures.count", count: 1234, locale: "es-MX") == "1,234 firmas")
        #expect(localizer.plural("signatures.goal", count: 1, locale: "es", ["goal": LocaleFormatting.number(50_000, locale: "es")])
                == "1 de 50.000 firmas")
        // An English fallback keeps English rules and digits, so the sentence agrees with itself.
        #expect(localizer.plural("signatures.count", count: 1234, locale: "ru") == "1,234 signatures")
        #expect(localizer.plural("signatures.count", count: 1, locale: "fr") == "1 signature")
        #expect(localizer.plural("signatures.count", count: 5, locale: "es", ["count": "many"]) == "5 firmas")
        #expect(localizer.plural("no.such.key", count: 5, locale: "es") == "[no.such.key]")
        #expect(localizer.string("signatures.count", locale: "es", ["count": "varias"]) == "varias firmas")
    }

    @Test func usesOtherWhenAPluralLacksTheNeededForm() {
        let localizer = Localizer(catalogs: [
            Catalog(locale: "en", entries: ["n": Self.signatures]),
            Catalog(locale: "ru", entries: ["n": .plural([.one: "{count} подпись", .other: "{count} подписи"])]),
        ])
        #expect(localizer.plural("n", count: 21, locale: "ru") == "21 подпись")
        #expect(localizer.plural("n", count: 5, locale: "ru") == "5 подписи")
    }

    // MARK: - Completeness

    @Test func listsMissingKeysAndPluralForms() {
        let localizer = Localizer(catalogs: [
            Catalog(locale: "en", entries: ["a": .text("A"), "b": .text("B"), "count": Self.signatures, "goal": Self.signatures]),
            Catalog(locale: "es", entries: ["a": .text("A"), "count": .plural([.other: "{count} firmas"]), "goal": .text("{count} firmas")]),
            Catalog(locale: "es-MX", entries: ["b": .text("B")]),
            Catalog(locale: "ru", entries: ["a": .text("A"), "b": .text("B"), "goal": .text("цель"),
                                            "count": .plural([.one: "{count} подпись", .few: "{count} подписи", .other: "{count} подписи"])]),
        ])
        #expect(localizer.missingKeys(in: "es") == ["b", "count[many]", "count[one]", "goal[many]", "goal[one]"])
        #expect(localizer.missingKeys(in: "es-MX") == ["count[many]", "count[one]", "goal[many]", "goal[one]"])
        #expect(localizer.missingKeys(in: "ru") == ["count[many]", "goal[few]", "goal[many]", "goal[one]"])
        #expect(localizer.missingKeys(in: "de") == ["a", "b", "count", "goal"])
        #expect(localizer.missingKeys(in: "en") == [])
    }

    // MARK: - Negotiation

    @Test func parsesAcceptLanguageByQuality() {
        let parsed = LocaleNegotiation.parseAcceptLanguage("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")
        #expect(parsed.map(\.tag) == ["fr-ch", "fr", "en", "de", "*"])
        #expect(parsed.map(\.quality) == [1, 0.9, 0.8, 0.7, 0.5])
    }

    @Test func keepsHeaderOrderForEqualQualities() {
        let parsed = LocaleNegotiation.parseAcceptLanguage("de;q=0.5, en, es;q=0.5, pt;q=1.000")
        #expect(parsed.map(\.tag) == ["en", "pt", "de", "es"])
    }

    @Test func skipsMalformedPartsAndRefusedLanguages() {
        let parsed = LocaleNegotiation.parseAcceptLanguage(
            "en;q=2, es;q=abc, ;q=0.5, 12, fr;level=1, ja;q=0.0001, it;q=0.3, de;q=0, nl;q=0.000, ,, ES-mx ;\tq=0.7 , pl;q=1.")
        #expect(parsed.map(\.tag) == ["pl", "es-mx", "it"])
        #expect(parsed.map(\.quality) == [1, 0.7, 0.3])
        #expect(LocaleNegotiation.parseAcceptLanguage("").isEmpty)
        #expect(LocaleNegotiation.parseAcceptLanguage("en-US-x-twain-1234567890").isEmpty)
    }

    @Test func choosesTheExplicitChoiceFirst() {
        let available = ["en", "es"]
        #expect(LocaleNegotiation.choose(explicit: "es", acceptLanguage: "en", campaignDefault: "en", available: available) == "es")
        #expect(LocaleNegotiation.choose(explicit: "ES-mx", acceptLanguage: "en", campaignDefault: "en", available: available) == "es")
        #expect(LocaleNegotiation.choose(explicit: "es", acceptLanguage: nil, campaignDefault: "en", available: ["en", "es-MX"]) == "es-MX")
        #expect(LocaleNegotiation.choose(explicit: "fr", acceptLanguage: "es", campaignDefault: "en", available: available) == "es")
        #expect(LocaleNegotiation.choose(explicit: "<script>", acceptLanguage: nil, campaignDefault: "es", available: available) == "es")
    }

    @Test func choosesTheBestAcceptedLanguageThenTheDefaultThenEnglish() {
        let available = ["en", "es"]
        #expect(LocaleNegotiation.choose(explicit: nil, acceptLanguage: "fr, es-AR;q=0.8, en;q=0.5", campaignDefault: "en", available: available) == "es")
        #expect(LocaleNegotiation.choose(explicit: nil, acceptLanguage: "fr", campaignDefault: "es", available: available) == "es")
        #expect(LocaleNegotiation.choose(explicit: nil, acceptLanguage: "fr", campaignDefault: "de", available: available) == "en")
        #expect(LocaleNegotiation.choose(explicit: nil, acceptLanguage: "garbage;;;", campaignDefault: "de", available: ["fr", "es"]) == "fr")
        #expect(LocaleNegotiation.choose(explicit: nil, acceptLanguage: nil, campaignDefault: "es", available: []) == "es")
    }

    @Test func readsTheWildcardAsAnyLanguageNotNamed() {
        let available = ["en", "es", "fr"]
        #expect(LocaleNegotiation.choose(explicit: nil, acceptLanguage: "de, *;q=0.5, es;q=0.1", campaignDefault: "en", available: available) == "en")
        #expect(LocaleNegotiation.choose(explicit: nil, acceptLanguage: "en;q=0, *", campaignDefault: "en", available: available) == "es")
        #expect(LocaleNegotiation.choose(explicit: nil, acceptLanguage: "en;q=0, es;q=0", campaignDefault: "en", available: available) == "en")
    }

    // MARK: - Formatting

    @Test func formatsNumbersPerLocale() {
        #expect(LocaleFormatting.number(1_234_567, locale: "en") == "1,234,567")
        #expect(LocaleFormatting.number(1_234_567, locale: "es") == "1.234.567")
        #expect(LocaleFormatting.number(1234, locale: "en") == "1,234")
        #expect(LocaleFormatting.number(1234, locale: "es") == "1234")
        #expect(LocaleFormatting.number(12345, locale: "es") == "12.345")
        #expect(LocaleFormatting.number(1234, locale: "es-MX") == "1,234")
        #expect(LocaleFormatting.number(-1234, locale: "en") == "-1,234")
        #expect(LocaleFormatting.number(0, locale: "es") == "0")
        #expect(LocaleFormatting.number(1234, locale: "not a tag") == "1,234")
    }

    @Test func formatsDatesPerLocaleInUTC() {
        #expect(LocaleFormatting.date(year: 2018, month: 5, day: 18, locale: "en") == "May 18, 2018")
        #expect(LocaleFormatting.date(year: 2018, month: 5, day: 18, locale: "es") == "18 de mayo de 2018")
        #expect(LocaleFormatting.date(year: 2018, month: 2, day: 30, locale: "es") == "2018-02-30")
        let lastSecondOfTheDay = Date(timeIntervalSince1970: 1_526_601_600 + 86_399)
        #expect(LocaleFormatting.date(lastSecondOfTheDay, locale: "en") == "May 18, 2018")
        #expect(LocaleFormatting.date(lastSecondOfTheDay, locale: "es-MX") == "18 de mayo de 2018")
    }

    @Test func formatsFromManyThreadsAtOnce() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let locale = ["en", "es", "es-MX", "fr"][index % 4]
                    let number = LocaleFormatting.number(1_234_567, locale: locale)
                    let date = LocaleFormatting.date(year: 2018, month: 5, day: 18, locale: locale)
                    return !number.isEmpty && date.contains("2018")
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 200 && results.allSatisfy { $0 })
    }

    // MARK: - Shipped catalogs

    /// The rows of the table under `heading` in templates/locales/README.md, cells trimmed, the header and rule left out.
    static func readmeTable(_ heading: String) throws -> [[String]] {
        let text = try String(contentsOf: repository.appendingPathComponent("templates/locales/README.md"), encoding: .utf8)
        let section = text.components(separatedBy: "## " + heading + "\n").dropFirst().first?.components(separatedBy: "\n## ").first ?? ""
        return section.split(separator: "\n").filter { $0.hasPrefix("|") }.dropFirst(2).map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// `one, many (exact millions), other` as categories.
    static func forms(_ cell: String) -> [PluralCategory] {
        cell.replacingOccurrences(of: #"\([^)]*\)"#, with: "", options: .regularExpression)
            .split(separator: ",").compactMap { PluralCategory(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    @Test func theReadmeListsEveryCatalogWithItsReviewStatusAndForms() throws {
        let folder = Self.repository.appendingPathComponent("templates/locales").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        let rows = try Self.readmeTable("Languages")
        #expect(rows.map { $0[1].trimmingCharacters(in: CharacterSet(charactersIn: "`")) }.sorted() == files)
        for row in rows {
            let file = row[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            guard files.contains(file) else { continue }
            let catalog = try Catalog.load(path: folder + "/" + file)
            #expect(catalog.entries["catalog.status"] == .text(row[2]), "\(file)")
            #expect(catalog.entries["language.name"] == .text(row[0]), "\(file)")
            #expect(Self.forms(row[3]) == PluralRules.categories(locale: catalog.locale), "\(file)")
        }
    }

    @Test func theReadmesPluralFormsAreCLDRs() throws {
        let rows = try Self.readmeTable("Plural forms by language")
        #expect(rows.count >= 12)
        for row in rows {
            for tag in row[1].split(separator: ",").map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "` ")) }) {
                #expect(Self.forms(row[2]) == PluralRules.categories(locale: tag), "\(tag)")
            }
        }
    }

    /// Words that address the reader as "usted": the pronoun, "su" before
    /// what a signer owns, and the usted imperatives and futures the
    /// catalog once had ("Confirme su firma", "Invite a otras personas").
    static let ustedMarkers = [
        #"\busted\b"#, #"\b[Ss]u (firma|correo|dirección|nombre|ubicación|código|sesión|razón)\b"#,
        #"\b(Confirme|Invite|Abra|Pulse|Ignore|Ejecute|Vuelva|Escriba|Elija|Revise|Intente|Comparta|Llame|Firme|Indique|Introduzca|Compruebe)\b"#,
        #"\b(descárguelas|recibirá|podrá|deberá)\b"#, #"\bRecibe este\b"#,
    ]

    @Test func spanishSaysTúToEveryoneButOfficials() throws {
        let localizer = try Localizer.load(folder: Self.repository.appendingPathComponent("templates/locales").path)
        // Letters to officials (packets, their digests) stay formal; the catalog's notes about itself are not shown.
        let formal = ["delivery.", "mail.official", "catalog."]
        var found: [String] = []
        for key in localizer.keys where !formal.contains(where: { key.hasPrefix($0) }) {
            // A plural's forms for one, two and a million (one, other, many).
            let counts: [Int] = localizer.isPlural(key) ? [1, 2, 1_000_000] : []
            let texts: [String] = counts.isEmpty ? [localizer.string(key, locale: "es")] : counts.map { localizer.plural(key, count: $0, locale: "es") }
            for text in texts where Self.ustedMarkers.contains(where: { text.range(of: $0, options: .regularExpression) != nil }) {
                found.append("\(key): \(text)")
            }
        }
        #expect(found == [])
        // The register is the catalog's own note, for translators.
        #expect(localizer.string("catalog.register", locale: "es").contains("usted"))
        #expect(localizer.string("confirm.done", locale: "es").contains("Invita a otras personas"))
    }

    @Test func shippedCatalogsLoadAndSpanishIsComplete() throws {
        let localizer = try Localizer.load(folder: Self.repository.appendingPathComponent("templates/locales").path)
        #expect(localizer.locales.first == "en" && localizer.locales.contains("es"))
        // Every shipped catalog has every key English has.
        for locale in localizer.locales { #expect(localizer.missingKeys(in: locale) == [], "\(locale)") }
        let required = ["caller.name.blank", "caller.place.blank", "target.name.blank", "signatures.count", "signatures.goal",
                        "call.heading", "call.script.heading", "call.no_phone", "call.hours", "petition.heading",
                        "petition.sign.button", "reasons.heading", "language.switch", "lookup.zip.label",
                        "lookup.district.choose", "targets.none", "campaign.closed", "campaign.draft"]
        #expect(required.filter { !localizer.hasString($0, locale: "en") } == [])
        #expect(localizer.string("caller.place.blank", locale: "es") == "[tu ciudad o código postal]")
        #expect(localizer.plural("signatures.count", count: 1, locale: "es") == "1 firma")
        #expect(localizer.plural("signatures.goal", count: 2500, locale: "en", ["goal": "10,000"]) == "2,500 of 10,000 signatures")
    }
}
