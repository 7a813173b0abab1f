@testable import Campaign

/// The CSV reader and the directory's CSV files built on it
/// (`jurisdictions.csv`, `officials.csv`).
///
/// Input: a CSV file's bytes. Invariants: every error is an `InputError`
/// naming a line of the input; every field and record names a line of the
/// input, records in file order; records written back with `CSVWriter`
/// (after a byte-order mark) read as the same records.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let lineCount = Invariant.lineCount(bytes)
    let file = "officials.csv"

    do {
        let records = try CSVReader(bytes: bytes, file: file).records()
        var previousLine = 0
        for record in records {
            Invariant.requireInside(record.location, lineCount: lineCount, "a record")
            Invariant.require(record.location.line > previousLine, "record at line \(record.location.line) after one at line \(previousLine)")
            previousLine = record.location.line
            for field in record.fields {
                Invariant.requireInside(field.location, lineCount: lineCount, "a field")
                Invariant.require(field.location.line >= record.location.line, "a field before its record")
            }
        }
        // Written with a byte-order mark, as for a spreadsheet: the reader
        // drops one, so a first field starting with U+FEFF keeps it.
        let written = "\u{FEFF}" + records.map { CSVWriter.record($0.fields.map(\.value)) }.joined()
        guard let reread = try? CSVReader(bytes: Array(written.utf8), file: file).records() else {
            fatalError("invariant broken: records written as \(String(reflecting: written)) do not read back")
        }
        Invariant.require(reread.map { $0.fields.map(\.value) } == records.map { $0.fields.map(\.value) },
                          "records \(records.map { $0.fields.map(\.value) }) were written as \(String(reflecting: written)) and read back as \(reread.map { $0.fields.map(\.value) })")
    } catch {
        checkErrors(error, lineCount: lineCount)
    }

    do {
        _ = try DirectoryCSV.parse(bytes: bytes, file: file)
    } catch {
        checkErrors(error, lineCount: lineCount)
    }
    return 0
}

/// Requires `error` to be input errors, each at a line of the input when it names one.
private func checkErrors(_ error: any Error, lineCount: Int) {
    guard let errors = Invariant.inputErrors(in: error) else { fatalError("invariant broken: \(error) is not an InputError") }
    for error in errors {
        Invariant.requireInside(error.location, lineCount: lineCount, "'\(error.message)'")
    }
}
