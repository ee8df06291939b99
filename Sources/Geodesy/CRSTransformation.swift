import CPROJ
import Coordinates

/// A coordinate transformation through PROJ (`proj_create_crs_to_crs`) from any CRS PROJ knows —
/// `EPSG:32643`, `EPSG:3857`, an OGC WKT or PROJ string — to WGS84 longitude/latitude
/// (EPSG:4326, axes normalised to longitude first, as GeoJSON has them). PROJ picks the
/// best-accuracy operation its database has for the area; datum shifts included.
///
/// Not for concurrent use: each object has its own PROJ context; use one per thread.
public final class CRSTransformation: @unchecked Sendable {
    /// A CRS PROJ cannot build, or a transformation it cannot make: one line.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The source CRS as given.
    public let source: String
    private let context: OpaquePointer
    private let transform: OpaquePointer

    /// `source`: anything `proj_create` accepts (an `AUTH:CODE`, WKT, a PROJ string).
    public init(from source: String) throws(Failure) {
        self.source = source
        guard let ctx = proj_context_create() else { throw Failure(message: "PROJ: cannot create a context") }
        proj_log_level(ctx, PJ_LOG_NONE)
        guard let raw = proj_create_crs_to_crs(ctx, source, "EPSG:4326", nil) else {
            let reason = CRSTransformation.reason(ctx)
            proj_context_destroy(ctx)
            throw Failure(message: "PROJ cannot transform from \(CRSTransformation.shortName(source)) to WGS84: \(reason)")
        }
        let normalised = proj_normalize_for_visualization(ctx, raw)
        proj_destroy(raw)
        guard let normalised else {
            let reason = CRSTransformation.reason(ctx)
            proj_context_destroy(ctx)
            throw Failure(message: "PROJ cannot order the axes of \(CRSTransformation.shortName(source)): \(reason)")
        }
        context = ctx
        transform = normalised
    }

    deinit {
        proj_destroy(transform)
        proj_context_destroy(context)
    }

    /// `x`, `y` in the source CRS (easting/northing, or longitude/latitude in its datum) to WGS84;
    /// nil when PROJ cannot transform the point (outside the projection's domain).
    public func wgs84(x: Double, y: Double) -> Coordinate? {
        var c = [Coordinate(longitude: x, latitude: y)]
        guard transform(&c) == 0 else { return nil }
        return c[0]
    }

    /// Transforms every coordinate in place; returns how many PROJ could not transform (those
    /// are left non-finite).
    @discardableResult
    public func transform(_ coordinates: inout [Coordinate]) -> Int {
        guard !coordinates.isEmpty else { return 0 }
        var xs = coordinates.map(\.longitude), ys = coordinates.map(\.latitude)
        let n = xs.count
        xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                _ = proj_trans_generic(transform, PJ_FWD, x.baseAddress, MemoryLayout<Double>.stride, n,
                                       y.baseAddress, MemoryLayout<Double>.stride, n, nil, 0, 0, nil, 0, 0)
            }
        }
        var failed = 0
        for i in 0..<n {
            if xs[i].isFinite && ys[i].isFinite && abs(ys[i]) <= 90 {
                coordinates[i] = Coordinate(longitude: xs[i], latitude: ys[i])
            } else {
                coordinates[i] = Coordinate(longitude: .nan, latitude: .nan)
                failed += 1
            }
        }
        return failed
    }

    static func reason(_ ctx: OpaquePointer) -> String {
        let code = proj_context_errno(ctx)
        guard code != 0, let s = proj_context_errno_string(ctx, code) else { return "unknown CRS" }
        return String(cString: s)
    }

    /// A WKT's first words, an `AUTH:CODE` as it is.
    static func shortName(_ source: String) -> String {
        source.count <= 60 ? source : String(source.prefix(60)) + "…"
    }
}
