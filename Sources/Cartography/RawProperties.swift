/// The input feature's properties as written, found in its JSON text without parsing it, so that
/// the seizures layer can copy them.
extension SeizureLayers {
    /// The input feature's properties object as it was written, when the caller has it.
    public enum RawProperties {
        /// Not available (CSV input, ...): the feature is re-encoded.
        case unavailable
        /// `null`, absent or `{}`.
        case empty
        /// The text between the braces.
        case members(UnsafeRawBufferPointer)
    }

    /// The properties object of a feature's JSON text (already validated by the reader): found by
    /// scanning the top-level members, skipping strings and nested values. When the member is
    /// not found as written (an escaped key, for instance): `.unavailable`, and the caller re-encodes.
    public static func rawProperties(of text: UnsafeRawBufferPointer) -> RawProperties {
        let n = text.count
        var i = 0
        func ws() { while i < n, text[i] == 0x20 || text[i] == 0x0A || text[i] == 0x0D || text[i] == 0x09 { i += 1 } }
        func skipString() {
            i += 1
            while i < n {
                if text[i] == 0x5C { i += 2; continue }
                if text[i] == 0x22 { i += 1; return }
                i += 1
            }
        }
        func skipValue() {
            guard i < n else { return }
            switch text[i] {
            case 0x22: skipString()
            case 0x7B, 0x5B:
                var depth = 0
                while i < n {
                    switch text[i] {
                    case 0x22: skipString(); continue
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        if depth == 0 { i += 1; return }
                    default: break
                    }
                    i += 1
                }
            default:
                while i < n, text[i] != 0x2C, text[i] != 0x7D, text[i] != 0x5D { i += 1 }
            }
        }
        let key: [UInt8] = Array("\"properties\"".utf8)
        ws()
        guard i < n, text[i] == 0x7B else { return .unavailable }
        i += 1
        while true {
            ws()
            guard i < n, text[i] == 0x22 else { return .unavailable }
            let k0 = i
            skipString()
            let isProperties = i - k0 == key.count && zip(key, text[k0..<i]).allSatisfy { $0 == $1 }
            ws()
            guard i < n, text[i] == 0x3A else { return .unavailable }
            i += 1
            ws()
            if isProperties {
                guard i < n else { return .unavailable }
                if text[i] == 0x6E { return .empty }  // null
                guard text[i] == 0x7B else { return .unavailable }
                let v0 = i
                skipValue()
                // Between the braces, trimmed.
                var a = v0 + 1, b = i - 1
                while a < b, [0x20, 0x0A, 0x0D, 0x09].contains(text[a]) { a += 1 }
                while b > a, [0x20, 0x0A, 0x0D, 0x09].contains(text[b - 1]) { b -= 1 }
                return a == b ? .empty : .members(UnsafeRawBufferPointer(rebasing: text[a..<b]))
            }
            skipValue()
            ws()
            guard i < n else { return .unavailable }
            if text[i] == 0x2C { i += 1; continue }
            return text[i] == 0x7D ? .empty : .unavailable  // no properties member at all
        }
    }
}
