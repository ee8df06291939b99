import Foundation
import GeoFormats

/// Typed reads of feature properties, tolerant of how people write them: numbers may arrive as
/// JSON numbers or as CSV text, and keys in any case.
extension JSONObject {
    /// The value under the first of `keys` present (exact key first, then case-insensitive).
    func value(_ keys: [String]) -> JSONValue? {
        for k in keys { if let v = self[k], v != .null { return v } }
        let lower = Set(keys.map { $0.lowercased() })
        return members.first { lower.contains($0.key.lowercased()) && $0.value != .null }?.value
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
