/// What a lookup found: the jurisdictions and districts a place may lie in,
/// and the officials who represent it.
public struct LookupResult: Sendable {
    /// A jurisdiction the place lies in, most local first.
    public struct Area: Sendable {
        public let jurisdiction: Jurisdiction
        /// The districts the place may lie in; several when a ZIP spans them.
        public let districts: [District]
        /// When the jurisdiction has districts but the place did not settle
        /// on one, all of them, so the caller can offer the choice.
        public let choices: [District]
    }

    /// An office that represents the place, with whoever holds it.
    public struct Representative: Sendable {
        public let office: Office
        public let jurisdiction: Jurisdiction
        /// The district the office represents, for a district seat.
        public let district: District?
        /// The holders; empty for an office the directory names no one for.
        public let officials: [Official]
    }

    public let areas: [Area]
    public let representatives: [Representative]

    /// Whether the place matched nothing in the directory.
    public var isEmpty: Bool { areas.isEmpty }
}
