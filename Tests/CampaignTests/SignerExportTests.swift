import Foundation
import Testing
@testable import Campaign

/// Signer lists as files: an official's CSV and JSON with the known
/// constituents first and the possible ones apart, each row saying how the
/// signer's district was known; `exactOnly`; and the organizer's columns for
/// the districts recorded. Signatures go through the real writer into a
/// seeded database (`DeliveryPacketTests.wardFiveResolved`).
@Suite struct SignerExportTests {
    typealias Packets = DeliveryPacketTests

    /// The records of a CSV export, the header first.
    static func records(_ csv: String) throws -> [[String]] {
        try CSVReader(bytes: Array(csv.utf8), file: "export.csv").records().map { $0.fields.map(\.value) }
    }

    /// The cells of `columns` in each record after the header.
    static func cells(_ records: [[String]], _ columns: [String]) throws -> [[String]] {
        let header = try #require(records.first)
        let indices = try columns.map { column in try #require(header.firstIndex(of: column), "no \(column) in \(header)") }
        return records.dropFirst().map { record in indices.map { record[$0] } }
    }

    @Test func anOfficialsCSVListsTheKnownConstituentsFirstAndSaysWhichSectionEachRowIsIn() async throws {
        let pool = try await Packets.wardFiveResolved()
        let (csv, summary) = try Packets.export(pool, format: .csv, official: "dc-kenyan-mcduffie")
        #expect(summary == SignerExport.Summary(rows: 5, possible: 2, total: 6))
        let records = try Self.records(csv)
        #expect(records.first == ["name", "locality", "zip", "signed_on", "reason", "email", "note", "section", "district_known"])
        let spans = "ZIP 20002 may lie in any of districts 1, 2, 3, 4, 5, 6, 7, 8"
        #expect(try Self.cells(records, ["name", "section", "district_known", "note"]) == [
            ["Ana Elige", "known", "District chosen on the form", ""],
            ["Beto Ubica", "known", "District from their location", ""],
            ["Eva Antes", "known", "District chosen on the form", ""],
            ["Dario Zip", "possible", "ZIP code only", spans],
            ["Gil Sinlista", "possible", "ZIP code only", spans.replacingOccurrences(of: "20002", with: "20020")],
        ])
        // The official's language, where the campaign has it.
        let spanish = try Self.records(try Packets.export(pool, format: .csv, official: "dc-kenyan-mcduffie", locale: "es").text)
        #expect(try Self.cells(spanish, ["section", "district_known"]).map { $0.joined(separator: "|") }
            == ["known|Distrito elegido en el formulario", "known|Distrito según su ubicación", "known|Distrito elegido en el formulario",
                "possible|Solo el código postal", "possible|Solo el código postal"])

        let (exact, exactSummary) = try Packets.export(pool, format: .csv, official: "dc-kenyan-mcduffie", exactOnly: true)
        #expect(exactSummary == SignerExport.Summary(rows: 3, possible: 0, total: 6, leftOut: 2))
        #expect(try Self.cells(try Self.records(exact), ["name", "section"]) == [["Ana Elige", "known"], ["Beto Ubica", "known"], ["Eva Antes", "known"]])
    }

    @Test func anOfficialsJSONKeepsThePossibleConstituentsInASeparateArray() async throws {
        let pool = try await Packets.wardFiveResolved()
        let (json, _) = try Packets.export(pool, format: .json, official: "dc-kenyan-mcduffie")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let signers = try #require(object["signers"] as? [[String: Any]])
        let possible = try #require(object["possibly_yours"] as? [[String: Any]])
        #expect(signers.map { $0["name"] as? String } == ["Ana Elige", "Beto Ubica", "Eva Antes"])
        #expect(signers.map { $0["district_known"] as? String } == ["chosen", "located", "chosen"])
        #expect(signers.map { $0["district_known_text"] as? String } == ["District chosen on the form", "District from their location", "District chosen on the form"])
        #expect(signers.allSatisfy { $0["zip_spans_districts"] == nil })
        #expect(possible.map { $0["name"] as? String } == ["Dario Zip", "Gil Sinlista"])
        #expect(possible.map { $0["district_known"] as? String } == ["zip", "zip"])
        #expect(possible.first?["zip_spans_districts"] as? [String] == (1...8).map(String.init))
        #expect(object["count"] as? Int == 3)
        #expect(object["possibly_yours_count"] as? Int == 2)

        let (exact, _) = try Packets.export(pool, format: .json, official: "dc-kenyan-mcduffie", exactOnly: true)
        let exactObject = try #require(try JSONSerialization.jsonObject(with: Data(exact.utf8)) as? [String: Any])
        #expect((exactObject["signers"] as? [[String: Any]])?.count == 3)
        #expect(exactObject["possibly_yours"] == nil && exactObject["possibly_yours_count"] == nil)
        #expect(exactObject["count"] as? Int == 3)
    }

    @Test func theOrganizersExportSaysHowEachDistrictWasKnownAndWhichDistrictsWereRecorded() async throws {
        let pool = try await Packets.wardFiveResolved()
        let records = try Self.records(try Packets.export(pool, format: .csv, official: nil).text)
        let header = try #require(records.first)
        #expect(Array(header.prefix(9)) == ["id", "name", "email", "locality", "zip", "district", "district_known", "districts", "signed_at"])
        let everyWard = (1...8).map { "Ward \($0), District of Columbia" }.joined(separator: "; ")
        #expect(try Self.cells(records, ["name", "district", "district_known", "districts"]) == [
            ["Ana Elige", "5", "chosen", "Ward 5, District of Columbia"],
            ["Beto Ubica", "5", "located", "Ward 5, District of Columbia"],
            ["Cora Calle", "8", "geocoded", "Ward 8, District of Columbia"],
            // Possibly in any ward: no one district for the old column.
            ["Dario Zip", "", "zip", everyWard],
            // Chosen before districts were recorded with their jurisdiction.
            ["Eva Antes", "5", "chosen", ""],
            ["Gil Sinlista", "", "zip", ""],
        ])

        let (json, _) = try Packets.export(pool, format: .json, official: nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let signers = try #require(object["signers"] as? [[String: Any]])
        #expect(object["count"] as? Int == 6 && object["possibly_yours"] == nil)
        let beto = try #require(signers.first { $0["name"] as? String == "Beto Ubica" })
        #expect(beto["district"] as? String == "5" && beto["district_known"] as? String == "located")
        let districts = try #require(beto["districts"] as? [[String: String]])
        #expect(districts == [["jurisdiction": Packets.dcID, "code": "5", "name": "Ward 5, District of Columbia"]])
        #expect((signers.first { $0["name"] as? String == "Gil Sinlista" }?["districts"] as? [Any])?.isEmpty == true)
    }

    // MARK: - The jurisdiction's language

    /// An official with no language of their own gets their packet and
    /// digest in their jurisdiction's language, from the CLI; one whose own
    /// language is English keeps English.
    @Test func anOfficialWithoutALanguageIsWrittenToInTheirJurisdictionsLanguage() async throws {
        let pool = try await Packets.wardFiveResolved(pool: try CampaignDigestTests.wardFiveDigests())
        let folder = TestSupport.temporaryFolder()
        let file = folder + "/jurisdictions.csv"
        try "id,name,kind,parent,language\nocd-division/country:us/district:dc,District of Columbia,federal-district,ocd-division/country:us,es\n"
            .write(toFile: file, atomically: false, encoding: .utf8)
        let imported = TestSupport.campaignInProcess(["jurisdictions", "import", file], database: pool.path)
        try #require(imported.status == 0, "\(imported.errors)")
        #expect(imported.output == "jurisdictions: 0 added, 1 changed, 0 unchanged\n")

        func packet() throws -> String {
            let out = folder + "/packet-\(UUID().uuidString).html"
            let exported = TestSupport.campaignInProcess(["export", Packets.dc, "--official", "dc-kenyan-mcduffie", "--format", "html", "--out", out],
                                                         database: pool.path)
            try #require(exported.status == 0, "\(exported.errors)")
            return try String(contentsOfFile: out, encoding: .utf8)
        }
        func digest() throws -> String {
            let previewed = TestSupport.campaignInProcess(["digest", "preview", Packets.dc, "--official", "dc-kenyan-mcduffie"], database: pool.path)
            try #require(previewed.status == 0, "\(previewed.errors)")
            return previewed.output
        }
        let spanish = try packet()
        #expect(spanish.contains("<html lang=\"es\" dir=\"ltr\">"))
        #expect(spanish.contains("Entrega de la petición"))
        #expect(try digest().contains("Estimado/a Concejal Kenyan McDuffie:"))

        let edited = TestSupport.campaignInProcess(["officials", "edit", "dc-kenyan-mcduffie", "--language", "en"], database: pool.path)
        try #require(edited.status == 0, "\(edited.errors)")
        #expect(try packet().contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(try digest().contains("Dear Councilmember Kenyan McDuffie,"))
    }

    /// The official's own language, then their jurisdiction's, then that of
    /// each one it lies within, nearest first; a language the campaign
    /// lacks is passed over.
    @Test func theLanguageWalksUpFromTheOfficialToTheirWardThenTheirCity() throws {
        let city = "ocd-division/country:us/state:wa/place:seattle"
        let ward = city + "/council_district:1"
        var directory = Directory(
            jurisdictions: [Jurisdiction(id: city, name: "Seattle", kind: .city, language: "es"),
                            Jurisdiction(id: ward, name: "District 1", kind: .district, parentID: city, language: "vi")],
            offices: [Office(jurisdictionID: ward, role: "councilmember")],
            officials: [Official(id: "ana", name: "Ana", sortName: "Ana", officeID: Office.id(jurisdictionID: ward, role: "councilmember", seat: ""),
                                 source: "test", verified: nil)])
        #expect(directory.languages(of: directory.officials[0]) == ["vi", "es"])
        let definition = CampaignDefinition(slug: "t", status: .live, defaultLocale: "en", locales: ["en", "es"], source: "test",
                                            title: [:], summary: [:], translations: [:], targets: [])
        #expect(SignerExport.language(asked: nil, official: directory.officials[0], directory: directory, definition: definition) == "es")
        #expect(SignerExport.language(asked: "en", official: directory.officials[0], directory: directory, definition: definition) == "en")
        directory.officials[0].language = "en"
        #expect(SignerExport.language(asked: nil, official: directory.officials[0], directory: directory, definition: definition) == "en")
        directory.officials[0].language = nil
        directory.jurisdictions[0].language = nil
        #expect(SignerExport.language(asked: nil, official: directory.officials[0], directory: directory, definition: definition) == "en")
    }
}
