/// How a signer's or caller's district was known, and which districts it
/// gave: what a signature and a call report keep of where the person lives,
/// instead of their address or position.
public struct DistrictResolution: Sendable, Equatable {
    /// How the districts were found.
    public enum Method: String, Sendable, CaseIterable {
        /// The person chose their district on the form.
        case chosen
        /// Their browser's position, with their consent.
        case located
        /// The street address they typed, through the operator's geocoder.
        case geocoded
        /// Only their ZIP code: where it spans districts, each is possible.
        case zip
    }

    public var method: Method
    /// The districts the place lies in; for `.zip`, also those it may lie
    /// in where the ZIP code spans several of a jurisdiction's districts.
    /// Sorted, each once.
    public private(set) var districts: [DistrictReference]

    public init(method: Method, districts: [DistrictReference]) {
        self.method = method
        self.districts = Array(Set(districts)).sorted()
    }

    /// Nothing known but the ZIP code.
    public static let zipOnly = DistrictResolution(method: .zip, districts: [])

    /// Reads the stored columns; an unknown method reads as `.zip`, and
    /// text that is not a reference is skipped.
    public init(storedMethod: String, storedDistricts: String) {
        self.init(method: Method(rawValue: storedMethod) ?? .zip,
                  districts: storedDistricts.split(separator: " ").compactMap(DistrictReference.init(stored:)))
    }

    /// The `districts` column: references separated by spaces.
    public var storedDistricts: String { districts.map(\.description).joined(separator: " ") }

    /// The codes of the districts of `jurisdictionID` it names.
    public func codes(in jurisdictionID: String) -> [String] {
        districts.filter { $0.jurisdictionID == jurisdictionID }.map(\.code)
    }

    /// Whether the person said or showed where they live, rather than only a ZIP code.
    public var isExact: Bool { method != .zip }
}
