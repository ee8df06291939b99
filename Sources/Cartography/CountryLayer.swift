import Coordinates
import Domain
import Foundation
import GeoFormats

/// `countries.geojson`: the country polygons with the statistics table joined, for choropleths.
///
/// One property per (indicator, year, unit): `<indicator>_<year>_<unit>`, e.g.
/// `opiate_seizures_share_of_region_2011_pct` (unit "percent" → `pct`; other units lower-cased with
/// non-alphanumerics as `_`; a statistic without a year gets `undated`). Every feature carries every
/// column (null where the country has no figure), so QGIS sees one schema. Columns are sorted by
/// name after `iso3`, `name`, `statistics`. Statistics whose country code has no polygon (regional
/// figures such as "CAS") are not joined: `unjoined` lists them. When the table holds two different
/// values for one column and country, the first (file order) is used and `conflicts` says so; equal
/// duplicates are merged silently.
public enum CountryLayer {
    public struct Output: Sendable {
        public var collection: GeoJSON.FeatureCollection
        /// The statistic columns added, sorted.
        public var columns: [String]
        public var unjoined: [Statistic]
        public var conflicts: [String]
    }

    public static func build(_ countries: [Country], statistics: [Statistic]) -> Output {
        let codes = Set(countries.map { $0.iso3.uppercased() })
        var values: [String: [String: (value: Double, id: String)]] = [:]  // iso3 → column → value
        var columns = Set<String>()
        var unjoined: [Statistic] = []
        var conflicts: [String] = []
        for s in statistics {
            let iso = s.country.uppercased()
            guard codes.contains(iso) else { unjoined.append(s); continue }
            let col = column(s)
            columns.insert(col)
            if let existing = values[iso]?[col] {
                if existing.value != s.value {
                    conflicts.append("\(iso) \(col): kept \(existing.value) (\(existing.id)), ignored \(s.value) (\(s.id))")
                }
                continue
            }
            values[iso, default: [:]][col] = (s.value, s.id)
        }
        let sorted = columns.sorted()
        let features = countries.map { c -> GeoJSON.Feature in
            let iso = c.iso3.uppercased()
            var p: JSONObject = [
                "iso3": .string(iso),
                "name": .string(c.name),
                "statistics": .number(Double(values[iso]?.count ?? 0)),
            ]
            for col in sorted { p[col] = values[iso]?[col].map { .number($0.value) } ?? .null }
            let polys = c.polygons.map(orientedForRFC7946)
            let geometry: GeoJSON.Geometry = polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys)
            return GeoJSON.Feature(id: .string(iso), geometry: geometry, properties: p)
        }
        return Output(collection: GeoJSON.FeatureCollection(features: features), columns: sorted, unjoined: unjoined, conflicts: conflicts)
    }

    /// The column name of a statistic: `<indicator>_<year>_<unit>`.
    public static func column(_ s: Statistic) -> String {
        let year = s.year.trimmingCharacters(in: .whitespaces)
        let unit = s.unit.trimmingCharacters(in: .whitespaces).lowercased()
        let u: String
        switch unit {
        case "percent", "%", "pct": u = "pct"
        default: u = slug(unit)
        }
        return [slug(s.indicator), year.isEmpty ? "undated" : slug(year), u].filter { !$0.isEmpty }.joined(separator: "_")
    }

    /// Lower-case ASCII letters and digits; every other run of characters becomes one `_`.
    static func slug(_ s: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for ch in s.lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
                if pendingUnderscore && !out.isEmpty { out += "_" }
                pendingUnderscore = false
                out.unicodeScalars.append(ch)
            } else {
                pendingUnderscore = true
            }
        }
        return out
    }

    /// Exterior ring counter-clockwise, holes clockwise (RFC 7946 §3.1.6), by the planar
    /// lon/lat signed area.
    static func orientedForRFC7946(_ rings: [[Coordinate]]) -> [[Coordinate]] {
        rings.enumerated().map { k, ring in
            let ccw = signedArea(ring) > 0
            return ccw == (k == 0) ? ring : ring.reversed()
        }
    }

    static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count > 2 else { return 0 }
        var a = 0.0
        for i in 0..<ring.count {
            let p = ring[i], q = ring[(i + 1) % ring.count]
            a += p.longitude * q.latitude - q.longitude * p.latitude
        }
        return a / 2
    }
}
