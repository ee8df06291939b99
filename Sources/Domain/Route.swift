import Coordinates

/// A trafficking route drawn as ordered waypoints; legs between waypoints are geodesics.
public struct Route: Sendable, Hashable, Identifiable {
    public struct Waypoint: Sendable, Hashable {
        public var name: String
        public var country: String
        public var coordinate: Coordinate
        public init(name: String, country: String, coordinate: Coordinate) {
            self.name = name
            self.country = country
            self.coordinate = coordinate
        }
    }

    public var id: String
    public var name: String
    public var waypoints: [Waypoint]
    public var source: String

    public init(id: String, name: String, waypoints: [Waypoint], source: String = "") {
        self.id = id
        self.name = name
        self.waypoints = waypoints
        self.source = source
    }

    public var coordinates: [Coordinate] { waypoints.map(\.coordinate) }
}
