@testable import Campaign
import CampaignWeb
import Testing

/// Inputs the fuzz targets in `fuzz/` found mistakes with, each kept here
/// as it was found (and in the target's seed corpus).
@Suite struct FuzzRegressionTests {
    /// `fuzz/targets/CampaignFile.swift`: a backslash at the end of a line
    /// in a single-line string was reported at column 0 of the next line.
    @Test func aBackslashBeforeALineFeedIsReportedWhereItStands() {
        let bytes: [UInt8] = [0x22, 0x74, 0x5C, 0x0A]  // "t\ and a line feed
        #expect(throws: InputError("a backslash ends the line; only a multi-line string (\"\"\") may go on to the next line",
                                   at: SourceLocation(file: "campaign.toml", line: 1, column: 4))) {
            try TOMLParser.parse(bytes: bytes, file: "campaign.toml")
        }
        #expect(throws: InputError("invalid escape '\\q'; write \\\\ for a backslash", at: SourceLocation(file: "campaign.toml", line: 2, column: 7))) {
            try TOMLParser.parse(bytes: Array("a = 1\nb = \"\\q\"".utf8), file: "campaign.toml")
        }
    }

    /// `fuzz/targets/CSVReader.swift`: a record of one empty field, read
    /// from `""`, was written as an empty line, which reads as no record.
    @Test func aRecordOfOneEmptyFieldIsWrittenSoThatItReadsBack() throws {
        #expect(CSVWriter.record([""]) == "\"\"\r\n")
        let written = ["zip", "", "98104"].map { CSVWriter.record([$0]) }.joined()
        let records = try CSVReader(bytes: Array(written.utf8), file: "zips.csv").records()
        #expect(records.map { $0.fields.map(\.value) } == [["zip"], [""], ["98104"]])
    }

    /// `fuzz/targets/CSVReader.swift`: a quote with a combining mark after
    /// it is one `Character`, so the reader did not take it for a quote and
    /// the writer did not double it; both now look at scalars, as the
    /// programs that write and read these files do.
    @Test func aQuoteOrCommaBeforeACombiningMarkIsStillAQuoteOrComma() throws {
        func values(_ text: String) throws -> [[String]] {
            try CSVReader(bytes: Array(text.utf8), file: "c.csv").records().map { $0.fields.map(\.value) }
        }
        #expect(try values("\u{301}\"b") == [["\u{301}\"b"]])
        #expect(CSVWriter.escape("\u{301}\"b") == "\"\u{301}\"\"b\"")
        #expect(try values("\"\u{301}\"\"b\"") == [["\u{301}\"b"]])
        #expect(try values("\"\u{301}x\",y") == [["\u{301}x", "y"]])
        #expect(CSVWriter.escape("a,\u{301}b") == "\"a,\u{301}b\"")
        #expect(try values("\"a,\u{301}b\"") == [["a,\u{301}b"]])
        for value in ["\u{301}\"b", "\"\u{301}", "a,\u{301}b", "x\"\u{301}\"", "\u{301}"] {
            #expect(try values(CSVWriter.record([value, "z"])) == [[value, "z"]])
        }
        #expect(throws: InputError("unexpected character \"\\u{0301}\" after a closing quote; a quote inside a quoted field is written twice (\"\")",
                                   at: SourceLocation(file: "c.csv", line: 1, column: 3))) {
            try values("\"a\"\u{301}")
        }
    }

    /// `fuzz/targets/JSONParser.swift`: an error inside a string was placed
    /// by scalars, not characters, for the string being read (its combining
    /// marks and flags were counted only once it closed), past the end of
    /// its line; and a carriage return there was called a control character.
    @Test func jsonErrorsInsideAStringCountItsCharacters() {
        let bytes = Array("{\"raw\": \"Zoë e\u{301} \u{1F1FA}\u{1F1F8},\r}".utf8)
        #expect(throws: InputError("a string is not closed before the end of the line", at: SourceLocation(file: "f.json", line: 1, column: 18))) {
            try JSONParser.parse(bytes: bytes, file: "f.json")
        }
    }

    /// `fuzz/targets/FormDecoder.swift`: a field name holding NEL or U+2028
    /// went into the error message as it was, a line break to many readers.
    @Test func formErrorsEscapeLineBreakingCharactersInFieldNames() {
        let lineSeparator = Array("lang=es&%E2%80%A8at=47.6038%2C-122.3298".utf8)
        #expect(throws: FormError("Field \"\\u{2028}at\" is longer than 8 bytes.", field: "\u{2028}at")) {
            try FormDecoder.decode(lineSeparator, maximumValueBytes: 8)
        }
        #expect(throws: FormError("Field \"a\\u{85}b\\n\" is not valid UTF-8.", field: "a\u{85}b\n")) {
            try FormDecoder.decode(Array("a%C2%85b%0A=%FF".utf8))
        }
    }

    /// A key written with TOML escapes for terminal control codes came back
    /// raw in `campaign check`'s error, so printing it drove the terminal.
    @Test func controlCharactersFromAFileAreEscapedInItsErrors() throws {
        let folder = TestSupport.temporaryFolder()
        let created = try TestSupport.campaign(["new", "ctrl-test", "--in", folder])
        try #require(created.status == 0, "campaign new: \(created.errors)")
        let toml = folder + "/ctrl-test/campaign.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        try (text + "\n\"bad\\u001b[31mkey\\u2028\" = 1\n").write(toFile: toml, atomically: false, encoding: .utf8)
        let checked = try TestSupport.campaign(["check", folder + "/ctrl-test"])
        #expect(checked.status == 65)
        #expect(checked.errors.contains("bad\\u{1B}[31mkey\\u{2028}"), "\(checked.errors)")
        #expect(!checked.errors.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x2028 })
    }
}
