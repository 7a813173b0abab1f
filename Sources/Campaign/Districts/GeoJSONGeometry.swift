/// Reads GeoJSON (RFC 7946) Polygon and MultiPolygon geometries into a
/// `Boundary`, checking what a broken export gets wrong: unclosed rings,
/// too few points, coordinates out of range or in latitude/longitude order.
public enum GeoJSONGeometry {
    /// The boundary a geometry node describes.
    public static func boundary(from geometry: JSONNode) throws -> Boundary {
        guard let type = geometry["type"]?.string else {
            throw InputError("a geometry needs a \"type\" of Polygon or MultiPolygon", at: geometry.location)
        }
        guard let coordinates = geometry["coordinates"] else { throw InputError("a \(type) needs \"coordinates\"", at: geometry.location) }
        switch type {
        case "Polygon":
            return Boundary(polygons: [try polygon(coordinates)])
        case "MultiPolygon":
            guard let polygons = coordinates.array, !polygons.isEmpty else {
                throw InputError("MultiPolygon coordinates must be a non-empty array of polygons", at: coordinates.location)
            }
            return Boundary(polygons: try polygons.map(polygon))
        default:
            throw InputError("unsupported geometry type '\(type)'; a district boundary is a Polygon or MultiPolygon", at: geometry["type"]?.location)
        }
    }

    private static func polygon(_ node: JSONNode) throws -> [[(Double, Double)]] {
        guard let rings = node.array, !rings.isEmpty else {
            throw InputError("a polygon must be a non-empty array of rings", at: node.location)
        }
        return try rings.map { ring in
            guard let positions = ring.array else { throw InputError("a ring must be an array of positions", at: ring.location) }
            guard positions.count >= 4 else {
                throw InputError("a ring needs at least 4 positions (it has \(positions.count))", at: ring.location)
            }
            let points = try positions.map(position)
            guard let first = points.first, let last = points.last, first == last else {
                throw InputError("ring is not closed: its last position must repeat its first", at: positions.last?.location ?? ring.location)
            }
            return points
        }
    }

    private static func position(_ node: JSONNode) throws -> (Double, Double) {
        guard let values = node.array, values.count >= 2, let longitude = values[0].number, let latitude = values[1].number else {
            throw InputError("a position must be [longitude, latitude]", at: node.location)
        }
        guard (-180...180).contains(longitude), (-90...90).contains(latitude) else {
            throw InputError("position [\(values[0].quoted), \(values[1].quoted)] is out of range; GeoJSON is [longitude, latitude] in degrees", at: node.location)
        }
        return (longitude, latitude)
    }
}
