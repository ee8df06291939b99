import Coordinates

/// A place where a new post could go (`nroute plan`): generated along the border, a settlement, or a row of the
/// user's file of feasible sites.
public struct CandidateSite: Sendable, Hashable {
    public enum Origin: String, Sendable, Hashable {
        /// Set back from the border line at a regular chainage (`BorderSites`).
        case border
        case settlement
        /// The user's file (`--candidates FILE`).
        case file
    }

    public var id: String
    public var name: String
    public var coordinate: Coordinate
    public var origin: Origin
    /// What building a post there costs (any unit the budget uses); 1 unless given.
    public var cost: Double
    /// For border sites: the chainage (m) of the border point it is set back from.
    public var chainage: Double?

    public init(id: String, name: String, coordinate: Coordinate, origin: Origin, cost: Double = 1, chainage: Double? = nil) {
        self.id = id
        self.name = name
        self.coordinate = coordinate
        self.origin = origin
        self.cost = cost
        self.chainage = chainage
    }
}
