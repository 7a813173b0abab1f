/// Works out which districts each ZIP area reaches into, from ZIP area
/// polygons and district boundaries: a grid of points inside each ZIP area
/// is tested against the districts, and a district holding at least
/// `minimumShare` of them is counted. Shared edges between the two maps
/// never count as overlap, which an exact polygon intersection would need
/// a tolerance for.
public enum ZIPOverlay {
    /// One ZIP's share of a district.
    public struct Share: Sendable, Hashable {
        public let zip: String
        public let district: String
        /// The fraction of the ZIP area's sampled points in the district.
        public let share: Double
    }

    /// The ZIP-to-district shares, sorted by ZIP and district.
    public static func shares(zipAreas: [(zip: String, boundary: Boundary)], districts: [(code: String, boundary: Boundary)],
                              gridSize: Int = 80, minimumShare: Double = 0.02) -> [Share] {
        var result: [Share] = []
        for area in zipAreas {
            var counts: [String: Int] = [:]
            var inside = 0
            let box = area.boundary.box
            for row in 0..<gridSize {
                let latitude = box.minLatitude + (Double(row) + 0.5) / Double(gridSize) * (box.maxLatitude - box.minLatitude)
                for column in 0..<gridSize {
                    let longitude = box.minLongitude + (Double(column) + 0.5) / Double(gridSize) * (box.maxLongitude - box.minLongitude)
                    guard area.boundary.contains(longitude: longitude, latitude: latitude) else { continue }
                    inside += 1
                    if let district = districts.first(where: { $0.boundary.contains(longitude: longitude, latitude: latitude) }) {
                        counts[district.code, default: 0] += 1
                    }
                }
            }
            guard inside > 0 else { continue }
            for (code, count) in counts {
                let share = Double(count) / Double(inside)
                if share >= minimumShare { result.append(Share(zip: area.zip, district: code, share: share)) }
            }
        }
        return result.sorted { ($0.zip, DistrictStore.naturalKey("", $0.district)) < ($1.zip, DistrictStore.naturalKey("", $1.district)) }
    }
}
