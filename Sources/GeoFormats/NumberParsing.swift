/// Correctly rounded decimal → Double conversion on raw bytes.
///
/// Fast path (Clinger): a significand of at most 2^53 scaled by an exact power of ten 10^0...10^22 is
/// one IEEE multiplication or division of two exact values, hence correctly rounded. Everything else
/// (more than 15-16 significant digits, large exponents) goes through the standard library's
/// locale-independent, correctly rounded `Double(String)`.
enum NumberParsing {
    /// Exact powers of ten representable as Double.
    static let pow10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The decoded pieces of a decimal number.
    struct Parts {
        var negative = false
        /// First (up to) 19 significant digits.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        /// Decimal exponent applied to `mantissa`.
        var exponent = 0
        /// Digits beyond the 19th were dropped (mantissa is inexact).
        var truncated = false
    }

    /// The Double for `parts`, or nil if the fast path does not apply.
    @inline(__always)
    static func fastValue(_ p: Parts) -> Double? {
        if p.truncated { return nil }
        if p.mantissa == 0 { return p.negative ? -0.0 : 0.0 }
        guard p.mantissa <= 1 << 53, p.exponent >= -22, p.exponent <= 22 else { return nil }
        var d = Double(p.mantissa)
        d = p.exponent < 0 ? d / pow10[-p.exponent] : d * pow10[p.exponent]
        return p.negative ? -d : d
    }

    /// Correctly rounded value of the already validated decimal text `text` (ASCII: sign, digits,
    /// '.', exponent). May be ±infinity on overflow.
    static func slowValue(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        Double(String(decoding: text, as: UTF8.self))
    }

    /// A lenient decimal number as people type it in CSV and WKT: optional sign (+ or -), digits with
    /// an optional decimal point (".5" and "5." accepted), optional exponent. No spaces, no "inf",
    /// "nan", hex or thousands separators. Returns nil when the text is not such a number or is not
    /// finite as a Double.
    static func parseLenient(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = text.count
        var i = 0
        var p = Parts()
        guard n > 0 else { return nil }
        if text[0] == UInt8(ascii: "-") { p.negative = true; i = 1 } else if text[0] == UInt8(ascii: "+") { i = 1 }
        var sawDigit = false
        while i < n, text[i] &- 48 < 10 {
            sawDigit = true
            let d = UInt64(text[i] &- 48)
            if p.mantissa == 0 && d == 0 {
                // leading zero: insignificant
            } else if p.significantDigits < 19 {
                p.mantissa = p.mantissa &* 10 &+ d
                p.significantDigits += 1
            } else {
                p.exponent += 1
                p.truncated = true
            }
            i += 1
        }
        if i < n, text[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, text[i] &- 48 < 10 {
                sawDigit = true
                let d = UInt64(text[i] &- 48)
                if p.mantissa == 0 && d == 0 {
                    p.exponent -= 1
                } else if p.significantDigits < 19 {
                    p.mantissa = p.mantissa &* 10 &+ d
                    p.significantDigits += 1
                    p.exponent -= 1
                } else {
                    p.truncated = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < n, text[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if i < n, text[i] == UInt8(ascii: "+") { i += 1 }
            var e = 0
            var expDigit = false
            while i < n, text[i] &- 48 < 10 {
                expDigit = true
                if e < 1_000_000 { e = e * 10 + Int(text[i] &- 48) }
                i += 1
            }
            guard expDigit else { return nil }
            p.exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        if let d = fastValue(p) { return d }
        // Swift's parser wants a digit before '.', and rejects "5." on some platforms: normalize.
        var normalized = [UInt8]()
        normalized.reserveCapacity(n + 2)
        var j = 0
        if text[0] == UInt8(ascii: "+") { j = 1 } else if text[0] == UInt8(ascii: "-") { normalized.append(text[0]); j = 1 }
        if j < n, text[j] == UInt8(ascii: ".") { normalized.append(UInt8(ascii: "0")) }
        while j < n {
            normalized.append(text[j])
            if text[j] == UInt8(ascii: "."), j + 1 == n || text[j + 1] &- 48 >= 10 { normalized.append(UInt8(ascii: "0")) }
            j += 1
        }
        guard let d = normalized.withUnsafeBufferPointer({ slowValue($0) }), d.isFinite else { return nil }
        return d
    }

    static func parseLenient(_ s: String) -> Double? {
        var s = s
        return s.withUTF8 { parseLenient($0) }
    }
}
