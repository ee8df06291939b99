import Foundation

/// Seizure amounts in mass units, converted to kilograms. Other units (doses, plants, pieces, ...)
/// cannot be added to masses: they are counted, and summed per unit on their own.
public enum SeizureAmount {
    /// Kilograms per unit for the mass units recognised (case-insensitive, trimmed).
    public static let kilogramsPerUnit: [String: Double] = [
        "kg": 1, "kgs": 1, "kilogram": 1, "kilograms": 1,
        "g": 0.001, "gram": 0.001, "grams": 0.001, "gr": 0.001,
        "mg": 1e-6,
        "t": 1000, "tonne": 1000, "tonnes": 1000, "ton": 1000, "tons": 1000,
    ]

    /// The amount in kilograms, or nil when the unit is not a mass (or amount/unit missing).
    public static func kilograms(_ amount: Double?, unit: String?) -> Double? {
        guard let amount, amount.isFinite, let unit else { return nil }
        guard let k = kilogramsPerUnit[unit.trimmingCharacters(in: .whitespaces).lowercased()] else { return nil }
        return amount * k
    }

    /// The normalised unit name for a non-mass amount ("doses", "plants", ...), nil for masses or none.
    public static func otherUnit(_ amount: Double?, unit: String?) -> String? {
        guard let amount, amount.isFinite else { return nil }
        let u = (unit ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if kilogramsPerUnit[u] != nil { return nil }
        return u.isEmpty ? "no unit" : u
    }
}

/// Counts and amounts of a set of seizures.
public struct SeizureTally: Sendable, Hashable {
    /// Every seizure, whatever its amount or unit.
    public var count = 0
    /// Sum of the amounts given in mass units, in kg.
    public var kilograms = 0.0
    /// How many seizures contributed to `kilograms`.
    public var countWithMass = 0
    /// Sums of the amounts in other units, by unit ("doses": 5000).
    public var otherAmounts: [String: Double] = [:]

    public init() {}

    mutating func add(amount: Double?, unit: String?) {
        count += 1
        if let kg = SeizureAmount.kilograms(amount, unit: unit) {
            kilograms += kg
            countWithMass += 1
        } else if let u = SeizureAmount.otherUnit(amount, unit: unit), let a = amount {
            otherAmounts[u, default: 0] += a
        }
    }
}

/// One seizure as the profile sees it.
public struct ProfileEntry: Sendable, Hashable {
    public var chainage: Double
    public var drug: String
    public var country: String
    public var amount: Double?
    public var unit: String?

    public init(chainage: Double, drug: String, country: String, amount: Double?, unit: String?) {
        self.chainage = chainage
        self.drug = drug
        self.country = country
        self.amount = amount
        self.unit = unit
    }
}

/// Seizures along a route in bins of equal length: counts and amounts, in total, by drug and by
/// country. Bin k covers chainage [k·b, (k+1)·b); the last bin ends at the route's end (shorter
/// than b unless the length is a multiple of b) and also holds a seizure at exactly the end.
public struct CorridorProfile: Sendable {
    public struct Bin: Sendable {
        public var index: Int
        public var start: Double
        public var end: Double
        public var total = SeizureTally()
        public var byDrug: [String: SeizureTally] = [:]
        public var byCountry: [String: SeizureTally] = [:]
    }

    public var length: Double
    public var binLength: Double
    public var bins: [Bin]
    /// Drugs seen on this route, most seizures first (then by name).
    public var drugs: [String]
    /// Countries seen on this route, most seizures first (then by code).
    public var countries: [String]

    public var total: SeizureTally {
        var t = SeizureTally()
        for b in bins {
            t.count += b.total.count
            t.kilograms += b.total.kilograms
            t.countWithMass += b.total.countWithMass
            for (u, a) in b.total.otherAmounts { t.otherAmounts[u, default: 0] += a }
        }
        return t
    }

    /// - Precondition: `binLength > 0`, `length >= 0`.
    public static func build(length: Double, binLength: Double, entries: [ProfileEntry]) -> CorridorProfile {
        precondition(binLength > 0 && binLength.isFinite, "binLength must be positive")
        let n = max(1, Int((length / binLength).rounded(.up)))
        var bins = (0..<n).map { k in
            Bin(index: k, start: Double(k) * binLength, end: min(Double(k + 1) * binLength, max(length, 0)))
        }
        var drugCount: [String: Int] = [:], countryCount: [String: Int] = [:]
        for e in entries {
            let k = min(max(Int((e.chainage / binLength).rounded(.down)), 0), n - 1)
            bins[k].total.add(amount: e.amount, unit: e.unit)
            bins[k].byDrug[e.drug, default: SeizureTally()].add(amount: e.amount, unit: e.unit)
            bins[k].byCountry[e.country, default: SeizureTally()].add(amount: e.amount, unit: e.unit)
            drugCount[e.drug, default: 0] += 1
            countryCount[e.country, default: 0] += 1
        }
        func ranked(_ c: [String: Int]) -> [String] { c.keys.sorted { c[$0]! > c[$1]! || (c[$0]! == c[$1]! && $0 < $1) } }
        return CorridorProfile(length: length, binLength: binLength, bins: bins, drugs: ranked(drugCount), countries: ranked(countryCount))
    }

    /// The drug label of a seizure: its `drug` text trimmed, "unknown" when missing.
    public static func drugLabel(_ drug: String?) -> String {
        let t = (drug ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? "unknown" : t
    }
}
