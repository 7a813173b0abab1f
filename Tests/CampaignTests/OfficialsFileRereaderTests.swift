@testable import Campaign
import Foundation
import Testing

/// An officials CSV file is read twice by an import: first for what checks
/// across records need (`DirectoryImport.read` keeps the officials without
/// their contacts), then an official at a time (`OfficialsFileRereader`).
/// What the second read gives is what the file describes; a file that no
/// longer reads as it did the first time is refused, and nothing is written.
@Suite struct OfficialsFileRereaderTests {
    static let seattle = "ocd-division/country:us/state:wa/place:seattle"
    static let jurisdictions = """
        id,name,kind,parent
        ocd-division/country:us,United States,country,
        ocd-division/country:us/state:wa,Washington,state,ocd-division/country:us
        \(seattle),Seattle,city,ocd-division/country:us/state:wa

        """

    /// A row of the officials file.
    static func row(_ fields: [String: String]) -> String {
        DirectoryCSV.officialColumns.map { column in
            let value = fields[column] ?? ""
            return value.contains(where: { ",\"\n".contains($0) }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: ",") + "\r\n"
    }

    static func member(_ id: String, _ name: String, ward: Int, _ kind: String, _ value: String) -> String {
        row(["id": id, "name": name, "jurisdiction": seattle, "role": "councilmember", "seat": "District \(ward)", "district": "\(ward)",
             "term_start": "2024-01-01", "source": "Seattle City Council roster", "verified": "2026-01-15",
             "contact_kind": kind, "contact_value": value])
    }

    /// Three members; the first one's address comes last, apart from her other rows.
    static let officials = DirectoryCSV.officialColumns.joined(separator: ",") + "\r\n"
        + member("seattle-ana-ortiz", "Ana Ortiz", ward: 1, "phone", "206-684-8801")
        + member("seattle-ana-ortiz", "Ana Ortiz", ward: 1, "email", "ana.ortiz@seattle.gov")
        + member("seattle-bo-lee", "Bo Lee", ward: 2, "phone", "206-684-8802")
        + row(["jurisdiction": seattle, "role": "mayor", "source": "Seattle mayor's office", "contact_kind": "web", "contact_value": "https://seattle.gov/mayor"])
        + member("seattle-cy-diaz", "Cy Díaz", ward: 3, "email", "cy.diaz@seattle.gov")
        + member("seattle-ana-ortiz", "Ana Ortiz", ward: 1, "address", "600 4th Ave\nSeattle, WA 98104")

    /// The two files, written anew: the jurisdictions, then the officials.
    func files() -> [String] {
        let folder = TestSupport.temporaryFolder()
        let paths = [folder + "/jurisdictions.csv", folder + "/officials.csv"]
        #expect(FileManager.default.createFile(atPath: paths[0], contents: Data(Self.jurisdictions.utf8)))
        #expect(FileManager.default.createFile(atPath: paths[1], contents: Data(Self.officials.utf8)))
        return paths
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return "\(error)" }
        return nil
    }

    @Test func theSecondReadGivesEachOfficialWholeInTheOrderOfTheirFirstRows() throws {
        let paths = files()
        let parsed = try DirectoryImport.read(paths: paths)
        #expect(parsed.directory.officials.map(\.id) == ["seattle-ana-ortiz", "seattle-bo-lee", "seattle-cy-diaz"])
        #expect(parsed.directory.officials.allSatisfy { $0.contacts.isEmpty })
        #expect(parsed.outlinedFiles[paths[1]]?.lastLines == ["seattle-ana-ortiz": 7, "seattle-bo-lee": 4, "seattle-cy-diaz": 6])
        // The office row's contact is the office's, read in the first pass.
        #expect(parsed.directory.offices.first { $0.role == "mayor" }?.contacts.map(\.display) == ["https://seattle.gov/mayor"])

        var whole: [Official] = []
        try parsed.forEachWholeOfficial { whole.append($0) }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: paths[1])))
        let readWhole = try DirectoryCSV.read(bytes: bytes, file: paths[1]).directory.officials
        #expect(whole == readWhole)
        #expect(whole.first?.contacts.map(\.kind) == [.phone, .email, .address])

        let pool = try TestSupport.temporaryDatabase()
        let plan = try DirectoryImport.run(parsed, into: pool)
        #expect(plan.officials.added == ["seattle-ana-ortiz", "seattle-bo-lee", "seattle-cy-diaz"])
        #expect(plan.names == ["seattle-ana-ortiz": "Ana Ortiz", "seattle-bo-lee": "Bo Lee", "seattle-cy-diaz": "Cy Díaz"])
        #expect(try pool.read { try DirectoryStore.official("seattle-ana-ortiz", $0) }?.contacts.map(\.value)
                == ["+12066848801", "ana.ortiz@seattle.gov", "600 4th Ave\nSeattle, WA 98104"])
    }

    /// Ways a file can change after the first read: a contact only the
    /// second read sees, a name, a row more, rows fewer, another office's
    /// contact, and the same bytes rewritten (which is no change).
    static let changes: [(name: String, change: @Sendable (String) -> String, refused: Bool)] = [
        ("a contact", { $0.replacingOccurrences(of: "206-684-8802", with: "206-684-8809") }, true),
        ("a name", { $0.replacingOccurrences(of: "Bo Lee", with: "Bo Li") }, true),
        ("a row more", { $0 + member("seattle-dee-fox", "Dee Fox", ward: 4, "phone", "206-684-8804") }, true),
        ("an official's last row", { $0.replacingOccurrences(of: member("seattle-ana-ortiz", "Ana Ortiz", ward: 1, "address", "600 4th Ave\nSeattle, WA 98104"), with: "") }, true),
        ("an office's contact", { $0.replacingOccurrences(of: "https://seattle.gov/mayor", with: "https://seattle.gov/mayors-office") }, true),
        ("nothing", { $0 }, false),
    ]

    @Test(arguments: 0..<changes.count)
    func aFileThatChangedAfterTheFirstReadIsRefusedAndNothingIsWritten(change: Int) throws {
        let (name, rewrite, refused) = Self.changes[change]
        for dryRun in [true, false] {
            let paths = files()
            let pool = try TestSupport.temporaryDatabase()
            try DirectoryImport.run(DirectoryImport.read(paths: [paths[0]]), into: pool)
            let before = try TestSupport.snapshot(pool.path)
            let parsed = try DirectoryImport.read(paths: paths)
            #expect(FileManager.default.createFile(atPath: paths[1], contents: Data(rewrite(Self.officials).utf8)))
            let refusal = message { try DirectoryImport.run(parsed, into: pool, dryRun: dryRun) }
            if refused {
                #expect(refusal == "cannot import \(paths[1]): it changed while it was being read; nothing was written, import it again", "\(name)")
                #expect(try TestSupport.snapshot(pool.path) == before, "\(name)")
            } else {
                #expect(refusal == nil, "\(name)")
            }
        }
    }

    @Test func aFileRemovedAfterTheFirstReadIsRefusedByName() throws {
        let paths = files()
        let pool = try TestSupport.temporaryDatabase()
        let parsed = try DirectoryImport.read(paths: paths)
        try FileManager.default.removeItem(atPath: paths[1])
        #expect(message { try DirectoryImport.run(parsed, into: pool) } == "cannot read \(paths[1]): no such file, or it is not readable")
        #expect(try pool.read { try DirectoryStore.load($0) } == Directory())
    }
}
