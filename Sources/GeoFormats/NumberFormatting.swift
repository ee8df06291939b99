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

    /// "00", "01", ..., "99".
    static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

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
            var k = 0
            var p = 1.0  // 10^k, exact
            while k <= 15 {
                let m = (a * p).rounded(.toNearestOrEven)
                if m > 9007199254740992.0 { break }
                if m / p == a {
                    return writeFixed(negative: v < 0, mantissa: UInt64(m), decimals: k, to: out)
                }
                k += 1
                p *= 10
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

    /// `mantissa` with a decimal point `decimals` digits from the right ("0." prefix as needed),
    /// written right to left straight into `out`.
    @inline(__always)
    static func writeFixed(negative: Bool, mantissa: UInt64, decimals: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1
        var t = mantissa
        while t >= 10 {
            t /= 10
            digits += 1
        }
        let intDigits = digits > decimals ? digits - decimals : 1
        let length = (negative ? 1 : 0) + intDigits + (decimals > 0 ? decimals + 1 : 0)
        let pairs = digitPairs.utf8Start
        var q = out + length
        var m = mantissa
        var f = decimals
        while f >= 2 {
            let r = Int(m % 100)
            m /= 100
            q -= 2
            q[0] = pairs[2 * r]
            q[1] = pairs[2 * r + 1]
            f -= 2
        }
        if f == 1 {
            q -= 1
            q[0] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
            m /= 10
        }
        if decimals > 0 {
            q -= 1
            q[0] = UInt8(ascii: ".")
        }
        while m >= 100 {
            let r = Int(m % 100)
            m /= 100
            q -= 2
            q[0] = pairs[2 * r]
            q[1] = pairs[2 * r + 1]
        }
        if m >= 10 {
            let r = Int(m)
            q -= 2
            q[0] = pairs[2 * r]
            q[1] = pairs[2 * r + 1]
        } else {
            q -= 1
            q[0] = UInt8(truncatingIfNeeded: 48 &+ m)
        }
        if negative { out[0] = UInt8(ascii: "-") }
        return length
    }

    /// `v` as text (finite values).
    static func string(_ v: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { buf in
            let n = write(v, to: buf.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: buf.baseAddress!, count: n), as: UTF8.self)
        }
    }
}
