import Foundation

/// The example campaign `campaign new` copies (`templates/scaffold/`), and
/// what in it is only an example: the title and summary, and every line of
/// its prose that holds "…", the mark of text to replace. `campaign check`
/// warns about such text left in a campaign, since it would otherwise be
/// published as it is.
public struct CampaignScaffold: Sendable {
    /// The folder it was read from.
    public let folder: String
    /// Its files by name, `__SLUG__` standing for the campaign's slug.
    public let files: [String: String]

    /// What the scaffold writes for the campaign's slug.
    public static let slugMark = "__SLUG__"
    /// What marks a line of example prose.
    public static let exampleMark: Character = "…"

    /// Reads the scaffold in `folder`.
    public init(folder: String) throws {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            files[name] = try String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
        }
        self.folder = folder
        self.files = files
    }

    /// Writes a copy for `slug` into the new folder `target`.
    public func write(to target: String, slug: String) throws {
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try text.replacingOccurrences(of: Self.slugMark, with: slug)
                .write(toFile: (target as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
    }

    /// Example text left in `campaign`: for each prose file, its first
    /// line that is still one of the scaffold's example lines (and how many
    /// more there are); for campaign.toml, each title and summary that is
    /// still the scaffold's.
    public func leftovers(in campaign: CampaignFolder) -> [(message: String, location: SourceLocation)] {
        var found: [(String, SourceLocation)] = []
        let examples = Set(files.filter { $0.key.hasSuffix(".md") }.values.flatMap { text in
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.contains(Self.exampleMark) }
        })
        for (name, text) in campaign.files.sorted(by: { $0.key < $1.key }) {
            let left = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { examples.contains($0.element.trimmingCharacters(in: .whitespaces)) }
            guard let first = left.first else { continue }
            let more = left.count - 1
            found.append(("still the scaffold's example text: \"\(first.element.trimmingCharacters(in: .whitespaces))\""
                          + (more > 0 ? " (and \(more) more line\(more == 1 ? "" : "s"))" : "") + "; write the campaign's own",
                          SourceLocation(file: (campaign.path as NSString).appendingPathComponent(name), line: first.offset + 1)))
        }
        let metadataPath = (campaign.path as NSString).appendingPathComponent(CampaignFolder.metadataFile)
        guard let scaffoldText = files[CampaignFolder.metadataFile],
              let scaffold = try? TOMLParser.parse(bytes: Array(scaffoldText.utf8), file: CampaignFolder.metadataFile),
              let metadata = try? TOMLParser.parse(bytes: Array(campaign.metadataText.utf8), file: metadataPath) else { return found }
        for key in ["title", "summary"] {
            let exampleTexts = Set((scaffold[key]?.members ?? []).compactMap { $0.value.string })
            for (locale, node) in metadata[key]?.members ?? [] {
                if let text = node.string, exampleTexts.contains(text) {
                    found.append(("\(key).\(locale) is still the scaffold's example (\"\(text)\"); write the campaign's own", node.location))
                }
            }
        }
        return found
    }
}
