import Coordinates

/// RFC 8259 JSON syntax on raw UTF-8 bytes: whitespace, strings, numbers, literals, generic values,
/// and fast skipping. GeoJSON semantics live in `GeoJSONParsing.swift`.
///
/// Every byte access is bounds-checked against `end`; nesting is limited to `maxDepth` (recursion
/// depth is therefore bounded, never a stack overflow). Errors carry the byte offset, turned into
/// line:column only when an error is thrown.
struct JSONParser {
    static let maxDepth = 64
    static let maxStringBytes = 16 << 20

    let input: InputBytes
    let base: UnsafePointer<UInt8>
    var pos: Int
    var end: Int
    /// Index of the feature being parsed, for error messages.
    var feature: Int?

    // Reusable scratch storage: one allocation per finished container, not per element.
    var scratch: [UInt8] = []
    var coordStack: [Coordinate] = []
    /// Set by readers that parse many features with one parser (see `StringCache`).
    var strings: StringCache?
    /// Member count of the last object / element count of the last array seen at each depth:
    /// the capacity to reserve for the next one (consecutive features look alike).
    var sizeHints = [Int](repeating: 0, count: JSONParser.maxDepth + 2)

    init(input: InputBytes, range: Range<Int>? = nil, cachingStrings: Bool = false) {
        self.input = input
        base = input.base
        pos = range?.lowerBound ?? 0
        end = range?.upperBound ?? input.count
        if cachingStrings { strings = StringCache() }
    }

    // MARK: Errors

    func error(_ kind: GeoFormatsError.Kind, _ message: String, at offset: Int) -> GeoFormatsError {
        let (line, column) = input.lineColumn(at: offset)
        return GeoFormatsError(kind, message, path: input.path, line: line, column: column, feature: feature)
    }

    func syntax(_ message: String, at offset: Int? = nil) -> GeoFormatsError {
        error(.syntax, message, at: offset ?? pos)
    }

    /// "expected X, found Y" at the current position.
    func expected(_ what: String) -> GeoFormatsError {
        syntax("expected \(what), found \(describeCurrent())")
    }

    func describeCurrent() -> String {
        guard pos < end else { return "end of input" }
        let b = base[pos]
        switch b {
        case 0x22: return "a string"
        case 0x7B: return "an object"
        case 0x5B: return "an array"
        case 0x2D, 0x30...0x39: return "a number"
        case 0x74, 0x66:
            return matchesLiteral("true") || matchesLiteral("false") ? "a boolean" : "'\(Character(Unicode.Scalar(b)))'"
        case 0x6E: return matchesLiteral("null") ? "null" : "'n'"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        default:
            let hex = String(b, radix: 16, uppercase: true)
            return "byte 0x\(hex.count < 2 ? "0" + hex : hex)"
        }
    }

    func depthError(at offset: Int) -> GeoFormatsError {
        error(.limitExceeded, "nesting deeper than \(JSONParser.maxDepth) levels", at: offset)
    }

    // MARK: Bytes

    @inline(__always)
    var peek: UInt8 { pos < end ? base[pos] : 0 }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let b = base[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return }
        }
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard pos < end, base[pos] == byte else { throw expected(what) }
        pos += 1
    }

    /// After a member value: consumes ',' (returns true: more members) or '}' (returns false).
    @inline(__always)
    mutating func afterMember() throws -> Bool {
        skipWhitespace()
        if pos < end {
            let b = base[pos]
            if b == 0x2C { pos += 1; skipWhitespace(); return true }
            if b == 0x7D { pos += 1; return false }
        }
        throw expected("',' or '}'")
    }

    /// After an array element: consumes ',' (true: more elements) or ']' (false).
    @inline(__always)
    mutating func afterElement() throws -> Bool {
        skipWhitespace()
        if pos < end {
            let b = base[pos]
            if b == 0x2C { pos += 1; skipWhitespace(); return true }
            if b == 0x5D { pos += 1; return false }
        }
        throw expected("',' or ']'")
    }

    func matchesLiteral(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= end else { return false }
        return memcmpBytes(base + pos, word.utf8Start, n)
    }

    mutating func literal(_ word: StaticString) throws {
        guard matchesLiteral(word) else { throw syntax("invalid literal; expected \(word)") }
        pos += word.utf8CodeUnitCount
    }

    // MARK: Strings

    /// A scanned string: content bytes [start, end), escapes (bit 0) and non-ASCII bytes (bit 1) seen.
    struct RawString {
        var start: Int
        var end: Int
        var flags: UInt8
        var count: Int { end - start }
    }

    /// At '"'. Finds the closing quote; rejects raw control characters and over-long strings.
    @inline(__always)
    mutating func scanString() throws -> RawString {
        let open = pos
        pos += 1
        let start = pos
        var flags: UInt8 = 0
        while true {
            // 8 bytes at a time until a quote, backslash or control byte (SWAR: the lowest flagged
            // byte is exact; higher ones may be false positives, handled byte by byte below).
            while pos + 8 <= end {
                let w = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
                let q = w ^ 0x2222_2222_2222_2222
                let bs = w ^ 0x5C5C_5C5C_5C5C_5C5C
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let special = ((q &- ones) & ~q | (bs &- ones) & ~bs | (w &- 0x2020_2020_2020_2020) & ~w) & high
                if special == 0 {
                    if w & high != 0 { flags |= 2 }
                    pos += 8
                    continue
                }
                let k = special.trailingZeroBitCount >> 3
                if k > 0 && w & high & ((1 &<< UInt64(8 * k)) &- 1) != 0 { flags |= 2 }
                pos += k
                break
            }
            guard pos < end else { throw syntax("unterminated string", at: open) }
            let b = base[pos]
            if b == 0x22 { break }
            if b == 0x5C {
                flags |= 1
                pos += 2
                continue
            }
            if b < 0x20 {
                throw syntax("control character U+00\(b < 16 ? "0" : "")\(String(b, radix: 16, uppercase: true)) in a string (must be escaped)")
            }
            flags |= b >> 6 & 2  // non-ASCII
            pos += 1
        }
        let raw = RawString(start: start, end: pos, flags: flags)
        pos += 1
        if raw.count > JSONParser.maxStringBytes {
            throw error(.limitExceeded, "string longer than 16 MiB", at: open)
        }
        return raw
    }

    /// The String value of a scanned string (escapes decoded, UTF-8 validated).
    mutating func decode(_ s: RawString) throws -> String {
        if s.flags & 2 != 0 { try validateUTF8(s.start, s.end) }
        if s.flags & 1 == 0 {
            if s.count <= StringCache.maxBytes, let strings { return strings.string(base + s.start, s.count) }
            return String(decoding: UnsafeBufferPointer(start: base + s.start, count: s.count), as: UTF8.self)
        }
        scratch.removeAll(keepingCapacity: true)
        var i = s.start
        while i < s.end {
            let b = base[i]
            if b != 0x5C {
                scratch.append(b)
                i += 1
                continue
            }
            // i + 1 < s.end: scanString skipped the escaped byte before finding the closing quote.
            let c = base[i + 1]
            switch c {
            case 0x22, 0x5C, 0x2F: scratch.append(c)
            case 0x62: scratch.append(0x08)
            case 0x66: scratch.append(0x0C)
            case 0x6E: scratch.append(0x0A)
            case 0x72: scratch.append(0x0D)
            case 0x74: scratch.append(0x09)
            case 0x75:
                var scalar = try hex4(at: i + 2, limit: s.end)
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 12 <= s.end, base[i + 6] == 0x5C, base[i + 7] == 0x75 else {
                        throw syntax("unpaired UTF-16 surrogate \\u\(hexString(scalar)) in a string", at: i)
                    }
                    let low = try hex4(at: i + 8, limit: s.end)
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw syntax("unpaired UTF-16 surrogate \\u\(hexString(scalar)) in a string", at: i)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    throw syntax("unpaired UTF-16 surrogate \\u\(hexString(scalar)) in a string", at: i)
                }
                appendUTF8(scalar)
                i += 6
                continue
            default:
                throw syntax("invalid escape sequence in a string", at: i)
            }
            i += 2
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    private func hexString(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    private func hex4(at i: Int, limit: Int) throws -> UInt32 {
        guard i + 4 <= limit else { throw syntax("invalid \\u escape: needs 4 hex digits", at: i - 2) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let b = base[i + k]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: throw syntax("invalid \\u escape: needs 4 hex digits", at: i - 2)
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    private mutating func appendUTF8(_ v: UInt32) {
        if v < 0x80 {
            scratch.append(UInt8(v))
        } else if v < 0x800 {
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        } else {
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Strict UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
    func validateUTF8(_ start: Int, _ stop: Int) throws {
        if let bad = UTF8Validation.firstInvalid(base, start, stop) {
            throw syntax("invalid UTF-8 in a string", at: bad)
        }
    }

    // MARK: Numbers

    @inline(__always)
    static func isNumberStart(_ b: UInt8) -> Bool { b == 0x2D || (b &- 0x30) < 10 }

    /// A JSON number (strict RFC 8259 grammar), correctly rounded. Rejects values beyond Double range.
    mutating func parseNumber() throws -> Double {
        // Fast path: [-]d{1,7}[.d{1,7}] without exponent (coordinates, amounts, ids): one SWAR load
        // per part, exact by Clinger (the significand is below 10^14 < 2^53).
        if pos + 24 <= end {
            var i = pos
            let negative = base[i] == 0x2D
            if negative { i += 1 }
            let w1 = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let n1 = SWARDigits.leadingDigits(w1)
            if n1 >= 1 && n1 <= 7 && (n1 == 1 || base[i] != 0x30) {
                var m = SWARDigits.value(w1, digits: n1)
                i += n1
                var decimals = 0
                var ok = true
                if base[i] == 0x2E {
                    let w2 = UnsafeRawPointer(base + i + 1).loadUnaligned(as: UInt64.self)
                    let n2 = SWARDigits.leadingDigits(w2)
                    if n2 >= 1 && n2 <= 7 {
                        m = m &* SWARDigits.pow10[n2] &+ SWARDigits.value(w2, digits: n2)
                        decimals = n2
                        i += 1 + n2
                    } else {
                        ok = false
                    }
                }
                if ok && base[i] | 0x20 != 0x65 {
                    pos = i
                    var d = Double(m)
                    if decimals > 0 { d /= NumberParsing.pow10[decimals] }
                    return negative ? -d : d
                }
            }
        }
        return try parseNumberInGeneral()
    }

    /// `parseNumber` for every form: long significands, exponents, and errors.
    @inline(never)
    mutating func parseNumberInGeneral() throws -> Double {
        let start = pos
        var i = pos
        var p = NumberParsing.Parts()
        if i < end && base[i] == 0x2D { p.negative = true; i += 1 }
        guard i < end else { throw syntax("invalid number: no digits", at: start) }
        let first = base[i]
        if first == 0x30 {
            i += 1
            if i < end, (base[i] &- 0x30) < 10 { throw syntax("invalid number: leading zero", at: start) }
        } else if (first &- 0x31) < 9 {
            digits(&i, &p, fraction: false)
        } else {
            throw syntax("invalid number: no digits", at: start)
        }
        if i < end && base[i] == 0x2E {
            i += 1
            guard i < end, (base[i] &- 0x30) < 10 else { throw syntax("invalid number: no digits after '.'", at: start) }
            digits(&i, &p, fraction: true)
        }
        if i < end && base[i] | 0x20 == 0x65 {
            i += 1
            var negativeExponent = false
            if i < end && (base[i] == 0x2D || base[i] == 0x2B) { negativeExponent = base[i] == 0x2D; i += 1 }
            guard i < end, (base[i] &- 0x30) < 10 else { throw syntax("invalid number: no digits in exponent", at: start) }
            var e = 0
            while i < end {
                let d = base[i] &- 0x30
                if d >= 10 { break }
                if e < 1_000_000 { e = e * 10 + Int(d) }
                i += 1
            }
            p.exponent += negativeExponent ? -e : e
        }
        pos = i
        if let d = NumberParsing.fastValue(p) { return d }
        guard let d = NumberParsing.slowValue(UnsafeBufferPointer(start: base + start, count: i - start)), d.isFinite else {
            let text = String(decoding: UnsafeBufferPointer(start: base + start, count: min(i - start, 40)), as: UTF8.self)
            throw error(.syntax, "number \(text)\(i - start > 40 ? "..." : "") is out of range of a 64-bit float", at: start)
        }
        return d
    }

    /// Consumes a run of digits at `i` into `p` (8 at a time when possible). Fraction digits also
    /// lower the exponent. Beyond 19 significant digits, digits are dropped and `truncated` set.
    @inline(__always)
    func digits(_ i: inout Int, _ p: inout NumberParsing.Parts, fraction: Bool) {
        while i + 8 <= end {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let n = SWARDigits.leadingDigits(w)
            if n == 0 { return }
            // Leading zeros are counted as significant here: conservative (may only send a
            // number to the exact slow path), never wrong.
            if p.significantDigits + n > 19 { break }
            p.mantissa = p.mantissa &* SWARDigits.pow10[n] &+ SWARDigits.value(w, digits: n)
            p.significantDigits += n
            if fraction { p.exponent -= n }
            i += n
            if n < 8 { return }
        }
        while i < end {
            let d = base[i] &- 0x30
            if d >= 10 { return }
            if p.mantissa == 0 && d == 0 {
                if fraction { p.exponent -= 1 }
            } else if p.significantDigits < 19 {
                p.mantissa = p.mantissa &* 10 &+ UInt64(d)
                p.significantDigits += 1
                if fraction { p.exponent -= 1 }
            } else {
                if !fraction { p.exponent += 1 }
                p.truncated = true
            }
            i += 1
        }
    }

    // MARK: Generic values

    /// Any JSON value at `pos` (whitespace already skipped). `depth` is the depth of containers
    /// enclosing this value.
    mutating func parseValue(depth: Int) throws -> JSONValue {
        guard pos < end else { throw expected("a value") }
        switch base[pos] {
        case 0x22: return .string(try decode(try scanString()))
        case 0x7B: return .object(try parseObject(depth: depth + 1))
        case 0x5B: return .array(try parseArray(depth: depth + 1))
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try parseNumber())
        default: throw expected("a value")
        }
    }

    /// An object at '{', members in document order. `depth` counts this object.
    mutating func parseObject(depth: Int) throws -> JSONObject {
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        if pos < end && base[pos] == 0x7D { pos += 1; return JSONObject() }
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(max(sizeHints[depth], 1))
        let hints = strings
        repeat {
            guard pos < end, base[pos] == 0x22 else { throw expected("a string (member name)") }
            let key = hints != nil ? try hintedKey(hints.unsafelyUnwrapped, depth: depth, index: members.count) : try decode(try scanString())
            skipWhitespace()
            try expect(0x3A, "':'")
            skipWhitespace()
            // Strings and numbers inline (most property values), the rest through parseValue.
            let value: JSONValue
            let b = pos < end ? base[pos] : 0
            if b == 0x22 {
                value = .string(try decode(try scanString()))
            } else if JSONParser.isNumberStart(b) {
                value = .number(try parseNumber())
            } else {
                value = try parseValue(depth: depth)
            }
            members.append((key: key, value: value))
        } while try afterMember()
        sizeHints[depth] = members.count
        return JSONObject(uncheckedMembers: members)
    }

    /// A member name at '"', predicted from the name at the same position in the previous object at
    /// this depth (see `StringCache.KeyHint`).
    @inline(__always)
    mutating func hintedKey(_ cache: StringCache, depth: Int, index: Int) throws -> String {
        if index < StringCache.hintsPerDepth {
            let h = cache.hint(depth: depth, index: index)
            let at = pos + 1
            if h.pointee.count >= 0 && at + h.pointee.count + 8 <= end && base[at + h.pointee.count] == 0x22
                && StringCache.equalBytes(base + at, base + h.pointee.start, h.pointee.count) {
                pos = at + h.pointee.count + 1
                return h.pointee.key
            }
        }
        let raw = try scanString()
        let key = try decode(raw)
        if raw.flags & 1 == 0 && index < StringCache.hintsPerDepth {
            cache.hint(depth: depth, index: index).pointee = StringCache.KeyHint(start: raw.start, count: raw.count, key: key)
        }
        return key
    }

    /// An array at '['. `depth` counts this array.
    mutating func parseArray(depth: Int) throws -> [JSONValue] {
        if depth > JSONParser.maxDepth { throw depthError(at: pos) }
        pos += 1
        skipWhitespace()
        if pos < end && base[pos] == 0x5D { pos += 1; return [] }
        var array: [JSONValue] = []
        array.reserveCapacity(max(sizeHints[depth], 1))
        repeat {
            array.append(try parseValue(depth: depth))
        } while try afterElement()
        sizeHints[depth] = array.count
        return array
    }

    /// Skips one value, validating it fully (foreign members).
    mutating func skipValue(depth: Int) throws {
        _ = try parseValue(depth: depth)
    }

    /// Skips one value quickly: strings, brackets and depth are checked, the rest is not (it will be
    /// parsed strictly later). Used to find feature boundaries and a late "type" member.
    mutating func skipValueFast(depth: Int) throws {
        guard pos < end else { throw expected("a value") }
        let b = base[pos]
        switch b {
        case 0x22:
            _ = try scanString()
        case 0x7B, 0x5B:
            var stack: UInt64 = 0  // 1 bit per open container: 1 = object
            var level = 0
            while pos < end {
                // Skip 8 bytes at a time while none is '"', '{', '}', '[' or ']'
                // ('[' | 0x20 == '{', ']' | 0x20 == '}', and no other byte maps to those).
                while pos + 8 <= end {
                    let w = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let q = w ^ 0x2222_2222_2222_2222
                    let folded = w | 0x2020_2020_2020_2020
                    let open = folded ^ 0x7B7B_7B7B_7B7B_7B7B
                    let close = folded ^ 0x7D7D_7D7D_7D7D_7D7D
                    let hit = ((q &- ones) & ~q | (open &- ones) & ~open | (close &- ones) & ~close) & 0x8080_8080_8080_8080
                    if hit != 0 {
                        pos += hit.trailingZeroBitCount >> 3
                        break
                    }
                    pos += 8
                }
                guard pos < end else { break }
                let c = base[pos]
                if c == 0x22 {
                    _ = try scanString()
                    continue
                }
                if c == 0x7B || c == 0x5B {
                    level += 1
                    if depth + level > JSONParser.maxDepth { throw depthError(at: pos) }
                    stack = stack << 1 | (c == 0x7B ? 1 : 0)
                } else if c == 0x7D || c == 0x5D {
                    guard level > 0, (stack & 1 == 1) == (c == 0x7D) else {
                        throw syntax("mismatched '\(Character(Unicode.Scalar(c)))'")
                    }
                    stack >>= 1
                    level -= 1
                    if level == 0 { pos += 1; return }
                }
                pos += 1
            }
            throw syntax("unexpected end of input inside \(stack & 1 == 1 ? "an object" : "an array")")
        default:
            _ = try parseValue(depth: depth)
        }
    }
}

@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// Strict UTF-8 validation on raw bytes.
enum UTF8Validation {
    /// Offset of the first byte of an invalid sequence in [start, stop), or nil.
    static func firstInvalid(_ base: UnsafePointer<UInt8>, _ start: Int, _ stop: Int) -> Int? {
        var i = start
        while i < stop {
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            var need = 0
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            guard i + need < stop else { return i }
            let b1 = base[i + 1]
            guard b1 >= lo && b1 <= hi else { return i }
            var k = 2
            while k <= need {
                guard base[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }
}

/// Eight ASCII bytes at a time (little-endian words: the first character in the low byte).
enum SWARDigits {
    static let pow10: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// How many of the 8 bytes, from the first, are ASCII digits. The lowest non-digit byte is
    /// flagged exactly (carries and borrows only move upwards).
    @inline(__always)
    static func leadingDigits(_ w: UInt64) -> Int {
        let flags = ((w &- 0x3030_3030_3030_3030) | (w &+ 0x4646_4646_4646_4646)) & 0x8080_8080_8080_8080
        return flags == 0 ? 8 : flags.trailingZeroBitCount >> 3
    }

    /// The value of the first `n` (1...8) bytes of `w`, which are digits.
    @inline(__always)
    static func value(_ w: UInt64, digits n: Int) -> UInt64 {
        var v = w
        if n < 8 {
            // Digits to the top bytes, '0' characters below them.
            let shift = UInt64(8 * (8 - n))
            v = (w &<< shift) | (0x3030_3030_3030_3030 &>> (64 &- shift))
        }
        v = v &- 0x3030_3030_3030_3030
        v = v &* 10 &+ (v &>> 8)
        v = ((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064 &+ ((v &>> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) &>> 32
        return v
    }
}
