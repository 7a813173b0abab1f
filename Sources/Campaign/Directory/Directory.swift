/// A set of directory records: what a file holds, or what the database
/// holds. Imports compare two of these.
public struct Directory: Sendable, Hashable {
    // Changing the records drops the index of ids (an O(1) swap); it is
    // built again on the next lookup by id. Code that appends while it
    // looks up ids keeps its own positions instead.
    public var jurisdictions: [Jurisdiction] { didSet { index = DirectoryIndex() } }
    public var offices: [Office] { didSet { index = DirectoryIndex() } }
    public var officials: [Official] { didSet { index = DirectoryIndex() } }
    private var index = DirectoryIndex()

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
    public func office(_ id: String) -> Office? { index.office(id, in: offices).map { offices[$0] } }

    /// The jurisdiction with this id.
    public func jurisdiction(_ id: String) -> Jurisdiction? { index.jurisdiction(id, in: jurisdictions).map { jurisdictions[$0] } }

    /// Where the office with this id is in `offices`.
    func officePosition(_ id: String) -> Int? { index.office(id, in: offices) }

    // The index follows from the records, so only they are compared.
    public static func == (lhs: Directory, rhs: Directory) -> Bool {
        lhs.jurisdictions == rhs.jurisdictions && lhs.offices == rhs.offices && lhs.officials == rhs.officials
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(jurisdictions)
        hasher.combine(offices)
        hasher.combine(officials)
    }
}
