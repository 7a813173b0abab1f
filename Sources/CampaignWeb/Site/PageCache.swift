import Campaign
import Synchronization

/// Campaign pages as rendered for visitors who asked for nothing but a
/// language, with holes where each view differs: the visitor's CSRF token
/// and the petition's count. Most views of a shared campaign link are such
/// views; they then cost a copy and a count, not a render, even while
/// signatures come in by the thousand.
final class PageCache: Sendable {
    /// What a cached page shows: the same for every visitor until one of these changes.
    struct Version: Equatable {
        var campaignVersion: Int
        var status: CampaignDefinition.Status
        var reasonsStamp: Int
        /// The reading of the templates and catalogs (`SiteResources.generation`).
        var resources: Int
        /// The deliveries and responses shown (`SiteData.record(of:)`), and
        /// how many milestones the count reached.
        var recordStamp = 0
        var milestonesReached = 0
    }

    /// A hole in a cached page, filled for every view. The page is rendered
    /// with `placeholder` as the value; whatever template shows the value,
    /// the placeholder stands where it is.
    enum Slot: String, CaseIterable, Sendable {
        case csrf, count, percent, goal
        /// How many signatures the next milestone needs.
        case milestone

        /// Control characters, which no escaping changes and no page text holds.
        var placeholder: String { "\u{1}\(rawValue)\u{1}" }

        static let byName = Dictionary(uniqueKeysWithValues: allCases.map { (Array($0.rawValue.utf8), $0) })
    }

    private struct Key: Hashable {
        let campaignID: Int64
        let locale: String
    }

    private struct Entry {
        let version: Version
        /// The page cut at its slots: `slots[i]` goes between `parts[i]` and `parts[i + 1]`.
        let parts: [[UInt8]]
        let slots: [Slot]
        let length: Int
    }

    /// The count's texts last made for a page: one count serves every view until the next signature.
    private struct CountTexts {
        let version: Version
        let signatures: Int
        let fills: [Slot: String]
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let countTexts = Mutex<[Key: CountTexts]>([:])
    private let stored = Mutex(0)

    /// How many rendered pages were kept: a view served from the cache adds none.
    var renders: Int { stored.withLock { $0 } }

    /// The fills of the count's holes for `signatures`, from `make` once per
    /// count, page version and language: formatting a number and choosing
    /// its plural cost more than the rest of a cached view.
    func countFills(campaignID: Int64, locale: String, version: Version, signatures: Int, make: () -> [Slot: String]) -> [Slot: String] {
        let key = Key(campaignID: campaignID, locale: locale)
        if let known = countTexts.withLock({ $0[key] }), known.version == version, known.signatures == signatures { return known.fills }
        let fills = make()
        countTexts.withLock { $0[key] = CountTexts(version: version, signatures: signatures, fills: fills) }
        return fills
    }

    /// The cached page, if it is of `version`, with each slot filled from
    /// `fills` (HTML already escaped; a slot without a fill is left empty).
    func page(campaignID: Int64, locale: String, version: Version, fills: [Slot: String]) -> [UInt8]? {
        guard let entry = entries.withLock({ $0[Key(campaignID: campaignID, locale: locale)] }), entry.version == version else { return nil }
        return Self.assemble(entry, fills: fills)
    }

    /// Keeps `body`, rendered with each slot's placeholder where its value
    /// goes, and returns it filled from `fills`.
    func store(_ body: [UInt8], campaignID: Int64, locale: String, version: Version, fills: [Slot: String]) -> [UInt8] {
        stored.withLock { $0 += 1 }
        let (parts, slots) = Self.cut(body)
        let entry = Entry(version: version, parts: parts, slots: slots, length: parts.reduce(0) { $0 + $1.count })
        entries.withLock { $0[Key(campaignID: campaignID, locale: locale)] = entry }
        return Self.assemble(entry, fills: fills)
    }

    /// `body` cut at every placeholder of a slot; a control character that
    /// starts none stays in the text.
    private static func cut(_ body: [UInt8]) -> ([[UInt8]], [Slot]) {
        var parts: [[UInt8]] = []
        var slots: [Slot] = []
        var start = 0
        var index = 0
        while index < body.count {
            if body[index] == 1, let end = body[(index + 1)...].prefix(16).firstIndex(of: 1),
               let slot = Slot.byName[Array(body[(index + 1)..<end])] {
                parts.append(Array(body[start..<index]))
                slots.append(slot)
                index = end + 1
                start = index
            } else {
                index += 1
            }
        }
        parts.append(Array(body[start...]))
        return (parts, slots)
    }

    private static func assemble(_ entry: Entry, fills: [Slot: String]) -> [UInt8] {
        let filled = entry.slots.map { Array((fills[$0] ?? "").utf8) }
        var page: [UInt8] = []
        page.reserveCapacity(entry.length + filled.reduce(0) { $0 + $1.count })
        for (index, part) in entry.parts.enumerated() {
            if index > 0 { page.append(contentsOf: filled[index - 1]) }
            page.append(contentsOf: part)
        }
        return page
    }
}
