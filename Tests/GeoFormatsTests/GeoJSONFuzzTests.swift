import Foundation
import TestSupport
import XCTest
import Coordinates
@testable import GeoFormats

/// Random mutations of valid documents: every reading path must either succeed or throw a
/// `GeoFormatsError` — never crash, hang or throw anything else — and all paths must agree.
final class GeoJSONFuzzTests: XCTestCase {
    func seeds() throws -> [[UInt8]] {
        var docs: [[UInt8]] = []
        let props: JSONObject = ["name": "Gdańsk \"port\"\n", "n": 12.5, "list": .array([1, .null, true, .object(["a": "b"])]), "emoji": "🇺🇦"]
        let fs = sampleGeometries.enumerated().map { i, g in
            GeoJSON.Feature(id: i % 2 == 0 ? .number(Double(i)) : .string("f\(i)"), geometry: g, properties: props, bbox: i == 1 ? [0, 0, 1, 1] : nil)
        }
        docs.append(try GeoJSONWriter.encode(.featureCollection(GeoJSON.FeatureCollection(features: fs, bbox: [-1, -2, 3, 4]))))
        docs.append(try GeoJSONWriter.encode(.feature(fs[5])))
        docs.append(try GeoJSONWriter.encode(.geometry(sampleGeometries[7])))
        docs.append(Array("""
        { "features" : [ { "properties" : { "k" : "\\u00e9\\ud83c\\uddfa" } , "type" : "Feature",
            "geometry" : { "coordinates" : [ [ 1.5e1 , -2E-1 , 3 ] ] , "type" : "MultiPoint" } } ] ,
          "type" : "FeatureCollection" , "foreign" : { "x" : [ 1 , 2 , { } ] } }
        """.utf8))
        return docs
    }

    enum Outcome: Equatable {
        case features([GeoJSON.Feature])
        case error(GeoFormatsError)
    }

    func outcome(_ body: () throws -> [GeoJSON.Feature]) -> Outcome {
        do {
            return .features(try body())
        } catch let e as GeoFormatsError {
            return .error(e)
        } catch {
            XCTFail("unexpected error type \(type(of: error)): \(error)")
            return .features([])
        }
    }

    func testRandomMutationsNeverCrashAndAllPathsAgree() throws {
        var rng = TestRandom(seed: 20_240_501)
        let alphabet = Array("{}[],:\"\\0123456789.eE+-tfnul \n\tabcxyzTypeFeatureCollectionPointLineStringcoordinates".utf8) + [0x00, 0x80, 0xC3, 0xFF, 0xED]
        var accepted = 0
        var rejected = 0
        let seedDocs = try seeds()
        for iteration in 0..<4000 {
            var doc = seedDocs[iteration % seedDocs.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                guard !doc.isEmpty else { break }
                let i = Int.random(in: 0..<doc.count, using: &rng)
                switch Int.random(in: 0..<7, using: &rng) {
                case 0: doc[i] = alphabet.randomElement(using: &rng)!
                case 1: doc.insert(alphabet.randomElement(using: &rng)!, at: i)
                case 2: doc.removeSubrange(i..<min(doc.count, i + Int.random(in: 1...8, using: &rng)))
                case 3: doc.removeSubrange(i...)
                case 4:  // duplicate a slice
                    let j = min(doc.count, i + Int.random(in: 1...40, using: &rng))
                    doc.insert(contentsOf: doc[i..<j], at: j)
                case 5: doc[i] = UInt8.random(in: 0...255, using: &rng)
                default:  // swap two bytes
                    let j = Int.random(in: 0..<doc.count, using: &rng)
                    doc.swapAt(i, j)
                }
            }
            let reader = GeoJSONReader(bytes: doc)
            let whole = outcome { try reader.read().features }
            let streamed = outcome {
                var all: [GeoJSON.Feature] = []
                try reader.forEachFeature { f, _ in all.append(f) }
                return all
            }
            let parallel = outcome { try reader.readFeatures(concurrency: 3, minimumPartBytes: 64) }
            XCTAssertEqual(whole, streamed, "iteration \(iteration): \(String(decoding: doc, as: UTF8.self))")
            XCTAssertEqual(whole, parallel, "iteration \(iteration): \(String(decoding: doc, as: UTF8.self))")
            // Byte ranges + per-range parsing also never crash.
            if let ranges = try? reader.featureRanges() {
                for (k, r) in ranges.enumerated() { _ = try? reader.parseFeature(in: r, index: k) }
            }
            if case .features = whole { accepted += 1 } else { rejected += 1 }
            // Whatever we accepted, we can write and read back identically.
            if case .features(let fs) = whole {
                let bytes = try GeoJSONWriter.encode(.featureCollection(GeoJSON.FeatureCollection(features: fs)))
                XCTAssertEqual(try GeoJSONReader(bytes: bytes).read().features, fs)
            }
        }
        XCTAssertGreaterThan(accepted, 50)
        XCTAssertGreaterThan(rejected, 2000)
    }

    func testRandomBytesAndTruncations() throws {
        var rng = TestRandom(seed: 99)
        for n in 0..<600 {
            let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = outcome { try GeoJSONReader(bytes: bytes).read().features }
            _ = outcome { try GeoJSONReader(bytes: [0x7B] + bytes).readFeatures(concurrency: 2, minimumPartBytes: 8) }
            _ = try? WKT.parse(String(decoding: bytes, as: UTF8.self))
            _ = try? CSVReader(bytes: bytes).records()
            _ = try? CSVPointReader(csv: CSVReader(bytes: Array("lon,lat,wkt\n".utf8) + bytes), acceptsAnyGeometry: n % 2 == 0).readFeatures()
        }
        // Every prefix of a valid document.
        let doc = try seeds()[0]
        for k in 0..<(doc.count - 1) {  // (the last byte is a newline)
            let r = outcome { try GeoJSONReader(bytes: doc[..<k]).read().features }
            if case .features = r { XCTFail("prefix \(k) accepted") }
        }
    }
}
