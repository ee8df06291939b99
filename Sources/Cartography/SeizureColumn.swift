import Analysis

/// One column the seizures analysis appends to every record: its name, its unit, how it is rounded
/// and where its value comes from in a `SeizureResult`. `SeizureColumns` lists them for a context;
/// the value encoder (`SeizureLayers.properties(for:precision:columns:)`) and the byte encoder
/// (`SeizureLayers.writeAdded`, through its `SeizureEncodingPlan`) both go through that list and
/// read every value with `cell(_:of:borders:nearest:precision:texts:)`, so they cannot disagree on a
/// column.
public struct SeizureColumn: Sendable, Hashable {
    /// What the written value is.
    public enum Unit: String, Sendable, Hashable {
        /// A string (an id, a name, an ISO3 code).
        case text
        /// `true` / `false`.
        case boolean
        /// Kilometres, from the result's metres.
        case kilometres = "km"
        /// Degrees, as the result has them.
        case degrees = "deg"
    }

    /// A geodesic distance, or an end of its interval for the record's location precision p:
    /// min = max(0, d − p), max = d + p (`SeizureProximity.interval`).
    public enum Bound: Sendable, Hashable {
        case distance, min, max
    }

    /// Which border a border column describes.
    public enum BorderChoice: Sendable, Hashable {
        /// The nearest of the context's borders (`SeizureResult.nearestBorder`).
        case nearest
        /// The context's border at this index.
        case index(Int)
    }

    /// Where the value is read from.
    public enum Value: Sendable, Hashable {
        /// ISO3 of the country polygon holding the point.
        case country
        /// The name and the id of the province polygon holding the point.
        case provinceName, provinceID
        /// The nearest checkpoint's id, name, geodesic distance, bearing (azimuth at the seizure
        /// towards it, [0, 360)).
        case checkpointID, checkpointName, checkpointDistance(Bound), checkpointBearing
        /// The border's id.
        case borderID(BorderChoice)
        /// Geodesic distance to the border line, its nearest point, that point's chainage.
        case borderDistance(BorderChoice, Bound), borderPointLongitude(BorderChoice), borderPointLatitude(BorderChoice)
        case borderChainage(BorderChoice)
        /// Whether the nearest border point lies in a gap; the nearest gap's id; the distance to its line.
        case inGap(BorderChoice), gapID(BorderChoice), gapDistance(BorderChoice, Bound)
    }

    public let name: String
    public let unit: Unit
    /// Decimals of the written number (kilometres 6: to the millimetre; degrees 9 or 6); nil for
    /// text and booleans. The value written is the result's value × `scale`, rounded half away
    /// from zero, ÷ 10^decimals.
    public let decimals: Int?
    public let value: Value

    public init(_ name: String, _ unit: Unit, decimals: Int? = nil, _ value: Value) {
        precondition((decimals != nil) == (unit == .kilometres || unit == .degrees), "numbers, and only numbers, are rounded")
        precondition(decimals.map { 0...9 ~= $0 && (unit != .kilometres || $0 >= 3) } ?? true, "0–9 decimals (km: ≥ 3)")
        self.name = name
        self.unit = unit
        self.decimals = decimals
        self.value = value
    }

    /// 10^decimals.
    public var divisor: Double { SeizureColumn.powersOfTen[decimals ?? 0] }

    /// What the result's value (metres or degrees) is multiplied by before rounding: 10^decimals
    /// per unit (exact: 10^(decimals − 3) for kilometres from metres).
    public var scale: Double {
        guard let decimals else { return 1 }
        return unit == .kilometres ? SeizureColumn.powersOfTen[decimals - 3] : SeizureColumn.powersOfTen[decimals]
    }

    static let powersOfTen: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// The column's value for one result, before encoding: the number still in the result's unit
    /// (metres, degrees) and unrounded, a text as an index into `SeizureTexts.strings`. Both
    /// encoders read every value through this one function, with the same arguments:
    ///
    /// - Parameters:
    ///   - source: the column's `Value`, as `Source(value)`.
    ///   - borders: `r.borders`' storage.
    ///   - nearest: `r.nearestBorder` (worked out once per record), −1 for none.
    ///   - texts: `SeizureTexts.Bases` of the context.
    @inline(__always)
    static func cell(_ source: Source, of r: SeizureResult, borders: UnsafeBufferPointer<SeizureBorderHit>, nearest: Int,
                     precision: Double?, texts: SeizureTexts.Bases) -> SeizureCell {
        @inline(__always) func bounded(_ d: Double) -> SeizureCell {
            switch source.bound {
            case .distance: return .number(d)
            case .min: return .number(SeizureProximity.interval(d, precision: precision).min)
            case .max: return .number(SeizureProximity.interval(d, precision: precision).max)
            }
        }
        switch source.quantity {
        case .country:
            guard let c = r.country else { return .null }
            return .text(texts.country &+ c)
        case .provinceName:
            guard let p = r.province else { return .null }
            return .text(texts.provinceName &+ p)
        case .provinceID:
            guard let p = r.province else { return .null }
            return .text(texts.provinceID &+ p)
        case .checkpointID, .checkpointName, .checkpointDistance, .checkpointBearing:
            guard let c = r.checkpoint else { return .null }
            switch source.quantity {
            case .checkpointID: return .text(texts.checkpointID &+ c.index)
            case .checkpointName: return .text(texts.checkpointName &+ c.index)
            case .checkpointDistance: return bounded(c.distance)
            default: return .number(c.bearing)
            }
        default:
            let bi = source.border < 0 ? nearest : source.border
            guard bi >= 0 else { return .null }
            let b = borders.baseAddress! + bi
            precondition(bi < borders.count)
            switch source.quantity {
            case .borderID: return .text(texts.borderID &+ bi)
            case .borderDistance: return bounded(b.pointee.distance)
            case .borderPointLongitude: return .number(b.pointee.point.longitude)
            case .borderPointLatitude: return .number(b.pointee.point.latitude)
            case .borderChainage: return .number(b.pointee.chainage)
            case .inGap: return .bool(b.pointee.gap != nil)  // SeizureBorderHit.inGap
            case .gapID:
                guard let g = b.pointee.nearestGap, texts.gapID[bi] >= 0 else { return .null }
                return .text(texts.gapID[bi] &+ g)
            default:
                guard let d = b.pointee.nearestGapDistance else { return .null }
                return bounded(d)
            }
        }
    }

    /// A `Value` in the form `cell` reads fast: what, which bound, which border (−1: the nearest).
    struct Source: Sendable, Hashable {
        enum Quantity: UInt8, Sendable {
            case country, provinceName, provinceID, checkpointID, checkpointName, checkpointDistance, checkpointBearing
            case borderID, borderDistance, borderPointLongitude, borderPointLatitude, borderChainage, inGap, gapID, gapDistance
        }
        let quantity: Quantity
        let bound: Bound
        let border: Int

        init(_ value: Value) {
            func index(_ b: BorderChoice) -> Int {
                switch b {
                case .nearest: -1
                case .index(let i): i
                }
            }
            switch value {
            case .country: (quantity, bound, border) = (.country, .distance, -1)
            case .provinceName: (quantity, bound, border) = (.provinceName, .distance, -1)
            case .provinceID: (quantity, bound, border) = (.provinceID, .distance, -1)
            case .checkpointID: (quantity, bound, border) = (.checkpointID, .distance, -1)
            case .checkpointName: (quantity, bound, border) = (.checkpointName, .distance, -1)
            case .checkpointDistance(let x): (quantity, bound, border) = (.checkpointDistance, x, -1)
            case .checkpointBearing: (quantity, bound, border) = (.checkpointBearing, .distance, -1)
            case .borderID(let b): (quantity, bound, border) = (.borderID, .distance, index(b))
            case .borderDistance(let b, let x): (quantity, bound, border) = (.borderDistance, x, index(b))
            case .borderPointLongitude(let b): (quantity, bound, border) = (.borderPointLongitude, .distance, index(b))
            case .borderPointLatitude(let b): (quantity, bound, border) = (.borderPointLatitude, .distance, index(b))
            case .borderChainage(let b): (quantity, bound, border) = (.borderChainage, .distance, index(b))
            case .inGap(let b): (quantity, bound, border) = (.inGap, .distance, index(b))
            case .gapID(let b): (quantity, bound, border) = (.gapID, .distance, index(b))
            case .gapDistance(let b, let x): (quantity, bound, border) = (.gapDistance, x, index(b))
            }
        }
    }
}

/// One added value before encoding (see `SeizureColumn.cell`): a kind and 64 bits, so that it
/// passes in two registers.
struct SeizureCell: Sendable, Hashable {
    enum Kind: UInt8, Sendable {
        case null, text, number, bool
    }
    let kind: Kind
    let bits: UInt64

    static let null = SeizureCell(kind: .null, bits: 0)
    /// An index into `SeizureTexts.strings`.
    @inline(__always) static func text(_ index: Int) -> SeizureCell { SeizureCell(kind: .text, bits: UInt64(bitPattern: Int64(index))) }
    /// In the result's unit (metres, degrees), not rounded; a value that is not finite is written as null.
    @inline(__always) static func number(_ v: Double) -> SeizureCell { SeizureCell(kind: .number, bits: v.bitPattern) }
    @inline(__always) static func bool(_ b: Bool) -> SeizureCell { SeizureCell(kind: .bool, bits: b ? 1 : 0) }

    /// For `.text`.
    var textIndex: Int { Int(Int64(bitPattern: bits)) }
    /// For `.number`.
    var number: Double { Double(bitPattern: bits) }
    /// For `.bool`.
    var flag: Bool { bits != 0 }
}

/// Every string an added column can hold, for one context, in one list: the countries' ISO3
/// codes, the provinces' names and ids, the checkpoints' ids and names, the borders' ids and each border's gap ids, each kind
/// from its base index.
public struct SeizureTexts: Sendable {
    public let strings: [String]
    public let country: Int
    public let provinceName: Int
    public let provinceID: Int
    public let checkpointID: Int
    public let checkpointName: Int
    public let borderID: Int
    /// Per border: the base of its gaps' ids, −1 when the border has no gap report.
    public let gapID: [Int]

    public init(context: SeizureContext) {
        var s: [String] = []
        country = s.count
        s += context.countries.map(\.iso3)
        provinceName = s.count
        s += context.provinces.map(\.name)
        provinceID = s.count
        s += context.provinces.map(\.id)
        checkpointID = s.count
        s += context.checkpoints.map(\.id)
        checkpointName = s.count
        s += context.checkpoints.map(\.name)
        borderID = s.count
        s += context.borders.map(\.id)
        var gapID: [Int] = []
        for report in context.gapReports {
            if let report {
                gapID.append(s.count)
                s += report.gaps.map(\.id)
            } else {
                gapID.append(-1)
            }
        }
        self.gapID = gapID
        strings = s
    }

    /// The base indices, for `SeizureColumn.cell` (`gapID` pointing into `SeizureTexts.gapID`).
    struct Bases {
        let country: Int
        let provinceName: Int
        let provinceID: Int
        let checkpointID: Int
        let checkpointName: Int
        let borderID: Int
        let gapID: UnsafeBufferPointer<Int>
    }

    /// `body` with the base indices.
    @inline(__always)
    func withBases<T>(_ body: (Bases) throws -> T) rethrows -> T {
        try gapID.withUnsafeBufferPointer { g in
            try body(Bases(country: country, provinceName: provinceName, provinceID: provinceID, checkpointID: checkpointID, checkpointName: checkpointName, borderID: borderID, gapID: g))
        }
    }
}
