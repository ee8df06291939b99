import GeoFormats

/// Geometries as PostGIS takes them in COPY text: hexadecimal EWKB (little-endian WKB with the
/// SRID flag and SRID 4326 in the top-level header), every ordinate its exact double.
enum PostGISGeometry {
    static let srid: UInt32 = 4326

    /// `geometry(<type>,4326)` type name of WKB type code `code`.
    static let typeNames: [UInt32: String] = [1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint",
                                              5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"]

    /// `g` as the column type `type` holds it: a single geometry as the one-part multi geometry of a
    /// `Multi…` column; nil when the column cannot hold it.
    static func fitted(_ g: GeoJSON.Geometry, to type: String) -> GeoJSON.Geometry? {
        switch (g, type) {
        case (.point(let c), "MultiPoint"): return .multiPoint([c])
        case (.lineString(let cs), "MultiLineString"): return .multiLineString([cs])
        case (.polygon(let rings), "MultiPolygon"): return .multiPolygon([rings])
        default:
            if type == "Geometry" { return g }
            return typeNames[WKB.typeCode(g)] == type ? g : nil
        }
    }

    /// Appends the hexadecimal EWKB of `g` (SRID 4326) to `out`.
    static func appendHexEWKB(_ g: GeoJSON.Geometry, to out: inout [UInt8]) {
        var wkb = WKB.bytes(g)  // [byte order = 1][type: UInt32 LE][body]
        let type = UInt32(wkb[1]) | UInt32(wkb[2]) << 8 | UInt32(wkb[3]) << 16 | UInt32(wkb[4]) << 24
        let flagged = type | 0x2000_0000  // EWKB: an SRID follows the type
        var header: [UInt8] = [wkb[0]]
        for v in [flagged, srid] { for i in 0..<4 { header.append(UInt8((v >> (8 * UInt32(i))) & 0xFF)) } }
        wkb.replaceSubrange(0..<5, with: header)
        let digits = Array("0123456789ABCDEF".utf8)
        out.reserveCapacity(out.count + wkb.count * 2)
        for b in wkb { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
    }
}
