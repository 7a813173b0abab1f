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
        /// The sample campaigns published (or already current).
        public var campaigns: [String]
        /// Today's officials loaded over the seed-era directory, when asked for.
        public var current: DirectoryImport.Plan?
    }

    /// The folder of `data/` holding today's officials (Open States' WA and DC files).
    public static let currentFolder = "openstates"

    /// Whether the database holds no directory yet, so a server should load the demo.
    public static func isEmpty(_ pool: DatabasePool) throws -> Bool {
        try pool.read { try DirectoryStore.isEmpty($0) }
    }

    /// Loads `folder/officials`, the districts of `folder/districts/districts.json`
    /// and publishes the campaigns in `folder/campaigns`; with `current`,
    /// then today's officials from `folder/openstates` over them (the seed
    /// campaigns keep the seed-era directory they were written for).
    @discardableResult
    public static func load(from folder: String, into pool: DatabasePool, clock: Clock = .live, current: Bool = false) throws -> Summary {
        let root = URL(fileURLWithPath: folder)
        let officials = root.appendingPathComponent("officials").path
        let parsed = try DirectoryImport.read(paths: [officials])
        let today = current
            ? try OpenStatesPeople.read(paths: [root.appendingPathComponent(currentFolder).path], asOf: PartialDate(clock.now()))
            : nil
        let manifestURL = root.appendingPathComponent("districts/districts.json")
        var entries: [ManifestEntry] = []
        if let data = FileManager.default.contents(atPath: manifestURL.path) {
            do { entries = try JSONDecoder().decode([ManifestEntry].self, from: data) } catch {
                throw InputError("\(manifestURL.path): not a valid district manifest: \(error)")
            }
        }
        let campaignsFolder = root.appendingPathComponent("campaigns").path
        let campaigns = try ((try? FileManager.default.contentsOfDirectory(atPath: campaignsFolder)) ?? []).sorted()
            .map { (campaignsFolder as NSString).appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(CampaignFolder.metadataFile)) }
            .map { try CampaignFolder(path: $0) }
        // One transaction: a bad file leaves the database as it was.
        return try pool.write { db in
            let plan = try DirectoryImport.apply(parsed, db)
            for entry in entries {
                let path = root.appendingPathComponent("districts").appendingPathComponent(entry.file).path
                try DistrictImport.apply(path: path, options: entry.options, db)
            }
            for campaign in campaigns { try CampaignStore.publish(campaign, at: clock.now(), db) }
            let currentPlan = try today.map { try DirectoryImport.apply($0, db) }
            return Summary(directory: plan, districtFiles: entries.map(\.file), campaigns: campaigns.map(\.definition.slug), current: currentPlan)
        }
    }
}
