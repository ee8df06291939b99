import Coordinates

/// RFC 7946 GeoJSON as plain Swift values. Reading: `GeoJSONReader`; writing: `GeoJSONWriter`.
public enum GeoJSON {
    /// A GeoJSON geometry. Rings are arrays of coordinates whose first and last positions are equal.
    public indirect enum Geometry: Hashable, Sendable {
        case point(Coordinate)
        case multiPoint([Coordinate])
        case lineString([Coordinate])
        case multiLineString([[Coordinate]])
        case polygon([[Coordinate]])
        case multiPolygon([[[Coordinate]]])
        case geometryCollection([Geometry])

        /// The RFC 7946 "type" member.
        public var typeName: String {
            switch self {
            case .point: "Point"
            case .multiPoint: "MultiPoint"
            case .lineString: "LineString"
            case .multiLineString: "MultiLineString"
            case .polygon: "Polygon"
            case .multiPolygon: "MultiPolygon"
            case .geometryCollection: "GeometryCollection"
            }
        }
    }

    /// A feature id: RFC 7946 allows a string or a number.
    public enum FeatureID: Hashable, Sendable {
        case string(String)
        case number(Double)
    }

    public struct Feature: Hashable, Sendable {
        public var id: FeatureID?
        /// nil is written as `"geometry": null` (RFC 7946 §3.2, unlocated feature).
        public var geometry: Geometry?
        /// Properties in document order. nil is written as `"properties": null`.
        public var properties: JSONObject?
        public var bbox: [Double]?

        public init(id: FeatureID? = nil, geometry: Geometry?, properties: JSONObject? = JSONObject(), bbox: [Double]? = nil) {
            self.id = id
            self.geometry = geometry
            self.properties = properties
            self.bbox = bbox
        }
    }

    public struct FeatureCollection: Hashable, Sendable {
        public var features: [Feature]
        public var bbox: [Double]?

        public init(features: [Feature], bbox: [Double]? = nil) {
            self.features = features
            self.bbox = bbox
        }
    }
}

/// Any JSON value, for feature properties.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var doubleValue: Double? { if case .number(let d) = self { d } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    public var isNull: Bool { if case .null = self { true } else { false } }
}

/// A JSON object that keeps its members in document order (what a user wrote stays where it was).
/// Lookup is linear: property lists are short.
public struct JSONObject: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init() { members = [] }
    public init(_ members: [(String, JSONValue)]) { self.members = members.map { (key: $0.0, value: $0.1) } }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
    /// Members as given, without copying (readers build them in order already).
    init(uncheckedMembers: [(key: String, value: JSONValue)]) { members = uncheckedMembers }

    public var count: Int { members.count }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append((key: key, value: newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for m in members { hasher.combine(m.key); hasher.combine(m.value) }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}
