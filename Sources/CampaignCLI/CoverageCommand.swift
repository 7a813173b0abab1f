import ArgumentParsing
import Campaign
import Foundation

/// `campaign coverage SLUG`: what each target rule reaches, and the holes.
struct CoverageCommand: Command {
    static let name = "coverage"
    static let abstract = "Show what each target rule of a campaign reaches, and the holes to fill before launch."
    static let discussion = """
        For each rule: the jurisdictions it reaches; for a supporter's own official (own = "…"), how many ZIP codes and \
        district boundaries place a supporter there; the districts its seats name; each seat with whoever is in office \
        today (or on the --as-of day). Holes: not-in-directory (the rule names what the directory lacks), no-zip-table \
        (no ZIP code places a supporter in the jurisdiction), no-district-zips (no ZIP code tells the district), \
        no-boundaries (districts seats name have no boundaries, so a location cannot tell the district), no-seat (districts \
        no seat of the role names), vacant-seat (no one in office), not-in-office (an official named by id whose term ended \
        or has not begun), no-contact (an official with neither a phone number nor an e-mail address, nor has their office). \
        Each hole says what to run. ZIP codes and boundaries matter only to own = rules. Exit status 0 with holes too: it is \
        a report. check and publish print the number of holes and the first few.
        """
    enum Format: String, CaseIterable, ExpressibleByArgument { case text, json }
    static let campaignName = Positional<String>(name: "campaign", help: "A published campaign's slug, or a campaign folder.")
    static let format = Option<Format>(name: "format", default: .text, valueName: "format", help: "How to print the report.")
    static let asOf = Option<PartialDate?>(name: "as-of", valueName: "date", help: "Count the officials in office on this day (YYYY-MM-DD) instead of today.")
    static let arguments: [any ArgumentSpec] = [campaignName, asOf, format, CampaignFiles.templates]
    let campaign: String
    let day: PartialDate?
    let format: Format
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        campaign = try arguments[Self.campaignName]
        day = try SupporterPlace.day(arguments, Self.asOf)
        format = try arguments[Self.format]
        files = try CampaignFiles(arguments)
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        let folder = try PublishedCampaigns.folder(campaign, pool: pool, roles: files.roles()).folder
        let coverage = try Self.coverage(of: folder.definition, pool: pool, on: day ?? PartialDate(context.clock.now()))
        switch format {
        case .json: context.output.write(json(coverage, slug: folder.definition.slug).rendered())
        case .text: context.output.write(text(coverage, slug: folder.definition.slug))
        }
    }

    /// The coverage of `campaign`'s rules over the database's directory, districts and ZIP codes.
    static func coverage(of campaign: CampaignDefinition, pool: DatabasePool, on day: PartialDate) throws -> CampaignCoverage {
        try pool.read { db in
            CampaignCoverage(rules: campaign.targets, directory: try DirectoryStore.load(db), districts: try DistrictStore.all(db),
                             jurisdictionZIPs: try DistrictStore.jurisdictionZIPs(db), on: day)
        }
    }

    // MARK: - Text

    private func text(_ coverage: CampaignCoverage, slug: String) -> String {
        let count = coverage.holes.count
        var lines = ["Coverage of \(slug) on \(coverage.day): \(coverage.rules.count) rule\(coverage.rules.count == 1 ? "" : "s"), "
                     + "\(count) hole\(count == 1 ? "" : "s")."]
        for rule in coverage.rules {
            lines.append("")
            lines.append("\(rule.index + 1). \(rule.summary)")
            for reach in rule.reach {
                var line = "   \(reach.jurisdiction.name)"
                if rule.placesSupporter {
                    let byZIP = reach.zipCount > 0 ? "yes (\(Self.count(reach.zipCount, "ZIP code")))"
                        : reach.zipsWithin.isEmpty ? "no" : "only within " + reach.zipsWithin.map(\.name).joined(separator: ", ")
                    let byLocation = reach.boundaryCount > 0 ? "yes (\(Self.count(reach.boundaryCount, "district boundary", "district boundaries")))"
                        : reach.boundariesWithin.isEmpty ? "no" : "only within " + reach.boundariesWithin.map(\.name).joined(separator: ", ")
                    line += ": by ZIP code " + byZIP + ", by location " + byLocation
                }
                lines.append(line)
                if !reach.districts.isEmpty {
                    let bounded = reach.districts.filter(\.hasBoundary).count
                    let zipped = reach.districts.filter { $0.zipCount > 0 }.count
                    let kinds = Set(reach.districts.map(\.district.kind))
                    let kind = kinds.count == 1 ? (kinds.first ?? "district").replacingOccurrences(of: "-", with: " ") : "district"
                    lines.append("     \(Self.count(reach.districts.count, kind)): \(bounded) with a boundary, \(zipped) with ZIP codes")
                }
                for seat in reach.seats {
                    var place = seat.office.title(in: "en")
                    if let district = seat.district { place += " (\(district.name))" } else if !seat.office.seat.isEmpty { place += " (\(seat.office.seat))" }
                    let who = seat.holders.isEmpty ? "no one in office" : seat.holders.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")
                    lines.append("     \(place): \(who)")
                }
            }
            if rule.holes.isEmpty {
                lines.append("   No holes.")
            } else {
                for hole in rule.holes { lines.append("   hole (\(hole.kind.rawValue)): \(hole.message)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) " + (number == 1 ? singular : plural ?? singular + "s")
    }

    // MARK: - JSON

    private func json(_ coverage: CampaignCoverage, slug: String) -> JSONOutput {
        func number(_ value: Int) -> JSONOutput { .number(Double(value)) }
        func hole(_ hole: CampaignCoverage.Hole) -> JSONOutput {
            .object([("kind", .string(hole.kind.rawValue)), ("jurisdiction", .string(hole.jurisdictionID)),
                     ("summary", .string(hole.summary)), ("message", .string(hole.message))])
        }
        func rule(_ rule: CampaignCoverage.RuleCoverage) -> JSONOutput {
            var fields: [(String, JSONOutput)] = [("index", number(rule.index + 1)), ("summary", .string(rule.summary))]
            switch rule.rule {
            case .official(let id): fields += [("kind", .string("official")), ("official", .string(id))]
            case let .office(role, jurisdiction): fields += [("kind", .string("role")), ("role", .string(role)), ("jurisdiction", .string(jurisdiction))]
            case let .own(role, jurisdiction): fields += [("kind", .string("own")), ("role", .string(role)), ("jurisdiction", .string(jurisdiction))]
            }
            fields.append(("jurisdictions", .array(rule.reach.map { reach in
                .object([
                    ("id", .string(reach.jurisdiction.id)), ("name", .string(reach.jurisdiction.name)),
                    ("zip_codes", number(reach.zipCount)), ("zip_codes_within", .array(reach.zipsWithin.map { .string($0.id) })),
                    ("boundaries", number(reach.boundaryCount)), ("boundaries_within", .array(reach.boundariesWithin.map { .string($0.id) })),
                    ("districts", .array(reach.districts.map { district in
                        .object([("code", .string(district.district.code)), ("name", .string(district.district.name)),
                                 ("kind", .string(district.district.kind)), ("boundary", .bool(district.hasBoundary)),
                                 ("zip_codes", number(district.zipCount))])
                    })),
                    ("seats", .array(reach.seats.map { seat in
                        .object([("office", .string(seat.office.id)), ("title", .string(seat.office.title(in: "en"))),
                                 ("seat", .string(seat.office.seat)), ("district", .string(seat.office.districtCode)),
                                 ("holders", .array(seat.holders.map { official in
                                     .object([("id", .string(official.id)), ("name", .string(official.name)),
                                              ("term_end", .string(official.termEnd?.description))])
                                 }))])
                    })),
                ])
            })))
            fields.append(("holes", .array(rule.holes.map(hole))))
            return .object(fields)
        }
        return .object([("campaign", .string(slug)), ("as_of", .string(coverage.day.description)),
                        ("holes", number(coverage.holes.count)), ("rules", .array(coverage.rules.map(rule)))])
    }
}
