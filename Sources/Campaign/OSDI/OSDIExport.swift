import Foundation

/// `campaign export SLUG --format osdi`: one campaign as one HAL document,
/// its resources exactly as the API gives them, embedded by kind: the
/// petition and the advocacy campaign it is, its counted signatures, the
/// people among its signers who agreed to hear from the organizer, its
/// counted call reports. Written as it is read, one resource per line, so
/// a large petition never sits in memory whole.
public enum OSDIExport {
    /// How many of each kind the document holds.
    public struct Summary: Sendable, Equatable {
        public var signatures = 0
        public var people = 0
        public var outreaches = 0
    }

    /// Writes the document of campaign `slug` to `output`, read in one transaction.
    public static func run(slug: String, view: OSDIView, pool: DatabasePool, to output: ByteOutput) throws -> Summary {
        let summary = try pool.read { db in
            guard let campaign = try OSDIView.campaign(slug, db) else { throw InputError("no live or closed campaign '\(slug)' (see `campaign list`)") }
            let docs = view.documents(try DirectoryStore.load(db))
            var summary = Summary()
            output.write("{\n  \"osdi_version\": \"1.0\",\n  \"origin_system\": \(JSONOutput.quote(OSDIDocuments.system)),\n  \"_embedded\": {")
            var first = true
            func open(_ rel: String) {
                output.write((first ? "\n" : ",\n") + "    \(JSONOutput.quote("osdi:" + rel)): [")
                first = false
            }
            func items(_ rel: String, _ each: ((JSONOutput) -> Void) throws -> Void) rethrows -> Int {
                open(rel)
                var count = 0
                try each { item in
                    output.write((count == 0 ? "\n      " : ",\n      ") + item.compact())
                    count += 1
                }
                output.write(count == 0 ? "]" : "\n    ]")
                return count
            }
            if campaign.definition.petition != nil {
                _ = try items("petitions") { $0(try view.petition(campaign, docs, db)) }
            }
            if campaign.definition.call != nil {
                _ = try items("advocacy_campaigns") { $0(try view.advocacyCampaign(campaign, docs, db)) }
            }
            if campaign.definition.petition != nil {
                summary.signatures = try items("signatures") { add in
                    try OSDIStore.forEachSignature(campaignID: campaign.id, db) { add(docs.signature($0, slug: slug, sharesReasons: campaign.definition.sharesReasons)) }
                }
                summary.people = try items("people") { add in
                    try paged({ try OSDIStore.people(campaignID: campaign.id, limit: $0, offset: $1, db) }) {
                        add(docs.person(key: $0.key, signatures: $0.signatures))
                    }
                }
            }
            if campaign.definition.call != nil {
                summary.outreaches = try items("outreaches") { add in
                    try paged({ try OSDIStore.outreaches(campaignID: campaign.id, limit: $0, offset: $1, db) }) { add(docs.outreach($0, campaign: campaign)) }
                }
            }
            output.write("\n  }\n}\n")
            return summary
        }
        try output.flush()
        return summary
    }

    /// Calls `body` with each item of the pages `read(limit, offset)` gives, 500 at a time, until one comes back short.
    private static func paged<Item>(_ read: (Int, Int) throws -> [Item], _ body: (Item) -> Void) throws {
        let size = 500
        var offset = 0
        while true {
            let items = try read(size, offset)
            items.forEach(body)
            guard items.count == size else { return }
            offset += size
        }
    }
}
