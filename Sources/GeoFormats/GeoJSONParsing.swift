import Coordinates

/// GeoJSON (RFC 7946) semantics on top of `JSONParser`: features, geometries, positions, bbox,
/// with validation. Members may come in any order; unknown (foreign) members are validated as
/// JSON and skipped.
extension JSONParser {
    /// Member names the reader acts on.
    enum Key {
        case type, id, geometry, properties, bbox, coordinates, geometries, features, crs, other

        var name: String {
            switch self {
            case .type: "type"
            case .id: "id"
            case .geometry: "geometry"
            case .properties: "properties"
            case .bbox: "bbox"
            case .coordinates: "coordinates"
            case .geometries: "geometries"
            case .features: "features"
            case .crs: "crs"
            case .other: "?"
            }
        }
    }

    /// The error for a member GeoJSON gives a meaning to ("coordinates", "type", ...) given twice in
    /// one object: reported, never resolved by last-wins.
    @inline(never)
    func duplicateMember(_ key: Key, at: Int, inGeometry: Bool) -> GeoFormatsError {
        error(.invalidGeoJSON, "duplicate member \"\(key.name)\" in a \(inGeometry ? "geometry" : "Feature")", at: at)
    }

    /// At '"': scans a member name and classifies it without building a String (unless escaped).
    @inline(__always)
    mutating func scanKey() throws -> Key {
        // Fast path: the known names compared as little-endian words, closing quote included.
        if pos + 17 <= end {
            let raw = UnsafeRawPointer(base + pos + 1)
            let w0 = raw.loadUnaligned(as: UInt64.self)
            let w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            var key = Key.other
            var n = 0
            switch w0 & 0xFF {
            case 0x74 where w0 & 0xFF_FFFF_FFFF == 0x22_6570_7974: key = .type; n = 5
            case 0x69 where w0 & 0xFF_FFFF == 0x22_6469: key = .id; n = 3
            case 0x67 where w0 == 0x7972_7465_6D6F_6567 && w1 & 0xFF == 0x22: key = .geometry; n = 9
            case 0x67 where w0 == 0x6972_7465_6D6F_6567 && w1 & 0xFF_FFFF == 0x22_7365: key = .geometries; n = 11
            case 0x70 where w0 == 0x6974_7265_706F_7270 && w1 & 0xFF_FFFF == 0x22_7365: key = .properties; n = 11
            case 0x63 where w0 == 0x616E_6964_726F_6F63 && w1 & 0xFFFF_FFFF == 0x2273_6574: key = .coordinates; n = 12
            case 0x66 where w0 == 0x7365_7275_7461_6566 && w1 & 0xFF == 0x22: key = .features; n = 9
            case 0x62 where w0 & 0xFF_FFFF_FFFF == 0x22_786F_6262: key = .bbox; n = 5
            default: break
            }
            if n > 0 {
                pos += 1 + n
                return key
            }
        }
        let raw = try scanString()
        if raw.flags & 1 != 0 {
            let s = try decode(raw)
            switch s {
            case "type": return .type
            case "id": return .id
            case "geometry": return .geometry
            case "properties": return .properties
            case "bbox": return .bbox
            case "coordinates": return .coordinates
            case "geometries": return .geometries
            case "features": return .features
            case "crs": return .crs
            default: return .other
            }
        }
        let p = base + raw.start
        switch raw.count {
        case 2: if p[0] == 0x69 && p[1] == 0x64 { return .id }
        case 3: if memcmpBytes(p, ("crs" as StaticString).utf8Start, 3) { return .crs }
        case 4:
            if memcmpBytes(p, ("type" as StaticString).utf8Start, 4) { return .type }
            if memcmpBytes(p, ("bbox" as StaticString).utf8Start, 4) { return .bbox }
        case 8:
            if memcmpBytes(p, ("geometry" as StaticString).utf8Start, 8) { return .geometry }
            if memcmpBytes(p, ("features" as StaticString).utf8Start, 8) { return .features }
        case 10:
            if memcmpBytes(p, ("properties" as StaticString).utf8Start, 10) { return .properties }
            if memcmpBytes(p, ("geometries" as StaticString).utf8Start, 10) { return .geometries }
        case 11:
            if memcmpBytes(p, ("coordinates" as StaticString).utf8Start, 11) { return .coordinates }
        default: break
        }
        return .other
    }

    /// At '"' (or anything else): a member name followed by ':' and whitespace.
    @inline(__always)
    mutating func memberName() throws -> Key {
        guard pos < end, base[pos] == 0x22 else { throw expected("a string (member name)") }
        let key = try scanKey()
        skipWhitespace()
        try expect(0x3A, "':'")
        skipWhitespace()
        return key
    }

    // MARK: Object types

    enum ObjectType: Equatable {
        case featureCollection, feature
        case point, multiPoint, lineString, multiLineString, polygon, multiPolygon, geometryCollection

        var name: String {
            switch self {
            case .featureCollection: "FeatureCollection"
            case .feature: "Feature"
            case .point: "Point"
            case .multiPoint: "MultiPoint"
            case .lineString: "LineString"
            case .multiLineString: "MultiLineString"
            case .polygon: "Polygon"
            case .multiPolygon: "MultiPolygon"
            case .geometryCollection: "GeometryCollection"
            }
        }

        var isGeometry: Bool { self != .featureCollection && self != .feature }
    }

    /// At '"': the value of a "type" member.
    mutating func parseTypeName() throws -> ObjectType {
        let at = pos
        guard pos < end, base[pos] == 0x22 else {
            throw error(.invalidGeoJSON, "\"type\" must be a string, found \(describeCurrent())", at: at)
        }
        if pos + 9 <= end {
            let w = UnsafeRawPointer(base + pos + 1).loadUnaligned(as: UInt64.self)
            if w == 0x2265_7275_7461_6546 { pos += 9; return .feature }
            if w & 0xFFFF_FFFF_FFFF == 0x2274_6E69_6F50 { pos += 7; return .point }
        }
        let raw = try scanString()
        let p = base + raw.start
        if raw.flags == 0 {
            switch raw.count {
            case 5: if memcmpBytes(p, ("Point" as StaticString).utf8Start, 5) { return .point }
            case 7: if memcmpBytes(p, ("Feature" as StaticString).utf8Start, 7) { return .feature }
            case 10: if memcmpBytes(p, ("MultiPoint" as StaticString).utf8Start, 10) { return .multiPoint }
            default: break
            }
        }
        let s = try decode(raw)
        switch s {
        case "FeatureCollection": return .featureCollection
        case "Feature": return .feature
        case "Point": return .point
        case "MultiPoint": return .multiPoint
        case "LineString": return .lineString
        case "MultiLineString": return .multiLineString
        case "Polygon": return .polygon
        case "MultiPolygon": return .multiPolygon
        case "GeometryCollection": return .geometryCollection
        default:
            let shown = s.count > 40 ? String(s.prefix(40)) + "..." : s
            throw error(.invalidGeoJSON, "unknown GeoJSON type \"\(shown)\"", at: at)
        }
    }

    /// The "type" of the object at '{', looked up without consuming it (fast when "type" is the first
    /// member, as every writer puts it). `depth` counts the object.
    mutating func peekObjectType(depth: Int) throws -> ObjectType {
        let start = pos
        defer { pos = start }
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        if pos < end && base[pos] == 0x7D {
            throw error(.invalidGeoJSON, "object has no \"type\" member", at: start)
        }
        repeat {
            if try memberName() == .type { return try parseTypeName() }
            try skipValueFast(depth: depth)
        } while try afterMember()
        throw error(.invalidGeoJSON, "object has no \"type\" member", at: start)
    }

    // MARK: Feature

    /// A Feature object at '{' (whitespace skipped). `depth` counts the object.
    mutating func parseFeature(depth: Int) throws -> GeoJSON.Feature {
        let start = pos
        guard pos < end, base[pos] == 0x7B else {
            throw error(.invalidGeoJSON, "expected a Feature object, found \(describeCurrent())", at: pos)
        }
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        var id: GeoJSON.FeatureID?
        var geometry: GeoJSON.Geometry?
        var properties: JSONObject?
        var bbox: [Double]?
        var sawType = false
        var sawGeometry = false
        var sawID = false, sawProperties = false
        if !(pos < end && base[pos] == 0x7D) {
            repeat {
                let key = try memberName()
                // A member GeoJSON gives a meaning to may appear once: a repeat is reported.
                switch key {
                case .type:
                    if sawType { throw duplicateMember(key, at: pos, inGeometry: false) }
                    let at = pos
                    let t = try parseTypeName()
                    guard t == .feature else {
                        throw error(.invalidGeoJSON, "expected \"type\": \"Feature\", found \"\(t.name)\"", at: at)
                    }
                    sawType = true
                case .id:
                    if sawID { throw duplicateMember(key, at: pos, inGeometry: false) }
                    sawID = true
                    guard pos < end else { throw expected("a value") }
                    let b = base[pos]
                    if b == 0x22 {
                        id = .string(try decode(try scanString()))
                    } else if JSONParser.isNumberStart(b) {
                        id = .number(try parseNumber())
                    } else {
                        throw error(.invalidGeoJSON, "\"id\" must be a string or a number, found \(describeCurrent())", at: pos)
                    }
                case .geometry:
                    if sawGeometry { throw duplicateMember(key, at: pos, inGeometry: false) }
                    sawGeometry = true
                    guard pos < end else { throw expected("a value") }
                    let b = base[pos]
                    if b == 0x7B {
                        geometry = try parseGeometry(depth: depth + 1)
                    } else if b == 0x6E {
                        try literal("null")
                        geometry = nil
                    } else {
                        throw error(.invalidGeoJSON, "\"geometry\" must be an object or null, found \(describeCurrent())", at: pos)
                    }
                case .properties:
                    if sawProperties { throw duplicateMember(key, at: pos, inGeometry: false) }
                    sawProperties = true
                    guard pos < end else { throw expected("a value") }
                    let b = base[pos]
                    if b == 0x7B {
                        properties = try parseObject(depth: depth + 1)
                    } else if b == 0x6E {
                        try literal("null")
                        properties = nil
                    } else {
                        throw error(.invalidGeoJSON, "\"properties\" must be an object or null, found \(describeCurrent())", at: pos)
                    }
                case .bbox:
                    if bbox != nil { throw duplicateMember(key, at: pos, inGeometry: false) }
                    bbox = try parseBBox(depth: depth + 1)
                default:
                    try skipValue(depth: depth)
                }
            } while try afterMember()
        } else {
            pos += 1
        }
        guard sawType else { throw error(.invalidGeoJSON, "Feature has no \"type\" member", at: start) }
        guard sawGeometry else { throw error(.invalidGeoJSON, "Feature has no \"geometry\" member (use \"geometry\": null for an unlocated feature)", at: start) }
        return GeoJSON.Feature(id: id, geometry: geometry, properties: properties, bbox: bbox)
    }

    /// "bbox": an array of 2n numbers, n ≥ 2 (RFC 7946 §5).
    mutating func parseBBox(depth: Int) throws -> [Double] {
        let at = pos
        guard pos < end, base[pos] == 0x5B else {
            throw error(.invalidGeoJSON, "\"bbox\" must be an array of numbers, found \(describeCurrent())", at: at)
        }
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        var values: [Double] = []
        values.reserveCapacity(4)
        if !(pos < end && base[pos] == 0x5D) {
            repeat {
                guard pos < end, JSONParser.isNumberStart(base[pos]) else {
                    throw error(.invalidGeoJSON, "\"bbox\" must contain numbers only, found \(describeCurrent())", at: pos)
                }
                values.append(try parseNumber())
            } while try afterElement()
        } else {
            pos += 1
        }
        guard values.count >= 4, values.count % 2 == 0 else {
            throw error(.invalidGeoJSON, "\"bbox\" must have 4 (or 6) numbers, found \(values.count)", at: at)
        }
        return values
    }

    // MARK: Geometry

    /// A geometry object at '{'. `depth` counts the object.
    mutating func parseGeometry(depth: Int) throws -> GeoJSON.Geometry {
        let start = pos
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        // Fast path: "type" first, as writers put it. Otherwise look ahead for it.
        var kind = ObjectType.featureCollection
        var more = true
        var typeFirst = false
        if pos < end && base[pos] == 0x22 {
            let keyAt = pos
            if try scanKey() == .type {
                skipWhitespace()
                try expect(0x3A, "':'")
                skipWhitespace()
                let typeAt = pos
                kind = try parseTypeName()
                guard kind.isGeometry else {
                    throw error(.invalidGeoJSON, "expected a geometry, found a \(kind.name)", at: typeAt)
                }
                typeFirst = true
                more = try afterMember()
            } else {
                pos = keyAt
            }
        }
        if !typeFirst {
            pos = start
            kind = try peekObjectType(depth: depth)
            guard kind.isGeometry else {
                throw error(.invalidGeoJSON, "expected a geometry, found a \(kind.name)", at: start)
            }
            pos = start + 1
            skipWhitespace()
        }
        var result: GeoJSON.Geometry?
        // A member GeoJSON gives a meaning to may appear once: a repeat is reported.
        var sawType = typeFirst, sawBBox = false
        while more {
            let key = try memberName()
            switch key {
            case .type:
                if sawType { throw duplicateMember(key, at: pos, inGeometry: true) }
                sawType = true
                _ = try parseTypeName()
            case .coordinates where kind != .geometryCollection:
                if result != nil { throw duplicateMember(key, at: pos, inGeometry: true) }
                result = try parseCoordinates(kind, depth: depth + 1)
            case .geometries where kind == .geometryCollection:
                if result != nil { throw duplicateMember(key, at: pos, inGeometry: true) }
                result = .geometryCollection(try parseGeometries(depth: depth + 1))
            case .bbox:
                if sawBBox { throw duplicateMember(key, at: pos, inGeometry: true) }
                sawBBox = true
                _ = try parseBBox(depth: depth + 1)
            default:
                try skipValue(depth: depth)
            }
            more = try afterMember()
        }
        guard let result else {
            let member = kind == .geometryCollection ? "geometries" : "coordinates"
            throw error(.invalidGeometry, "\(kind.name) has no \"\(member)\" member", at: start)
        }
        return result
    }

    mutating func parseGeometries(depth: Int) throws -> [GeoJSON.Geometry] {
        guard pos < end, base[pos] == 0x5B else {
            throw error(.invalidGeoJSON, "\"geometries\" must be an array, found \(describeCurrent())", at: pos)
        }
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        var geometries: [GeoJSON.Geometry] = []
        if pos < end && base[pos] == 0x5D { pos += 1; return geometries }
        repeat {
            guard pos < end, base[pos] == 0x7B else {
                throw error(.invalidGeoJSON, "\"geometries\" must contain geometry objects, found \(describeCurrent())", at: pos)
            }
            geometries.append(try parseGeometry(depth: depth + 1))
        } while try afterElement()
        return geometries
    }

    /// The "coordinates" of a geometry of type `kind`, validated.
    mutating func parseCoordinates(_ kind: ObjectType, depth: Int) throws -> GeoJSON.Geometry {
        let at = pos
        switch kind {
        case .point:
            return .point(try parsePosition(depth: depth, of: kind))
        case .multiPoint:
            return .multiPoint(try parsePositions(depth: depth, of: kind))
        case .lineString:
            let line = try parsePositions(depth: depth, of: kind)
            try checkLine(line, "LineString", at: at)
            return .lineString(line)
        case .multiLineString:
            var lines: [[Coordinate]] = []
            var k = 0
            try parseArray(depth: depth, of: kind, "an array of LineString coordinate arrays") { p in
                let lineAt = p.pos
                let line = try p.parsePositions(depth: depth + 1, of: kind)
                try p.checkLine(line, "MultiLineString line \(k)", at: lineAt)
                lines.append(line)
                k += 1
            }
            return .multiLineString(lines)
        case .polygon:
            let rings = try parseRings(depth: depth, of: kind, name: "Polygon")
            return .polygon(rings)
        case .multiPolygon:
            var polygons: [[[Coordinate]]] = []
            var k = 0
            try parseArray(depth: depth, of: kind, "an array of Polygon coordinate arrays") { p in
                polygons.append(try p.parseRings(depth: depth + 1, of: kind, name: "MultiPolygon polygon \(k)"))
                k += 1
            }
            return .multiPolygon(polygons)
        case .geometryCollection, .feature, .featureCollection:
            throw error(.invalidGeoJSON, "\(kind.name) has no coordinates", at: at)
        }
    }

    /// Polygon rings: at least one; each closed with at least 4 positions.
    mutating func parseRings(depth: Int, of kind: ObjectType, name: String) throws -> [[Coordinate]] {
        let at = pos
        var rings: [[Coordinate]] = []
        try parseArray(depth: depth, of: kind, "an array of linear rings") { p in
            let ringAt = p.pos
            let ring = try p.parsePositions(depth: depth + 1, of: kind)
            let which = "\(name) ring \(rings.count)"
            guard ring.count >= 4 else {
                throw p.error(.invalidGeometry, "\(which) has \(ring.count) position\(ring.count == 1 ? "" : "s"); a linear ring needs at least 4", at: ringAt)
            }
            guard ring[0] == ring[ring.count - 1] else {
                throw p.error(.invalidGeometry, "\(which) is not closed: first position \(ring[0]) differs from last \(ring[ring.count - 1])", at: ringAt)
            }
            rings.append(ring)
        }
        guard !rings.isEmpty else { throw error(.invalidGeometry, "\(name) has no rings", at: at) }
        return rings
    }

    func checkLine(_ line: [Coordinate], _ which: String, at: Int) throws {
        guard line.count >= 2 else {
            throw error(.invalidGeometry, "\(which) has \(line.count) position\(line.count == 1 ? "" : "s"); it needs at least 2", at: at)
        }
    }

    /// A JSON array at '[' whose elements `element` parses (it is called with pos at each element).
    mutating func parseArray(depth: Int, of kind: ObjectType, _ what: String, _ element: (inout JSONParser) throws -> Void) throws {
        guard pos < end, base[pos] == 0x5B else {
            throw error(.invalidGeometry, "\(kind.name) coordinates must be \(what), found \(describeCurrent())", at: pos)
        }
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        if pos < end && base[pos] == 0x5D { pos += 1; return }
        repeat {
            try element(&self)
        } while try afterElement()
    }

    /// An array of positions at '['.
    @inline(__always)
    mutating func parsePositions(depth: Int, of kind: ObjectType) throws -> [Coordinate] {
        guard pos < end, base[pos] == 0x5B else {
            throw error(.invalidGeometry, "\(kind.name) coordinates: expected an array of positions, found \(describeCurrent())", at: pos)
        }
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        if pos < end && base[pos] == 0x5D { pos += 1; return [] }
        let mark = coordStack.count
        repeat {
            coordStack.append(try parsePosition(depth: depth + 1, of: kind))
        } while try afterElement()
        let result = Array(coordStack[mark...])
        coordStack.removeSubrange(mark...)
        return result
    }

    /// A position [longitude, latitude(, altitude...)] at '['; extra ordinates are dropped.
    @inline(__always)
    mutating func parsePosition(depth: Int, of kind: ObjectType) throws -> Coordinate {
        let open = pos
        guard pos < end, base[pos] == 0x5B else {
            throw error(.invalidGeometry, "\(kind.name) coordinates: expected a position [longitude, latitude], found \(describeCurrent())", at: pos)
        }
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        let lonAt = pos
        guard pos < end, JSONParser.isNumberStart(base[pos]) else { throw badPosition(open, found: 0) }
        let lon = try parseNumber()
        skipWhitespace()
        guard pos < end, base[pos] == 0x2C else {
            if pos < end && base[pos] == 0x5D { throw badPosition(open, found: 1) }
            throw expected("',' in position")
        }
        pos += 1
        skipWhitespace()
        let latAt = pos
        guard pos < end, JSONParser.isNumberStart(base[pos]) else {
            throw error(.invalidGeometry, "position: expected a number (latitude), found \(describeCurrent())", at: pos)
        }
        let lat = try parseNumber()
        skipWhitespace()
        while pos < end && base[pos] == 0x2C {
            pos += 1
            skipWhitespace()
            guard pos < end, JSONParser.isNumberStart(base[pos]) else {
                throw error(.invalidGeometry, "position: expected a number, found \(describeCurrent())", at: pos)
            }
            _ = try parseNumber()
            skipWhitespace()
        }
        try expect(0x5D, "']' closing the position")
        guard lon >= -180 && lon <= 180 else {
            throw error(.invalidGeometry, "longitude \(lon) outside [-180, 180]", at: lonAt)
        }
        guard lat >= -90 && lat <= 90 else {
            throw error(.invalidGeometry, "latitude \(lat) outside [-90, 90]", at: latAt)
        }
        return Coordinate(longitude: lon, latitude: lat)
    }

    private func badPosition(_ open: Int, found: Int) -> GeoFormatsError {
        if found < 2 && pos < end && base[pos] == 0x5D {
            return error(.invalidGeometry, "position has \(found) number\(found == 1 ? "" : "s"); it needs longitude and latitude", at: open)
        }
        return error(.invalidGeometry, "position: expected a number (longitude), found \(describeCurrent())", at: pos)
    }

    // MARK: crs

    /// Old GeoJSON (2008) "crs": accepted when it names WGS84 longitude/latitude, an error otherwise
    /// (RFC 7946 has no crs: coordinates are always WGS84; a projected file must be reprojected).
    mutating func checkCRS(depth: Int) throws {
        let at = pos
        let value = try parseValue(depth: depth)
        guard case .object(let crs) = value,
              case .object(let props)? = crs["properties"],
              case .string(let name)? = props["name"] ?? props["href"]
        else { return }
        let upper = name.uppercased()
        let wgs84 = ["CRS84", "CRS:84", "EPSG:4326", "EPSG::4326", "EPSG:4979", "EPSG::4979", "WGS84", "WGS 84"]
        if !wgs84.contains(where: { upper.contains($0) }) {
            throw error(.invalidGeoJSON, "\"crs\" is \(name), not WGS84 longitude/latitude; reproject to EPSG:4326 (e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)", at: at)
        }
    }
}
