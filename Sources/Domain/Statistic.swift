/// A national or regional figure quoted by a source (yearly totals, shares of seizures, ...).
public struct Statistic: Sendable, Hashable, Identifiable {
    public var id: String
    /// ISO3 of the country, or a region code such as "CAS" when the figure is regional.
    public var country: String
    public var year: String
    public var indicator: String
    public var value: Double
    public var unit: String
    public var source: String

    public init(id: String, country: String, year: String, indicator: String, value: Double, unit: String, source: String) {
        self.id = id
        self.country = country
        self.year = year
        self.indicator = indicator
        self.value = value
        self.unit = unit
        self.source = source
    }
}
