// libFuzzer harness for the GeoJSON reader (scripts/fuzz.sh). Every way of reading a document
// must give the same features or fail; a finding is a crash: a trap, a sanitizer report, or one
// of these checks failing:
//   - `read()`, `forEachFeature` and `readFeatures(concurrency:)` give the same features or the
//     same error (equal `GeoFormatsError`s);
//   - `featureRanges()` + `parseFeature(in:index:)`, and the block reader (`featureBlocks`, read
//     block by block as `SeizurePipeline` does, at several block sizes) give the same features
//     when `read()` succeeds (a bare geometry excepted: those paths refuse it), and fail when it
//     fails (their error may differ: the range scan checks brackets and strings only);
//   - features read are written by `GeoJSONWriter` and read back unchanged;
//   - only `GeoFormatsError`s are thrown.
import Coordinates
import FuzzSupport
import GeoFormats
#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Never { FuzzSupport.fail("FuzzGeoJSON", message, bytes) }

enum Outcome: Equatable {
    case features([GeoJSON.Feature])
    case error(GeoFormatsError)

    var failed: Bool { if case .error = self { true } else { false } }
}

func outcome(_ input: UnsafeBufferPointer<UInt8>, _ body: () throws -> [GeoJSON.Feature]) -> Outcome {
    do {
        return .features(try body())
    } catch let e as GeoFormatsError {
        return .error(e)
    } catch {
        fail("unexpected error type \(type(of: error)): \(error)", input)
    }
}

/// The features read block by block (as `SeizurePipeline` reads them): each block's ranges parsed
/// with `parseFeature`; after a block that missed its limit, its cursor reads on to the end.
func byBlocks(_ reader: GeoJSONReader, bytes: Int) throws -> [GeoJSON.Feature] {
    let blocks = try reader.featureBlocks(bytes: bytes)
    var out: [GeoJSON.Feature] = []
    for k in 0..<blocks.count {
        var c = blocks.cursor(k)
        while let r = try c.next() { out.append(try reader.parseFeature(in: r, index: out.count)) }
        if c.end == .reachedLimit && k < blocks.count - 1 { continue }
        if c.end == .missedLimit {
            c.ignoreLimit()
            while let r = try c.next() { out.append(try reader.parseFeature(in: r, index: out.count)) }
        }
        guard c.end == .arrayEnded else { fatalError("FuzzGeoJSON: block \(k) of \(blocks.count) ended with \(String(describing: c.end))") }
        try blocks.finish(after: c, featureCount: out.count)
        break
    }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let reader = GeoJSONReader(bytes: input)
    var bareGeometry = false
    let whole = outcome(input) {
        let d = try reader.read()
        if case .geometry = d { bareGeometry = true }
        return d.features
    }
    let streamed = outcome(input) {
        var all: [GeoJSON.Feature] = []
        try reader.forEachFeature { f, i in
            guard i == all.count else { fail("forEachFeature index \(i) after \(all.count) features", input) }
            all.append(f)
        }
        return all
    }
    guard streamed == whole else { fail("read() \(whole) but forEachFeature \(streamed)", input) }
    let parallel = outcome(input) { try reader.readFeatures(concurrency: 2) }
    guard parallel == whole else { fail("read() \(whole) but readFeatures \(parallel)", input) }
    if case .features(let fs) = whole {
        do {
            let bytes = try GeoJSONWriter.encode(.featureCollection(GeoJSON.FeatureCollection(features: fs)))
            let again = try GeoJSONReader(bytes: bytes).read().features
            guard again == fs else { fail("written and read back: \(again), read: \(fs)", input) }
        } catch {
            fail("features read could not be written and read back: \(error)", input)
        }
    }
    if bareGeometry { return 0 }
    let ranged = outcome(input) { try reader.featureRanges().enumerated().map { try reader.parseFeature(in: $0.element, index: $0.offset) } }
    guard ranged.failed ? whole.failed : ranged == whole else { fail("read() \(whole) but featureRanges + parseFeature \(ranged)", input) }
    for bytes in [1, 16, 200] {
        let blocks = outcome(input) { try byBlocks(reader, bytes: bytes) }
        guard blocks.failed ? whole.failed : blocks == whole else { fail("read() \(whole) but blocks of \(bytes) bytes \(blocks)", input) }
    }
    return 0
}

runFuzzer(fuzzGeoJSON)
