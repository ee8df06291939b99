import Foundation

/// The attribution of a map, from its layers' data: every licence that a visible layer's data
/// carries (geodata's `licence` values, each naming its source: "public domain (Natural Earth)",
/// "ODbL 1.0, © OpenStreetMap contributors", "CC BY 4.0 (GeoNames, …)"), once, with the layers
/// that show it. Nothing is written for a source that no layer shows, so switching a layer to other
/// data switches its credit.
public enum MapAttribution {
    /// One credit: a licence and the names of the layers whose data carry it, top to bottom.
    public struct Entry: Sendable, Hashable {
        public var licence: String
        public var layers: [String]
    }

    /// The licences of the visible layers, in the order they first appear (top to bottom).
    public static func entries(_ layers: [MapLayer]) -> [Entry] {
        entries(layers.filter(\.visible).map { (name: $0.legendName ?? $0.name, licences: $0.licences) })
    }

    /// The same for any shown layers given by name and licences (a raster layer, say, that is not a
    /// `MapLayer`), top to bottom.
    public static func entries(_ shown: [(name: String, licences: [String])]) -> [Entry] {
        var out: [Entry] = []
        for (name, licences) in shown {
            for licence in distinct(licences) {
                if let k = out.firstIndex(where: { $0.licence == licence }) {
                    if !out[k].layers.contains(name) { out[k].layers.append(name) }
                } else {
                    out.append(Entry(licence: licence, layers: [name]))
                }
            }
        }
        return out
    }

    /// One line per licence: "Borders, Countries, Lakes: public domain (Natural Earth)".
    public static func lines(_ layers: [MapLayer]) -> [String] { lines(entries(layers)) }

    public static func lines(_ entries: [Entry]) -> [String] {
        entries.map { $0.layers.joined(separator: ", ") + ": " + $0.licence }
    }

    /// The whole attribution on one line ("Data: …"), nil when no layer carries a licence.
    public static func text(_ layers: [MapLayer]) -> String? { text(entries(layers)) }

    public static func text(_ entries: [Entry]) -> String? {
        let l = lines(entries)
        return l.isEmpty ? nil : "Data: " + l.joined(separator: " | ")
    }

    /// Licence strings trimmed, empty ones dropped, each kept once in first-seen order. Several
    /// licences in one value ("a; b", as a line derived from two polygon sets has) are split.
    public static func distinct(_ licences: [String]) -> [String] {
        var out: [String] = []
        for value in licences {
            for part in value.split(separator: ";", omittingEmptySubsequences: true).map({ $0.trimmingCharacters(in: .whitespaces) })
            where !part.isEmpty && !out.contains(part) {
                out.append(part)
            }
        }
        return out
    }
}
