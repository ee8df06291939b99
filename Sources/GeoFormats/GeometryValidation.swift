import Coordinates

/// The geometry rules every GeoFormats reader enforces and every writer checks before writing, so
/// that whatever we write we can read back:
/// - coordinates finite, longitude in [-180, 180], latitude in [-90, 90];
/// - a LineString (alone or in a MultiLineString) has at least 2 positions;
/// - a Polygon (alone or in a MultiPolygon) has at least one ring; each ring has at least 4 positions
///   and is closed (first == last exactly);
/// - empty MultiPoint / MultiLineString / MultiPolygon / GeometryCollection are allowed.
public enum GeometryValidation {
    /// The first problem in `geometry`, as a message, or nil when it is valid.
    public static func problem(in geometry: GeoJSON.Geometry) -> String? {
        problem(in: geometry, depth: 0)
    }

    private static func problem(in geometry: GeoJSON.Geometry, depth: Int) -> String? {
        switch geometry {
        case .point(let c):
            return problem(c)
        case .multiPoint(let cs):
            for c in cs { if let p = problem(c) { return p } }
            return nil
        case .lineString(let cs):
            return lineProblem(cs, "LineString")
        case .multiLineString(let lines):
            for (i, l) in lines.enumerated() { if let p = lineProblem(l, "MultiLineString line \(i)") { return p } }
            return nil
        case .polygon(let rings):
            return polygonProblem(rings, "Polygon")
        case .multiPolygon(let polygons):
            for (i, rings) in polygons.enumerated() { if let p = polygonProblem(rings, "MultiPolygon polygon \(i)") { return p } }
            return nil
        case .geometryCollection(let gs):
            if depth >= JSONParser.maxDepth / 2 { return "GeometryCollections nested deeper than \(JSONParser.maxDepth / 2) levels" }
            for g in gs { if let p = problem(in: g, depth: depth + 1) { return p } }
            return nil
        }
    }

    @inline(__always)
    static func problem(_ c: Coordinate) -> String? {
        if c.longitude >= -180 && c.longitude <= 180 && c.latitude >= -90 && c.latitude <= 90 { return nil }
        if !(c.longitude >= -180 && c.longitude <= 180) { return "longitude \(c.longitude) outside [-180, 180]" }
        return "latitude \(c.latitude) outside [-90, 90]"
    }

    static func lineProblem(_ cs: [Coordinate], _ which: String) -> String? {
        if cs.count < 2 { return "\(which) has \(cs.count) position\(cs.count == 1 ? "" : "s"); it needs at least 2" }
        for c in cs { if let p = problem(c) { return p } }
        return nil
    }

    static func polygonProblem(_ rings: [[Coordinate]], _ which: String) -> String? {
        if rings.isEmpty { return "\(which) has no rings" }
        for (i, ring) in rings.enumerated() {
            if let p = ringProblem(ring, "\(which) ring \(i)") { return p }
        }
        return nil
    }

    static func ringProblem(_ ring: [Coordinate], _ which: String) -> String? {
        if ring.count < 4 { return "\(which) has \(ring.count) position\(ring.count == 1 ? "" : "s"); a linear ring needs at least 4" }
        for c in ring { if let p = problem(c) { return p } }
        if ring[0] != ring[ring.count - 1] {
            return "\(which) is not closed: first position \(ring[0]) differs from last \(ring[ring.count - 1])"
        }
        return nil
    }
}
