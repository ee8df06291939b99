import Foundation
import GeoFormats

/// What a list of property keys means to the seizures pipeline, worked out once per distinct
/// list (records of one file almost always share it): which member holds each `SeizureFields`
/// field, which member fills each CSV input column, whether a key clashes with an added column,
/// and which keys the CSV header does not have yet.
final class SeizureSchema {
    /// The keys, concatenated, and where each ends.
    let keyBytes: [UInt8]
    let keyEnds: [Int]
    /// Per `SeizureFields` field: the members that may hold it, best first (exact alias matches by
    /// alias rank, then case-insensitive matches in order); the first non-null one is taken, as
    /// `SeizureFields.match` does.
    let fieldCandidates: [[Int]]
    /// Per CSV input column: the member holding it, or -1.
    let csvMembers: [Int]
    /// A key is also the name of an added column (the feature is then re-encoded in full).
    let hasAddedKey: Bool
    /// Keys not in the CSV header.
    let newKeys: [String]

    init(keys: [[UInt8]], csvInputKeys: [String], added: Set<String>, known: Set<String>) {
        keyBytes = keys.flatMap { $0 }
        var ends: [Int] = [], at = 0
        for k in keys {
            at += k.count
            ends.append(at)
        }
        keyEnds = ends
        let names = keys.map { String(decoding: $0, as: UTF8.self) }
        var candidates: [[Int]] = []
        for aliases in SeizureFields.aliasUTF8 {
            var exact: [(rank: Int, member: Int)] = []
            var folded: [Int] = []
            for (mi, k) in keys.enumerated() {
                if let rank = aliases.firstIndex(of: k) {
                    exact.append((rank, mi))
                } else if aliases.contains(where: { a in
                    a.count == k.count && a.withUnsafeBufferPointer { ab in k.withUnsafeBufferPointer { SeizureFields.foldedEqual(ab, $0) } }
                }) {
                    folded.append(mi)
                }
            }
            candidates.append(exact.sorted { ($0.rank, $0.member) < ($1.rank, $1.member) }.map(\.member) + folded)
        }
        fieldCandidates = candidates
        csvMembers = csvInputKeys.map { names.firstIndex(of: $0) ?? -1 }
        hasAddedKey = names.contains { added.contains($0) }
        newKeys = names.filter { !known.contains($0) }
    }

    /// Whether the scanner's members have exactly these keys, in this order.
    func matches(_ s: PointFeatureScanner) -> Bool {
        guard s.members.count == keyEnds.count else { return false }
        return keyBytes.withUnsafeBytes { mine in
            var start = 0
            for (i, m) in s.members.enumerated() {
                let n = keyEnds[i] - start
                guard m.key.count == n, memcmp(mine.baseAddress! + start, s.input.base + m.key.lowerBound, n) == 0 else { return false }
                start = keyEnds[i]
            }
            return true
        }
    }

    /// The value of field `fi` in the scanned feature (nil: none), as the parsed feature gives it.
    @inline(__always)
    func value(_ fi: Int, _ s: PointFeatureScanner) -> JSONValue? {
        for mi in fieldCandidates[fi] {
            let m = s.members[mi]
            switch m.kind {
            case .null: continue
            case .string: return .string(String(decoding: s.bytes(m.value), as: UTF8.self))
            case .number: return .number(m.number)
            case .true: return .bool(true)
            case .false: return .bool(false)
            }
        }
        return nil
    }
}

/// A worker's schemas: the last one used, then every one seen.
struct SeizureSchemaCache {
    let csvInputKeys: [String]
    let added: Set<String>
    let known: Set<String>
    var last: SeizureSchema?
    var seen: [[UInt8]: SeizureSchema] = [:]

    init(csvInputKeys: [String], added: Set<String>, known: Set<String>) {
        self.csvInputKeys = csvInputKeys
        self.added = added
        self.known = known
    }

    mutating func schema(for s: PointFeatureScanner) -> SeizureSchema {
        if let last, last.matches(s) { return last }
        let keys = s.members.map { Array(s.bytes($0.key)) }
        // Keys are ASCII without quotes, so a quote separates them unambiguously.
        let id = Array(keys.joined(separator: [0x22]))
        let schema = seen[id] ?? SeizureSchema(keys: keys, csvInputKeys: csvInputKeys, added: added, known: known)
        seen[id] = schema
        last = schema
        return schema
    }
}
