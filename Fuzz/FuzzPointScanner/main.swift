// libFuzzer harness for `PointFeatureScanner`, the fast path of `nroute seizures` (scripts/fuzz.sh).
// The scanner must agree with `GeoJSONReader.parseFeature(in:index:)` or decline. A finding is a
// crash: a trap, a sanitizer report, or one of these checks failing, for the whole input taken as
// one feature and for every feature range of the input read as a document:
//   - a feature the full parser rejects is never accepted;
//   - an accepted feature has the full parser's coordinates (bit for bit), id, and properties
//     (keys in order, kinds and values), and no bbox; its text ends where the full reader's
//     feature range ends (`scan(from:limit:)`, as the pipeline calls it).
import Coordinates
import FuzzSupport
import GeoFormats
#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Never { FuzzSupport.fail("FuzzPointScanner", message, bytes) }

func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }

func text(_ scanner: PointFeatureScanner, _ range: Range<Int>) -> [UInt8] { Array(scanner.bytes(range)) }

/// Checks the scanner's last accepted feature against the full parser's reading of `range`.
func check(_ scanner: PointFeatureScanner, _ reader: GeoJSONReader, _ range: Range<Int>, _ input: UnsafeBufferPointer<UInt8>) {
    let f: GeoJSON.Feature
    do {
        f = try reader.parseFeature(in: range, index: 0)
    } catch {
        fail("scanner accepted \(range), the full parser rejects it: \(error)", input)
    }
    guard case .point(let c)? = f.geometry else { fail("accepted a feature whose geometry is \(String(describing: f.geometry))", input) }
    guard same(c.longitude, scanner.coordinate.longitude), same(c.latitude, scanner.coordinate.latitude) else {
        fail("coordinates: scanner \(scanner.coordinate), parser \(c)", input)
    }
    guard f.bbox == nil else { fail("accepted a feature with a bbox", input) }
    switch f.id {
    case nil:
        guard scanner.id == nil else { fail("scanner has an id, the parser none", input) }
    case .string(let s)?:
        guard let r = scanner.id, scanner.idIsString, text(scanner, r) == Array(s.utf8) else { fail("string id \(s.debugDescription) differs", input) }
    case .number(let d)?:
        guard scanner.id != nil, !scanner.idIsString, same(scanner.idNumber, d) else { fail("number id \(d) differs (scanner \(scanner.idNumber))", input) }
    }
    let members = f.properties?.members ?? []
    guard members.count == scanner.members.count else {
        fail("\(members.count) properties, scanner \(scanner.members.count)", input)
    }
    for (m, s) in zip(members, scanner.members) {
        guard text(scanner, s.key) == Array(m.key.utf8) else { fail("property key \(m.key.debugDescription) differs", input) }
        let ok: Bool
        switch (m.value, s.kind) {
        case (.string(let v), .string): ok = text(scanner, s.value) == Array(v.utf8)
        case (.number(let v), .number): ok = same(v, s.number)
        case (.bool(true), .true), (.bool(false), .false), (.null, .null): ok = true
        default: ok = false
        }
        guard ok else { fail("property \(m.key.debugDescription): parser \(m.value), scanner \(s.kind) \(String(decoding: text(scanner, s.value), as: UTF8.self).debugDescription)", input) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPointScanner(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let reader = GeoJSONReader(bytes: input)
    var scanner = PointFeatureScanner(reader: reader)
    // The whole input as one feature.
    let whole = 0..<size
    if scanner.scan(whole) { check(scanner, reader, whole, input) }
    if let end = scanner.scan(from: 0, limit: size) { check(scanner, reader, 0..<end, input) }
    // Every feature of the input as a document.
    guard let ranges = try? reader.featureRanges() else { return 0 }
    for r in ranges {
        if scanner.scan(r) { check(scanner, reader, r, input) }
        if let end = scanner.scan(from: r.lowerBound, limit: size) {
            guard end == r.upperBound else { fail("scanner's feature at \(r.lowerBound) ends at \(end), the reader's at \(r.upperBound)", input) }
            check(scanner, reader, r, input)
        }
    }
    return 0
}

runFuzzer(fuzzPointScanner)
