@testable import Campaign
import Foundation
import Testing

/// What an import reads of the stored directory instead of loading it
/// whole: the jurisdictions, offices and officials by id, the offices' ids,
/// and who holds which office. Each gives what `DirectoryStore.load` gives
/// of the same records.
@Suite struct DirectoryStoreTests {
    /// The demo directory, with an official given identifiers and a
    /// contact added by hand, so that every kind of row is there.
    func database() throws -> DatabasePool {
        let pool = try TestSupport.seededDatabase()
        try pool.write { db in
            guard var official = try DirectoryStore.load(db).officials.first(where: { !$0.contacts.isEmpty && !$0.titles.isEmpty }) else {
                Issue.record("the demo directory has no official with contacts and titles")
                return
            }
            official.identifiers = [ExternalIdentifier(scheme: "wikidata", value: "Q1"), ExternalIdentifier(scheme: "openstates", value: "ocd-person/1")]
            var local = try Contact(kind: .phone, display: "206-555-0100", label: "Added by hand", source: "An organizer", verified: PartialDate("2026-01"))
            local.origin = .local
            official.contacts.append(local)
            try DirectoryStore.save(official, db)
        }
        return pool
    }

    @Test func readsByIdGiveWhatTheWholeDirectoryHolds() throws {
        let pool = try database()
        try pool.read { db in
            let whole = try DirectoryStore.load(db)
            #expect(!whole.officials.isEmpty && !whole.offices.isEmpty)
            #expect(whole.officials.contains { !$0.identifiers.isEmpty && $0.contacts.contains { $0.origin == .local } })
            for official in whole.officials {
                #expect(try DirectoryStore.official(official.id, db) == official)
            }
            for office in whole.offices {
                #expect(try DirectoryStore.office(office.id, db) == office)
            }
            #expect(whole.offices.contains { !$0.contacts.isEmpty && !$0.titles.isEmpty })
            #expect(try DirectoryStore.official("no-such-official", db) == nil)
            #expect(try DirectoryStore.office("ocd-division/country:us/office:no-such", db) == nil)
            #expect(try DirectoryStore.loadJurisdictions(db) == whole.jurisdictions)
            #expect(try DirectoryStore.officeIDs(db) == whole.offices.map(\.id))
            var holdings: [OfficeHolding] = []
            try DirectoryStore.forEachHolding(db) { holdings.append($0) }
            #expect(holdings == whole.officials.map(OfficeHolding.init))
        }
    }

    @Test func aStoredDateThatIsNoDateIsAnErrorNamingTheColumn() throws {
        let pool = try database()
        let id = try pool.read { try DirectoryStore.load($0).officials.first?.id } ?? ""
        try pool.write { try $0.execute("UPDATE officials SET term_end = 'soon' WHERE id = ?", [id]) }
        do {
            try pool.read { db in try DirectoryStore.forEachHolding(db) { _ in } }
            Issue.record("a term end that is no date should be refused")
        } catch {
            #expect(error is DatabaseError && "\(error)".contains("term_end"))
        }
    }
}
