import Coordinates

/// One named place of the offline gazetteer (geodata/gazetteer.csv): a settlement, a province or a
/// country, at a point, with every name it is known by and the radius within which it lies.
public struct GazetteerPlace: Sendable, Hashable, Identifiable {
    public enum Level: String, Sendable, Hashable, CaseIterable, Comparable {
        case settlement, district, province, country
        /// Finer levels first.
        var rank: Int { Level.allCases.firstIndex(of: self)! }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// GeoNames id for a settlement, the province id of provinces.geojson, the ISO3 of a country.
    public var id: String
    public var level: Level
    public var name: String
    /// Every name (the first is `name`): GeoNames alternate names, province variants, former names.
    public var names: [String]
    public var iso3: String
    /// The province the place lies in (a province: itself); nil when none.
    public var provinceID: String?
    public var coordinate: Coordinate
    public var population: Int?
    /// Radius in metres within which the place (a whole province or country) lies around `coordinate`.
    public var precisionM: Double

    public init(id: String, level: Level, name: String, names: [String], iso3: String, provinceID: String?,
                coordinate: Coordinate, population: Int?, precisionM: Double) {
        self.id = id
        self.level = level
        self.name = name
        self.names = names
        self.iso3 = iso3
        self.provinceID = provinceID
        self.coordinate = coordinate
        self.population = population
        self.precisionM = precisionM
    }
}

/// A former name of a place (geodata/curated/place-renames.csv): reports still use them.
public struct PlaceRename: Sendable, Hashable {
    public var formerName: String
    public var currentName: String
    public var level: GazetteerPlace.Level
    public var iso3: String

    public init(formerName: String, currentName: String, level: GazetteerPlace.Level, iso3: String) {
        self.formerName = formerName
        self.currentName = currentName
        self.level = level
        self.iso3 = iso3
    }
}
