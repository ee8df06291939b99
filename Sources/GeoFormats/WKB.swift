import Coordinates

/// Well-Known Binary (ISO/OGC SFA 1.2.1), two-dimensional, little-endian: what a GeoPackage
/// geometry blob carries after its header. Written straight from the GeoJSON values, so every
/// ordinate keeps its exact double; `GeoFormatsTests` checks it byte for byte against GEOS's WKB
/// writer.
public enum WKB {
    /// The geometry as WKB.
    public static func bytes(_ geometry: GeoJSON.Geometry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(21)
        append(geometry, to: &out)
        return out
    }

    /// Appends the geometry's WKB to `out`.
    public static func append(_ geometry: GeoJSON.Geometry, to out: inout [UInt8]) {
        switch geometry {
        case .point(let c):
            header(1, &out)
            point(c, &out)
        case .lineString(let cs):
            header(2, &out)
            points(cs, &out)
        case .polygon(let rings):
            header(3, &out)
            count(rings.count, &out)
            for r in rings { points(r, &out) }
        case .multiPoint(let cs):
            header(4, &out)
            count(cs.count, &out)
            for c in cs { header(1, &out); point(c, &out) }
        case .multiLineString(let lines):
            header(5, &out)
            count(lines.count, &out)
            for l in lines { header(2, &out); points(l, &out) }
        case .multiPolygon(let polygons):
            header(6, &out)
            count(polygons.count, &out)
            for p in polygons {
                header(3, &out)
                count(p.count, &out)
                for r in p { points(r, &out) }
            }
        case .geometryCollection(let gs):
            header(7, &out)
            count(gs.count, &out)
            for g in gs { append(g, to: &out) }
        }
    }

    /// The WKB geometry type code (2-D) of a geometry.
    public static func typeCode(_ geometry: GeoJSON.Geometry) -> UInt32 {
        switch geometry {
        case .point: 1
        case .lineString: 2
        case .polygon: 3
        case .multiPoint: 4
        case .multiLineString: 5
        case .multiPolygon: 6
        case .geometryCollection: 7
        }
    }

    private static func header(_ type: UInt32, _ out: inout [UInt8]) {
        out.append(1)  // little-endian (NDR)
        uint32(type, &out)
    }

    private static func count(_ n: Int, _ out: inout [UInt8]) { uint32(UInt32(n), &out) }

    private static func points(_ cs: [Coordinate], _ out: inout [UInt8]) {
        count(cs.count, &out)
        for c in cs { point(c, &out) }
    }

    private static func point(_ c: Coordinate, _ out: inout [UInt8]) {
        double(c.longitude, &out)
        double(c.latitude, &out)
    }

    public static func uint32(_ v: UInt32, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    public static func double(_ v: Double, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
}
