import Catalog
import Coordinates
import Foundation
import GeoFormats
import PostgreSQL

/// Reads a PostGIS table or query as GeoJSON features, the values every file reader gives
/// (`FeatureFile`): the one geometry or geography column (any SRID; the server sends WKB and the
/// SRID, PROJ transforms to WGS84: `SRIDTransforms`) is the geometry, every other column a
/// property in column order (`PostGISValue`); a NULL geometry is a feature without one (an
/// unlocated record, as a GeoJSON `"geometry": null`).
///
/// Streamed: the rows come through a server-side cursor, `blockRows` at a time (`next()`), in one
/// read-only REPEATABLE READ transaction, so the count (`rowCount`) and the rows are one snapshot.
///
/// Errors are `CatalogError`s naming the source (`name`: the connection without its password,
/// and the table) and the row: a missing table 66, a query the server rejects or a row that
/// cannot be read 65, a connection refused (down, wrong password) or lost 74, a connection
/// string libpq cannot parse 64.
public final class PostGISReader: @unchecked Sendable {
    // @unchecked: used from one thread at a time (the seizure stream takes its blocks under a lock).
    public let source: PostGISSource
    /// `postgresql://user@host:port/db, table schema.name` (or `…, query`): no password.
    public let name: String
    /// Names the source in Catalog's messages (`FeatureFile.databaseURL`).
    public let url: URL
    /// The property columns, in order.
    public let propertyNames: [String]
    /// The rows the snapshot holds (counted at open when `counting`; else -1).
    public let rowCount: Int
    public let blockRows: Int
    let connection: PostgresConnection
    let kinds: [PostGISValue.Kind]
    let transforms: SRIDTransforms
    private var cursor: PostgresCursor?
    private(set) public var rowsRead = 0

    public init(_ source: PostGISSource, blockRows: Int = 4096, counting: Bool = false) throws {
        self.source = source
        self.blockRows = max(1, blockRows)
        let target: PostgresTarget
        do {
            target = try PostgresTarget(source.connection)
        } catch {
            throw CatalogError(.badRequest, error.message)
        }
        let base: String, what: String, stem: String
        switch source.relation {
        case .table(let t):
            guard let q = SQLIdentifier.QualifiedName(parsing: t) else {
                throw CatalogError(.badRequest, "'\(t)' is not a table name (table, schema.table, or \"quoted\" parts)")
            }
            base = "SELECT * FROM \(try PostGISReader.quoted(q))"
            what = "table \(q)"
            stem = q.name
        case .query(let text):
            var q = Substring(text)
            while let last = q.last, last == ";" || last.isWhitespace { q.removeLast() }
            guard !q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CatalogError(.badRequest, "the query is empty") }
            base = String(q)
            what = "query"
            stem = "query"
        }
        name = "\(target.display), \(what)"
        url = FeatureFile.databaseURL(name: name, stem: stem)
        assert(url == (try? PostGISReader.url(of: source)))
        let isTable: Bool
        if case .table = source.relation { isTable = true } else { isTable = false }
        do {
            connection = try PostgresConnection(target)
        } catch {
            throw CatalogError(.unreadable, error.message)
        }
        let name = self.name
        func fail(_ e: PostgresError) -> Error { PostGISReader.error(e, name: name, target: target, isTable: isTable) }
        do {
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let described = try connection.query("SELECT * FROM (\(base)) AS nroute_source LIMIT 0")
            let geometryTypes = try connection.query("SELECT oid FROM pg_type WHERE typname IN ('geometry', 'geography')")
            let geometryOIDs = Set((0..<geometryTypes.rowCount).compactMap { geometryTypes.string($0, 0).flatMap(UInt32.init) })
            let names = described.columnNames
            var seen = Set<String>()
            for n in names where !seen.insert(n).inserted {
                throw CatalogError(.badData, file: name, "two columns named \"\(n)\"")
            }
            let geometryColumns = names.indices.filter { geometryOIDs.contains(described.typeOID($0)) }
            guard !geometryColumns.isEmpty else {
                throw CatalogError(.badData, file: name, "no geometry or geography column (PostGIS)")
            }
            guard geometryColumns.count == 1 else {
                throw CatalogError(.badData, file: name, "\(geometryColumns.count) geometry columns (\(geometryColumns.map { names[$0] }.joined(separator: ", "))): "
                                   + "select the one to use with a query")
            }
            let g = geometryColumns[0]
            let props = names.indices.filter { $0 != g }
            propertyNames = props.map { names[$0] }
            kinds = props.map { PostGISValue.kind(oid: described.typeOID($0)) }
            let gq = "nroute_source." + (try SQLIdentifier.quoted(names[g]))
            let columns = try props.map { "nroute_source." + (try SQLIdentifier.quoted(names[$0])) } + ["ST_AsBinary(\(gq))", "ST_SRID(\(gq))"]
            let select = "SELECT \(columns.joined(separator: ", ")) FROM (\(base)) AS nroute_source"
            if counting {
                let c = try connection.query("SELECT count(*) FROM (\(base)) AS nroute_source")
                rowCount = Int(c.string(0, 0) ?? "") ?? 0
            } else {
                rowCount = -1
            }
            transforms = SRIDTransforms(connection: connection, name: name)
            cursor = try connection.cursor(select, rows: self.blockRows)
        } catch let e as PostgresError {
            throw fail(e)
        }
    }

    /// The URL that names `source` in messages (`url` of its reader), without connecting.
    public static func url(of source: PostGISSource) throws -> URL {
        let target: PostgresTarget
        do { target = try PostgresTarget(source.connection) } catch { throw CatalogError(.badRequest, error.message) }
        switch source.relation {
        case .table(let t):
            guard let q = SQLIdentifier.QualifiedName(parsing: t) else {
                throw CatalogError(.badRequest, "'\(t)' is not a table name (table, schema.table, or \"quoted\" parts)")
            }
            return FeatureFile.databaseURL(name: "\(target.display), table \(q)", stem: q.name)
        case .query:
            return FeatureFile.databaseURL(name: "\(target.display), query", stem: "query")
        }
    }

    /// The next block of at most `blockRows` features; nil after the last.
    public func next() throws -> [GeoJSON.Feature]? {
        guard let cursor else { return nil }
        let block: PostgresResult
        do {
            guard let b = try cursor.next() else {
                try cursor.close()
                self.cursor = nil
                return nil
            }
            block = b
        } catch {
            self.cursor = nil
            throw PostGISReader.error(error, name: name, target: connection.target, isTable: false)
        }
        let n = propertyNames.count
        var out: [GeoJSON.Feature] = []
        out.reserveCapacity(block.rowCount)
        for r in 0..<block.rowCount {
            var p = JSONObject()
            for c in 0..<n { p[propertyNames[c]] = PostGISValue.value(block.string(r, c), kinds[c]) }
            var geometry: GeoJSON.Geometry?
            if !block.isNull(r, n) {
                let position = FeatureFile.position(url, rowsRead + r)
                guard let wkb = block.bytea(r, n) else {
                    throw CatalogError(.badData, file: name, position: position, "the geometry is not WKB")
                }
                do {
                    let g = try WKBReader.geometry(wkb)
                    let srid = Int32(block.string(r, n + 1) ?? "0") ?? 0
                    let w = try transforms.wgs84(g, srid: srid)
                    try PostGISReader.checkRange(w)
                    geometry = w
                } catch let e as WKBReader.Failure {
                    throw CatalogError(.badData, file: name, position: position, e.message)
                } catch let e as SRIDTransforms.Reason {
                    throw CatalogError(.badData, file: name, position: position, e.description)
                } catch let e as PostgresError {
                    throw PostGISReader.error(e, name: name, target: connection.target, isTable: false)
                }
            }
            out.append(GeoJSON.Feature(geometry: geometry, properties: p))
        }
        rowsRead += block.rowCount
        return out
    }

    /// Every feature (for the readers that need them all: posts, border lines).
    public func readAll() throws -> [GeoJSON.Feature] {
        var all: [GeoJSON.Feature] = []
        while let b = try next() { all += b }
        close()
        return all
    }

    public func close() {
        cursor = nil
        connection.close()
    }

    /// Longitude in [-180, 180] and latitude in [-90, 90], finite (as the file readers check).
    static func checkRange(_ g: GeoJSON.Geometry) throws {
        var bad: Coordinate?
        _ = SRIDTransforms.mapCoordinates(g) { cs in
            if bad == nil, let c = cs.first(where: { !($0.longitude.isFinite && $0.latitude.isFinite && abs($0.longitude) <= 180 && abs($0.latitude) <= 90) }) {
                bad = c
            }
            return cs
        }
        if let c = bad {
            throw SRIDTransforms.Reason("position (\(c.longitude), \(c.latitude)) is outside longitude [-180, 180], latitude [-90, 90]")
        }
    }

    static func quoted(_ q: SQLIdentifier.QualifiedName) throws -> String {
        do { return try q.quoted() } catch { throw CatalogError(.badRequest, error.message) }
    }

    /// A libpq or server error as the CatalogError of this source.
    static func error(_ error: Error, name: String, target: PostgresTarget, isTable: Bool) -> Error {
        guard let e = error as? PostgresError else { return error }
        var reason = e.message
        if reason.hasPrefix(target.display + ": ") { reason.removeFirst(target.display.count + 2) }
        switch e.kind {
        case .connectionString: return CatalogError(.badRequest, e.message)
        case .connection: return CatalogError(.unreadable, e.message)
        case .connectionLost, .copy: return CatalogError(.unreadable, file: name, reason)
        case .query:
            if isTable && e.isUndefinedTable { return CatalogError(.missingFile, file: name, "no such table (\(reason))") }
            if e.sqlState == "42501" { return CatalogError(.unreadable, file: name, reason) }
            return CatalogError(.badData, file: name, reason)
        }
    }
}
