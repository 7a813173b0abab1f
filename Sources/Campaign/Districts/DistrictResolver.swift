/// Finds the districts a signer or caller lives in, as far as a campaign's
/// targets need them: a ward councilmember hears from their own ward, so
/// where a ZIP code spans wards the person is asked, located or geocoded.
///
/// The same rules serve the sign form, the call page and `campaign
/// signatures resolve`, so a signature and a call report are matched to
/// officials alike.
public struct DistrictResolver: Sendable {
    /// What is known of the person's place.
    public struct Evidence: Sendable {
        /// The ZIP code they gave (five digits or ZIP+4).
        public var zip: String
        /// The districts they chose on the form, one per jurisdiction asked
        /// about: a code, or a reference with its jurisdiction ("jurisdiction-id#code").
        public var chosen: [String]
        /// They said they do not know their district: the ZIP code's possible districts are kept.
        public var unsure: Bool
        /// Where they are, from their browser or their street address.
        public var point: Point?

        public init(zip: String, chosen: [String] = [], unsure: Bool = false, point: Point? = nil) {
            self.zip = zip
            self.chosen = chosen.filter { !$0.isEmpty }
            self.unsure = unsure
            self.point = point
        }
    }

    /// A position and how it was had.
    public struct Point: Sendable, Equatable {
        public var latitude: Double
        public var longitude: Double
        /// `.located` (the browser) or `.geocoded` (a street address).
        public var method: DistrictResolution.Method

        public init(latitude: Double, longitude: Double, method: DistrictResolution.Method) {
            self.latitude = latitude
            self.longitude = longitude
            self.method = method
        }
    }

    /// What the evidence gave.
    public enum Answer: Sendable, Equatable {
        /// Enough to match the person to every district seat the campaign targets.
        case resolved(DistrictResolution)
        /// Jurisdictions whose district is still open, with the districts to
        /// choose from; `pointMissed` when a position was given and lies in
        /// none of them.
        case needsDistrict([LookupResult.Area], pointMissed: Bool)
    }

    public let lookup: Lookup
    /// The jurisdictions whose district seats the campaign targets.
    public let asked: Set<String>

    /// A resolver for a campaign whose district-seat targets lie in `asked`
    /// (`TargetResolver.districtSeatJurisdictions`).
    public init(lookup: Lookup, asked: Set<String>) {
        self.lookup = lookup
        self.asked = asked
    }

    /// The jurisdictions of `zip` asked about whose district the ZIP code
    /// leaves open; empty when it settles them all, or is not known.
    public func openAreas(zip: String) -> [LookupResult.Area] {
        guard !asked.isEmpty, let place = try? lookup.areas(zip: zip) else { return [] }
        return Self.open(place, asked: asked)
    }

    /// Resolves what is known: a position settles what it can, then the
    /// districts chosen, then (when the person is unsure) the ZIP code alone.
    public func resolve(_ evidence: Evidence) -> Answer {
        // A campaign with no district seats needs no district: nothing is looked up.
        if asked.isEmpty && evidence.point == nil { return .resolved(.zipOnly) }
        let zipPlace = try? lookup.areas(zip: evidence.zip)
        // What the ZIP code settles, in every jurisdiction; and what it leaves open in those asked about.
        let certain = zipPlace?.areas.filter { $0.districts.count == 1 }.flatMap(\.districts).map(DistrictReference.init) ?? []
        let open = zipPlace.map { Self.open($0, asked: asked) } ?? []
        if let point = evidence.point, let located = try? lookup.areas(latitude: point.latitude, longitude: point.longitude) {
            let settled = located.areas.filter { $0.districts.count == 1 }
            let missed = open.filter { area in !settled.contains { $0.jurisdiction.id == area.jurisdiction.id } }
            if missed.isEmpty {
                let pointJurisdictions = Set(located.areas.map(\.jurisdiction.id))
                let kept = certain.filter { !pointJurisdictions.contains($0.jurisdictionID) }
                return .resolved(DistrictResolution(method: point.method, districts: settled.flatMap(\.districts).map(DistrictReference.init) + kept))
            }
            if !evidence.unsure && evidence.chosen.isEmpty { return .needsDistrict(missed, pointMissed: true) }
        }
        guard !open.isEmpty else { return .resolved(DistrictResolution(method: .zip, districts: certain)) }
        var picked: [DistrictReference] = []
        var unanswered: [LookupResult.Area] = []
        for area in open {
            // A choice qualified by its jurisdiction ("jurisdiction-id#code") first, then a bare code.
            let choices = area.choices.map(DistrictReference.init)
            if let reference = choices.first(where: { evidence.chosen.contains($0.description) })
                ?? choices.first(where: { evidence.chosen.contains($0.code) }) {
                picked.append(reference)
            } else {
                unanswered.append(area)
            }
        }
        if !unanswered.isEmpty && !evidence.unsure {
            return .needsDistrict(unanswered, pointMissed: false)
        }
        // Where the person did not know, every district the ZIP code may lie in is kept.
        let possible = unanswered.flatMap { $0.choices }.map(DistrictReference.init)
        return .resolved(DistrictResolution(method: picked.isEmpty ? .zip : .chosen, districts: certain + picked + possible))
    }

    /// The areas of `place` in `asked` whose district is open.
    private static func open(_ place: LookupResult, asked: Set<String>) -> [LookupResult.Area] {
        place.areas.filter { asked.contains($0.jurisdiction.id) && $0.districts.count != 1 && !$0.choices.isEmpty }
    }
}
