import Foundation

/// Loads a data folder (the demo's `data/`) into a database: the officials
/// directory, then the districts its manifest lists. Running it again
/// changes nothing that is already there.
public enum DemoDataLoader {
    /// One entry of `districts/districts.json`: a file and how to read it.
    struct ManifestEntry: Decodable {
        let file: String
        let options: DistrictImport.Options

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: FileKey.self)
            file = try container.decode(String.self, forKey: .file)
            options = try DistrictImport.Options(from: decoder)
        }

        enum FileKey: String, CodingKey { case file }
    }

    /// What was loaded.
    public struct Summary: Sendable {
        public var directory: DirectoryImport.Plan
        public var districtFiles: [String]
    }

    /// Loads `folder/officials` and the districts of `folder/districts/districts.json`.
    @discardableResult
    public static func load(from folder: String, into pool: DatabasePool) throws -> Summary {
        let root = URL(fileURLWithPath: folder)
        let officials = root.appendingPathComponent("officials").path
        let parsed = try DirectoryImport.read(paths: [officials])
        let plan = try DirectoryImport.run(parsed, into: pool)
        let manifestURL = root.appendingPathComponent("districts/districts.json")
        var files: [String] = []
        if let data = FileManager.default.contents(atPath: manifestURL.path) {
            let entries: [ManifestEntry]
            do { entries = try JSONDecoder().decode([ManifestEntry].self, from: data) } catch {
                throw InputError("\(manifestURL.path): not a valid district manifest: \(error)")
            }
            for entry in entries {
                let path = root.appendingPathComponent("districts").appendingPathComponent(entry.file).path
                try DistrictImport.run(path: path, options: entry.options, into: pool)
                files.append(entry.file)
            }
        }
        return Summary(directory: plan, districtFiles: files)
    }
}
