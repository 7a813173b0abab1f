/// Validates Open Civic Data identifiers: divisions such as
/// `ocd-division/country:us/state:wa/place:seattle`, and organizations such
/// as `ocd-organization/us-conference-of-mayors` for bodies that are not
/// places.
public enum OCDIdentifier {
    /// Why `id` is not a valid OCD id, or nil when it is.
    public static func problem(with id: String) -> String? {
        if id.hasPrefix("ocd-organization/") {
            let name = id.dropFirst("ocd-organization/".count)
            return !name.isEmpty && name.allSatisfy(isValueCharacter)
                ? nil : "an organization id is 'ocd-organization/' and a lowercase name of letters, digits, '_', '.', '~' or '-'"
        }
        guard id.hasPrefix("ocd-division/") else {
            return "an OCD id starts with 'ocd-division/' (or 'ocd-organization/')"
        }
        let segments = id.dropFirst("ocd-division/".count).split(separator: "/", omittingEmptySubsequences: false)
        guard let first = segments.first, first.hasPrefix("country:") else {
            return "an OCD division id starts with 'ocd-division/country:', e.g. ocd-division/country:us/state:wa/place:seattle"
        }
        for segment in segments {
            let parts = segment.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return "segment '\(segment)' must be type:value" }
            guard !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLowercase && $0.isASCII || $0 == "_" }) else {
                return "segment type '\(parts[0])' must be lowercase letters or '_'"
            }
            guard !parts[1].isEmpty, parts[1].allSatisfy(isValueCharacter) else {
                return "segment value '\(parts[1])' must be lowercase letters, digits, '_', '.', '~' or '-'"
            }
        }
        if segments[0] != "country:us" || segments.count == 1 { return nil }
        // US divisions nest in a known way; a typo such as "st:wa" is caught here.
        let knownTypes: Set<Substring> = ["state", "district", "territory", "county", "place", "ward", "council_district",
                                          "cd", "sldu", "sldl", "parish", "borough", "precinct", "school_district"]
        for segment in segments.dropFirst() {
            let type = segment.split(separator: ":")[0]
            if !knownTypes.contains(type) { return "unknown division type '\(type)' for the United States" }
        }
        return nil
    }

    /// Whether `id` names an organization rather than a division.
    public static func isOrganization(_ id: String) -> Bool { id.hasPrefix("ocd-organization/") }

    private static func isValueCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLowercase || character.isNumber || "_.~-".contains(character))
    }
}
