/// An import's second pass over an officials CSV file (see
/// `OfficialsFileOutline`): reads the file again and gives each official
/// asked for whole, with the contacts their rows carry, in the order of
/// their first rows. Rows of one official need not be together: those read
/// ahead wait until the official is asked for.
///
/// The file must read as it did the first time: a row of a wanted official
/// that reads otherwise, rows past their last, or other bytes (`finish`)
/// are refused with `OfficialsFileOutline.changed()`. The import runs in one
/// transaction, so a refusal writes nothing.
struct OfficialsFileRereader {
    private let outline: OfficialsFileOutline
    private var records: CSVReader.RecordStream
    private var rows: OfficialsCSVRow.Reader
    /// The officials the import will ask for; others' rows are passed over.
    private let wanted: Set<String>
    /// Officials read in part or whole and not asked for yet, with the line of the last row read.
    private var pending: [String: (official: Official, line: Int)] = [:]

    /// Opens the file again, for the officials `wanted`.
    init(_ outline: OfficialsFileOutline, wanted: Set<String>) throws {
        self.outline = outline
        self.wanted = wanted
        records = outline.reader.recordStream()
        guard let header = try records.next(), let table = try? DirectoryCSV.Table(header: header, reader: outline.reader),
              table.names == outline.columns else { throw outline.changed() }
        rows = OfficialsCSVRow.Reader(table: table, roles: outline.roles, sharingRepeatedValues: false)
    }

    /// `official` with the contacts the file gives them: `official` is the
    /// record the first pass kept, without contacts, and the rows read
    /// again must describe the same.
    mutating func whole(_ official: Official) throws -> Official {
        guard wanted.contains(official.id), let last = outline.lastLines[official.id] else { throw outline.changed() }
        while pending[official.id]?.line != last {
            guard let record = try records.next() else { throw outline.changed() }
            try take(record)
        }
        guard let read = pending.removeValue(forKey: official.id)?.official else { throw outline.changed() }
        var withoutContacts = read
        withoutContacts.contacts = []
        guard withoutContacts == official else { throw outline.changed() }
        return read
    }

    /// Reads the rest of the file, and checks that it is, byte for byte,
    /// the file the first pass read.
    mutating func finish() throws {
        while let record = try records.next() { try take(record) }
        guard pending.isEmpty, records.fileDigest == outline.digest else { throw outline.changed() }
    }

    /// Adds a row of a wanted official to what is pending.
    private mutating func take(_ record: CSVReader.Record) throws {
        let id = rows.table.value("id", in: record)
        guard wanted.contains(id) else { return }
        // The first pass read every row of a wanted official without a problem, and none past the last.
        var noted = ParsedDirectory()
        guard let last = outline.lastLines[id], record.location.line <= last,
              let row = try? rows.read(record, noting: &noted), var official = row.official else { throw outline.changed() }
        if var entry = pending[id] {
            if let contact = row.contact { entry.official.contacts.append(contact) }
            entry.line = record.location.line
            pending[id] = entry
        } else {
            official.contacts = row.contact.map { [$0] } ?? []
            pending[id] = (official, record.location.line)
        }
    }
}
