// libFuzzer harness for the CSV readers (scripts/fuzz.sh). A finding is a crash: a trap, a
// sanitizer report, or one of these checks failing:
//   - `CSVReader` (delimiter detected, and each of , ; TAB given): `records()` and
//     `forEachRecord` agree; every record has the header's field count; offsets increase;
//   - `CSVPointReader` in both `acceptsAnyGeometry` modes: `readFeatures()` and
//     `forEachFeature` agree; without acceptsAnyGeometry every feature is a valid Point; with
//     lon/lat columns chosen in both modes, both give the same features;
//   - the features are written by `GeoJSONWriter` and read back unchanged;
//   - the streaming path (`CSVRecordBlocks` cut at 1, 5 and 64 bytes, each block read on its own
//     by `CSVFieldReader`, declined records by `CSVReader.record(at:number:)`, put together in
//     order, a block that missed its limit read on to the end) gives the same fields and field
//     offsets as `records()`, or the same error;
//   - only `GeoFormatsError`s are thrown.
import Coordinates
import FuzzSupport
import GeoFormats
#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Never { FuzzSupport.fail("FuzzCSV", message, bytes) }

enum Outcome<T> {
    case value(T)
    case error(GeoFormatsError)
}

extension Outcome: Equatable where T: Equatable {}

func outcome<T>(_ input: UnsafeBufferPointer<UInt8>, _ body: () throws -> T) -> Outcome<T> {
    do {
        return .value(try body())
    } catch let e as GeoFormatsError {
        return .error(e)
    } catch {
        fail("unexpected error type \(type(of: error)): \(error)", input)
    }
}

/// The records as the seizures pipeline reads them in blocks of `bytes` (see the header).
func blockRecords(_ csv: CSVReader, bytes: Int) throws -> [([String], [Int])] {
    let blocks = CSVRecordBlocks(csv: csv, bytes: bytes)
    let reader = CSVFieldReader(csv: csv)
    func read(_ cursor: inout CSVRecordCursor, into out: inout [([String], [Int])]) throws {
        while let start = cursor.nextStart() {
            if reader.read(at: start) {
                out.append(((0..<reader.fieldCount).map { String(decoding: reader.bytes($0), as: UTF8.self) },
                            (0..<reader.fieldCount).map { reader.offset($0) }))
                cursor.read(until: reader.end)
            } else {
                guard let (r, next) = try csv.record(at: start, number: out.count + 1) else { break }
                out.append((r.fields, r.fieldOffsets))
                cursor.read(until: next)
            }
        }
    }
    var parts: [([([String], [Int])], CSVRecordCursor, Error?)] = []
    for k in 0..<blocks.count {
        var cursor = blocks.cursor(k)
        var out: [([String], [Int])] = []
        var failure: Error?
        do { try read(&cursor, into: &out) } catch { failure = error }
        parts.append((out, cursor, failure))
    }
    var all: [([String], [Int])] = []
    for (out, cursor, failure) in parts {
        all += out
        if let failure { throw failure }
        if cursor.end == .reachedLimit { continue }
        if cursor.end == .missedLimit {
            var c = cursor
            c.ignoreLimit()
            try read(&c, into: &all)
        }
        break
    }
    return all
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    for delimiter in [nil, UInt8(ascii: ","), UInt8(ascii: ";"), 0x09] as [UInt8?] {
        guard case .value(let csv) = outcome(input, { try CSVReader(bytes: input, delimiter: delimiter) }) else { continue }
        let all = outcome(input) { try csv.records() }
        let each = outcome(input) {
            var out: [CSVRecord] = []
            try csv.forEachRecord { out.append($0) }
            return out
        }
        guard all == each else { fail("records() \(all) but forEachRecord \(each)", input) }
        for bytes in [1, 5, 64] {
            let blocked = outcome(input) { try blockRecords(csv, bytes: bytes) }
            switch (all, blocked) {
            case (.value(let records), .value(let b)):
                guard records.count == b.count, zip(records, b).allSatisfy({ $0.fields == $1.0 && $0.fieldOffsets == $1.1 }) else {
                    fail("blocks of \(bytes) bytes read \(b) but records() \(records.map { ($0.fields, $0.fieldOffsets) })", input)
                }
            case (.error(let e), .error(let f)):
                guard e == f else { fail("blocks of \(bytes) bytes: error \(f) but records() \(e)", input) }
            default:
                fail("blocks of \(bytes) bytes: \(blocked) but records() \(all)", input)
            }
        }
        if case .value(let records) = all {
            var last = -1
            for r in records {
                guard r.count == csv.header.count, r.fieldOffsets.count == r.count else { fail("record \(r.number) has \(r.count) fields, header \(csv.header.count)", input) }
                guard r.fieldOffsets.allSatisfy({ $0 > last && $0 <= r.endOffset }), r.endOffset <= size else { fail("record \(r.number) offsets \(r.fieldOffsets) end \(r.endOffset)", input) }
                last = r.endOffset
            }
        }
        var byMode: [Bool: (CSVPointReader.GeometryColumns, Outcome<[GeoJSON.Feature]>)] = [:]
        for any in [false, true] {
            guard case .value(let points) = outcome(input, { try CSVPointReader(csv: csv, acceptsAnyGeometry: any) }) else { continue }
            let features = outcome(input) { try points.readFeatures() }
            let streamed = outcome(input) {
                var out: [GeoJSON.Feature] = []
                try points.forEachFeature { f, i in
                    guard i == out.count else { fail("forEachFeature index \(i) after \(out.count)", input) }
                    out.append(f)
                }
                return out
            }
            guard features == streamed else { fail("readFeatures \(features) but forEachFeature \(streamed)", input) }
            if !any, case .value(let fs) = features {
                for f in fs {
                    guard case .point(let c)? = f.geometry, abs(c.longitude) <= 180, abs(c.latitude) <= 90 else { fail("not a valid point: \(f)", input) }
                }
            }
            if case .value(let fs) = features {
                do {
                    let bytes = try GeoJSONWriter.encode(.featureCollection(GeoJSON.FeatureCollection(features: fs)))
                    guard try GeoJSONReader(bytes: bytes).read().features == fs else { fail("features changed when written as GeoJSON and read back", input) }
                } catch {
                    fail("features could not be written as GeoJSON and read back: \(error)", input)
                }
            }
            byMode[any] = (points.geometryColumns, features)
        }
        if let a = byMode[false], let b = byMode[true], a.0 == b.0, case .longitudeLatitude = a.0 {
            guard a.1 == b.1 else { fail("acceptsAnyGeometry changed a lon/lat reading: \(a.1) vs \(b.1)", input) }
        }
    }
    return 0
}

runFuzzer(fuzzCSV)
