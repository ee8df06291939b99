import Coordinates
import GeoFormats
import Geodesy
import PostgreSQL

/// The transformation to WGS84 of every SRID met in a source, built once per SRID through PROJ
/// from the database's own definition (`spatial_ref_sys`: `auth_name:auth_srid`, e.g. EPSG:32643,
/// or its WKT when it has no authority). SRID 4326 is taken as it is (bit for bit).
final class SRIDTransforms {
    let connection: PostgresConnection
    let name: String
    private var transforms: [Int32: CRSTransformation] = [:]

    init(connection: PostgresConnection, name: String) {
        self.connection = connection
        self.name = name
    }

    /// `geometry` (in `srid`) in WGS84; throws a one-line reason.
    func wgs84(_ geometry: GeoJSON.Geometry, srid: Int32) throws -> GeoJSON.Geometry {
        if srid == 4326 { return geometry }
        guard srid > 0 else {
            throw Reason("a geometry without an SRID (0): give it one in a query (ST_SetSRID(geom, 4326) for longitude/latitude)")
        }
        let t = try transform(srid)
        var failed = 0
        func map(_ cs: [Coordinate]) -> [Coordinate] {
            var out = cs
            failed += t.transform(&out)
            return out
        }
        let out: GeoJSON.Geometry = SRIDTransforms.mapCoordinates(geometry, map)
        guard failed == 0 else { throw Reason("PROJ cannot transform \(failed) position\(failed == 1 ? "" : "s") from SRID \(srid) to WGS84") }
        return out
    }

    func transform(_ srid: Int32) throws -> CRSTransformation {
        if let t = transforms[srid] { return t }
        let r = try connection.query("SELECT auth_name, auth_srid, srtext FROM spatial_ref_sys WHERE srid = $1::int", [String(srid)])
        guard r.rowCount == 1 else { throw Reason("SRID \(srid) is not in the database's spatial_ref_sys") }
        let crs: String
        if let auth = r.string(0, 0), !auth.isEmpty, let code = r.string(0, 1) {
            crs = "\(auth):\(code)"
        } else if let wkt = r.string(0, 2), !wkt.isEmpty {
            crs = wkt
        } else {
            throw Reason("SRID \(srid) has no authority code or WKT in spatial_ref_sys")
        }
        let t: CRSTransformation
        do {
            t = try CRSTransformation(from: crs)
        } catch {
            throw Reason("SRID \(srid): \(error.message)")
        }
        transforms[srid] = t
        return t
    }

    static func mapCoordinates(_ g: GeoJSON.Geometry, _ f: ([Coordinate]) -> [Coordinate]) -> GeoJSON.Geometry {
        switch g {
        case .point(let c): return .point(f([c])[0])
        case .multiPoint(let cs): return .multiPoint(f(cs))
        case .lineString(let cs): return .lineString(f(cs))
        case .multiLineString(let ls): return .multiLineString(ls.map(f))
        case .polygon(let rs): return .polygon(rs.map(f))
        case .multiPolygon(let ps): return .multiPolygon(ps.map { $0.map(f) })
        case .geometryCollection(let gs): return .geometryCollection(gs.map { mapCoordinates($0, f) })
        }
    }

    /// A reason, without its row (the reader adds it).
    struct Reason: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
