import Foundation
import GeoFormats

/// Typed reads of feature properties, tolerant of how people write them: numbers may arrive as
/// JSON numbers or as CSV text, and keys in any case.
extension JSONObject {
    /// The value under the first of `keys` present (exact key first, then case-insensitive).
    func value(_ keys: [String]) -> JSONValue? {
        for k in keys { if let v = self[k], v != .null { return v } }
        // Case-insensitive fallback; allocation-free for ASCII keys (the seizures pipeline looks up
        // absent keys a million times).
        for m in members {
            if case .null = m.value { continue }
            for k in keys where JSONObject.sameKeyIgnoringCase(m.key, k) { return m.value }
        }
        return nil
    }

    /// `a.lowercased() == b.lowercased()`, without allocating while both are ASCII.
    static func sameKeyIgnoringCase(_ a: String, _ b: String) -> Bool {
        // Quick reject on the first character (ASCII).
        if let x = a.utf8.first, let y = b.utf8.first, x < 0x80, y < 0x80, x != y {
            let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
            let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
            if lx != ly { return false }
        }
        var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil):
                return true
            case let (x?, y?):
                if x >= 0x80 || y >= 0x80 { return a.lowercased() == b.lowercased() }
                if x != y {
                    let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
                    let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
                    if lx != ly { return false }
                }
            default:
                // Different lengths: equal only through non-ASCII case mappings.
                return !(a.utf8.allSatisfy { $0 < 0x80 } && b.utf8.allSatisfy { $0 < 0x80 }) && a.lowercased() == b.lowercased()
            }
        }
    }

    func string(_ keys: String...) -> String? {
        switch value(keys) {
        case .string(let s): s.isEmpty ? nil : s
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .bool(let b): String(b)
        default: nil
        }
    }

    /// A number, or nil when absent or empty. Throws (via the caller's context) when present but not numeric.
    func number(_ keys: String...) throws -> Double? {
        switch value(keys) {
        case .number(let d): return d
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            guard let d = Double(t), d.isFinite else { throw PropertyError(key: keys[0], text: s) }
            return d
        case nil: return nil
        default: throw PropertyError(key: keys[0], text: "\(value(keys)!)")
        }
    }
}

struct PropertyError: Error {
    var key: String
    var text: String
    var message: String { "\(key) \"\(text)\" is not a number" }
}
