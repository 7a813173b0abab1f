import ArgumentParsing
import Campaign
import Foundation

/// Where a supporter is, from `--zip` or `--at` and `--district`, and the
/// targets that gives a campaign's rules.
struct SupporterPlace {
    let zip: String?
    let point: String?
    let district: String?
    /// The day whose officeholders are targets, when not today.
    let asOf: PartialDate?

    static let callerName = Option<String?>(name: "name", valueName: "name", help: "The caller's name.")
    static let zipCode = Option<String?>(name: "zip", valueName: "zip", help: "The supporter's ZIP code.")
    static let location = Option<String?>(name: "at", valueName: "lat,lon", help: "The supporter's location instead of a ZIP code.")
    static let districtCode = Option<String?>(name: "district", valueName: "code", help: "The supporter's district, where their ZIP code spans several.")
    static let asOfDate = Option<PartialDate?>(name: "as-of", valueName: "date",
                                               help: "Take the officials in office on this day (YYYY-MM-DD) instead of today.")
    static let arguments: [any ArgumentSpec] = [callerName, zipCode, location, districtCode, asOfDate]

    init(_ arguments: ParsedArguments) throws {
        zip = try arguments[Self.zipCode]
        point = try arguments[Self.location]
        district = try arguments[Self.districtCode]
        asOf = try Self.day(arguments, Self.asOfDate)
        if zip != nil && point != nil {
            throw UsageError("Give at most one of '--zip <zip>' and '--at <lat,lon>'.", commandPath: arguments.commandPath)
        }
    }

    /// A day given to `option`, refusing a month or a year: a term may end
    /// within either.
    static func day(_ arguments: ParsedArguments, _ option: Option<PartialDate?>) throws -> PartialDate? {
        guard let date = try arguments[option] else { return nil }
        guard date.isDay else {
            throw UsageError("Invalid value '\(date)' for '--\(option.name)': give a day, e.g. 2026-11-01.", commandPath: arguments.commandPath)
        }
        return date
    }

    /// The targets for `rules` at this place, with the officials in office
    /// on the `--as-of` day, else on `today`; with no database, none are
    /// found and each rule is left pending.
    func resolve(_ rules: [TargetRule], pool: DatabasePool?, today: Date) throws -> TargetResolver.Resolution {
        let lookup = try pool.map { try Lookup.load(from: $0) } ?? Lookup(directory: Directory(), districts: [], jurisdictionZIPs: [])
        var place: LookupResult?
        if let zip { place = try lookup.locate(zip: zip, district: district) }
        if let point {
            let coordinates = try Lookup.coordinates(point)
            place = try lookup.locate(latitude: coordinates.latitude, longitude: coordinates.longitude, district: district)
        }
        let (directory, districts) = try pool?.read { db in (try DirectoryStore.load(db), try DistrictStore.all(db).map(\.district)) } ?? (Directory(), [])
        return TargetResolver(directory: directory, districts: districts).resolve(rules, place: place, on: asOf ?? PartialDate(today))
    }

    /// The campaign's language for a requested one; asking for a language
    /// the campaign is not in is an error rather than a quiet fallback.
    static func locale(_ requested: String?, for campaign: CampaignDefinition) throws -> String {
        guard let requested else { return campaign.defaultLocale }
        let chosen = LocaleNegotiation.choose(explicit: requested, acceptLanguage: nil, campaignDefault: campaign.defaultLocale, available: campaign.locales)
        guard LocaleTag.language(of: requested) == LocaleTag.language(of: chosen) else {
            throw InputError("--lang: the campaign is in \(campaign.locales.joined(separator: ", ")), not \(requested)")
        }
        return chosen
    }
}
