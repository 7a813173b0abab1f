/// A step of a petition's progress that `campaign.toml` announces
/// (`[[milestones]]`): "at 1,000 signatures we deliver to the Mayor".
public struct Milestone: Sendable, Equatable {
    /// The count at which it is reached.
    public let signatures: Int
    /// What happens then, by locale.
    public let text: [String: String]

    public init(signatures: Int, text: [String: String]) {
        self.signatures = signatures
        self.text = text
    }
}

extension MetadataReader {
    /// `[[milestones]]`: `signatures = N` and the text per locale, in rising order of counts.
    func milestones(locales list: [String]) -> [Milestone] {
        guard let node = root["milestones"] else { return [] }
        guard let tables = node.array else {
            errors.add("milestones are written as [[milestones]] tables: signatures = 1000, then en = \"…\"", at: node.location)
            return []
        }
        if root["petition"] == nil {
            errors.add("milestones count a petition's signatures: a campaign with [[milestones]] needs a [petition] table", at: node.location)
        }
        let locales = Set(list)
        var milestones: [Milestone] = []
        for table in tables {
            guard let members = table.members else {
                errors.add("a milestone is a table: signatures = 1000, then en = \"…\"", at: table.location)
                continue
            }
            var count: Int?
            var text: [String: String] = [:]
            for (key, value) in members {
                if key == "signatures" {
                    if let number = value.number, number >= 1, number <= 100_000_000, number == number.rounded() { count = Int(number) } else {
                        errors.add("milestones.signatures must be a whole number of signatures from 1 to 100,000,000", at: value.location)
                    }
                } else if !locales.contains(key) {
                    errors.add("unknown key '\(key)' in a milestone (known: signatures and the campaign's locales, \(list.joined(separator: ", ")))",
                               at: value.location)
                } else if let line = value.string {
                    text[key] = line
                } else {
                    errors.add("milestones.\(key) must be text in quotes", at: value.location)
                }
            }
            guard let count else {
                if members.contains(where: { $0.key == "signatures" }) { continue }
                errors.add("a milestone needs signatures = N, the count at which it is reached", at: table.location)
                continue
            }
            if text[defaultLocale] == nil {
                errors.add("a milestone needs its text in the default locale: \(defaultLocale) = \"…\"", at: table.location)
            }
            if let last = milestones.last, count <= last.signatures {
                errors.add("milestones go in rising order of signatures: \(count) comes after \(last.signatures)", at: table.location)
            }
            milestones.append(Milestone(signatures: count, text: text))
        }
        return milestones
    }
}
