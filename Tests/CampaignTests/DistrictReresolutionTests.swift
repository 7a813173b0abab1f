import Foundation
import Testing
@testable import Campaign

/// `campaign signatures resolve`: after a ZIP table places a ZIP code in one
/// ward, signatures and call reports known only by that ZIP code move to the
/// ward, the command says how many, and the ward's packet lists them among
/// its known constituents. Signatures go through the real writer into a
/// seeded database, the ZIP table through `campaign districts import`.
@Suite struct DistrictReresolutionTests {
    typealias Signer = DeliveryPacketTests.Signer
    static let dc = DeliveryPacketTests.dc
    static func ward(_ code: String) -> DistrictReference { DeliveryPacketTests.ward(code) }
    static let everyWard = DistrictResolution(method: .zip, districts: (1...8).map { ward(String($0)) })

    /// Signers of ZIP codes that span every DC ward: two who did not know
    /// theirs, one signed before districts were recorded, one who chose
    /// Ward 7 then; one who chose Ward 5 on the form; and two callers who
    /// gave only a ZIP code.
    static func campaign() async throws -> DatabasePool {
        let pool = try await DeliveryPacketTests.database([
            Signer(name: "Ana Elige", zip: "20002", resolution: DistrictResolution(method: .chosen, districts: [ward("5")])),
            Signer(name: "Dario Zip", zip: "20002", resolution: everyWard),
            Signer(name: "Eli Zip", zip: "20002-1234", resolution: everyWard),
            Signer(name: "Gil Sinlista", zip: "20020"),
            Signer(name: "Hugo Siete", zip: "20020", district: "7"),
        ])
        let campaignID = try #require(try pool.read { try CampaignStore.id(of: dc, $0) })
        let writer = SignatureWriter(pool: pool, counts: try SignatureCounts(pool: pool))
        defer { writer.stop() }
        for zip in ["20002", "20020"] {
            let report = CallReport(campaignID: campaignID, target: "dc-kenyan-mcduffie", outcome: .reached, suspect: false,
                                    createdAt: TestSupport.noon(2026, 11, 2), zip: zip, resolution: everyWard)
            let outcome = await withCheckedContinuation { continuation in writer.submit(.call(report)) { continuation.resume(returning: $0) } }
            try #require(outcome == .stored(duplicate: false))
        }
        return pool
    }

    /// The names in the Ward 5 packet's main table and in its section apart.
    static func wardFivePacket(_ pool: DatabasePool) throws -> (known: [String], possible: [String]) {
        let html = try DeliveryPacketTests.packet(pool, official: "dc-kenyan-mcduffie")
        func names(_ part: String) -> [String] {
            part.components(separatedBy: "<td><bdi>").dropFirst().compactMap { $0.components(separatedBy: "</bdi>").first }
        }
        let split = html.components(separatedBy: "<section class=\"signers possible\">")
        return (names(split[0]), split.count > 1 ? names(split[1]) : [])
    }

    static func stored(_ pool: DatabasePool, _ name: String) throws -> DistrictResolution? {
        try pool.read { db in
            try db.row("SELECT district_method, districts FROM signatures WHERE name = ?", [name]).map { row in
                DistrictResolution(storedMethod: try row.decode("district_method"), storedDistricts: try row.decode("districts"))
            }
        }
    }

    @Test func aZIPTableThatPlacesAZIPInOneWardMovesItsSignersIntoTheWardsPacket() async throws {
        let pool = try await Self.campaign()
        let database = pool.path
        #expect(try Self.wardFivePacket(pool) == (["Ana Elige"], ["Dario Zip", "Eli Zip", "Gil Sinlista"]))

        // Before any import, only the Ward 7 choice gets its jurisdiction recorded.
        let before = TestSupport.campaignInProcess(["signatures", "resolve", Self.dc, "--dry-run"], database: database)
        #expect(before.status == 0, "\(before.errors)")
        #expect(before.output == "Dry run: nothing was written.\n"
            + "1 of 4 signatures would move: 1 to the district they chose, with its jurisdiction; 3 unchanged.\n"
            + "0 of 2 call reports would move; 2 unchanged.\n")

        // ZIP 20002 turns out to lie wholly in Ward 5.
        let table = TestSupport.write("zip,district\n20002,5\n", named: "dc-ward-zips.csv")
        let imported = TestSupport.campaignInProcess(["districts", "import", table, "--jurisdiction", DeliveryPacketTests.dcID], database: database)
        #expect(imported.status == 0, "\(imported.errors)")
        // The records say every ward until they are resolved again.
        #expect(try Self.wardFivePacket(pool) == (["Ana Elige"], ["Dario Zip", "Eli Zip", "Gil Sinlista"]))

        let dry = TestSupport.campaignInProcess(["signatures", "resolve", Self.dc, "--dry-run"], database: database)
        #expect(dry.output == "Dry run: nothing was written.\n"
            + "3 of 4 signatures would move: 2 to one district, 1 to the district they chose, with its jurisdiction; 1 unchanged.\n"
            + "1 of 2 call reports would move: 1 to one district; 1 unchanged.\n")
        #expect(try Self.stored(pool, "Dario Zip") == Self.everyWard, "a dry run writes nothing")

        let resolved = TestSupport.campaignInProcess(["signatures", "resolve", Self.dc], database: database)
        #expect(resolved.status == 0, "\(resolved.errors)")
        #expect(resolved.output == "3 of 4 signatures moved: 2 to one district, 1 to the district they chose, with its jurisdiction; 1 unchanged.\n"
            + "1 of 2 call reports moved: 1 to one district; 1 unchanged.\n")
        #expect(try Self.stored(pool, "Dario Zip") == DistrictResolution(method: .zip, districts: [Self.ward("5")]))
        #expect(try Self.stored(pool, "Hugo Siete") == DistrictResolution(method: .chosen, districts: [Self.ward("7")]))
        // A ZIP code with nothing recorded follows the tables as they are, and is left alone.
        #expect(try Self.stored(pool, "Gil Sinlista") == .zipOnly)
        let calls = try pool.read { db in try db.rows("SELECT zip, district_method, districts FROM call_reports ORDER BY id").map { row in
            [try row.decode("zip", as: String.self), try row.decode("district_method", as: String.self), try row.decode("districts", as: String.self)]
        } }
        #expect(calls == [["20002", "zip", "ocd-division/country:us/district:dc#5"], ["20020", "zip", Self.everyWard.storedDistricts]])

        // Their councilmember's packet now lists them among the known constituents.
        #expect(try Self.wardFivePacket(pool) == (["Ana Elige", "Dario Zip", "Eli Zip"], ["Gil Sinlista"]))
        // Nothing more to move.
        let again = TestSupport.campaignInProcess(["signatures", "resolve", Self.dc], database: database)
        #expect(again.output == "0 of 3 signatures moved; 3 unchanged.\n0 of 2 call reports moved; 2 unchanged.\n")
    }

    @Test func anUnknownCampaignIsBadDataNamingIt() throws {
        let database = try TestSupport.seededDatabasePath()
        let result = TestSupport.campaignInProcess(["signatures", "resolve", "no-such-campaign"], database: database)
        #expect(result.status == 65)
        #expect(result.errors == "Error: no published campaign 'no-such-campaign' (see `campaign list`)\n")
        #expect(result.output.isEmpty)
    }

    @Test(arguments: [
        // Possible wards narrowed to one, to fewer, or to others.
        ([1, 2, 3, 4, 5, 6, 7, 8], [5], DistrictReresolution.Change.settled),
        ([1, 2, 3, 4, 5, 6, 7, 8], [7, 8], .narrowed),
        ([7, 8], [6, 7, 8], .changed),
        ([7, 8], [6], .changed),
    ])
    func aRecordsMoveIsNamedByHowItsPossibleDistrictsChanged(before: [Int], after: [Int], change: DistrictReresolution.Change) {
        func wards(_ codes: [Int]) -> DistrictResolution { DistrictResolution(method: .zip, districts: codes.map { Self.ward(String($0)) }) }
        #expect(DistrictReresolution.change(from: wards(before), legacyChoice: "", to: wards(after)) == change)
    }

    @Test func nothingRecordedIsNoMoveAndAnOldChoiceMovesOnlyToItsJurisdiction() {
        // Nothing was recorded: the ZIP code is read through the tables as they are.
        #expect(DistrictReresolution.change(from: .zipOnly, legacyChoice: "", to: Self.everyWard) == nil)
        #expect(DistrictReresolution.change(from: Self.everyWard, legacyChoice: "", to: Self.everyWard) == nil)
        let old = DistrictResolution(storedMethod: "chosen", storedDistricts: "")
        #expect(DistrictReresolution.change(from: old, legacyChoice: "7", to: DistrictResolution(method: .chosen, districts: [Self.ward("7")])) == .recorded)
        // The ZIP code settles the ward now, and the choice is read as before.
        #expect(DistrictReresolution.change(from: old, legacyChoice: "7", to: DistrictResolution(method: .zip, districts: [Self.ward("5")])) == nil)
    }
}
