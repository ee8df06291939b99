import Coordinates
import GeoFormats

/// GeoPackage binary geometry (GeoPackage 1.3 §2.1.3): the `GP` header — version 0, flags
/// (little-endian, envelope [minx, maxx, miny, maxy] except for points, empty bit), the SRS id —
/// then the geometry as ISO WKB.
enum GeoPackageGeometry {
    struct Envelope {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        var isEmpty: Bool { minX > maxX }

        mutating func add(_ c: Coordinate) {
            minX = min(minX, c.longitude); maxX = max(maxX, c.longitude)
            minY = min(minY, c.latitude); maxY = max(maxY, c.latitude)
        }

        mutating func add(_ e: Envelope) {
            guard !e.isEmpty else { return }
            minX = min(minX, e.minX); maxX = max(maxX, e.maxX)
            minY = min(minY, e.minY); maxY = max(maxY, e.maxY)
        }
    }

    static func envelope(_ g: GeoJSON.Geometry) -> Envelope {
        var e = Envelope()
        func walk(_ g: GeoJSON.Geometry) {
            switch g {
            case .point(let c): e.add(c)
            case .multiPoint(let cs), .lineString(let cs): cs.forEach { e.add($0) }
            case .multiLineString(let ls), .polygon(let ls): ls.forEach { $0.forEach { e.add($0) } }
            case .multiPolygon(let ps): ps.forEach { $0.forEach { $0.forEach { e.add($0) } } }
            case .geometryCollection(let gs): gs.forEach(walk)
            }
        }
        walk(g)
        return e
    }

    /// The blob of `g` in SRS `srsID`, and its envelope.
    static func blob(_ g: GeoJSON.Geometry, srsID: Int32) -> (bytes: [UInt8], envelope: Envelope) {
        let e = envelope(g)
        var isPoint = false
        if case .point = g { isPoint = true }
        let withEnvelope = !isPoint && !e.isEmpty
        var out: [UInt8] = [0x47, 0x50, 0]  // "GP", version 0 (= GeoPackage 1.x)
        var flags: UInt8 = 1  // little-endian
        if withEnvelope { flags |= 1 << 1 }
        if e.isEmpty { flags |= 1 << 4 }
        out.append(flags)
        WKB.uint32(UInt32(bitPattern: srsID), &out)
        if withEnvelope {
            for v in [e.minX, e.maxX, e.minY, e.maxY] { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        }
        WKB.append(g, to: &out)
        return (out, e)
    }

    /// A single geometry as the one-part multi geometry of a table declared multi (GeoPackage
    /// requirement 32: every geometry is of the declared type or a subtype of it).
    static func promoted(_ g: GeoJSON.Geometry, to typeName: String) -> GeoJSON.Geometry {
        switch (g, typeName) {
        case (.point(let c), "MULTIPOINT"): .multiPoint([c])
        case (.lineString(let cs), "MULTILINESTRING"): .multiLineString([cs])
        case (.polygon(let rings), "MULTIPOLYGON"): .multiPolygon([rings])
        default: g
        }
    }

    /// `gpkg_geometry_columns.geometry_type_name` for a table holding these geometry types:
    /// the one type, or its multi type when single and multi mix, else GEOMETRY.
    static func typeName(_ codes: Set<UInt32>) -> String {
        let names: [UInt32: String] = [1: "POINT", 2: "LINESTRING", 3: "POLYGON", 4: "MULTIPOINT", 5: "MULTILINESTRING",
                                       6: "MULTIPOLYGON", 7: "GEOMETRYCOLLECTION"]
        if codes.count == 1, let c = codes.first { return names[c]! }
        for (single, multi) in [(UInt32(1), UInt32(4)), (2, 5), (3, 6)] where codes == [single, multi] { return names[multi]! }
        return "GEOMETRY"
    }
}
