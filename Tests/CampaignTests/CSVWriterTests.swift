@testable import Campaign
import Testing

/// The one CSV writer every export uses, and its formula guard read back by
/// `CSVReader`. Fields through a `ByteOutput` are tested in
/// `DeliveryUnitTests`, with the signer export.
@Suite struct CSVWriterTests {
    func readBack(_ text: String) throws -> [[String]] {
        try CSVReader(bytes: Array(text.utf8), file: "out.csv").records().map { $0.fields.map(\.value) }
    }

    @Test func cellsASpreadsheetWouldRunAreNeutralisedInEveryExport() {
        #expect(CSVWriter.record(["=1+1", "+1 206-263-9600", "-Dash", "@mention", "\tx", "\rx"])
            == "\"'=1+1\",\"'+1 206-263-9600\",\"'-Dash\",\"'@mention\",\"'\tx\",\"'\rx\"\r\n")
        #expect(CSVWriter.escape("=HYPERLINK(\"http://evil.example\",\"click\")") == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"")
        // Only the start counts.
        #expect(CSVWriter.record(["a=b", "1-1", "x@example.org", "98104"]) == "a=b,1-1,x@example.org,98104\r\n")
    }

    /// A value that really begins with apostrophes before a formula's start
    /// gets one more, so that the reader's taking one off gives it back;
    /// other apostrophes are left alone.
    @Test func apostrophesBeforeAFormulaStartAreKeptByAddingOne() {
        #expect(CSVWriter.escape("'=x") == "\"''=x\"")
        #expect(CSVWriter.escape("''+1") == "\"'''+1\"")
        #expect(CSVWriter.record(["'", "''", "'a", "it's", "'\u{301}=x"]) == "','','a,it's,'\u{301}=x\r\n")
    }

    @Test(arguments: [
        ("'=x", "=x"), ("''=x", "'=x"), ("'+1 206", "+1 206"), ("'-", "-"), ("'@", "@"), ("'\t", "\t"), ("'\r\n", "\r\n"),
        ("'", "'"), ("''", "''"), ("'a", "'a"), ("it's", "it's"), ("=x", "=x"), ("", ""), ("'\u{301}=x", "'\u{301}=x"),
    ])
    func unguardedTakesOffOnlyTheApostropheTheWriterAdds(_ cell: String, _ value: String) {
        #expect(CSVWriter.unguarded(cell) == value)
    }

    @Test func writtenFieldsReadBackAsTheyWere() throws {
        let values = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1 206-263-9600", "-Dash, Ana", "@front desk", "\tTabbed",
                      "\rreturn", "'=already", "''=twice", "'", "'plain", "it's", "", "José Núñez, 日本 ✊", "two\nlines", "say \"hi\"",
                      "=", "-", "+", "@", "'-", "a,\u{301}b", "\u{301}\"b"]
        let written = CSVWriter.record(values) + CSVWriter.record([""]) + values.map { CSVWriter.record([$0, "z"]) }.joined()
        let records = try readBack(written)
        #expect(records.first == values)
        #expect(records.dropFirst().first == [""])
        #expect(Array(records.dropFirst(2)) == values.map { [$0, "z"] })
    }

    @Test func aHandWrittenFileWithAGuardedCellReadsWithoutTheApostrophe() throws {
        #expect(try readBack("name,phone\r\n\"'-Dash\",'+1 206-263-9600\r\nAna,'206\r\n") == [["name", "phone"], ["-Dash", "+1 206-263-9600"], ["Ana", "'206"]])
    }
}
