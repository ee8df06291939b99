/// Pulls features one at a time from a GeoJSON text without building the whole tree: only the
/// feature being returned exists as Swift values. Get one from `GeoJSONReader.makeFeatureIterator()`.
///
/// A FeatureCollection yields its features in order; a single Feature document yields that feature;
/// a bare geometry yields one feature with that geometry and empty properties. The top-level members
/// may come in any order ("type" after "features" costs one quick extra scan of the text).
///
/// After an error the iterator is finished: further `next()` calls return nil.
public struct GeoJSONFeatureIterator {
    var parser: JSONParser
    private enum State { case inFeatures, single, done }
    private var state: State = .done
    private var firstElement = true
    /// Positioned at the start of an element, its comma consumed (segment start or resumed).
    private var atElement = false
    /// A segment iterator for parallel reading: stops at the end of the "features" array.
    private var isSegment = false
    /// Where a segment iterator found the end of the "features" array (just after ']').
    private(set) var arrayEnd: Int?
    private var sawFeatures = false
    private var objectStart = 0
    private var single: GeoJSON.Feature?
    /// Input offset before which `next()` released the mapped pages.
    private var released = 0
    /// The top-level document when it is not a FeatureCollection.
    private(set) var singleDocument: GeoJSONDocument?
    /// Byte range of the single Feature object, when the document is one.
    private(set) var singleRange: Range<Int>?
    /// The single Feature's range, between `elementStart` and `skipElement` / `elementRead`.
    private var pendingSingle: Range<Int>?

    /// Index of the next feature (= number of features returned so far).
    public private(set) var index = 0
    /// The FeatureCollection's "bbox", once its member has been read (it usually precedes "features";
    /// if it follows them it is known after the last feature).
    public private(set) var collectionBBox: [Double]?
    /// True when the document is a FeatureCollection.
    public private(set) var isFeatureCollection = false

    init(input: InputBytes) throws {
        parser = JSONParser(input: input, cachingStrings: true)
        try begin()
    }

    private mutating func begin() throws {
        let b = parser.base
        if parser.end >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { parser.pos = 3 }
        parser.skipWhitespace()
        guard parser.pos < parser.end, b[parser.pos] == 0x7B else {
            throw parser.error(.invalidGeoJSON, "expected a GeoJSON object, found \(parser.describeCurrent())", at: parser.pos)
        }
        objectStart = parser.pos
        let kind = try parser.peekObjectType(depth: 1)
        switch kind {
        case .featureCollection:
            isFeatureCollection = true
            parser.pos += 1
            parser.skipWhitespace()
            try advanceMembers(first: true)
        case .feature:
            let f = try parser.parseFeature(depth: 1)
            singleRange = objectStart..<parser.pos
            try finishDocument()
            single = f
            singleDocument = .feature(f)
            state = .single
        default:
            let g = try parser.parseGeometry(depth: 1)
            try finishDocument()
            single = GeoJSON.Feature(geometry: g)
            singleDocument = .geometry(g)
            state = .single
        }
    }

    /// Top-level FeatureCollection members until the "features" array is entered or the object ends.
    private mutating func advanceMembers(first: Bool) throws {
        var first = first
        while true {
            if first {
                first = false
                if parser.pos < parser.end && parser.base[parser.pos] == 0x7D {
                    parser.pos += 1
                    break
                }
            } else if try !parser.afterMember() {
                break
            }
            let key = try parser.memberName()
            switch key {
            case .features:
                guard !sawFeatures else {
                    throw parser.error(.invalidGeoJSON, "FeatureCollection has two \"features\" members", at: parser.pos)
                }
                sawFeatures = true
                guard parser.pos < parser.end, parser.base[parser.pos] == 0x5B else {
                    throw parser.error(.invalidGeoJSON, "\"features\" must be an array, found \(parser.describeCurrent())", at: parser.pos)
                }
                parser.pos += 1
                firstElement = true
                state = .inFeatures
                return
            case .type:
                _ = try parser.parseTypeName()
            case .bbox:
                collectionBBox = try parser.parseBBox(depth: 2)
            case .crs:
                try parser.checkCRS(depth: 1)
            default:
                try parser.skipValue(depth: 1)
            }
        }
        guard sawFeatures else {
            throw parser.error(.invalidGeoJSON, "FeatureCollection has no \"features\" member", at: objectStart)
        }
        try finishDocument()
        state = .done
    }

    private mutating func finishDocument() throws {
        parser.skipWhitespace()
        guard parser.pos == parser.end else {
            throw parser.error(.syntax, "unexpected data after the GeoJSON object", at: parser.pos)
        }
    }

    /// Positions the parser at the next element of "features"; false at the end of the array.
    private mutating func nextElement() throws -> Bool {
        if atElement {
            atElement = false
            return true
        }
        parser.skipWhitespace()
        if firstElement {
            firstElement = false
            if parser.pos < parser.end && parser.base[parser.pos] == 0x5D {
                parser.pos += 1
                return false
            }
        } else {
            guard parser.pos < parser.end else { throw parser.expected("',' or ']'") }
            let b = parser.base[parser.pos]
            if b == 0x5D {
                parser.pos += 1
                return false
            }
            guard b == 0x2C else { throw parser.expected("',' or ']' after a feature") }
            parser.pos += 1
            parser.skipWhitespace()
        }
        return true
    }

    /// The next feature, or nil after the last.
    public mutating func next() throws -> GeoJSON.Feature? {
        switch state {
        case .inFeatures:
            do {
                if try nextElement() {
                    parser.feature = index
                    let f = try parser.parseFeature(depth: 3)
                    index += 1
                    if parser.pos - released > 16 << 20 {
                        parser.input.releasePages(before: parser.pos)
                        released = parser.pos
                    }
                    return f
                }
                parser.feature = nil
                try endOfFeatures()
                return nil
            } catch {
                state = .done
                throw error
            }
        case .single:
            state = .done
            index = 1
            return single
        case .done:
            return nil
        }
    }

    /// The byte range of the next feature object, found by a quick scan (not validated beyond
    /// brackets and strings); nil after the last.
    mutating func nextRange() throws -> Range<Int>? {
        switch state {
        case .inFeatures:
            do {
                if try nextElement() {
                    parser.feature = index
                    let start = parser.pos
                    guard start < parser.end, parser.base[start] == 0x7B else {
                        throw parser.error(.invalidGeoJSON, "expected a Feature object, found \(parser.describeCurrent())", at: start)
                    }
                    try parser.skipValueFast(depth: 3)
                    index += 1
                    return start..<parser.pos
                }
                parser.feature = nil
                try endOfFeatures()
                return nil
            } catch {
                state = .done
                throw error
            }
        case .single:
            state = .done
            guard let singleRange else {
                throw parser.error(.invalidGeoJSON, "the document is a bare geometry, not a FeatureCollection or Feature", at: objectStart)
            }
            index = 1
            return singleRange
        case .done:
            return nil
        }
    }

    private mutating func endOfFeatures() throws {
        if isSegment {
            arrayEnd = parser.pos
            state = .done
        } else {
            try advanceMembers(first: false)
        }
    }

    // MARK: Parallel reading

    /// A segment iterator: the element of "features" that starts at byte `start` (found by
    /// `guessFeatureStart`) and the following ones, up to the end of the array.
    init(input: InputBytes, segmentStart start: Int) {
        parser = JSONParser(input: input, cachingStrings: true)
        parser.pos = start
        isFeatureCollection = true
        isSegment = true
        state = .inFeatures
        atElement = true
        firstElement = false
    }

    enum SegmentEnd {
        /// The next element starts exactly at the limit.
        case reachedLimit
        /// The next element starts beyond the limit: the guess was not an element start.
        case missedLimit
        /// The "features" array ended (for the main iterator: the document was read to its end).
        case arrayEnded
    }

    /// Parses features into `out` until the next element would start at or after `limit`. The
    /// iterator stays positioned at that element (a later `next()` or `parseFeatures` continues).
    mutating func parseFeatures<Out: FeatureAppending>(until limit: Int, into out: inout Out) throws -> SegmentEnd {
        guard state == .inFeatures else { return .arrayEnded }
        do {
            while true {
                guard try nextElement() else {
                    parser.feature = nil
                    try endOfFeatures()
                    return .arrayEnded
                }
                if parser.pos >= limit {
                    atElement = true
                    return parser.pos == limit ? .reachedLimit : .missedLimit
                }
                parser.feature = index
                out.append(try parser.parseFeature(depth: 3))
                index += 1
            }
        } catch {
            state = .done
            throw error
        }
    }

    /// The start of the next feature, unless the next element starts at or after `limit` (nil
    /// with `.reachedLimit` / `.missedLimit`, the iterator staying at that element) or the array
    /// ended (nil with `.arrayEnded`). Then either `skipElement()` (its range, by `skipValueFast`)
    /// or `elementRead(until:)` (a caller read it) moves past it.
    mutating func elementStart(until limit: Int) throws -> (Int?, SegmentEnd?) {
        guard state == .inFeatures else {
            if state == .single, let r = singleRange {
                pendingSingle = r
                return (r.lowerBound, nil)
            }
            if state == .single { _ = try nextRange() }  // a bare geometry: the error
            return (nil, .arrayEnded)
        }
        do {
            guard try nextElement() else {
                parser.feature = nil
                try endOfFeatures()
                return (nil, .arrayEnded)
            }
            if parser.pos >= limit {
                atElement = true
                return (nil, parser.pos == limit ? .reachedLimit : .missedLimit)
            }
            parser.feature = index
            guard parser.pos < parser.end, parser.base[parser.pos] == 0x7B else {
                throw parser.error(.invalidGeoJSON, "expected a Feature object, found \(parser.describeCurrent())", at: parser.pos)
            }
            return (parser.pos, nil)
        } catch {
            state = .done
            throw error
        }
    }

    /// The range of the feature at `elementStart`'s position, found by `skipValueFast`.
    mutating func skipElement() throws -> Range<Int> {
        if let r = pendingSingle {
            pendingSingle = nil
            state = .done
            index = 1
            return r
        }
        let start = parser.pos
        do {
            try parser.skipValueFast(depth: 3)
        } catch {
            state = .done
            throw error
        }
        index += 1
        return start..<parser.pos
    }

    /// The feature at `elementStart`'s position ended just before `end` (read by the caller).
    mutating func elementRead(until end: Int) {
        if pendingSingle != nil {
            pendingSingle = nil
            state = .done
            index = 1
            return
        }
        parser.pos = end
        index += 1
    }

    /// Continues a main iterator after the "features" array, whose ']' a segment found (`arrayEnd`).
    mutating func resumeAfterFeatures(at position: Int, featuresSoFar: Int) throws {
        parser.pos = position
        index = featuresSoFar
        parser.feature = nil
        state = .inFeatures
        try advanceMembers(first: false)
    }

    /// A byte offset at or after `offset` where a "features" element most probably starts: `{`,
    /// optional whitespace, `"type"`, `:`, `"Feature"`, preceded (whitespace aside) by `,`. In valid
    /// JSON this text cannot lie inside a string (it has raw quotes), so it is an object with
    /// "type": "Feature" — almost always an element of "features"; `readFeatures` verifies it.
    /// Searches at most `window` bytes.
    static func guessFeatureStart(in input: InputBytes, after offset: Int, window: Int = 4 << 20) -> Int? {
        let base = input.base
        let end = min(input.count, offset + window)
        var i = max(offset, 1)
        func ws(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        func literal(_ j: inout Int, _ text: StaticString) -> Bool {
            let n = text.utf8CodeUnitCount
            guard j + n <= input.count, memcmpBytes(base + j, text.utf8Start, n) else { return false }
            j += n
            return true
        }
        while i < end {
            if base[i] != 0x7B { i += 1; continue }
            var j = i + 1
            while j < input.count && ws(base[j]) { j += 1 }
            var ok = literal(&j, "\"type\"")
            while ok && j < input.count && ws(base[j]) { j += 1 }
            ok = ok && literal(&j, ":")
            while ok && j < input.count && ws(base[j]) { j += 1 }
            ok = ok && literal(&j, "\"Feature\"")
            if ok {
                var k = i - 1
                while k > 0 && ws(base[k]) { k -= 1 }
                if base[k] == 0x2C { return i }
            }
            i += 1
        }
        return nil
    }
}
