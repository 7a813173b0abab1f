/// Reads GeoJSON (RFC 7946) Polygon and MultiPolygon geometries into a
/// `Boundary`, checking what a broken export gets wrong: unclosed rings,
/// too few points, coordinates out of range or in latitude/longitude order,
/// or another coordinate system named in a `crs` member.
public enum GeoJSONGeometry {
    /// Refuses an object whose `crs` member (GeoJSON 2008; RFC 7946 dropped
    /// it) names a system other than longitude/latitude in degrees, such as
    /// a State Plane projection in feet: its coordinates would otherwise be
    /// taken for degrees, or refused without the cause. CRS84 and EPSG:4326
    /// in any of their spellings are accepted, as is an absent or null `crs`.
    public static func checkCoordinateSystem(of object: JSONNode) throws {
        guard let crs = object["crs"], !crs.isNull else { return }
        let name: String
        switch crs["type"]?.string {
        case "name":
            guard let text = crs["properties"]?["name"]?.string else {
                throw InputError("a \"crs\" of type name needs properties.name", at: crs.location)
            }
            if isLongitudeLatitude(text) { return }
            name = text
        case "link":
            name = crs["properties"]?["href"]?.string ?? "a linked definition"
        default:
            throw InputError("a \"crs\" member must be of type name or link", at: crs.location)
        }
        throw InputError("coordinates are in \(name), as the \"crs\" member says; district boundaries must be longitude and latitude "
                         + "in degrees (CRS84 or EPSG:4326): reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson",
                         at: crs.location)
    }

    /// Whether a coordinate system name means longitude/latitude on WGS 84:
    /// CRS84 (`urn:ogc:def:crs:OGC:1.3:CRS84`, `…/def/crs/OGC/1.3/CRS84`) or
    /// EPSG:4326 (`EPSG:4326`, `urn:ogc:def:crs:EPSG::4326`, `…/def/crs/EPSG/0/4326`).
    static func isLongitudeLatitude(_ name: String) -> Bool {
        let parts = name.lowercased().split(whereSeparator: { $0 == ":" || $0 == "/" })
        guard let code = parts.last else { return false }
        return code == "crs84" || (code == "4326" && parts.contains("epsg"))
    }

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
