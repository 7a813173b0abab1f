/// A district boundary: one or more polygons, each an outer ring with any
/// number of holes, in longitude/latitude (GeoJSON order). Points are tested
/// by the even-odd rule over all rings of a polygon, so holes are excluded
/// and islands of a multipolygon included.
public struct Boundary: Sendable, Hashable {
    /// A closed ring, stored as flat coordinate arrays for a tight loop.
    public struct Ring: Sendable, Hashable {
        public let longitudes: [Double]
        public let latitudes: [Double]

        /// The ring's vertices as (longitude, latitude) pairs.
        public var count: Int { longitudes.count }
    }

    /// A polygon: the outer ring first, holes after.
    public struct Polygon: Sendable, Hashable {
        public let rings: [Ring]
        let box: BoundingBox

        init(rings: [Ring]) {
            self.rings = rings
            box = BoundingBox(rings.first.map { zip($0.longitudes, $0.latitudes).map { ($0, $1) } } ?? [])
        }

        func contains(longitude: Double, latitude: Double) -> Bool {
            guard box.contains(longitude: longitude, latitude: latitude) else { return false }
            var inside = false
            for ring in rings {
                ring.longitudes.withUnsafeBufferPointer { xs in
                    ring.latitudes.withUnsafeBufferPointer { ys in
                        var j = xs.count - 1
                        for i in 0..<xs.count {
                            // Crossing test of a horizontal ray going east from the point.
                            if (ys[i] > latitude) != (ys[j] > latitude),
                               longitude < (xs[j] - xs[i]) * (latitude - ys[i]) / (ys[j] - ys[i]) + xs[i] {
                                inside.toggle()
                            }
                            j = i
                        }
                    }
                }
            }
            return inside
        }
    }

    public let polygons: [Polygon]
    /// The box around all polygons, to skip most districts at once.
    public let box: BoundingBox

    /// Makes a boundary from polygons given as rings of (longitude, latitude).
    public init(polygons: [[[(Double, Double)]]]) {
        self.polygons = polygons.map { rings in
            Polygon(rings: rings.map { Ring(longitudes: $0.map(\.0), latitudes: $0.map(\.1)) })
        }
        box = BoundingBox(polygons.flatMap { $0.first ?? [] })
    }

    /// One boundary of the polygons of several, as when a district is drawn
    /// as several features (a mainland and its islands).
    public init(merging parts: [Boundary]) {
        polygons = parts.flatMap(\.polygons)
        box = BoundingBox(polygons.flatMap { polygon in
            polygon.rings.first.map { zip($0.longitudes, $0.latitudes).map { ($0, $1) } } ?? []
        })
    }

    /// Whether the point lies inside.
    public func contains(longitude: Double, latitude: Double) -> Bool {
        guard box.contains(longitude: longitude, latitude: latitude) else { return false }
        return polygons.contains { $0.contains(longitude: longitude, latitude: latitude) }
    }

    /// How many vertices the boundary has.
    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }
}

/// A longitude/latitude box.
public struct BoundingBox: Sendable, Hashable {
    public let minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double

    init(_ points: [(Double, Double)]) {
        minLongitude = points.map(\.0).min() ?? 0
        maxLongitude = points.map(\.0).max() ?? 0
        minLatitude = points.map(\.1).min() ?? 0
        maxLatitude = points.map(\.1).max() ?? 0
    }

    /// Whether the point is in the box, edges included.
    public func contains(longitude: Double, latitude: Double) -> Bool {
        longitude >= minLongitude && longitude <= maxLongitude && latitude >= minLatitude && latitude <= maxLatitude
    }
}

extension Boundary {
    /// The boundary as compact GeoJSON geometry text, for storage.
    public var geoJSON: String {
        func ring(_ ring: Ring) -> String {
            "[" + zip(ring.longitudes, ring.latitudes).map { "[\($0),\($1)]" }.joined(separator: ",") + "]"
        }
        func polygon(_ polygon: Polygon) -> String { "[" + polygon.rings.map(ring).joined(separator: ",") + "]" }
        if polygons.count == 1, let only = polygons.first {
            return "{\"type\":\"Polygon\",\"coordinates\":\(polygon(only))}"
        }
        return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + polygons.map(polygon).joined(separator: ",") + "]}"
    }
}
