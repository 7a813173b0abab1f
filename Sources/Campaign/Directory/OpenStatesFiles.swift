import Foundation

/// The files a list of Open States paths stands for: a person's file, a
/// `municipalities.yml`, a folder of person files (`executive/`), a state's
/// folder, or a folder of states (`data/`).
struct OpenStatesFiles {
    /// The `municipalities.yml` files to import: their cities become jurisdictions.
    var municipalities: Set<String> = []
    /// Every `municipalities.yml` whose names the people may need: those
    /// imported and those beside the person files' folders, read first.
    var municipalityNames: [String] = []
    /// The person files, in the order given, each folder's files sorted.
    var people: [String] = []

    /// The subfolders of a state that hold person files, in reading order.
    static let peopleFolders = ["executive", "legislature", "municipalities"]

    init(paths: [String]) throws {
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw InputError("cannot read \(path): no such file or folder")
            }
            if !isFolder.boolValue {
                try addFile(path)
            } else if try !addState(path) && !addPeopleFolder(path) {
                let states = try Self.subfolders(of: path).filter { try Self.isState($0) }
                guard !states.isEmpty else {
                    throw InputError("\(path) holds no Open States files: no person .yml files, no executive/, legislature/ or municipalities/ folder, no municipalities.yml")
                }
                for state in states { _ = try addState(state) }
            }
        }
    }

    private mutating func addFile(_ path: String) throws {
        guard Self.isYAML(path) else { throw InputError("\(path) is not a YAML file (.yml or .yaml)") }
        if (path as NSString).lastPathComponent == "municipalities.yml" {
            addMunicipalities(path, creating: true)
        } else {
            people.append(path)
            // A person file of state/municipalities/ is named from state/municipalities.yml.
            let state = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            addMunicipalities((state as NSString).appendingPathComponent("municipalities.yml"), creating: false)
        }
    }

    /// Reads `path` as a state's folder; false when it is not one.
    private mutating func addState(_ path: String) throws -> Bool {
        guard try Self.isState(path) else { return false }
        let list = (path as NSString).appendingPathComponent("municipalities.yml")
        if FileManager.default.fileExists(atPath: list) { addMunicipalities(list, creating: true) }
        for folder in Self.peopleFolders {
            let full = (path as NSString).appendingPathComponent(folder)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), isFolder.boolValue { _ = try addPeopleFolder(full) }
        }
        return true
    }

    /// Reads `path` as a folder of person files; false when it holds none.
    private mutating func addPeopleFolder(_ path: String) throws -> Bool {
        let files = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            .filter { Self.isYAML($0) && $0 != "municipalities.yml" }
            .map { (path as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else { return false }
        people += files
        addMunicipalities(((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("municipalities.yml"), creating: false)
        return true
    }

    private mutating func addMunicipalities(_ path: String, creating: Bool) {
        if creating { municipalities.insert(path) }
        guard !municipalityNames.contains(path), creating || FileManager.default.fileExists(atPath: path) else { return }
        municipalityNames.append(path)
    }

    private static func isYAML(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".yml") || lowered.hasSuffix(".yaml")
    }

    /// Whether a folder is a state's: it has one of the people folders or a `municipalities.yml`.
    private static func isState(_ path: String) throws -> Bool {
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: path))
        return names.contains("municipalities.yml") || !names.isDisjoint(with: peopleFolders)
    }

    private static func subfolders(of path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { (path as NSString).appendingPathComponent($0) }.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && isFolder.boolValue
        }
    }
}
