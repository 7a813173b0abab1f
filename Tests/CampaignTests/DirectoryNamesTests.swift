@testable import Campaign
import Foundation
import Testing

/// Names of places in other languages: read from jurisdictions CSV
/// (`name:es`), Popolo (`other_names` with `lang`) and GeoJSON (`name:es`
/// properties), kept over a re-import that does not give them, written back
/// by the exports, and chosen for a page by its language.
@Suite struct DirectoryNamesTests {
    static let dc = "ocd-division/country:us/district:dc"
    static let seattle = "ocd-division/country:us/state:wa/place:seattle"

    @Test func aPageTakesTheNameInItsLanguageElseTheStoredOneMarkedEnglish() {
        let names = ["es": "Distrito de Columbia", "zh-hans": "哥伦比亚特区"]
        #expect(LocalizedName(stored: "District of Columbia", names: names, locale: "es") == LocalizedName(text: "Distrito de Columbia", language: nil))
        #expect(LocalizedName(stored: "District of Columbia", names: names, locale: "es-MX").text == "Distrito de Columbia")
        #expect(LocalizedName(stored: "District of Columbia", names: names, locale: "zh-Hans") == LocalizedName(text: "哥伦比亚特区", language: nil))
        #expect(LocalizedName(stored: "District of Columbia", names: names, locale: "pl") == LocalizedName(text: "District of Columbia", language: "en"))
        #expect(LocalizedName(stored: "District of Columbia", names: names, locale: "en-US") == LocalizedName(text: "District of Columbia", language: nil))
    }

    @Test func jurisdictionNamesAndLanguagesRoundTripThroughCSVAndPopolo() throws {
        let file = TestSupport.write("""
            id,name,kind,parent,language,name:es,name:zh-Hans
            ocd-division/country:us,United States,country,,,Estados Unidos,
            \(Self.dc),District of Columbia,federal-district,ocd-division/country:us,es,Distrito de Columbia,哥伦比亚特区

            """, named: "jurisdictions.csv")
        let parsed = try DirectoryImport.read(paths: [file])
        let dc = try #require(parsed.directory.jurisdiction(Self.dc))
        #expect(dc.language == "es")
        #expect(dc.names == ["es": "Distrito de Columbia", "zh-hans": "哥伦比亚特区"])
        #expect(parsed.directory.jurisdiction("ocd-division/country:us")?.names == ["es": "Estados Unidos"])

        let pool = try TestSupport.temporaryDatabase()
        try DirectoryImport.run(parsed, into: pool)
        let stored = try pool.read { try DirectoryStore.load($0) }
        #expect(stored.jurisdictions == parsed.directory.jurisdictions)
        let csv = DirectoryCSV.jurisdictionsCSV(stored)
        #expect(csv.hasPrefix("id,name,kind,parent,language,identifiers,name:es,name:zh-Hans\r\n"), "\(csv)")
        let json = PopoloJSON.export(stored)
        #expect(json.contains("\"language\": \"es\""))
        #expect(json.contains("{\n          \"lang\": \"zh-Hans\",\n          \"name\": \"哥伦比亚特区\",\n          \"note\": \"multilingual\"\n        }"), "\(json)")
        for export in [TestSupport.write(csv, named: "jurisdictions.csv"), TestSupport.write(json, named: "directory.json")] {
            #expect(try DirectoryImport.read(paths: [export]).directory.jurisdictions.sorted { $0.id < $1.id } == stored.jurisdictions, "\(export)")
        }

        // A file that gives neither (as the ocd-division-ids project's) keeps them.
        let plain = TestSupport.write("id,name\n\(Self.dc),District of Columbia\n", named: "dc.csv")
        let plan = try DirectoryImport.run(try DirectoryImport.read(paths: [plain]), into: pool)
        #expect(plan.jurisdictions.unchanged == [Self.dc])
        #expect(try pool.read { try DirectoryStore.load($0) }.jurisdiction(Self.dc) == dc)
        // One that gives a name in a language replaces that one and keeps the others.
        let renamed = TestSupport.write("id,name,kind,parent,name:es\n\(Self.dc),District of Columbia,federal-district,ocd-division/country:us,Distrito de Colombia\n",
                                        named: "jurisdictions.csv")
        try DirectoryImport.run(try DirectoryImport.read(paths: [renamed]), into: pool)
        #expect(try pool.read { try DirectoryStore.load($0) }.jurisdiction(Self.dc)?.names == ["es": "Distrito de Colombia", "zh-hans": "哥伦比亚特区"])
    }

    @Test func badLanguagesAndNameColumnsAreRefusedWithWhereTheyAre() throws {
        let language = TestSupport.write("id,name,kind,parent,language\n\(Self.dc),District of Columbia,federal-district,,Spanish\n", named: "jurisdictions.csv")
        do { _ = try DirectoryImport.read(paths: [language]); Issue.record("accepted language Spanish") } catch {
            #expect("\(error)" == "\(language):2:76: malformed language 'Spanish'; use a code such as es or pt-br")
        }
        let column = TestSupport.write("id,name,kind,parent,name:spanish\n\(Self.dc),District of Columbia,federal-district,,Distrito\n", named: "jurisdictions.csv")
        do { _ = try DirectoryImport.read(paths: [column]); Issue.record("accepted name:spanish") } catch {
            #expect("\(error)" == "\(column):1:21: unknown column 'name:spanish'")
        }
        let popolo = TestSupport.write(#"{"areas": [{"id": "\#(Self.dc)", "name": "DC", "other_names": [{"lang": "español", "name": "Distrito"}]}]}"#,
                                       named: "areas.json")
        do { _ = try DirectoryImport.read(paths: [popolo]); Issue.record("accepted lang español") } catch {
            #expect("\(error)".contains("'español' is not a language tag; write en, es or zh-Hans"), "\(error)")
        }
    }

    @Test func popoloOtherNamesWithALanguageAreNamesAndTheRestArePassedOver() throws {
        let file = TestSupport.write("""
            {"areas": [{"id": "\(Self.dc)", "name": "District of Columbia", "language": "es", "other_names": [
                {"lang": "es", "name": "Distrito de Columbia", "note": "multilingual"},
                {"name": "Washington, D.C.", "note": "alias"}]}]}
            """, named: "areas.json")
        let jurisdiction = try #require(try DirectoryImport.read(paths: [file]).directory.jurisdictions.first)
        #expect(jurisdiction.language == "es")
        #expect(jurisdiction.names == ["es": "Distrito de Columbia"])
    }

    @Test func districtNamesComeFromGeoJSONPropertiesAndCSVColumnsAndSurviveAReimport() throws {
        let pool = try TestSupport.seededDatabase()
        func feature(_ code: Int, _ properties: String) -> String {
            let x = -77.0 + Double(code) / 100
            return #"{"type": "Feature", "properties": {"WARD": \#(code)\#(properties)}, "geometry": {"type": "Polygon", "coordinates": [[[\#(x), 38.9], [\#(x + 0.005), 38.9], [\#(x + 0.005), 38.905], [\#(x), 38.9]]]}}"#
        }
        let geojson = TestSupport.write(#"{"type": "FeatureCollection", "features": [\#(feature(1, #", "name:es": "Distrito 1", "name:zh-Hans": "第一区", "name:left": "x""#)), \#(feature(2, ""))]}"#,
                                        named: "wards.geojson")
        let options = DistrictImport.Options(jurisdiction: Self.dc, property: "WARD", name: "Ward {code}", kind: "ward")
        try DistrictImport.run(path: geojson, options: options, into: pool)
        func names() throws -> [String: [String: String]] {
            Dictionary(uniqueKeysWithValues: try pool.read { try DistrictStore.districts(of: Self.dc, $0) }.map { ($0.code, $0.names) })
        }
        #expect(try names()["1"] == ["es": "Distrito 1", "zh-hans": "第一区"])
        #expect(try names()["2"] == [:])
        // A list of districts with names in other languages; a file without them keeps them.
        let csv = TestSupport.write("district,name,name:es\n2,Ward 2,Distrito 2\n", named: "wards.csv")
        try DistrictImport.run(path: csv, options: DistrictImport.Options(jurisdiction: Self.dc, kind: "ward"), into: pool)
        let again = TestSupport.write(#"{"type": "FeatureCollection", "features": [\#(feature(1, "")), \#(feature(2, ""))]}"#, named: "wards.geojson")
        try DistrictImport.run(path: again, options: options, into: pool)
        #expect(try names()["1"] == ["es": "Distrito 1", "zh-hans": "第一区"])
        #expect(try names()["2"] == ["es": "Distrito 2"])
        // Every way districts are read carries them.
        let lookup = try Lookup.load(from: pool)
        #expect(lookup.districts(of: Self.dc).first { $0.code == "2" }?.names == ["es": "Distrito 2"])
        #expect(try pool.read { try DistrictStore.all($0) }.first { $0.district.code == "1" && $0.district.jurisdictionID == Self.dc }?.district.names["es"] == "Distrito 1")
    }
}

/// The supporter's pages name places in the page's language where the
/// directory has the name, and mark each name it has only in English.
@Suite(.serialized) struct DirectoryNamesEndToEndTests {
    @Test func wardNamesInSpanishShowUnmarkedOnSpanishPagesAndUntranslatedOnesAreMarkedEnglish() async throws {
        let database = try CallDistrictEndToEndTests.database()
        // Wards 1 to 7 in Spanish; Ward 8 not.
        let rows = (1...7).map { "\($0),Ward \($0),Distrito \($0)" } + ["8,Ward 8,"]
        let file = TestSupport.write("district,name,name:es\n" + rows.joined(separator: "\n") + "\n", named: "wards.csv")
        let imported = TestSupport.campaignInProcess(["districts", "import", file, "--jurisdiction", DirectoryNamesTests.dc, "--kind", "ward",
                                                      "--source", "Open Data DC / OCTO, Wards from 2022 (CC BY 4.0)"], database: database)
        try #require(imported.status == 0, "\(imported.errors)")
        try await onThread { check in
            let server = try ServerProcess.start([], database: database)
            defer { server.kill() }
            let client = server.client()
            // The sign form's district question.
            let token = try E2E.openForm(client, E2E.dc, "es", check)
            let question = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, name: "Ana Ward", email: E2E.uniqueEmail("names"),
                                                                                    zip: "20002", consent: ["public"], extra: [("asked_district", "")],
                                                                                    language: "es"))
            check.expect(question.status == 200, "the question: \(question.summary)")
            check.expect(question.text.contains("value=\"6\"> <span>Distrito 6</span></label>"), "Ward 6 in Spanish, unmarked")
            check.expect(question.text.contains("value=\"8\"> <span lang=\"en\">Ward 8</span></label>"), "Ward 8 marked English")
            let legend = DistrictStepEndToEndTests.html("sign.district.legend", "es", ["place": "\u{1}"])
                .replacingOccurrences(of: "\u{1}", with: "<span lang=\"en\">District of Columbia</span>")
            check.expect(question.text.contains("<legend>\(legend)</legend>"), "the legend marks the place alone")

            // The call page's question and its targets.
            let asked = try client.get("/c/\(CallDistrictEndToEndTests.slug)?lang=es&zip=20002")
            check.expect(asked.text.contains("value=\"5\" required> <span>Distrito 5</span></label>"), "Ward 5 in Spanish on the call page")
            check.expect(asked.text.contains("value=\"8\" required> <span lang=\"en\">Ward 8</span></label>"), "Ward 8 marked on the call page")
            check.expect(asked.text.contains("<p><span lang=\"en\">District of Columbia</span>: "), "the place of the question marked")
            let target = try client.get("/c/\(CallDistrictEndToEndTests.slug)?lang=es&zip=20002&district=5")
            check.expect(target.text.contains("<p class=\"place\"><span lang=\"en\">District of Columbia</span> · Distrito 5</p>"), "the target's place")
            let english = try client.get("/c/\(CallDistrictEndToEndTests.slug)?lang=en&zip=20002&district=5")
            check.expect(english.text.contains("<p class=\"place\">District of Columbia · Ward 5</p>"), "an English page marks nothing")
        }
    }
}
