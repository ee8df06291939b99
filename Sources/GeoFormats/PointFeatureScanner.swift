import Coordinates

/// Reads the common shape of a point record — a Feature with a 2-D Point geometry, an optional
/// string or number id, and flat properties — straight from the bytes, without building
/// `GeoJSON.Feature` values or allocating: for streaming millions of records (`nroute seizures`).
///
/// `scan(_:)` either accepts a feature, leaving its parts as byte ranges of the input (and the
/// numbers parsed exactly as `GeoJSONReader` parses them), or declines it. It declines whatever
/// it does not read exactly as `GeoJSONReader.parseFeature` would (a `bbox` or foreign member, a
/// 3-D or invalid position, a null geometry, escapes or non-ASCII bytes in a key or id, escapes
/// in a string value, nested values, duplicate keys, any syntax error): the caller then parses
/// that feature with `GeoJSONReader.parseFeature`, which reads it or reports the error. So an
/// accepted feature means exactly what the full reader would make of it.
public struct PointFeatureScanner {
    public enum Kind: UInt8, Sendable {
        /// A string: `value` is the text between the quotes (no escapes; UTF-8 validated).
        case string
        /// A number: `value` is its text, `number` its value.
        case number
        case `true`, `false`, null
    }

    /// One property, as byte offsets into the input.
    public struct Member: Sendable {
        /// The key's bytes (between the quotes; ASCII, no escapes).
        public var key: Range<Int>
        /// The value's text (for a string, between the quotes).
        public var value: Range<Int>
        public var kind: Kind
        /// The value of a number (0 otherwise).
        public var number: Double
    }

    public let input: InputBytes
    var parser: JSONParser

    /// The last accepted feature's parts.
    public private(set) var members: [Member] = []
    /// The id's text (a string's between its quotes), nil when there is none.
    public private(set) var id: Range<Int>?
    public private(set) var idIsString = false
    /// The id's value when it is a number.
    public private(set) var idNumber = 0.0
    public private(set) var coordinate = Coordinate(longitude: 0, latitude: 0)
    public private(set) var longitudeText = 0..<0
    public private(set) var latitudeText = 0..<0
    /// The text between the braces of "properties", trimmed; empty for `{}`, `null` or none.
    public private(set) var propertiesText = 0..<0

    public init(reader: GeoJSONReader) {
        input = reader.input
        parser = JSONParser(input: reader.input)
        members.reserveCapacity(32)
    }

    /// Scans the feature object in `range` (from `GeoJSONReader.featureRanges()` or a segment
    /// scan). Returns false when the feature must be parsed by `GeoJSONReader.parseFeature`.
    public mutating func scan(_ range: Range<Int>) -> Bool {
        guard scan(from: range.lowerBound, limit: range.upperBound) != nil else { return false }
        parser.skipWhitespace()
        return parser.pos == range.upperBound
    }

    /// Scans the feature object starting at `start` (not beyond `limit`). Returns the offset just
    /// after its closing brace, or nil when the feature must be parsed by the full reader.
    public mutating func scan(from start: Int, limit: Int) -> Int? {
        parser.pos = start
        parser.end = limit
        members.removeAll(keepingCapacity: true)
        id = nil
        idIsString = false
        propertiesText = 0..<0
        do {
            return try scanFeature() ? parser.pos : nil
        } catch {
            return nil
        }
    }

    private mutating func scanFeature() throws -> Bool {
        parser.skipWhitespace()
        guard parser.pos < parser.end, parser.base[parser.pos] == 0x7B else { return false }
        parser.pos += 1
        parser.skipWhitespace()
        var sawType = false, sawGeometry = false
        if parser.pos < parser.end, parser.base[parser.pos] == 0x7D { return false }
        repeat {
            switch try parser.memberName() {
            case .type:
                guard try parser.parseTypeName() == .feature, !sawType else { return false }
                sawType = true
            case .id:
                guard id == nil, parser.pos < parser.end else { return false }
                if parser.base[parser.pos] == 0x22 {
                    let s = try parser.scanString()
                    guard s.flags == 0 else { return false }
                    id = s.start..<s.end
                    idIsString = true
                } else if JSONParser.isNumberStart(parser.base[parser.pos]) {
                    let start = parser.pos
                    idNumber = try parser.parseNumber()
                    id = start..<parser.pos
                } else {
                    return false
                }
            case .geometry:
                guard !sawGeometry, try scanPoint() else { return false }
                sawGeometry = true
            case .properties:
                guard propertiesText.isEmpty, members.isEmpty, try scanProperties() else { return false }
            default:
                return false
            }
        } while try parser.afterMember()
        return sawType && sawGeometry
    }

    /// `{"type": "Point", "coordinates": [x, y]}` (either order), x and y valid.
    private mutating func scanPoint() throws -> Bool {
        guard parser.pos < parser.end, parser.base[parser.pos] == 0x7B else { return false }
        parser.pos += 1
        parser.skipWhitespace()
        var sawType = false, sawCoordinates = false
        repeat {
            switch try parser.memberName() {
            case .type:
                guard !sawType, try parser.parseTypeName() == .point else { return false }
                sawType = true
            case .coordinates:
                guard !sawCoordinates, parser.pos < parser.end, parser.base[parser.pos] == 0x5B else { return false }
                parser.pos += 1
                parser.skipWhitespace()
                guard parser.pos < parser.end, JSONParser.isNumberStart(parser.base[parser.pos]) else { return false }
                let x0 = parser.pos
                let x = try parser.parseNumber()
                longitudeText = x0..<parser.pos
                guard try parser.afterElement(), parser.pos < parser.end, JSONParser.isNumberStart(parser.base[parser.pos]) else { return false }
                let y0 = parser.pos
                let y = try parser.parseNumber()
                latitudeText = y0..<parser.pos
                guard try !parser.afterElement() else { return false }
                coordinate = Coordinate(longitude: x, latitude: y)
                guard GeometryValidation.problem(coordinate) == nil else { return false }
                sawCoordinates = true
            default:
                return false
            }
        } while try parser.afterMember()
        return sawType && sawCoordinates
    }

    private mutating func scanProperties() throws -> Bool {
        guard parser.pos < parser.end else { return false }
        if parser.base[parser.pos] == 0x6E {
            try parser.literal("null")
            return true
        }
        guard parser.base[parser.pos] == 0x7B else { return false }
        parser.pos += 1
        parser.skipWhitespace()
        let first = parser.pos
        if parser.pos < parser.end, parser.base[parser.pos] == 0x7D {
            parser.pos += 1
            return true
        }
        var last = first
        repeat {
            guard parser.pos < parser.end, parser.base[parser.pos] == 0x22 else { return false }
            let k = try parser.scanString()
            guard k.flags == 0 else { return false }
            parser.skipWhitespace()
            try parser.expect(0x3A, "':'")
            parser.skipWhitespace()
            guard parser.pos < parser.end else { return false }
            let v0 = parser.pos
            var m = Member(key: k.start..<k.end, value: v0..<v0, kind: .null, number: 0)
            switch parser.base[parser.pos] {
            case 0x22:
                let s = try parser.scanString()
                guard s.flags & 1 == 0 else { return false }
                if s.flags & 2 != 0 { try parser.validateUTF8(s.start, s.end) }
                m.value = s.start..<s.end
                m.kind = .string
            case 0x74:
                try parser.literal("true")
                m.kind = .true
            case 0x66:
                try parser.literal("false")
                m.kind = .false
            case 0x6E:
                try parser.literal("null")
                m.kind = .null
            case 0x2D, 0x30...0x39:
                m.number = try parser.parseNumber()
                m.kind = .number
            default:
                return false
            }
            if m.kind != .string { m.value = v0..<parser.pos }
            last = parser.pos
            // Duplicate keys: left to the full reader.
            for o in members where o.key.count == m.key.count && memcmpBytes(parser.base + o.key.lowerBound, parser.base + m.key.lowerBound, m.key.count) {
                return false
            }
            members.append(m)
        } while try parser.afterMember()
        propertiesText = first..<last
        return true
    }

    /// The bytes of `range` (of the input).
    @inline(__always)
    public func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: input.base + range.lowerBound, count: range.count)
    }
}

extension ByteSink {
    /// Whether `text` (a JSON number) is exactly what `ByteSink.write(number:)` writes for its
    /// value, so it may be copied instead of formatted: no exponent, no superfluous zero (leading,
    /// or trailing after the point), at most 15 significant digits, and not below 1e-6 in
    /// magnitude (where the writer's fast path starts). With ≤ 15 significant digits no shorter
    /// decimal reads back as the same Double, and the writer's search stops at this one.
    public static func isCanonicalNumber(_ text: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = text.count
        if i < n, text[i] == 0x2D { i += 1 }
        guard i < n else { return false }
        var significant = 0
        var leadingZeros = 0
        if text[i] == 0x30 {
            i += 1
            guard i < n else { return text.count == 1 }  // "0" (not "-0")
        } else {
            while i < n, text[i] &- 0x30 < 10 {
                significant += 1
                i += 1
            }
            guard significant > 0 else { return false }
        }
        if i == n { return significant > 0 && significant <= 15 }
        guard text[i] == 0x2E, i + 1 < n else { return false }
        i += 1
        var seenNonZero = significant > 0
        while i < n {
            let d = text[i] &- 0x30
            guard d < 10 else { return false }
            if seenNonZero {
                significant += 1
            } else if d == 0 {
                leadingZeros += 1
            } else {
                seenNonZero = true
                significant = 1
            }
            i += 1
        }
        return text[n - 1] != 0x30 && seenNonZero && significant <= 15 && leadingZeros <= 5
    }
}
