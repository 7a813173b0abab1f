@testable import Campaign
import Foundation
import Testing

/// A CSV file read from disk a piece at a time (`CSVReader(contentsOf:)`,
/// what `officials import` uses so that a 50 MB file is never held whole)
/// reads as the same file decoded whole: the same records, places and
/// messages, whatever falls across the pieces.
@Suite struct CSVReaderStreamingTests {
    /// Text with what a piece boundary could split: two- to four-byte
    /// characters, a flag, a combining accent, CRLF and a lone CR, quoted
    /// fields over several lines, a quote written twice.
    static let text = "id;name;note\r\n"
        + "1;José Ñúñez;\"Línea uno\r\nlínea dos — 🇺🇸 e\u{301}\"\r\n"
        + "2;\"Zoë \"\"Z\"\" Ortiz\";日本語のメモ\r"
        + "3;Ana;🏳️‍🌈 pride\n"
        + "\n"
        + "4;Bo;\"a;b\"\r\n"

    func write(_ bytes: [UInt8], named name: String = "streamed.csv") -> String {
        let file = TestSupport.temporaryFolder() + "/" + name
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        return file
    }

    static func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
        (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) + text.utf16.flatMap { unit -> [UInt8] in
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            return littleEndian ? [low, high] : [high, low]
        }
    }

    /// Every record with its fields' values and places, as text to compare.
    func records(_ reader: CSVReader) throws -> [String] {
        try reader.records().map { record in
            "\(record.location): " + record.fields.map { "\($0.location)=\(String(reflecting: $0.value))" }.joined(separator: " ")
        }
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return "\(error)" }
        return nil
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64, TextDecoding.Chunks.defaultPieceSize])
    func readsAsTheWholeFileWhateverThePieceSize(pieceSize: Int) throws {
        let latin = "id,name\r\n1,\"Café, Straße\r\nZoë\"\r\n2,Œuvre “quoted” €5\n"
        let cases: [(bytes: [UInt8], encoding: SpreadsheetEncoding)] = [
            (Array(Self.text.utf8), .unicode),
            ([0xEF, 0xBB, 0xBF] + Array(Self.text.utf8), .unicode),
            (Self.utf16(Self.text, littleEndian: true), .unicode),
            (Self.utf16(Self.text, littleEndian: false), .unicode),
            (Array(latin.unicodeScalars.map { scalar -> UInt8 in
                ["Œ": 0x8C, "“": 0x93, "”": 0x94, "€": 0x80][Character(scalar)] ?? UInt8(scalar.value)
            }), .windows1252),
        ]
        for (index, item) in cases.enumerated() {
            let file = write(item.bytes, named: "case-\(index).csv")
            let whole = try CSVReader(bytes: item.bytes, file: file, encoding: item.encoding)
            let streamed = try CSVReader(contentsOf: file, encoding: item.encoding, pieceSize: pieceSize)
            #expect(try records(streamed) == records(whole), "case \(index)")
            #expect(streamed.separator == whole.separator && streamed.encodingName == whole.encodingName, "case \(index)")
        }
    }

    @Test(arguments: [3, 7, TextDecoding.Chunks.defaultPieceSize])
    func refusesBytesThatAreNotTextLateInTheFileWithTheWholeFilesMessage(pieceSize: Int) throws {
        let rows = String(repeating: "1,José\r\n", count: 200)
        let cases: [(bytes: [UInt8], encoding: SpreadsheetEncoding)] = [
            (Array("id,name\r\n\(rows)2,Jos".utf8) + [0xFF] + Array("é\r\n".utf8), .unicode),
            (Array("id,name\r\n\(rows)2,Jos".utf8) + [0xC3], .unicode),
            (Self.utf16("id,name\r\n\(rows)2,x", littleEndian: true) + [0x41], .unicode),
            (Self.utf16("id,name\r\n\(rows)2,x", littleEndian: false) + [0xD8, 0x3D, 0x00, 0x41], .unicode),
            (Array("id,name\r\n\(rows.replacingOccurrences(of: "é", with: "e"))2,x".utf8) + [0x81], .windows1252),
        ]
        for (index, item) in cases.enumerated() {
            let file = write(item.bytes, named: "bad-\(index).csv")
            let expected = message { _ = try CSVReader(bytes: item.bytes, file: file, encoding: item.encoding) }
            #expect(expected != nil)
            let got = message { _ = try CSVReader(contentsOf: file, encoding: item.encoding, pieceSize: pieceSize).records() }
            #expect(got == expected, "case \(index)")
        }
    }

    // MARK: - Imports

    static let state = "ocd-division/country:us/state:zz"

    /// A jurisdictions file and an officials file of `count` ward members
    /// with three contacts each (one an address over two lines), one
    /// official's rows apart from each other, and `extra` rows at the end.
    func importFiles(count: Int, extra: String = "") -> [String] {
        let folder = TestSupport.temporaryFolder()
        var jurisdictions = "id,name,kind,parent\r\n\(Self.state),State ZZ,state,\r\n"
        for city in 0..<4 { jurisdictions += "\(Self.state)/place:c\(city),City \(city),city,\(Self.state)\r\n" }
        var officials = DirectoryCSV.officialColumns.joined(separator: ",") + "\r\n"
        func row(_ id: String, _ city: Int, _ ward: Int, _ kind: String, _ value: String) -> String {
            let fields = [id, "Alex Ñúñez \(ward)", "", "Party of the Commons", "", ward % 5 == 0 ? "es" : "", "\(Self.state)/place:c\(city)",
                          "councilmember", "Ward \(ward)", "\(ward)", "Councilmember, Ward \(ward)", "Concejal, Distrito \(ward)",
                          "2023-01-01", "2026-12-31", "City roster", "2026-02-01", kind, value, "Office", "Mon–Thu 10–4", "", "", "", ""]
            return fields.map { $0.contains(where: { ",\"\n".contains($0) }) ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\r\n"
        }
        for number in 0..<count {
            let (city, ward) = (number % 4, number / 4 + 1)
            let id = "c\(city)-ward-\(ward)"
            officials += row(id, city, ward, "phone", "(206) 555-\(String(format: "%04d", 1000 + ward))")
            officials += row(id, city, ward, "email", "ward\(ward)@c\(city).example.gov")
            // The first official's address comes last in the file: an id's rows need not be together.
            if number > 0 { officials += row(id, city, ward, "address", "\(ward) Main Street\nCity \(city), ZZ") }
        }
        officials += row("c0-ward-1", 0, 1, "address", "1 Main Street\nCity 0, ZZ") + extra
        let paths = [folder + "/jurisdictions.csv", folder + "/officials.csv"]
        #expect(FileManager.default.createFile(atPath: paths[0], contents: Data(jurisdictions.utf8)))
        #expect(FileManager.default.createFile(atPath: paths[1], contents: Data(officials.utf8)))
        return paths
    }

    /// What reading the files whole gives, as an import read them before it streamed.
    func readWhole(_ paths: [String]) throws -> ParsedDirectory {
        var parsed = ParsedDirectory()
        let errors = InputErrorCollector()
        for path in paths {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            parsed.merge(try DirectoryCSV.read(bytes: bytes, file: path), errors: errors)
        }
        parsed.problems = InputErrors.inFileOrder(parsed.problems + errors.errors)
        return parsed
    }

    @Test func streamedImportGivesTheSamePlanAndStoredDirectoryAsAWholeRead() throws {
        let paths = importFiles(count: 400)
        let streamed = try DirectoryImport.read(paths: paths)
        let whole = try readWhole(paths)
        // The first pass holds the officials without their contacts; read again, they are whole.
        #expect(streamed.directory.officials.allSatisfy { $0.contacts.isEmpty })
        let reread = try streamed.withWholeOfficials()
        #expect(reread.directory == whole.directory)
        #expect(streamed.officialLocations == whole.officialLocations)
        #expect(streamed.directory.officials.count == 400)
        #expect(reread.directory.officials.first?.contacts.map(\.kind) == [.phone, .email, .address])

        let first = try TestSupport.temporaryDatabase(), second = try TestSupport.temporaryDatabase()
        let planned = try DirectoryImport.run(streamed, into: first, dryRun: true)
        #expect(try first.read { try DirectoryStore.load($0) }.officials.isEmpty)
        #expect(try DirectoryImport.run(streamed, into: first) == planned)
        #expect(try DirectoryImport.run(whole, into: second) == planned)
        #expect(try first.read { try DirectoryStore.load($0) } == second.read { try DirectoryStore.load($0) })
        // Again, all unchanged.
        #expect(try DirectoryImport.run(try DirectoryImport.read(paths: paths), into: first).officials.unchanged.count == 400)

        // The repository's spreadsheet exports and published id files read the same either way, or are refused alike.
        for folder in ["spreadsheets", "ocd-division-ids"] {
            let fixtures = TestSupport.fixture(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted() where name.hasSuffix(".csv") {
                let path = fixtures + "/" + name
                let encoding: SpreadsheetEncoding = name.contains("1252") ? .windows1252 : .unicode
                var streamedRead: ParsedDirectory?, wholeRead: ParsedDirectory?
                let refusals = (message { streamedRead = try DirectoryImport.read(paths: [path], encoding: encoding, skipInvalid: true) },
                                message { wholeRead = try DirectoryCSV.read(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), file: path, encoding: encoding) })
                #expect(refusals.0 == refusals.1, "\(name)")
                #expect(try streamedRead?.withWholeOfficials().directory.officials == wholeRead?.directory.officials, "\(name)")
                #expect(streamedRead?.directory.jurisdictions == wholeRead?.directory.jurisdictions, "\(name)")
                #expect(streamedRead?.problems == wholeRead.map { InputErrors.inFileOrder($0.problems) }, "\(name)")
            }
        }
    }

    @Test func aProblemLateInAStreamedFileWritesNothingAndSkipInvalidLeavesOutTheSame() throws {
        // Another name under an id used earlier, and a date that is not one, in the last rows.
        func row(_ fields: [String: String]) -> String { DirectoryCSV.officialColumns.map { fields[$0] ?? "" }.joined(separator: ",") + "\r\n" }
        let bad = row(["id": "c1-ward-1", "name": "Someone Else", "jurisdiction": "\(Self.state)/place:c1", "role": "councilmember",
                       "seat": "Ward 1", "district": "1", "source": "City roster"])
            + row(["id": "late", "name": "Late Row", "jurisdiction": "\(Self.state)/place:c2", "role": "mayor", "source": "City roster",
                   "verified": "2026-13-01"])
        let paths = importFiles(count: 200, extra: bad)
        let whole = try readWhole(paths)
        #expect(whole.problems.count == 2)
        let pool = try TestSupport.temporaryDatabase()
        let refusal = message { _ = try DirectoryImport.run(try DirectoryImport.read(paths: paths), into: pool) }
        #expect(whole.problems.allSatisfy { refusal?.contains($0.message) == true })
        #expect(try pool.read { try DirectoryStore.load($0) } == Directory())

        let skipping = try DirectoryImport.read(paths: paths, skipInvalid: true)
        #expect(skipping.problems == whole.problems)
        let plan = try DirectoryImport.run(skipping, into: pool)
        #expect(plan.officials.added.count == 199)
        #expect(!plan.officials.added.contains("c1-ward-1"))
        #expect(plan.skipped.map(\.message).contains { $0.contains("c1-ward-1") })
    }
}
