/// A set of directory records: what a file holds, or what the database
/// holds. Imports compare two of these.
public struct Directory: Sendable, Hashable {
    public var jurisdictions: [Jurisdiction]
    public var offices: [Office]
    public var officials: [Official]

    /// Makes a directory.
    public init(jurisdictions: [Jurisdiction] = [], offices: [Office] = [], officials: [Official] = []) {
        self.jurisdictions = jurisdictions
        self.offices = offices
        self.officials = officials
    }

    /// Officials sorted for display: by jurisdiction, then office, then sort name.
    public var officialsInDisplayOrder: [Official] {
        officials.sorted { ($0.officeID, $0.sortName, $0.id) < ($1.officeID, $1.sortName, $1.id) }
    }

    /// The office with this id.
    public func office(_ id: String) -> Office? { offices.first { $0.id == id } }

    /// The jurisdiction with this id.
    public func jurisdiction(_ id: String) -> Jurisdiction? { jurisdictions.first { $0.id == id } }
}
