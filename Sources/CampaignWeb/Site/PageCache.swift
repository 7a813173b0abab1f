import Campaign
import Synchronization

/// Campaign pages as rendered for visitors who asked for nothing but a
/// language, split where each visitor's CSRF token goes. Most views of a
/// shared campaign link are such views; they then cost a copy, not a render.
final class PageCache: Sendable {
    /// What a cached page shows: the same for every visitor until one of these changes.
    struct Version: Equatable {
        var campaignVersion: Int
        var status: CampaignDefinition.Status
        var signatures: Int
        var reasonsStamp: Int
        /// The reading of the templates and catalogs (`SiteResources.generation`).
        var resources: Int
    }

    private struct Key: Hashable {
        let campaignID: Int64
        let locale: String
    }

    private struct Entry {
        let version: Version
        let parts: [[UInt8]]
        let length: Int
    }

    private let entries = Mutex<[Key: Entry]>([:])

    /// The page with `token` put in, if the cached one is of `version`.
    func page(campaignID: Int64, locale: String, version: Version, token: String) -> [UInt8]? {
        guard let entry = entries.withLock({ $0[Key(campaignID: campaignID, locale: locale)] }), entry.version == version else { return nil }
        let token = token.utf8
        let length = entry.length + token.count * (entry.parts.count - 1)
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            for (index, part) in entry.parts.enumerated() {
                if index > 0 {
                    for byte in token {
                        buffer[count] = byte
                        count += 1
                    }
                }
                part.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress, let destination = buffer.baseAddress else { return }
                    (destination + count).initialize(from: base, count: source.count)
                }
                count += part.count
            }
        }
    }

    /// Keeps `body`, rendered with `placeholder` where the token goes, and
    /// returns it with `token` there instead.
    func store(_ body: [UInt8], placeholder: String, campaignID: Int64, locale: String, version: Version, token: String) -> [UInt8] {
        let parts = body.split(separator: Array(placeholder.utf8), omittingEmptySubsequences: false).map(Array.init)
        entries.withLock { $0[Key(campaignID: campaignID, locale: locale)] = Entry(version: version, parts: parts, length: parts.reduce(0) { $0 + $1.count }) }
        return Array(parts.joined(separator: Array(token.utf8)))
    }
}
