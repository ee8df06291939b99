import Coordinates
import GeoFormats

/// One reported seizure of drugs (or a user's point record), located as precisely as the report allows.
public struct Seizure: Sendable, Hashable, Identifiable {
    public var id: String
    /// ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY) or nil; `dateEnd` for ranges.
    public var dateStart: String?
    public var dateEnd: String?
    public var place: String?
    public var coordinate: Coordinate
    /// Radius within which the true place lies, in metres (0 or nil: exact).
    public var locationPrecisionM: Double?
    public var drug: String?
    public var amount: Double?
    public var unit: String?
    public var province: String?
    /// Every property of the input record, kept so outputs carry it through.
    public var properties: JSONObject

    public init(id: String, dateStart: String? = nil, dateEnd: String? = nil, place: String? = nil,
                coordinate: Coordinate, locationPrecisionM: Double? = nil, drug: String? = nil,
                amount: Double? = nil, unit: String? = nil, province: String? = nil,
                properties: JSONObject = JSONObject()) {
        self.id = id
        self.dateStart = dateStart
        self.dateEnd = dateEnd
        self.place = place
        self.coordinate = coordinate
        self.locationPrecisionM = locationPrecisionM
        self.drug = drug
        self.amount = amount
        self.unit = unit
        self.province = province
        self.properties = properties
    }
}
