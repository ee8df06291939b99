import GeoFormats

/// The byte encoder's plan, built once per context from the column table: per column its value,
/// how the number is formatted (the common roundings with constant divisors), and every text the
/// columns write (`,"key":` of each column, each string as a JSON literal and as a CSV field)
/// encoded once into one blob.
struct SeizureEncodingPlan: Sendable {
    /// How a column's number is written.
    enum Format: UInt8, Sendable {
        case text, boolean
        /// 6 or 9 decimals (constant divisors), any other count.
        case fixed6, fixed9, fixed
    }

    struct Step: Sendable {
        let source: SeizureColumn.Source
        let format: Format
        /// See `SeizureColumn.scale`, `divisor`.
        let scale: Double
        let divisor: Double
        let decimals: Int
        /// 10^decimals.
        let unit: UInt64
    }

    /// Bytes of `blob`: where they start, how many.
    struct Span: Sendable {
        let offset: Int
        let count: Int
        init(_ r: Range<Int>) {
            offset = r.lowerBound
            count = r.count
        }
    }

    /// A string encoded as a JSON string literal and as a CSV field.
    struct TextRef: Sendable {
        let json: Span
        let csv: Span
    }

    let steps: [Step]
    /// `"key":` of every column, the texts.
    let blob: [UInt8]
    /// Per column: `,"key":` in `blob`.
    let keys: [Span]
    /// Per string of `SeizureTexts.strings`.
    let texts: [TextRef]
    /// A bound on the bytes `writeAdded` appends to one sink for one feature.
    let maxAddedBytes: Int

    init(table: [SeizureColumn], texts strings: SeizureTexts) {
        steps = table.map { c in
            let format: Format
            switch (c.unit, c.decimals) {
            case (.text, _): format = .text
            case (.boolean, _): format = .boolean
            case (_, 6?): format = .fixed6
            case (_, 9?): format = .fixed9
            default: format = .fixed
            }
            return Step(source: SeizureColumn.Source(c.value), format: format, scale: c.scale, divisor: c.divisor, decimals: c.decimals ?? 0,
                        unit: UInt64(c.divisor))
        }
        var blob: [UInt8] = []
        keys = table.map { c in
            let k0 = blob.count
            blob += Array(",\"\(c.name)\":".utf8)
            return Span(k0..<blob.count)
        }
        texts = strings.strings.map { s in
            let j = ByteSink(), c = ByteSink()
            try! SeizureLayers.writeJSONString(s, to: j)
            try! SeizureLayers.writeCSVString(s, to: c)
            let j0 = blob.count
            blob += j.bytes
            let c0 = blob.count
            blob += c.bytes
            return TextRef(json: Span(j0..<c0), csv: Span(c0..<blob.count))
        }
        self.blob = blob
        // Every text at most twice (a gap id: nearest border's and per border), every value ≤ 40 bytes.
        maxAddedBytes = 2 * blob.count + table.count * 48 + 64
    }
}
