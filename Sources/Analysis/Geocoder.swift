import Coordinates
import Domain
import Geodesy

/// Places the text of a seizure report ("Aksu city, Pavlodar Province", "Shu district, Zhambyl
/// region", "Kosshy") on the gazetteer: pure, no I/O.
///
/// The text is cut into segments at `, ; / |` and brackets (a bracketed remark is dropped: "Martuk
/// (Martok) district" is "Martuk district"); in each, the longest runs of up to five words whose
/// `PlaceKey` is a gazetteer name are its mentions, and an administrative word next to a mention
/// (`AdministrativeWord`) says its level. The finest mention (a settlement, or a district) is the
/// target; province mentions and the province column narrow its candidates to their province.
/// One candidate left: placed. Several: `ambiguous`, with the candidates, never a guess. A district
/// is anchored on the settlement of its name (no district source exists), with the whole province
/// as its precision bound; a district without such a settlement falls back to its province, said
/// in the reason.
public struct Geocoder: Sendable {
    struct Hit: Sendable, Hashable {
        var place: Int
        /// Matched the place's own (first) name.
        var primary: Bool
        /// The administrative word the matched name itself carried ("Jambyl Region": .province).
        var nameLevel: GazetteerPlace.Level?
    }

    struct Mention {
        var text: String
        var hits: [Hit]
        var hint: GazetteerPlace.Level?
    }

    public let places: [GazetteerPlace]
    let index: [String: [Hit]]
    let provinceIndex: [String: Int]
    let countryIndex: [String: Int]
    static let maxWords = 5
    static let geodesic = Geodesic.wgs84

    public init(places: [GazetteerPlace]) {
        self.places = places
        var index: [String: [Hit]] = [:]
        var provinces: [String: Int] = [:], countries: [String: Int] = [:]
        for (i, p) in places.enumerated() {
            if p.level == .province { provinces[p.id] = i }
            if p.level == .country { countries[p.iso3] = i }
            var seen = Set<String>()
            for (j, n) in p.names.enumerated() {
                let words = PlaceKey.words(n)
                let nameLevel = words.compactMap { AdministrativeWord.hints[$0] }.first
                var kept = words.filter { AdministrativeWord.hints[$0] == nil }[...]
                // "Region of Republican Subordination": the connective left at an end goes too.
                while kept.count > 1, let f = kept.first, AdministrativeWord.connectives.contains(f) { kept.removeFirst() }
                while kept.count > 1, let l = kept.last, AdministrativeWord.connectives.contains(l) { kept.removeLast() }
                let key = kept.joined()
                guard key.count >= 2, seen.insert(key).inserted else { continue }
                index[key, default: []].append(Hit(place: i, primary: j == 0, nameLevel: nameLevel))
            }
        }
        self.index = index
        provinceIndex = provinces
        countryIndex = countries
    }

    /// Places `text`; `province` is the report's province column (empty: none), `country` an ISO3
    /// the places must be in (nil: any).
    public func geocode(_ text: String, province: String = "", country: String? = nil) -> GeocodeMatch {
        var notes: [String] = []
        var context: Set<String> = []   // province ids
        if !province.trimmingCharacters(in: .whitespaces).isEmpty {
            let (found, _) = mentions(province, country: country)
            let ids = Set(found.flatMap { provinceCandidates($0) })
            if ids.count == 1 {
                context = ids
            } else if ids.isEmpty {
                notes.append("province column \"\(province)\" not recognised")
            } else {
                notes.append("province column \"\(province)\" names \(ids.count) provinces")
            }
        }
        let (found, unmatched) = mentions(text, country: country)

        var fine: [Mention] = [], provinceMentions: [Mention] = [], countryMentions: [Mention] = []
        for m in found {
            let levels = Set(m.hits.map { places[$0.place].level })
            switch m.hint {
            case .settlement?, .district?:
                if levels.contains(.settlement) { fine.append(m) }
            case .province?:
                if levels.contains(.province) { provinceMentions.append(m) }
            default:
                // A country's name is the country ("Kazakhstan", not the village of that name) unless a
                // settlement word says otherwise.
                if levels.contains(.country) { countryMentions.append(m) } else if levels.contains(.settlement) { fine.append(m) } else if levels.contains(.province) { provinceMentions.append(m) }
            }
        }
        // Of several unhinted settlement mentions, those that are also a province's name are context
        // ("Aksu, Pavlodar").
        if fine.count > 1 {
            let (asProvince, rest) = fine.partitionedByProvinceName(self)
            if !rest.isEmpty { fine = rest; provinceMentions += asProvince }
        }
        var textProvinces: Set<String> = []
        for m in provinceMentions {
            let ids = provinceCandidates(m)
            if ids.count == 1 { textProvinces.formUnion(ids) }
        }
        if context.isEmpty {
            context = textProvinces
        } else if !textProvinces.isEmpty && textProvinces != context {
            notes.append("the text names another province than the province column; the column decides")
        }

        if let m = fine.first {
            let isDistrict = m.hint == .district
            var cands = m.hits.filter { places[$0.place].level == .settlement }
            if !context.isEmpty {
                let inContext = cands.filter { places[$0.place].provinceID.map(context.contains) ?? false }
                if inContext.isEmpty {
                    let what = isDistrict ? "district" : "settlement"
                    if context.count == 1, let pi = provinceIndex[context.first!] {
                        return placeAt(pi, hits: [], level: .province, fallback: true,
                                       reason: notes + ["\(what) \"\(m.text)\" is not in the gazetteer in \(places[pi].name): placed at the province"])
                    }
                    return .unplaced((notes + ["\"\(m.text)\" is not in the gazetteer in the provinces named"]).joined(separator: "; "))
                }
                cands = inContext
            }
            var byPlace: [Int: Hit] = [:]
            for h in cands where byPlace[h.place] == nil || h.primary { byPlace[h.place] = h }
            if byPlace.count > 1, let merged = nearDuplicates(Array(byPlace.keys)) {
                if isDistrict { return district(byPlace[merged.place]!, text: m.text, notes: notes + [merged.note]) }
                var r = placeAt(merged.place, hits: [byPlace[merged.place]!], level: .settlement, fallback: false, reason: notes + [merged.note])
                r.precisionM = merged.precisionM
                return r
            }
            if byPlace.count > 1 {
                let list = byPlace.keys.sorted().map { places[$0] }
                let names = list.map { p in "\(p.name) (\(p.id)\(p.provinceID.flatMap { provinceIndex[$0] }.map { ", " + places[$0].name } ?? ""))" }
                return GeocodeMatch(outcome: .ambiguous,
                                    reason: (notes + ["\(list.count) places named \"\(m.text)\": " + names.joined(separator: "; ")]).joined(separator: "; "),
                                    candidates: list)
            }
            let hit = byPlace.values.first!
            if isDistrict { return district(hit, text: m.text, notes: notes) }
            return placeAt(hit.place, hits: [hit], level: .settlement, fallback: false, reason: notes)
        }
        let unmatchedFine = unmatched.filter { $0.level == .district || $0.level == .settlement }
        let fallbackNote = unmatchedFine.first.map { u in
            "\(u.level.rawValue) \"\(u.text)\" is not in the gazetteer\(u.level == .district ? " (no district source)" : ""): placed at the province"
        }
        if context.count == 1, let pi = provinceIndex[context.first!] {
            let hits = provinceMentions.flatMap(\.hits).filter { $0.place == pi }
            let fromColumn = hits.isEmpty
            var reason = notes
            if let fallbackNote { reason.append(fallbackNote) } else if fromColumn { reason.append("no place in the text: placed at the province column's province") }
            return placeAt(pi, hits: hits, level: .province, fallback: fallbackNote != nil, reason: reason)
        }
        if context.count > 1 {
            let list = context.sorted().compactMap { provinceIndex[$0] }.map { places[$0] }
            return GeocodeMatch(outcome: .ambiguous,
                                reason: (notes + ["\(list.count) provinces: " + list.map { "\($0.name) (\($0.id), \($0.iso3))" }.joined(separator: "; ")]).joined(separator: "; "),
                                candidates: list)
        }
        if let m = provinceMentions.first {
            let ids = provinceCandidates(m).sorted()
            let list = ids.compactMap { provinceIndex[$0] }.map { places[$0] }
            return GeocodeMatch(outcome: .ambiguous,
                                reason: (notes + ["\(list.count) provinces named \"\(m.text)\": " + list.map { "\($0.name) (\($0.id), \($0.iso3))" }.joined(separator: "; ")]).joined(separator: "; "),
                                candidates: list)
        }
        var countryHits: [Int: Hit] = [:]
        for m in countryMentions { for h in m.hits where places[h.place].level == .country { countryHits[h.place] = countryHits[h.place] ?? h } }
        if countryHits.count == 1, let (pi, h) = countryHits.first {
            var reason = notes
            if let u = unmatched.first { reason.append("\(u.level.rawValue) \"\(u.text)\" is not in the gazetteer: placed at the country") }
            return placeAt(pi, hits: [h], level: .country, fallback: !unmatched.isEmpty, reason: reason)
        }
        if countryHits.count > 1 {
            let list = countryHits.keys.sorted().map { places[$0] }
            return GeocodeMatch(outcome: .ambiguous,
                                reason: (notes + ["\(list.count) countries: " + list.map(\.name).joined(separator: "; ")]).joined(separator: "; "),
                                candidates: list)
        }
        if let u = unmatched.first {
            return .unplaced((notes + ["\(u.level.rawValue) \"\(u.text)\" is not in the gazetteer and no province or country is named"]).joined(separator: "; "))
        }
        let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
        return .unplaced((notes + [text.trimmingCharacters(in: .whitespaces).isEmpty ? "no place text" : "no place name recognised in \"\(shown)\""]).joined(separator: "; "))
    }

    /// Records this close together (all pairs) are one town listed twice by GeoNames (a PPL and an
    /// administrative seat, an old and a new name): not an ambiguity.
    static let duplicateDistanceM = 20_000.0

    /// Several GeoNames records of one name within `duplicateDistanceM` of each other: the most
    /// populous (then the lowest id), with a precision covering every record's own circle.
    func nearDuplicates(_ ids: [Int]) -> (place: Int, precisionM: Double, note: String)? {
        for i in ids.indices {
            for j in ids.indices where j > i {
                if Geocoder.geodesic.distance(places[ids[i]].coordinate, places[ids[j]].coordinate) > Geocoder.duplicateDistanceM { return nil }
            }
        }
        let chosen = ids.max { a, b in
            let pa = places[a].population ?? 0, pb = places[b].population ?? 0
            return pa != pb ? pa < pb : places[a].id > places[b].id
        }!
        let c = places[chosen]
        let precision = ids.map { Geocoder.geodesic.distance(c.coordinate, places[$0].coordinate) + places[$0].precisionM }.max()!.rounded(.up)
        let others = ids.filter { $0 != chosen }.sorted().map { "\(places[$0].name) \(places[$0].id)" }
        return (chosen, max(precision, c.precisionM),
                "\(ids.count) GeoNames records of this name within \(Int(Geocoder.duplicateDistanceM / 1000)) km (also \(others.joined(separator: ", "))): the most populous taken, precision covers all")
    }

    /// The province ids a mention names: its province hits, those whose own name carried a
    /// province word first when the mention has that hint ("Almaty region": Almaty Region, not the
    /// city of Almaty).
    func provinceCandidates(_ m: Mention) -> Set<String> {
        let hits = m.hits.filter { places[$0.place].level == .province }
        let worded = hits.filter { $0.nameLevel == .province }
        let use = m.hint == .province && !worded.isEmpty ? worded : hits
        return Set(use.map { places[$0.place].id })
    }

    func placeAt(_ i: Int, hits: [Hit], level: GazetteerPlace.Level, fallback: Bool, reason: [String]) -> GeocodeMatch {
        let p = places[i]
        let base = hits.isEmpty ? 0.9 : (hits.contains { $0.primary } ? 1.0 : 0.9)
        return GeocodeMatch(outcome: .placed, level: level, coordinate: p.coordinate, precisionM: p.precisionM, name: p.name,
                            id: p.id, score: fallback || hits.isEmpty ? base * 0.8 : base, reason: reason.joined(separator: "; "))
    }

    /// A district anchored on the settlement of its name: precision = distance to the province's
    /// point + the province's bound (triangle inequality: every point of the province lies within
    /// it), the country's when the settlement lies in no province.
    func district(_ hit: Hit, text: String, notes: [String]) -> GeocodeMatch {
        let p = places[hit.place]
        let region = p.provinceID.flatMap { provinceIndex[$0] } ?? countryIndex[p.iso3]
        guard let r = region else {
            return .unplaced((notes + ["district \"\(text)\": its settlement \(p.name) lies in no province or country of the gazetteer"]).joined(separator: "; "))
        }
        let bound = (Geocoder.geodesic.distance(p.coordinate, places[r].coordinate) + places[r].precisionM).rounded(.up)
        let note = "district anchored on its namesake settlement \(p.name) (\(p.id)); no district polygon: precision bounds all of \(places[r].name)"
        return GeocodeMatch(outcome: .placed, level: .district, coordinate: p.coordinate, precisionM: bound, name: "\(p.name) district",
                            id: p.id, score: hit.primary ? 1.0 : 0.9, reason: (notes + [note]).joined(separator: "; "))
    }

    struct Unmatched { var text: String; var level: GazetteerPlace.Level }

    /// The mentions of `text`, and the names next to an administrative word that matched nothing.
    func mentions(_ text: String, country: String?) -> ([Mention], [Unmatched]) {
        var found: [Mention] = [], unmatched: [Unmatched] = []
        for segment in Geocoder.segments(text) {
            let tokens = PlaceKey.tokens(segment)
            let n = tokens.count
            let hint = tokens.map { AdministrativeWord.hints[$0.key] }
            let connective = tokens.map { AdministrativeWord.connectives.contains($0.key) }
            struct Window { var start: Int; var end: Int; var hits: [Hit]; var hint: GazetteerPlace.Level? }
            var windows: [Window] = []
            // A window may begin or end with a connective only when the gazetteer has that name
            // (At-Bashy); a connective alone is never a name.
            for start in 0..<n where hint[start] == nil {
                var key = ""
                var best: Window?
                for end in start..<min(n, start + Geocoder.maxWords) {
                    if hint[end] != nil { break }
                    key += tokens[end].key
                    if end == start && connective[start] { continue }
                    guard var hits = index[key] else { continue }
                    if let country { hits = hits.filter { places[$0.place].iso3 == country } }
                    if hits.isEmpty { continue }
                    let h = end + 1 < n ? hint[end + 1] : nil
                    best = Window(start: start, end: end, hits: hits, hint: h ?? (start > 0 ? hint[start - 1] : nil))
                }
                if let best { windows.append(best) }
            }
            // Non-overlapping: those next to an administrative word first, then the longest, then the earliest.
            windows.sort { a, b in
                if (a.hint != nil) != (b.hint != nil) { return a.hint != nil }
                if a.end - a.start != b.end - b.start { return a.end - a.start > b.end - b.start }
                return a.start < b.start
            }
            var used = [Bool](repeating: false, count: n)
            var chosen: [Window] = []
            for w in windows where !(w.start...w.end).contains(where: { used[$0] }) {
                for i in w.start...w.end { used[i] = true }
                chosen.append(w)
            }
            chosen.sort { $0.start < $1.start }
            for w in chosen {
                found.append(Mention(text: tokens[w.start...w.end].map(\.text).joined(separator: " "), hits: w.hits, hint: w.hint))
            }
            // Administrative words with no mention next to them: the words before them (up to 3, not
            // connectives) are a name the gazetteer lacks.
            for i in 0..<n {
                guard let level = hint[i] else { continue }
                if i > 0 && used[i - 1] { continue }
                if i + 1 < n && used[i + 1] && level == .settlement { continue }
                var j = i
                while j > 0 && hint[j - 1] == nil && !connective[j - 1] && !used[j - 1] && i - j < 3 { j -= 1 }
                if j < i { unmatched.append(Unmatched(text: tokens[j..<i].map(\.text).joined(separator: " "), level: level)) }
            }
        }
        return (found, unmatched)
    }

    /// Segments of the text: split at , ; / | and newlines; bracketed remarks dropped.
    static func segments(_ text: String) -> [String] {
        var out: [String] = [], current = String.UnicodeScalarView()
        var depth = 0, blank = true
        func flush() {
            if !blank { out.append(String(current)) }
            current = String.UnicodeScalarView()
            blank = true
        }
        for s in text.unicodeScalars {
            switch s {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth = max(0, depth - 1)
            case ",", ";", "/", "|", "\n", "\r":
                if depth == 0 { flush() }
            default:
                if depth == 0 {
                    current.append(s)
                    if blank && !s.properties.isWhitespace { blank = false }
                }
            }
        }
        flush()
        return out
    }
}

extension Array where Element == Geocoder.Mention {
    /// Splits unhinted mentions that also name a province from the rest.
    func partitionedByProvinceName(_ g: Geocoder) -> ([Geocoder.Mention], [Geocoder.Mention]) {
        var a: [Geocoder.Mention] = [], b: [Geocoder.Mention] = []
        for m in self {
            if m.hint == nil && m.hits.contains(where: { g.places[$0.place].level == .province }) { a.append(m) } else { b.append(m) }
        }
        return (a, b)
    }
}
