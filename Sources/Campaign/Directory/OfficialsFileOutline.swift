/// An officials CSV file as the first pass of an import leaves it: its
/// officials are held without their contacts (`ParsedDirectory.directory`),
/// and this says how to read the file again for them, one official at a
/// time (`OfficialsFileRereader`), and how to tell that it changed in
/// between. A 50 MB file's contacts are most of what it describes; they
/// are never all held at once.
public struct OfficialsFileOutline: Sendable {
    /// The file, as the first pass opened it (its encoding and separator).
    let reader: CSVReader
    /// The roles its offices were checked against.
    let roles: OfficeRoles
    /// The header's column names, as the first pass read them.
    let columns: [String]
    /// The SHA-256 of the bytes the first pass read; nil for text given whole.
    let digest: [UInt8]?
    /// The line of each official's last row: where a second read has them whole.
    let lastLines: [String: Int]

    /// The file's name, as in messages.
    public var file: String { reader.file }

    /// The error for a file that does not read again as it did.
    func changed() -> InputError {
        InputError("cannot import \(file): it changed while it was being read; nothing was written, import it again")
    }
}
