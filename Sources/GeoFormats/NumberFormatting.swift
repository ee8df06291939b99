/// Fast Double → decimal text that parses back to the very same Double (round trip bit exact).
///
/// Fast path: the smallest number of decimals k (0...15) such that m = round(|v|·10^k) ≤ 2^53 and
/// m / 10^k == |v| exactly. By Clinger's theorem, any correctly rounding parser (ours, strtod,
/// Foundation) reads the decimal text "m·10^-k" back as exactly that quotient, i.e. as v. This covers
/// integers and every value that was itself read from ≤ 15 significant digits (what surveys, GPS and
/// analysts write). Other values fall back to Swift's `description`, which is the shortest
/// round-trip representation (Errol/SwiftDtoa) but allocates.
///
/// The output is valid JSON number syntax for finite values; callers must reject NaN and infinities.
enum NumberFormatting {
    /// Upper bound of bytes written by `write(_:to:)`.
    static let maxLength = 32

    @usableFromInline
    static let digitPairs: [UInt8] = {
        var t = [UInt8]()
        t.reserveCapacity(200)
        for i in 0..<100 {
            t.append(UInt8(48 + i / 10))
            t.append(UInt8(48 + i % 10))
        }
        return t
    }()

    /// Writes `v` (finite) at `out`, which must have room for `maxLength` bytes. Returns the length.
    @inline(__always)
    static func write(_ v: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if v == 0 {
            if v.sign == .minus {
                out[0] = UInt8(ascii: "-"); out[1] = UInt8(ascii: "0")
                return 2
            }
            out[0] = UInt8(ascii: "0")
            return 1
        }
        let a = v.magnitude
        if a >= 1e-7, a < 9.007199254740992e15 {
            let p10 = NumberParsing.pow10
            var k = 0
            while k <= 15 {
                let p = p10[k]
                let m = (a * p).rounded(.toNearestOrEven)
                if m > 9007199254740992.0 { break }
                if m / p == a {
                    return writeFixed(negative: v < 0, mantissa: UInt64(m), decimals: k, to: out)
                }
                k += 1
            }
        }
        // Rare: full-precision values from computation. Shortest round trip via the standard library.
        let s = v.description
        var n = 0
        for b in s.utf8 {
            out[n] = b
            n += 1
        }
        return n
    }

    /// `mantissa` with a decimal point `decimals` digits from the right ("0." prefix as needed).
    @inline(__always)
    static func writeFixed(negative: Bool, mantissa: UInt64, decimals: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // Digits right-to-left into a small stack buffer.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { tmp -> Int in
            let t = tmp.baseAddress!
            var pos = 24
            var m = mantissa
            digitPairs.withUnsafeBufferPointer { pairs in
                while m >= 100 {
                    let r = Int(m % 100)
                    m /= 100
                    pos -= 2
                    t[pos] = pairs[2 * r]
                    t[pos + 1] = pairs[2 * r + 1]
                }
                if m >= 10 {
                    let r = Int(m)
                    pos -= 2
                    t[pos] = pairs[2 * r]
                    t[pos + 1] = pairs[2 * r + 1]
                } else {
                    pos -= 1
                    t[pos] = UInt8(truncatingIfNeeded: 48 &+ m)
                }
            }
            let digits = 24 - pos
            var n = 0
            if negative { out[0] = UInt8(ascii: "-"); n = 1 }
            if decimals == 0 {
                (out + n).update(from: t + pos, count: digits)
                return n + digits
            }
            if digits > decimals {
                let intDigits = digits - decimals
                (out + n).update(from: t + pos, count: intDigits)
                n += intDigits
                out[n] = UInt8(ascii: ".")
                n += 1
                (out + n).update(from: t + pos + intDigits, count: decimals)
                return n + decimals
            }
            out[n] = UInt8(ascii: "0")
            out[n + 1] = UInt8(ascii: ".")
            n += 2
            for _ in 0..<(decimals - digits) {
                out[n] = UInt8(ascii: "0")
                n += 1
            }
            (out + n).update(from: t + pos, count: digits)
            return n + digits
        }
    }

    /// `v` as text (finite values).
    static func string(_ v: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { buf in
            let n = write(v, to: buf.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: buf.baseAddress!, count: n), as: UTF8.self)
        }
    }
}
