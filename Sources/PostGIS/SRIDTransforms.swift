import Coordinates
import Foundation
import GeoFormats
import Geodesy
import PostgreSQL

/// The transformation to WGS84 of every SRID met in a source, built once per SRID through PROJ
/// from the database's own definition (`spatial_ref_sys`: `auth_name:auth_srid`, e.g. EPSG:32643,
/// or its WKT when it has no authority). SRID 4326 is taken as it is (bit for bit). `prepare`
/// (on the thread that uses the connection) looks an SRID up; `wgs84` (any thread) transforms.
final class SRIDTransforms: @unchecked Sendable {
    // @unchecked: `transforms` and the PROJ objects in it are used under `lock`.
    let connection: PostgresConnection
    let name: String
    private var transforms: [Int32: CRSTransformation] = [:]
    private let lock = NSLock()

    init(connection: PostgresConnection, name: String) {
        self.connection = connection
        self.name = name
    }

    /// `geometry` (in `srid`) in WGS84; throws a one-line reason. Any thread; the SRID's
    /// transformation must have been `prepare`d (4326 needs none).
    func wgs84(_ geometry: GeoJSON.Geometry, srid: Int32) throws -> GeoJSON.Geometry {
        if srid == 4326 { return geometry }
        guard srid > 0 else {
            throw Reason("a geometry without an SRID (0): give it one in a query (ST_SetSRID(geom, 4326) for longitude/latitude)")
        }
        lock.lock()
        defer { lock.unlock() }
        guard let t = transforms[srid] else { throw Reason("SRID \(srid) was not looked up") }
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

    /// Looks up `srid` in the database's spatial_ref_sys and builds its transformation, once
    /// (the thread that uses the connection).
    func prepare(_ srid: Int32) throws {
        guard srid != 4326, srid > 0 else { return }
        lock.lock()
        let known = transforms[srid] != nil
        lock.unlock()
        if known { return }
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
        lock.lock()
        transforms[srid] = t
        lock.unlock()
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
