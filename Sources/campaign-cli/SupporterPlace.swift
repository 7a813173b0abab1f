import Campaign

/// Where a supporter is, from `--zip` or `--at` and `--district`, and the
/// targets that gives a campaign's rules.
struct SupporterPlace {
    let zip: String?
    let point: String?
    let district: String?

    static let arguments: [ArgumentSpec] = [
        .option("name", "name", help: "The caller's name."),
        .option("zip", "zip", help: "The supporter's ZIP code."),
        .option("at", "lat,lon", help: "The supporter's location instead of a ZIP code."),
        .option("district", "code", help: "The supporter's district, where their ZIP code spans several."),
    ]

    init(_ arguments: ParsedArguments) throws {
        zip = arguments.option("zip")
        point = arguments.option("at")
        district = arguments.option("district")
        if zip != nil && point != nil {
            throw UsageError("Give at most one of '--zip <zip>' and '--at <lat,lon>'.", commandPath: arguments.commandPath)
        }
    }

    /// The targets for `rules` at this place.
    func resolve(_ rules: [TargetRule], pool: DatabasePool) throws -> TargetResolver.Resolution {
        let lookup = try Lookup.load(from: pool)
        var place: LookupResult?
        if let zip { place = try lookup.locate(zip: zip, district: district) }
        if let point {
            let coordinates = try Lookup.coordinates(point)
            place = try lookup.locate(latitude: coordinates.latitude, longitude: coordinates.longitude, district: district)
        }
        let (directory, districts) = try pool.read { db in (try DirectoryStore.load(db), try DistrictStore.all(db).map(\.district)) }
        return TargetResolver(directory: directory, districts: districts).resolve(rules, place: place)
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
