@testable import Campaign
import Foundation
import Testing

/// Organizer edits to imported records: the fields an edit changes and the
/// contacts it adds are local, a re-import keeps them and reports where its
/// file disagrees, `--reset` takes the source's value back, and `officials
/// show` marks them.
@Suite struct LocalEditsTests {
    static let dc = "ocd-division/country:us/district:dc"
    static let header = "id,name,jurisdiction,role,seat,term_start,term_end,title_es,source,contact_kind,contact_value"
    /// DC's Mayor as Open States gives her: a role that ended on 2023-01-01.
    static let bowser = "dc-muriel-bowser,Muriel Bowser,\(dc),mayor,,2015-01-02,2023-01-01,Alcaldesa,Open States,phone,(202) 727-2643"

    func run(_ arguments: [String], database: String) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments, database: database, clock: .fixed(TestSupport.noon(2026, 6, 1)))
    }

    func file(_ rows: [String]) -> String {
        TestSupport.write(([Self.header] + rows).joined(separator: "\n") + "\n", named: "officials.csv")
    }

    func lines(_ text: String) -> [String] { text.components(separatedBy: "\n") }

    // MARK: - The reconciliation of one record

    @Test func aVerificationKeptOverASourceThatDatesNothingIsNoConflict() throws {
        let stored = Official(id: "a", name: "A", sortName: "A", officeID: "o", source: "s", verified: PartialDate("2026-12-07"))
        let undated = Official(id: "a", name: "A", sortName: "A", officeID: "o", source: "s", verified: nil)
        let outcome = OfficialReconciliation.reconcile(incoming: undated, stored: stored, localFields: [.verified: nil], location: nil)
        #expect(outcome.official.verified == PartialDate("2026-12-07"))
        #expect(outcome.conflicts.isEmpty)
        var dated = undated
        dated.verified = PartialDate("2026-08-01")
        #expect(OfficialReconciliation.reconcile(incoming: dated, stored: stored, localFields: [.verified: nil], location: nil).conflicts.map(\.field) == [.verified])
    }

    @Test func aLocalFieldKeepsItsValueAndAConflictIsReportedOnlyWhereTheFileDiffers() throws {
        let stored = Official(id: "a", name: "Ann Local", sortName: "Local, Ann", officeID: "o", termEnd: nil, source: "s", verified: nil,
                              contacts: [try Contact(kind: .phone, display: "202-555-0100", source: "call", verified: nil)], titles: ["es": "Alcaldesa"])
        var local = stored.contacts[0]
        local.origin = .local
        var storedWithLocal = stored
        storedWithLocal.contacts = [local]
        let incoming = Official(id: "a", name: "Ann Local", sortName: "Local, Ann", officeID: "o", termEnd: PartialDate("2023-01-01"),
                                source: "file", verified: nil, contacts: [try Contact(kind: .phone, display: "202-727-2643", source: "file", verified: nil)],
                                titles: ["es": "Alcalde"])
        let location = SourceLocation(file: "f.csv", line: 2)
        let outcome = OfficialReconciliation.reconcile(incoming: incoming, stored: storedWithLocal,
                                                       localFields: [.termEnd: .some("2023-01-01"), .name: .some("Ann Local")], location: location)
        #expect(outcome.official.termEnd == nil, "the local end (none) is kept")
        #expect(outcome.official.source == "file" && outcome.official.titles == ["es": "Alcalde"], "fields not edited follow the file")
        #expect(outcome.official.contacts.map(\.display) == ["202-727-2643", "202-555-0100"], "the local phone is kept after the file's")
        #expect(outcome.conflicts == [.init(officialID: "a", field: .termEnd, local: nil, incoming: "2023-01-01", location: location)])
        #expect(outcome.localFields == [.termEnd: .some("2023-01-01"), .name: .some("Ann Local")])
        let new = OfficialReconciliation.reconcile(incoming: incoming, stored: nil, localFields: [:], location: location)
        #expect(new.official == incoming && new.conflicts.isEmpty)
    }

    // MARK: - Through the command line

    @Test func dcsMayorMendedByHandKeepsTheEditOverARe_importWhichReportsTheConflict() throws {
        let database = try TestSupport.seededDatabasePath()
        let openStates = file([Self.bowser])
        #expect(run(["officials", "import", openStates], database: database).status == 0)
        #expect(run(["officials", "stale"], database: database).output.contains("term ended 2023-01-01"))

        let edit = run(["officials", "edit", "dc-muriel-bowser", "--term-end", "", "--title", "es=Alcaldesa de DC",
                        "--phone", "(202) 555-0100 | Scheduling", "--contact-source", "call to the office"], database: database)
        #expect(edit.status == 0, "\(edit.errors)")
        let show = lines(run(["officials", "show", "dc-muriel-bowser"], database: database).output)
        #expect(show.contains("  Term:         2015-01-02 –   (term-end local edit; the source gives '2023-01-01')"), "\(show)")
        #expect(show.contains("  Titles:       es: Alcaldesa de DC  (local edit; the source gives 'Alcaldesa')"), "\(show)")
        #expect(show.contains("          source: call to the office; verified: 2026-06-01; added here (local)"), "\(show)")

        let conflicts = [
            "  conflict  dc-muriel-bowser  term-end: kept the local value (none); the file gives '2023-01-01', \(openStates):2:1 "
                + "(to take it: campaign officials edit dc-muriel-bowser --reset term-end)",
            "  conflict  dc-muriel-bowser  title:es: kept the local value 'Alcaldesa de DC'; the file gives 'Alcaldesa', \(openStates):2:1 "
                + "(to take it: campaign officials edit dc-muriel-bowser --reset title:es)",
        ]
        let dry = run(["officials", "import", "--dry-run", openStates], database: database)
        #expect(lines(dry.output).filter { $0.hasPrefix("  conflict") } == conflicts, "\(dry.output)")
        #expect(lines(dry.output).contains("officials: 0 added, 0 changed, 1 unchanged"))
        let real = run(["officials", "import", openStates], database: database)
        #expect(lines(real.output).filter { $0.hasPrefix("  conflict") } == conflicts, "\(real.output)")
        let directory = try DatabasePool(path: database).read { try DirectoryStore.load($0) }
        let bowser = try #require(directory.officials.first { $0.id == "dc-muriel-bowser" })
        #expect(bowser.termEnd == nil && bowser.titles["es"] == "Alcaldesa de DC")
        #expect(bowser.contacts.map(\.display) == ["(202) 727-2643", "(202) 555-0100"])
        #expect(!run(["officials", "stale"], database: database).output.contains("term ended"), "no longer listed as an ended term")
        #expect(run(["lookup", "--zip", "20001"], database: database).output.contains("Mayor, District of Columbia: Muriel Bowser"))
    }

    @Test func resetTakesTheSourcesValueAndTheNextImportSetsTheField() throws {
        let database = try TestSupport.seededDatabasePath()
        let openStates = file([Self.bowser])
        _ = run(["officials", "import", openStates], database: database)
        _ = run(["officials", "edit", "dc-muriel-bowser", "--term-end", "2027-01-02"], database: database)
        let reset = run(["officials", "edit", "dc-muriel-bowser", "--reset", "term-end"], database: database)
        #expect(reset.status == 0, "\(reset.errors)")
        let show = lines(run(["officials", "show", "dc-muriel-bowser"], database: database).output)
        #expect(show.contains("  Term:         2015-01-02 – 2023-01-01"), "\(show)")
        let again = run(["officials", "import", openStates], database: database)
        #expect(!again.output.contains("conflict"), "\(again.output)")

        let notLocal = run(["officials", "edit", "dc-muriel-bowser", "--reset", "party"], database: database)
        #expect(notLocal.status == 65)
        #expect(notLocal.errors == "Error: --reset party: dc-muriel-bowser's party is not an edit made here (see `campaign officials show dc-muriel-bowser`)\n")
        let unknown = run(["officials", "edit", "dc-muriel-bowser", "--reset", "colour"], database: database)
        #expect(unknown.status == 64)
        #expect(unknown.errors.hasPrefix("Error: Invalid value 'colour' for '--reset': fields are name, sort-name, party, pronouns, language, office, "
                                         + "term-start, term-end, source, verified, title:LOCALE."))
    }

    @Test func anEditedEndDateStandsAgainstASuccessorsArrival() throws {
        let database = try TestSupport.seededDatabasePath()
        _ = run(["officials", "edit", "dc-muriel-bowser", "--term-end", "2027-01-02"], database: database)
        let successor = file(["dc-next-mayor,Next Mayor,\(Self.dc),mayor,,2026-01-02,,,DC,,"])
        let result = run(["officials", "import", "--dry-run", successor], database: database)
        #expect(lines(result.output).contains("  conflict  dc-muriel-bowser  term-end: kept the local value '2027-01-02'; the file gives '2026-01-01', "
                                              + "\(successor):2:1 (to take it: campaign officials edit dc-muriel-bowser --reset term-end)"), "\(result.output)")
        #expect(!result.output.contains("end term"))
    }
}
