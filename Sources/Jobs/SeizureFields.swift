import Analysis
import Cartography
import Catalog
import Domain
import Foundation
import GeoFormats

/// The fields of a seizure record the pipeline needs, read exactly as `SeizureCatalog.seizure`
/// reads them (same keys and aliases: exact key first in alias order, then case-insensitive; null
/// and empty values skipped; numbers from JSON numbers or numeric text), in one pass over the
/// properties and without allocating: the catalog's general reader costs ~3 µs a record, too much
/// for a million. Debug builds check every record against `SeizureCatalog.seizure`.
struct SeizureFields {
    var dateStart: String?
    var dateEnd: String?
    var drug: String?
    var province: String?
    var amount: Double?
    var unit: String?
    var locationPrecisionM: Double?

    /// Field → aliases, in SeizureCatalog's order.
    static let aliases: [[String]] = [
        ["date_start", "date"], ["date_end"], ["drug"], ["province", "region"], ["amount", "amount_kg"], ["unit"],
        ["location_precision_m", "precision_m"], ["amount_kg"],
    ]
    static let aliasUTF8: [[[UInt8]]] = aliases.map { $0.map { Array($0.utf8) } }

    init(_ f: GeoJSON.Feature, index i: Int, url: URL) throws {
        let members = f.properties?.members ?? []
        // Per field: the member chosen (the best exact match, else the first case-insensitive one;
        // -1: none), found in stack memory (this runs a million times).
        var chosen = SIMD8<Int>(repeating: -1)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 24) { t in
            let p = t.baseAddress!
            p.initialize(repeating: -1, count: 24)
            SeizureFields.match(members, p)
            for fi in 0..<8 { chosen[fi] = p[8 + fi] >= 0 ? p[8 + fi] : p[16 + fi] }
        }
        try self.init(index: i, url: url) { fi in
            let m = chosen[fi]
            // (Not a ternary: JSONValue is ExpressibleByNilLiteral, so `c ? v : nil` would give .null.)
            if m < 0 { return nil }
            return members[m].value
        }
    }

    /// The fields from `value(fi)`: the value chosen for field `fi` (see `aliases`), nil when none.
    init(index i: Int, url: URL, value: (Int) -> JSONValue?) throws {
        func string(_ fi: Int) -> String? {
            switch value(fi) {
            case .string(let s): s.isEmpty ? nil : s
            case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
            case .bool(let b): String(b)
            default: nil
            }
        }
        func number(_ fi: Int) throws -> Double? {
            switch value(fi) {
            case .number(let d): return d
            case .string(let s):
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return nil }
                guard let d = Double(t), d.isFinite else {
                    throw CatalogError(.badData, file: FeatureFile.displayName(url), position: FeatureFile.position(url, i),
                                       "\(SeizureFields.aliases[fi][0]) \"\(s)\" is not a number")
                }
                return d
            case nil: return nil
            case let other?:
                throw CatalogError(.badData, file: FeatureFile.displayName(url), position: FeatureFile.position(url, i),
                                   "\(SeizureFields.aliases[fi][0]) \"\(other)\" is not a number")
            }
        }
        dateStart = string(0)
        dateEnd = string(1)
        drug = string(2)
        province = string(3)
        locationPrecisionM = try number(6)
        amount = try number(4)
        unit = string(5) ?? (value(7) != nil ? "kg" : nil)
    }

    /// The aliases flattened: (field, rank, range in `aliasBlob`).
    static let aliasTable: [(field: Int, rank: Int, start: Int, count: Int)] = {
        var out: [(Int, Int, Int, Int)] = []
        var at = 0
        for (fi, list) in aliasUTF8.enumerated() {
            for (ai, a) in list.enumerated() {
                out.append((fi, ai, at, a.count))
                at += a.count
            }
        }
        return out
    }()
    static let aliasBlob: [UInt8] = aliasUTF8.flatMap { $0.flatMap { $0 } }

    /// Matches the members' keys against the aliases: t[fi] the best exact alias rank of field fi,
    /// t[8 + fi] its member, t[16 + fi] the first case-insensitive member (all -1 when none).
    static func match(_ members: [(key: String, value: JSONValue)], _ t: UnsafeMutablePointer<Int>) {
        aliasTable.withUnsafeBufferPointer { table in
            aliasBlob.withUnsafeBufferPointer { blob in
                for mi in members.indices {
                    if case .null = members[mi].value { continue }
                    var key = members[mi].key
                    let ascii = key.withUTF8 { k -> Bool in
                        for e in table where e.count == k.count {
                            let alias = UnsafeBufferPointer(rebasing: blob[e.start..<(e.start + e.count)])
                            if alias.elementsEqual(k) {
                                if t[8 + e.field] < 0 || t[e.field] > e.rank {
                                    t[e.field] = e.rank
                                    t[8 + e.field] = mi
                                }
                            } else if t[16 + e.field] < 0, SeizureFields.foldedEqual(alias, k) {
                                t[16 + e.field] = mi
                            }
                        }
                        for b in k where b >= 0x80 { return false }
                        return true
                    }
                    if !ascii {
                        // Non-ASCII keys: the catalog's Unicode lower-casing decides.
                        let lower = key.lowercased()
                        for (fi, list) in SeizureFields.aliases.enumerated() where t[16 + fi] < 0 && list.contains(lower) { t[16 + fi] = mi }
                    }
                }
            }
        }
    }

    static func foldedEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
            let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    func matches(_ s: Seizure) -> Bool {
        dateStart == s.dateStart && dateEnd == s.dateEnd && drug == s.drug && province == s.province
            && amount == s.amount && unit == s.unit && locationPrecisionM == s.locationPrecisionM
    }
}

extension SeizureFilter {
    func matches(_ s: SeizureFields) -> Bool { matches(dateStart: s.dateStart, dateEnd: s.dateEnd, drug: s.drug) }
}
