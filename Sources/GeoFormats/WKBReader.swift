import Coordinates

/// Reads Well-Known Binary (ISO/OGC SFA: both byte orders; Z, M and ZM variants by ISO type codes
/// 1001–3007 and by PostGIS's EWKB flags, the extra ordinates dropped as GeoJSON input drops an
/// altitude; an EWKB SRID skipped) into GeoJSON geometry values. What `ST_AsBinary` sends for a
/// PostGIS geometry or geography. Every double is taken bit for bit.
public struct WKBReader {
    /// Why a WKB value cannot be read: one line.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    let bytes: [UInt8]
    var at = 0
    /// Nesting limit for collections (as the GeoJSON reader's depth limit).
    static let maxDepth = 64

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The geometry in `bytes`; a point whose ordinates are both NaN (how WKB writes `POINT EMPTY`)
    /// is an error, as is anything left over after the geometry.
    public static func geometry(_ bytes: [UInt8]) throws(Failure) -> GeoJSON.Geometry {
        var r = WKBReader(bytes)
        let g = try r.geometry(depth: 0)
        guard r.at == bytes.count else { throw Failure(message: "\(bytes.count - r.at) bytes after the WKB geometry") }
        return g
    }

    mutating func geometry(depth: Int) throws(Failure) -> GeoJSON.Geometry {
        guard depth < WKBReader.maxDepth else { throw Failure(message: "WKB collections nested deeper than \(WKBReader.maxDepth)") }
        let little = try byteOrder()
        var type = try uint32(little)
        var dims = 2
        // EWKB (PostGIS): high flag bits.
        if type & 0x8000_0000 != 0 { dims += 1 }
        if type & 0x4000_0000 != 0 { dims += 1 }
        if type & 0x2000_0000 != 0 { _ = try uint32(little) }  // SRID
        type &= 0x0FFF_FFFF
        // ISO: 1000 Z, 2000 M, 3000 ZM.
        switch type / 1000 {
        case 0: break
        case 1, 2: dims += 1
        case 3: dims += 2
        default: throw Failure(message: "unknown WKB geometry type \(type)")
        }
        guard dims <= 4 else { throw Failure(message: "WKB geometry type \(type) with more than four ordinates") }
        switch type % 1000 {
        case 1:
            let c = try coordinate(little, dims)
            guard !(c.longitude.isNaN && c.latitude.isNaN) else { throw Failure(message: "an empty point") }
            return .point(c)
        case 2: return .lineString(try coordinates(little, dims))
        case 3: return .polygon(try rings(little, dims))
        case 4:
            let n = try count(little, minBytes: 21)
            var out: [Coordinate] = []
            out.reserveCapacity(n)
            for _ in 0..<n {
                guard case .point(let c) = try geometry(depth: depth + 1) else { throw Failure(message: "a MultiPoint member that is not a Point") }
                out.append(c)
            }
            return .multiPoint(out)
        case 5:
            let n = try count(little, minBytes: 9)
            var out: [[Coordinate]] = []
            for _ in 0..<n {
                guard case .lineString(let l) = try geometry(depth: depth + 1) else { throw Failure(message: "a MultiLineString member that is not a LineString") }
                out.append(l)
            }
            return .multiLineString(out)
        case 6:
            let n = try count(little, minBytes: 9)
            var out: [[[Coordinate]]] = []
            for _ in 0..<n {
                guard case .polygon(let p) = try geometry(depth: depth + 1) else { throw Failure(message: "a MultiPolygon member that is not a Polygon") }
                out.append(p)
            }
            return .multiPolygon(out)
        case 7:
            let n = try count(little, minBytes: 9)
            var out: [GeoJSON.Geometry] = []
            for _ in 0..<n { out.append(try geometry(depth: depth + 1)) }
            return .geometryCollection(out)
        default:
            throw Failure(message: "WKB geometry type \(type) is not one GeoJSON has (curves, surfaces, TINs)")
        }
    }

    mutating func byteOrder() throws(Failure) -> Bool {
        guard at < bytes.count else { throw Failure(message: "WKB ends early") }
        let b = bytes[at]
        at += 1
        guard b <= 1 else { throw Failure(message: "WKB byte order \(b) is neither 0 nor 1") }
        return b == 1
    }

    mutating func uint32(_ little: Bool) throws(Failure) -> UInt32 {
        guard bytes.count - at >= 4 else { throw Failure(message: "WKB ends early") }
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[at + k]) << (8 * k) }
        at += 4
        return little ? v : v.byteSwapped
    }

    mutating func double(_ little: Bool) throws(Failure) -> Double {
        guard bytes.count - at >= 8 else { throw Failure(message: "WKB ends early") }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[at + k]) << (8 * k) }
        at += 8
        return Double(bitPattern: little ? v : v.byteSwapped)
    }

    /// A count, checked against the bytes left (each item takes at least `minBytes`).
    mutating func count(_ little: Bool, minBytes: Int) throws(Failure) -> Int {
        let n = Int(try uint32(little))
        guard n <= (bytes.count - at) / minBytes else { throw Failure(message: "WKB count \(n) is more than the bytes hold") }
        return n
    }

    mutating func coordinate(_ little: Bool, _ dims: Int) throws(Failure) -> Coordinate {
        let x = try double(little), y = try double(little)
        for _ in 2..<dims { _ = try double(little) }
        return Coordinate(longitude: x, latitude: y)
    }

    mutating func coordinates(_ little: Bool, _ dims: Int) throws(Failure) -> [Coordinate] {
        let n = try count(little, minBytes: 8 * dims)
        var out: [Coordinate] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try coordinate(little, dims)) }
        return out
    }

    mutating func rings(_ little: Bool, _ dims: Int) throws(Failure) -> [[Coordinate]] {
        let n = try count(little, minBytes: 4)
        var out: [[Coordinate]] = []
        for _ in 0..<n { out.append(try coordinates(little, dims)) }
        return out
    }
}
