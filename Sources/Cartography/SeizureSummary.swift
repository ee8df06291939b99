import Analysis
import Domain
import Foundation
import GeoFormats

/// The seizures summary printed on stdout: by drug, by province and by distance band to the
/// (nearest requested) border, as a table or JSON. The province is the one located in the province
/// polygons (`SeizureResult.province`), not the input's `province` field; where the input names
/// another province (after folding case, diacritics and words such as "Region" or "oblast", and
/// against the located province's name variants), the summary says so: `province_differs`. Built by `add` per record (mergeable, so each
/// worker keeps its own and the pipeline merges them in order).
///
/// Per group: seizures, kilograms (amounts in mass units; other units are not mixed in), how many
/// lie in a gap (the nearest border point is in a gap), and the median distances to the border
/// and to the nearest checkpoint. Distance bands: [0, 1), [1, 5), [5, 10), [10, 25), [25, 50),
/// [50, 100), [100, 250), [250, ∞) km; `certain` counts the records whose whole precision interval
/// [max(0, d − p), d + p] lies in the band.
public struct SeizureSummary: Sendable {
    public struct Group: Sendable {
        public var count = 0
        public var kilograms = 0.0
        public var countWithMass = 0
        public var inGap = 0
        public var certain = 0
        var borderDistances: [Double] = []
        var checkpointDistances: [Double] = []

        public init() {}

        mutating func add(_ e: Entry, distances: Bool) {
            count += 1
            if let kg = e.kilograms {
                kilograms += kg
                countWithMass += 1
            }
            if e.inGap { inGap += 1 }
            if distances {
                if let d = e.border { borderDistances.append(d) }
                if let d = e.checkpoint { checkpointDistances.append(d) }
            }
        }

        mutating func merge(_ o: Group) {
            count += o.count
            kilograms += o.kilograms
            countWithMass += o.countWithMass
            inGap += o.inGap
            certain += o.certain
            borderDistances += o.borderDistances
            checkpointDistances += o.checkpointDistances
        }

        public var medianBorderDistance: Double? { SeizureSummary.median(borderDistances) }
        public var medianCheckpointDistance: Double? { SeizureSummary.median(checkpointDistances) }
    }

    struct Entry {
        var kilograms: Double?
        var inGap: Bool
        var border: Double?
        var checkpoint: Double?
    }

    /// Band lower bounds, km.
    public static let bands: [Double] = [0, 1, 5, 10, 25, 50, 100, 250]

    public var recordsRead = 0
    /// Records without a geometry (unlocated reports): read, counted, not analysed or written.
    public var recordsUnlocated = 0
    public var total = Group()
    public private(set) var byDrug: [String: Group] = [:]
    /// By located province: index into the context's provinces + 1; 0 = in no province polygon
    /// (`byProvince(_:)` names them).
    var provinceGroups: [Group] = []
    /// Records per (located province, input province label) pair, for `provinceDiffers`.
    var provinceInputs: [ProvincePair: Int] = [:]
    /// The pair of the latest records and how many in a row have it (not yet in `provinceInputs`).
    var lastPairLocated = -1
    var lastPairInput = ""
    var lastPairCount = 0

    struct ProvincePair: Hashable {
        /// As in `provinceGroups`.
        var located: Int
        var input: String
    }

    /// By located province id ("unknown": in no province polygon), for the context's provinces.
    public func byProvince(_ provinces: [Province]) -> [String: Group] {
        var out: [String: Group] = [:]
        for (k, g) in provinceGroups.enumerated() where g.count > 0 {
            out[k == 0 ? "unknown" : k - 1 < provinces.count ? provinces[k - 1].id : "#\(k - 1)", default: Group()].merge(g)
        }
        return out
    }

    /// Per distance band (index into `bands`); a band with no record is absent.
    public var byBand: [Int: Group] {
        var out: [Int: Group] = [:]
        for (k, g) in bandGroups.enumerated() where g.count > 0 { out[k] = g }
        return out
    }
    var bandGroups = [Group](repeating: Group(), count: SeizureSummary.bands.count)

    public init() {}

    /// The text trimmed, "unknown" when missing or blank.
    public static func label(_ s: String?) -> String {
        guard let s, let first = s.utf8.first, let last = s.utf8.last else { return "unknown" }
        // Fast path: nothing to trim (no ASCII white space or non-ASCII byte at either end).
        func plain(_ b: UInt8) -> Bool { b > 0x20 && b < 0x80 }
        if plain(first) && plain(last) { return s }
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? "unknown" : t
    }

    /// The last unit seen and its kilograms per unit (records mostly repeat one unit).
    var lastUnit: (unit: String?, factor: Double?) = (nil, nil)

    mutating func kilograms(_ amount: Double?, _ unit: String?) -> Double? {
        guard let amount, amount.isFinite, let unit else { return nil }
        if lastUnit.unit != unit { lastUnit = (unit, SeizureAmount.kilograms(1, unit: unit)) }
        return lastUnit.factor.map { amount * $0 }
    }

    public static func band(_ metres: Double) -> Int {
        let km = metres / 1000
        return (bands.lastIndex { km >= $0 }) ?? 0
    }

    /// The most recent keys' places in `byDrug` / `byProvince` (a record's group is found without
    /// hashing; a dictionary's indices stay valid until a key is inserted).
    var drugSlots: [(key: String, index: Dictionary<String, Group>.Index)] = []

    static func slot(_ groups: inout [String: Group], _ slots: inout [(key: String, index: Dictionary<String, Group>.Index)],
                     _ key: String) -> Dictionary<String, Group>.Index {
        for s in slots where s.key == key { return s.index }
        if groups[key] == nil {
            groups[key] = Group()
            slots.removeAll(keepingCapacity: true)
        }
        let i = groups.index(forKey: key)!
        if slots.count < 16 { slots.append((key, i)) }
        return i
    }

    /// Adds one kept record.
    ///
    /// - Parameters:
    ///   - province: the input's province field.
    ///   - located: `result.province` (the province polygon holding the point), or nil to leave
    ///     the located province out (every record then in "unknown").
    public mutating func add(drug: String?, province: String?, located: Int?, amount: Double?, unit: String?, precision: Double?,
                             result: SeizureResult) {
        let nearest = result.nearestBorder.map { result.borders[$0] }
        let e = Entry(kilograms: kilograms(amount, unit), inGap: nearest?.inGap ?? false,
                      border: nearest?.distance, checkpoint: result.checkpoint?.distance)
        total.add(e, distances: true)
        let d = SeizureSummary.slot(&byDrug, &drugSlots, SeizureSummary.label(drug))
        byDrug.values[d].add(e, distances: true)
        let p = located.map { $0 + 1 } ?? 0
        while provinceGroups.count <= p { provinceGroups.append(Group()) }
        provinceGroups[p].add(e, distances: true)
        let input = SeizureSummary.label(province)
        if lastPairCount > 0 && lastPairLocated == p && lastPairInput == input {
            lastPairCount += 1
        } else {
            flushProvinceInput()
            (lastPairLocated, lastPairInput, lastPairCount) = (p, input, 1)
        }
        if let b = nearest {
            let k = SeizureSummary.band(b.distance)
            bandGroups[k].add(e, distances: false)
            let iv = SeizureProximity.interval(b.distance, precision: precision)
            if SeizureSummary.band(iv.min) == k && SeizureSummary.band(iv.max) == k { bandGroups[k].certain += 1 }
        }
    }

    mutating func flushProvinceInput() {
        if lastPairCount > 0 { provinceInputs[ProvincePair(located: lastPairLocated, input: lastPairInput), default: 0] += lastPairCount }
        lastPairCount = 0
    }

    /// Every (located id, input label) pair with its records.
    var provincePairs: [ProvincePair: Int] {
        var all = provinceInputs
        if lastPairCount > 0 { all[ProvincePair(located: lastPairLocated, input: lastPairInput), default: 0] += lastPairCount }
        return all
    }

    /// The records whose input names a province other than the located one (an empty input is not
    /// counted; nor is a record in no province polygon): (input, located id, records), most first;
    /// `provinces`: the context's.
    /// A name shared, once the administrative words are dropped, by two provinces ("Almaty" the city,
    /// "Almaty Region") must match in full (words kept, case and diacritics folded).
    public func provinceDiffers(_ provinces: [Province]) -> [(input: String, located: String, records: Int)] {
        var keys: [String: Set<String>] = [:], full: [String: Set<String>] = [:], owners: [String: Set<String>] = [:]
        for p in provinces {
            let names = [p.name] + p.nameVariants
            keys[p.id] = Set(names.map(SeizureSummary.provinceKey))
            full[p.id] = Set(names.map(SeizureSummary.folded))
            for k in keys[p.id]! { owners[k, default: []].insert(p.id) }
        }
        func matches(_ input: String, _ id: String) -> Bool {
            let k = SeizureSummary.provinceKey(input)
            guard keys[id]?.contains(k) == true else { return false }
            return (owners[k]?.count ?? 0) <= 1 || full[id]!.contains(SeizureSummary.folded(input))
        }
        return provincePairs.compactMap { pair, n -> (input: String, located: String, records: Int)? in
            guard pair.input != "unknown", pair.located > 0 else { return nil }
            let id = provinces[pair.located - 1].id
            guard !matches(pair.input, id) else { return nil }
            return (pair.input, id, n)
        }.sorted { ($1.records, $0.input, $0.located) < ($0.records, $1.input, $1.located) }
    }

    /// A province name compared: case and diacritics folded, administrative words ("Region",
    /// "Province", "oblast", "oblysy", ...) and punctuation dropped ("Zhambyl Oblysy" = "zhambyl").
    public static func provinceKey(_ s: String) -> String {
        let words = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return words.filter { !SeizureSummary.administrativeWords.contains($0) }.joined(separator: " ")
    }

    /// Case and diacritics folded, words kept, runs of other characters as one space.
    static func folded(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }

    static let administrativeWords: Set<String> = ["region", "province", "oblast", "oblasty", "oblysy", "obl",
                                                   "viloyati", "viloyat", "velayat", "wilayat", "e", "sheng"]

    public mutating func merge(_ o: SeizureSummary) {
        recordsRead += o.recordsRead
        recordsUnlocated += o.recordsUnlocated
        total.merge(o.total)
        for (k, g) in o.byDrug { byDrug[k, default: Group()].merge(g) }
        while provinceGroups.count < o.provinceGroups.count { provinceGroups.append(Group()) }
        for (k, g) in o.provinceGroups.enumerated() { provinceGroups[k].merge(g) }
        flushProvinceInput()
        for (k, n) in o.provincePairs { provinceInputs[k, default: 0] += n }
        for k in bandGroups.indices { bandGroups[k].merge(o.bandGroups[k]) }
        drugSlots.removeAll()
    }

    /// Median (mean of the two middle values for an even count), by selection in O(n).
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var a = values
        let n = a.count
        let hi = select(&a, n / 2)
        if n % 2 == 1 { return hi }
        // The largest of the lower half (all ≤ a[n/2] after selection).
        let lo = a[..<(n / 2)].max()!
        return (lo + hi) / 2
    }

    /// Rearranges `a` so that a[k] is the k-th smallest, smaller ones before it (Hoare's selection).
    static func select(_ a: inout [Double], _ k: Int) -> Double {
        var lo = 0, hi = a.count - 1
        while lo < hi {
            let pivot = a[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return a[k]
    }

    /// Groups by count (largest first), then by name.
    static func ranked(_ groups: [String: Group]) -> [(String, Group)] {
        groups.sorted { $0.value.count > $1.value.count || ($0.value.count == $1.value.count && $0.key < $1.key) }
    }

    static func bandName(_ k: Int) -> String {
        let lo = bands[k]
        return k + 1 < bands.count ? "\(fmt(lo))–\(fmt(bands[k + 1]))" : "≥ \(fmt(lo))"
    }

    static func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

    // MARK: Table

    /// - Parameters:
    ///   - context: what the records were measured against.
    ///   - filter: a one-line description of the filters ("none").
    public func table(context: SeizureContext, filter: String, top: Int = 15) -> String {
        var s = "Seizures: \(total.count) of \(recordsRead) records kept (filters: \(filter))\n"
        if recordsUnlocated > 0 {
            s += "  \(recordsUnlocated) record\(recordsUnlocated == 1 ? "" : "s") without coordinates skipped\n"
        }
        let names = context.borders.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")
        s += "  against \(names); \(context.checkpoints.count) checkpoints"
        if let p = context.gapReports.compactMap({ $0 }).first?.parameters {
            s += "; gaps with posts within \(km(p.postRadius)) km"
            s += p.includeSettlements ? ", settlements within \(km(p.settlementRadius)) km" : ", settlements ignored"
            if let m = p.minPopulation { s += " (population ≥ \(m))" }
            s += ", gaps ≥ \(km(p.minGapLength)) km"
        }
        s += "\n"
        guard total.count > 0 else { return s }
        func section(_ title: String, _ rows: [(String, Group)], certain: Bool = false) {
            s += "\n  \(pad(title, 28, right: true))  seizures        kg  in gap"
            s += certain ? "  certain\n" : "  median border km  median checkpoint km\n"
            for (name, g) in rows.prefix(top) {
                s += "  \(pad(name, 28, right: true))  \(pad(String(g.count), 8))  \(pad(kg(g), 8))  \(pad(String(g.inGap), 6))"
                if certain {
                    s += "  \(pad(String(g.certain), 7))\n"
                } else {
                    s += "  \(pad(g.medianBorderDistance.map(km) ?? "-", 16))  \(pad(g.medianCheckpointDistance.map(km) ?? "-", 20))\n"
                }
            }
            if rows.count > top { s += "  … \(rows.count - top) more (see --format json)\n" }
        }
        section("all", [("all", total)])
        section("by drug", SeizureSummary.ranked(byDrug))
        let provinceName = Dictionary(context.provinces.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var sameName: [String: Int] = [:]
        for p in context.provinces { sameName[p.name, default: 0] += 1 }
        func provinceLabel(_ id: String) -> String {
            guard let n = provinceName[id] else { return id }
            return (sameName[n] ?? 0) > 1 ? "\(n) (\(id))" : n
        }
        section("by province (located)", SeizureSummary.ranked(byProvince(context.provinces)).map { (provinceLabel($0.0), $0.1) })
        let differs = provinceDiffers(context.provinces)
        if !differs.isEmpty {
            s += "\n  input province ≠ located (\(differs.reduce(0) { $0 + $1.records }) records):\n"
            for d in differs.prefix(top) {
                s += "  \(pad(d.input, 28, right: true))  → \(provinceLabel(d.located)): \(d.records)\n"
            }
            if differs.count > top { s += "  … \(differs.count - top) more (see --format json)\n" }
        }
        section("by distance to the border, km", byBand.keys.sorted().map { (SeizureSummary.bandName($0), byBand[$0]!) }, certain: true)
        return s
    }

    // MARK: JSON

    public func json(context: SeizureContext, filter: JSONValue = .null) -> JSONValue {
        let provinceName = Dictionary(context.provinces.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func group(_ name: String?, _ g: Group, medians: Bool = true) -> JSONValue {
            var o: JSONObject = [:]
            if let name { o["name"] = .string(name) }
            o["seizures"] = .number(Double(g.count))
            o["kilograms"] = .number((g.kilograms * 1e6).rounded() / 1e6)
            o["seizures_with_kg"] = .number(Double(g.countWithMass))
            o["in_gap"] = .number(Double(g.inGap))
            if medians {
                o["median_border_distance_km"] = g.medianBorderDistance.map { .number(($0).rounded() / 1000) } ?? .null
                o["median_checkpoint_distance_km"] = g.medianCheckpointDistance.map { .number(($0).rounded() / 1000) } ?? .null
            }
            return .object(o)
        }
        var bands: [JSONValue] = []
        for k in byBand.keys.sorted() {
            guard case .object(var o) = group(nil, byBand[k]!, medians: false) else { continue }
            o["from_km"] = .number(SeizureSummary.bands[k])
            o["to_km"] = k + 1 < SeizureSummary.bands.count ? .number(SeizureSummary.bands[k + 1]) : .null
            o["certain"] = .number(Double(byBand[k]!.certain))
            bands.append(.object(o))
        }
        var o: JSONObject = [
            "records_read": .number(Double(recordsRead)),
            "records_kept": .number(Double(total.count)),
            "filter": filter,
            "borders": .array(context.borders.map { .string($0.id) }),
            "checkpoints": .number(Double(context.checkpoints.count)),
            "total": group(nil, total),
            "by_drug": .array(SeizureSummary.ranked(byDrug).map { group($0.0, $0.1) }),
            "by_province": .array(SeizureSummary.ranked(byProvince(context.provinces)).map { id, g in
                guard case .object(var o) = group(provinceName[id] ?? id, g) else { return .null }
                o["id"] = provinceName[id] == nil ? .null : .string(id)
                return .object(o)
            }),
            "province_source": .string("located"),
            "province_differs": .array(provinceDiffers(context.provinces).map {
                .object(["input": .string($0.input), "located_id": .string($0.located),
                         "located": .string(provinceName[$0.located] ?? $0.located), "seizures": .number(Double($0.records))])
            }),
            "by_distance_band": .array(bands),
        ]
        if recordsUnlocated > 0 { o["records_unlocated"] = .number(Double(recordsUnlocated)) }
        return .object(o)
    }

    func km(_ m: Double) -> String { String(format: "%.3f", m / 1000) }
    func kg(_ g: Group) -> String { g.countWithMass == 0 ? "-" : String(format: "%.1f", g.kilograms) }
    func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        s.count >= n ? s : (right ? s + String(repeating: " ", count: n - s.count) : String(repeating: " ", count: n - s.count) + s)
    }
}
