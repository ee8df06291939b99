import Coordinates

/// What watches a stretch of border: an official crossing, a border-guard outpost, or a settlement
/// (people, roads and police are there, so smugglers avoid it).
public enum ControlKind: String, Sendable, Hashable, CaseIterable, Codable {
    case checkpoint
    case outpost
    case settlement

    /// Checkpoints and outposts are "posts": they share the post radius R_c in the gaps analysis.
    public var isPost: Bool { self != .settlement }
}

/// A point that covers the border around it: a checkpoint, an outpost or a settlement.
public struct ControlPoint: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var kind: ControlKind
    public var coordinate: Coordinate
    /// Population for settlements (GeoNames), nil when unknown.
    public var population: Int?
    /// The name of the crossing on the other side (e.g. Kordai's partner is Ak-Zhol), when known.
    public var partnerName: String?
    /// The border id a checkpoint serves, when known.
    public var borderID: String?
    /// road / rail, for crossings.
    public var mode: String?
    /// multilateral / bilateral / cargo-only / seasonal, for crossings.
    public var regime: String?
    /// How far the true position may be from `coordinate`, in metres.
    public var locationPrecisionM: Double?
    public var country: String?
    /// The licence of the record's data (geodata's `licence` column), when given.
    public var licence: String?

    public init(id: String, name: String, kind: ControlKind, coordinate: Coordinate, population: Int? = nil,
                borderID: String? = nil, mode: String? = nil, regime: String? = nil,
                locationPrecisionM: Double? = nil, country: String? = nil, partnerName: String? = nil, licence: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.coordinate = coordinate
        self.population = population
        self.borderID = borderID
        self.mode = mode
        self.regime = regime
        self.locationPrecisionM = locationPrecisionM
        self.country = country
        self.partnerName = partnerName
        self.licence = licence
    }
}
