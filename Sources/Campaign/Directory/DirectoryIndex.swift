import Synchronization

/// Where each record of a `Directory` sits, by id, built the first time an
/// id is looked up and dropped when the records change: a lookup by id in
/// a loop over 80,000 jurisdictions costs a hash, not a scan. Copies of a
/// directory share it until one of them changes its records.
final class DirectoryIndex: Sendable {
    private struct Positions {
        var jurisdictions: [String: Int]?
        var offices: [String: Int]?
    }

    private let positions = Mutex(Positions())

    /// The position of the first jurisdiction with this id.
    func jurisdiction(_ id: String, in records: [Jurisdiction]) -> Int? {
        positions.withLock { positions in
            if positions.jurisdictions == nil { positions.jurisdictions = Self.positions(of: records, id: \.id) }
            return positions.jurisdictions?[id]
        }
    }

    /// The position of the first office with this id.
    func office(_ id: String, in records: [Office]) -> Int? {
        positions.withLock { positions in
            if positions.offices == nil { positions.offices = Self.positions(of: records, id: \.id) }
            return positions.offices?[id]
        }
    }

    /// Positions by id; where ids repeat, the first one's, as a scan would find.
    static func positions<Record>(of records: [Record], id: (Record) -> String) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(records.count)
        for (position, record) in records.enumerated() {
            let key = id(record)
            if positions[key] == nil { positions[key] = position }
        }
        return positions
    }
}
