@testable import Campaign
import Foundation
import Testing

/// `TargetResolver` over the shipped demo directory and districts: who each
/// sample campaign asks a given supporter to contact.
@Suite struct TargetResolverTests {
    static let seeded: Result<DatabasePool, any Error> = Result { try TestSupport.seededDatabase() }
    static let dc = "ocd-division/country:us/district:dc"
    static let tacoma = "ocd-division/country:us/state:wa/place:tacoma"
    static let kingCounty = "ocd-division/country:us/state:wa/county:king"
    /// The day targets are resolved on; the demo directory gives no terms.
    static let today = PartialDate(TestSupport.noon(2026, 6, 1))

    struct World {
        let resolver: TargetResolver
        let lookup: Lookup
    }

    static let world: Result<World, any Error> = Result {
        let pool = try seeded.get()
        let (directory, districts) = try pool.read { db in (try DirectoryStore.load(db), try DistrictStore.all(db).map(\.district)) }
        return World(resolver: TargetResolver(directory: directory, districts: districts), lookup: try Lookup.load(from: pool))
    }

    func rules(_ sample: String) throws -> [TargetRule] {
        try CampaignFolder(path: TestSupport.dataFolder + "/campaigns/" + sample).definition.targets
    }

    func resolve(_ rules: [TargetRule], zip: String? = nil, district: String? = nil) throws -> TargetResolver.Resolution {
        let world = try Self.world.get()
        return world.resolver.resolve(rules, place: try zip.map { try world.lookup.locate(zip: $0, district: district) }, on: Self.today)
    }

    /// The holder's name, or the office's id for a seat with no one named.
    func names(_ resolution: TargetResolver.Resolution) -> [String] {
        resolution.targets.map { $0.official?.name ?? $0.office.id }
    }

    /// The jurisdiction and districts of a pending district choice.
    func districtChoice(_ reason: TargetResolver.Pending.Reason) -> (Jurisdiction, [District])? {
        switch reason {
        case .needsDistrict(let jurisdiction, let choices, _): return (jurisdiction, choices)
        default: return nil
        }
    }

    /// District seats in a jurisdiction with no districts on record: the
    /// caller is told so, with the offices' web pages, rather than given
    /// only the seats elected at large.
    @Test func districtSeatsWithNoDistrictsOnRecordAreNotLeftOutUnsaid() throws {
        let pool = try TestSupport.seededDatabase()
        var directory = try pool.read { try DirectoryStore.load($0) }
        let districts = try pool.read { try DistrictStore.all($0) }.filter { $0.district.jurisdictionID != Self.tacoma }
        // Tacoma's ZIP codes stay; its five districts (and their ZIP codes) are gone.
        let zips = try pool.read { try DistrictStore.jurisdictionZIPs($0) } + [(Self.tacoma, "98405")]
        let lookup = try Lookup(directory: directory, districts: districts, jurisdictionZIPs: zips)
        let finder = try Contact(kind: .web, display: "https://www.cityoftacoma.org/council", label: "Find your district", source: "test", verified: nil)
        directory.offices = directory.offices.map { office in
            guard office.jurisdictionID == Self.tacoma, office.districtCode != nil else { return office }
            var office = office
            office.contacts.append(finder)
            return office
        }
        let resolver = TargetResolver(directory: directory, districts: districts.map(\.district))
        let resolution = resolver.resolve(try rules("tacoma-support-sanctuary"), place: try lookup.locate(zip: "98405"), on: Self.today)
        let pending = try #require(resolution.pending.first { $0.ruleIndex == 2 }, "the district seats went unsaid")
        guard case .cannotTell(let jurisdiction, let finders) = pending.reason else { Issue.record("expected cannotTell, got \(pending.reason)"); return }
        #expect(jurisdiction.id == Self.tacoma)
        #expect(finders.map(\.value).contains("https://www.cityoftacoma.org/council"))
        #expect(resolver.districtSeatJurisdictions(try rules("tacoma-support-sanctuary")) == [Self.tacoma])
        #expect(resolver.districtSeatJurisdictions(try rules("dc-protect-residents-from-ice")) == [Self.dc])
        #expect(resolver.districtSeatJurisdictions(try rules("thank-your-mayor-amicus")).isEmpty)
    }

    // MARK: - Tacoma

    @Test func aTacomaZIPGivesTheGovernorAndMayorAndAsksForTheDistrict() throws {
        let resolution = try resolve(try rules("tacoma-support-sanctuary"), zip: "98405")
        #expect(names(resolution) == ["Jay Inslee", "Marilyn Strickland"])
        #expect(resolution.targets.map(\.ruleIndex) == [0, 1])
        #expect(resolution.pending.count == 1)
        let pending = try #require(resolution.pending.first)
        #expect(pending.ruleIndex == 2)
        #expect(pending.rule == .own(role: "councilmember", jurisdictionID: Self.tacoma))
        let (jurisdiction, choices) = try #require(districtChoice(pending.reason), "expected a district choice, got \(pending.reason)")
        #expect(jurisdiction.id == Self.tacoma)
        #expect(choices.map(\.code) == ["1", "2", "3", "4", "5"])
        #expect(choices.map(\.name) == (1...5).map { "Council District \($0)" })
    }

    @Test func aChosenTacomaDistrictGivesItsCouncilSeat() throws {
        let resolution = try resolve(try rules("tacoma-support-sanctuary"), zip: "98405", district: "2")
        #expect(resolution.pending.isEmpty)
        #expect(resolution.targets.count == 3)
        #expect(names(resolution).prefix(2) == ["Jay Inslee", "Marilyn Strickland"])
        let seat = try #require(resolution.targets.last)
        #expect(seat.official == nil, "the directory names no holder for the seat")
        #expect(seat.office.role == "councilmember")
        #expect(seat.office.jurisdictionID == Self.tacoma)
        #expect(seat.office.districtCode == "2")
        #expect(seat.office.seat == "District 2")
        #expect(seat.district?.name == "Council District 2")
        #expect(seat.ruleIndex == 2)
    }

    // MARK: - King County

    @Test func aSeattleZIPGivesTheCountyExecutiveAndTheCountysCouncilNotSeattles() throws {
        let resolution = try resolve(try rules("king-county-ice-accountability"), zip: "98104")
        #expect(resolution.pending.isEmpty)
        #expect(resolution.targets.count == 2)
        #expect(resolution.targets.first?.official?.name == "Dow Constantine")
        let council = try #require(resolution.targets.dropFirst().first)
        #expect(council.official == nil)
        #expect(council.office.jurisdictionID == Self.kingCounty)
        #expect(council.office.role == "councilmember")
        #expect(council.contacts.map(\.display).contains { $0.contains("find_district") }, "the find-your-district page")
        #expect(!resolution.targets.contains { $0.official?.id == "seattle-lorena-gonzalez" })
        #expect(!resolution.targets.contains { $0.jurisdiction.name == "Seattle" })
    }

    @Test func aDCZIPIsOutsideKingCounty() throws {
        let resolution = try resolve(try rules("king-county-ice-accountability"), zip: "20001")
        #expect(names(resolution) == ["Dow Constantine"], "a named official is asked wherever the supporter lives")
        #expect(resolution.pending.count == 1)
        let pending = try #require(resolution.pending.first)
        #expect(pending.ruleIndex == 1)
        guard case let .outside(jurisdiction) = pending.reason else {
            Issue.record("expected outside King County, got \(pending.reason)")
            return
        }
        #expect(jurisdiction.id == Self.kingCounty)
        #expect(jurisdiction.name == "King County")
    }

    // MARK: - What a lookup cannot tell

    func locate(_ rules: [TargetRule], latitude: Double, longitude: Double) throws -> TargetResolver.Resolution {
        let world = try Self.world.get()
        return world.resolver.resolve(rules, place: try world.lookup.locate(latitude: latitude, longitude: longitude), on: Self.today)
    }

    @Test func aPointInACityWithoutBoundariesIsNotToldItLiesOutside() throws {
        let resolution = try locate(try rules("tacoma-support-sanctuary"), latitude: 47.2529, longitude: -122.4443)   // Tacoma
        #expect(resolution.source == .location)
        let pending = try #require(resolution.pending.first)
        guard case let .cannotTell(jurisdiction, finders) = pending.reason else {
            Issue.record("expected cannotTell, got \(pending.reason)")
            return
        }
        #expect(jurisdiction.id == Self.tacoma)
        #expect(finders.isEmpty, "the directory has no page for Tacoma's council")
        // A point found in Seattle, whose land Tacoma does not share, is outside it.
        let seattle = try locate(try rules("tacoma-support-sanctuary"), latitude: 47.6038, longitude: -122.3298)
        guard case .outside? = seattle.pending.first?.reason else {
            Issue.record("expected outside, got \(String(describing: seattle.pending.first?.reason))")
            return
        }
    }

    @Test func aZIPCodeOutsideSeattleMayLieInKingCountyAndItsFinderIsOffered() throws {
        let resolution = try resolve(try rules("king-county-ice-accountability"), zip: "98052")   // Redmond: Washington, not Seattle
        #expect(resolution.source == .zip("98052"))
        guard case let .cannotTell(jurisdiction, finders)? = resolution.pending.first?.reason else {
            Issue.record("expected cannotTell, got \(String(describing: resolution.pending.first?.reason))")
            return
        }
        #expect(jurisdiction.id == Self.kingCounty)
        #expect(finders.map(\.value).contains { $0.contains("find_district") })
    }

    @Test func aPlaceWithNoOneOnRecordSaysSoRatherThanNothing() throws {
        for resolution in [try resolve(try rules("thank-your-mayor-amicus"), zip: "90210"),
                           try locate(try rules("thank-your-mayor-amicus"), latitude: 47.2529, longitude: -122.4443)] {
            #expect(resolution.targets.isEmpty)
            guard case .noneFound(let role)? = resolution.pending.first?.reason else {
                Issue.record("expected noneFound, got \(String(describing: resolution.pending.first?.reason))")
                continue
            }
            #expect(role == "mayor")
        }
    }

    // MARK: - Your own mayor

    @Test func ownMayorForASeattlePointIsDurkan() throws {
        let world = try Self.world.get()
        let place = try world.lookup.locate(latitude: 47.6038, longitude: -122.3298)   // Seattle City Hall
        let resolution = world.resolver.resolve(try rules("thank-your-mayor-amicus"), place: place, on: Self.today)
        #expect(names(resolution) == ["Jenny Durkan"])
        #expect(resolution.pending.isEmpty)
    }

    @Test func ownMayorForADCZIPIsBowser() throws {
        let resolution = try resolve(try rules("thank-your-mayor-amicus"), zip: "20001")
        #expect(names(resolution) == ["Muriel Bowser"])
        #expect(resolution.pending.isEmpty, "the mayor does not depend on the ward")
    }

    // MARK: - Rules

    @Test func everyDCCouncilmemberInAStableOrder() throws {
        let rules: [TargetRule] = [.office(role: "councilmember", jurisdictionID: Self.dc)]
        let expected = ["Anita Bonds", "David Grosso", "Elissa Silverman", "Robert White, Jr.", "Kenyan McDuffie"]
        #expect(names(try resolve(rules)) == expected)
        #expect(names(try resolve(rules, zip: "20001")) == expected, "where the supporter lives does not matter")
        #expect(names(try resolve(rules)) == expected)
        #expect(try resolve(rules).pending.isEmpty)
    }

    @Test func anOfficialNamedByTwoRulesAppearsOnce() throws {
        let resolution = try resolve([.official(id: "dc-anita-bonds"), .office(role: "councilmember", jurisdictionID: Self.dc)])
        #expect(names(resolution) == ["Anita Bonds", "David Grosso", "Elissa Silverman", "Robert White, Jr.", "Kenyan McDuffie"])
        #expect(resolution.targets.map(\.ruleIndex) == [0, 1, 1, 1, 1], "the first rule to name an official keeps them")

        let mayor = try resolve([.official(id: "dc-muriel-bowser"), .own(role: "mayor", jurisdictionID: nil)], zip: "20001")
        #expect(names(mayor) == ["Muriel Bowser"])
        #expect(mayor.pending.isEmpty)
    }

    @Test func withoutAPlaceOwnRulesWaitForOne() throws {
        let resolution = try resolve(try rules("tacoma-support-sanctuary"))
        #expect(names(resolution) == ["Jay Inslee", "Marilyn Strickland"])
        #expect(resolution.pending.count == 1)
        #expect(resolution.pending.first?.ruleIndex == 2)
        guard case .needsPlace? = resolution.pending.first?.reason else {
            Issue.record("expected needsPlace, got \(String(describing: resolution.pending.first?.reason))")
            return
        }

        let mayor = try resolve(try rules("thank-your-mayor-amicus"))
        #expect(mayor.targets.isEmpty)
        #expect(mayor.pending.count == 1)
        guard case .needsPlace? = mayor.pending.first?.reason else {
            Issue.record("expected needsPlace, got \(String(describing: mayor.pending.first?.reason))")
            return
        }
    }

    @Test func anUnknownOfficialIsPendingNotInTheDirectory() throws {
        let resolution = try resolve([.official(id: "nobody-here"), .official(id: "wa-jay-inslee")])
        #expect(names(resolution) == ["Jay Inslee"])
        #expect(resolution.targets.first?.ruleIndex == 1)
        guard case .notInDirectory? = resolution.pending.first?.reason else {
            Issue.record("expected notInDirectory, got \(String(describing: resolution.pending.first?.reason))")
            return
        }
    }
}
