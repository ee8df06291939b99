import Analysis
import GeoFormats

extension SeizureLayers {
    /// The byte encoder: the added values of one result, in `columns.added` order, straight into
    /// the GeoJSON properties (`"key":value`, comma-separated; `firstGeo`: no comma before the first)
    /// and/or the CSV row (`,value` each): the same text as `properties(for:)` encoded by
    /// `GeoJSONWriter` and `writeCSVInput` + `writeCSVField`, without building the values. Each
    /// column's value is read as the value encoder reads it (`SeizureColumn.cell`) and written as
    /// the plan built from the same table says (`SeizureEncodingPlan`).
    static func writeAdded(_ r: SeizureResult, precision: Double?, columns: SeizureColumns, geo: ByteSink?, firstGeo: Bool,
                           csv: ByteSink?) throws {
        let plan = columns.plan
        let maxBytes = plan.maxAddedBytes
        func append(_ s: ByteSink?, _ body: (UnsafeMutablePointer<UInt8>?) throws -> Int) throws {
            if let s { try s.append(maxBytes: maxBytes) { try body($0) } } else { _ = try body(nil) }
        }
        try plan.blob.withUnsafeBytes { blob in
            try plan.keys.withUnsafeBufferPointer { keys in
                try plan.steps.withUnsafeBufferPointer { steps in
                    try plan.texts.withUnsafeBufferPointer { texts in
                        try columns.texts.withBases { bases in
                            try r.borders.withUnsafeBufferPointer { borders in
                                try append(geo) { gp in
                                    var gEnd = gp
                                    try append(csv) { cp in
                                        var w = AddedWriter(blob: blob, keys: keys, g: gp, c: cp, firstGeo: firstGeo)
                                        try w.write(r, borders: borders, precision: precision, steps: steps, texts: texts, bases: bases)
                                        gEnd = w.g
                                        return cp.map { w.c! - $0 } ?? 0
                                    }
                                    return gp.map { gEnd! - $0 } ?? 0
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// See `writeAdded`: writes at two cursors (GeoJSON, CSV; nil: not written) with room enough.
    struct AddedWriter {
        /// The plan's blob (`"key":` texts and string values).
        let blob: UnsafeRawPointer
        let keys: UnsafeBufferPointer<SeizureEncodingPlan.Span>
        var g: UnsafeMutablePointer<UInt8>?
        var c: UnsafeMutablePointer<UInt8>?
        /// 1 until the first key is written when the feature has no input members (no comma before it).
        var skipComma: Int
        var i = 0

        init(blob: UnsafeRawBufferPointer, keys: UnsafeBufferPointer<SeizureEncodingPlan.Span>, g: UnsafeMutablePointer<UInt8>?,
             c: UnsafeMutablePointer<UInt8>?, firstGeo: Bool) {
            self.blob = blob.baseAddress!
            self.keys = keys
            self.g = g
            self.c = c
            skipComma = firstGeo ? 1 : 0
        }

        @inline(__always) static func copy(_ offset: Int, _ count: Int, _ blob: UnsafeRawPointer, to p: inout UnsafeMutablePointer<UInt8>) {
            copySmall(UnsafeMutableRawPointer(p), blob + offset, count)
            p += count
        }
        /// memmove for the short texts written here (keys, numbers), without a library call:
        /// two overlapping loads and stores cover any length from w to 2w.
        @inline(__always) static func copySmall(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ n: Int) {
            if n >= 16 {
                guard n <= 32 else {
                    dst.copyMemory(from: src, byteCount: n)
                    return
                }
                let a = src.loadUnaligned(as: SIMD16<UInt8>.self), b = src.loadUnaligned(fromByteOffset: n - 16, as: SIMD16<UInt8>.self)
                dst.storeBytes(of: a, as: SIMD16<UInt8>.self)
                dst.storeBytes(of: b, toByteOffset: n - 16, as: SIMD16<UInt8>.self)
            } else if n >= 8 {
                let a = src.loadUnaligned(as: UInt64.self), b = src.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                dst.storeBytes(of: a, as: UInt64.self)
                dst.storeBytes(of: b, toByteOffset: n - 8, as: UInt64.self)
            } else if n >= 4 {
                let a = src.loadUnaligned(as: UInt32.self), b = src.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                dst.storeBytes(of: a, as: UInt32.self)
                dst.storeBytes(of: b, toByteOffset: n - 4, as: UInt32.self)
            } else {
                for i in 0..<n { dst.storeBytes(of: src.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
            }
        }
        @inline(__always) static func put(_ s: StaticString, to p: inout UnsafeMutablePointer<UInt8>) {
            UnsafeMutableRawPointer(p).copyMemory(from: s.utf8Start, byteCount: s.utf8CodeUnitCount)
            p += s.utf8CodeUnitCount
        }

        @inline(__always) mutating func key() {
            if var p = g {
                // `,"key":` in the blob; the comma dropped before the first member.
                let k = keys[i]
                AddedWriter.copy(k.offset &+ skipComma, k.count &- skipComma, blob, to: &p)
                skipComma = 0
                g = p
            }
            if let p = c {
                p[0] = UInt8(ascii: ",")
                c = p + 1
            }
            i += 1
        }
        @inline(__always) mutating func null() {
            key()
            if var p = g {
                AddedWriter.put("null", to: &p)
                g = p
            }
        }
        /// Writes what `format` formats at the GeoJSON cursor (else the CSV one), copied to the other.
        @inline(__always) mutating func put(_ format: (UnsafeMutablePointer<UInt8>) -> Int) {
            if let p = g {
                let n = format(p)
                g = p + n
                if let q = c {
                    AddedWriter.copySmall(UnsafeMutableRawPointer(q), UnsafeRawPointer(p), n)
                    c = q + n
                }
            } else if let q = c {
                c = q + format(q)
            }
        }
        @inline(__always) mutating func number(_ d: Double) throws {
            key()
            guard d.isFinite else { throw GeoFormatsError(.unwritable, "cannot write non-finite number \(d)") }
            // At most 9 decimals, trailing zeros dropped, no "-0".
            let scaled = (abs(d) * 1e9).rounded()
            guard scaled < 9e15, abs(abs(d) * 1e9 - scaled) < 1e-3 else {
                put { ByteSink.formatNumber(d, to: $0) }
                return
            }
            let mantissa = UInt64(scaled), negative = d < 0
            put { AddedWriter.trimmed(mantissa, 9, 1_000_000_000, negative, $0) }
        }
        /// `value` × `step.scale`, rounded half away from zero, ÷ 10^decimals: the text `number`
        /// gives for the value encoder's number (`SeizureLayers.jsonValue`). `value` is finite.
        @inline(never) mutating func rounded(_ value: Double, _ step: UnsafePointer<SeizureEncodingPlan.Step>) throws {
            let x = value * step.pointee.scale
            guard x.isFinite, x.magnitude < 9e15 else { return try number(x.rounded() / step.pointee.divisor) }
            // x.rounded() (half away from zero) without a library call: x − trunc(x) is exact.
            var t = Int64(x)
            let fraction = x - Double(t)
            if fraction >= 0.5 { t += 1 } else if fraction <= -0.5 { t -= 1 }
            key()
            let negative = t < 0
            let mantissa = t.magnitude
            switch step.pointee.format {
            case .fixed6: put { AddedWriter.trimmed(mantissa, 6, 1_000_000, negative, $0) }
            case .fixed9: put { AddedWriter.trimmed(mantissa, 9, 1_000_000_000, negative, $0) }
            default:
                let decimals = step.pointee.decimals, unit = step.pointee.unit
                put { AddedWriter.trimmed(mantissa, decimals, unit, negative, $0) }
            }
        }
        /// mantissa · 10^-decimals (`unit` = 10^decimals) with trailing zeros dropped and no "-0":
        /// the text of `fixedDigits`, with constant divisors.
        @inline(__always) static func trimmed(_ mantissa: UInt64, _ decimals: Int, _ unit: UInt64, _ negative: Bool,
                                               _ out: UnsafeMutablePointer<UInt8>) -> Int {
            var len = 0
            if negative && mantissa != 0 {
                out[0] = UInt8(ascii: "-")
                len = 1
            }
            // Integer part: up to three digits (most values here) at once, else right to left.
            var q = mantissa / unit
            let f = mantissa % unit
            let pairs = digitPairs.utf8Start
            var at: Int
            if q < 10 {
                out[len] = UInt8(truncatingIfNeeded: 48 &+ q)
                len += 1
            } else if q < 100 {
                out[len] = pairs[2 * Int(q)]
                out[len + 1] = pairs[2 * Int(q) + 1]
                len += 2
            } else if q < 1000 {
                let r = Int(q % 100)
                out[len] = UInt8(truncatingIfNeeded: 48 &+ q / 100)
                out[len + 1] = pairs[2 * r]
                out[len + 2] = pairs[2 * r + 1]
                len += 3
            } else {
                var digits = 1
                var t = q
                while t >= 10 {
                    t /= 10
                    digits += 1
                }
                len += digits
                at = len
                repeat {
                    at -= 1
                    out[at] = UInt8(truncatingIfNeeded: 48 &+ q % 10)
                    q /= 10
                } while q > 0
            }
            guard f != 0 else { return len }
            // Every decimal, then the trailing zeros dropped (f ≠ 0: a non-zero digit stops it).
            out[len] = UInt8(ascii: ".")
            var g = f
            var k = decimals
            at = len + 1 + decimals
            while k >= 2 {
                let r = Int(g % 100)
                g /= 100
                at -= 2
                out[at] = pairs[2 * r]
                out[at + 1] = pairs[2 * r + 1]
                k -= 2
            }
            if k == 1 { out[at - 1] = UInt8(truncatingIfNeeded: 48 &+ g) }
            var end = len + 1 + decimals
            while out[end - 1] == 0x30 { end -= 1 }
            return end
        }
        static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
        @inline(__always) mutating func bool(_ b: Bool) {
            key()
            if var p = g {
                AddedWriter.put(b ? "true" : "false", to: &p)
                g = p
            }
            if var p = c {
                AddedWriter.put(b ? "true" : "false", to: &p)
                c = p
            }
        }
        @inline(__always) mutating func text(_ t: SeizureEncodingPlan.TextRef) {
            key()
            if var p = g {
                AddedWriter.copy(t.json.offset, t.json.count, blob, to: &p)
                g = p
            }
            if var p = c {
                AddedWriter.copy(t.csv.offset, t.csv.count, blob, to: &p)
                c = p
            }
        }

        /// One result's added values, column by column as the plan says.
        @inline(__always)
        mutating func write(_ r: SeizureResult, borders: UnsafeBufferPointer<SeizureBorderHit>, precision: Double?,
                            steps: UnsafeBufferPointer<SeizureEncodingPlan.Step>, texts: UnsafeBufferPointer<SeizureEncodingPlan.TextRef>,
                            bases: SeizureTexts.Bases) throws {
            let nearest = r.nearestBorder ?? -1
            var step = steps.baseAddress!
            for _ in 0..<steps.count {
                defer { step += 1 }
                let cell = SeizureColumn.cell(step.pointee.source, of: r, borders: borders, nearest: nearest, precision: precision,
                                              texts: bases)
                switch cell.kind {
                case .null: null()
                case .text: text(texts[cell.textIndex])
                case .bool: bool(cell.flag)
                case .number: if cell.number.isFinite { try rounded(cell.number, step) } else { null() }
                }
            }
        }
    }
}
