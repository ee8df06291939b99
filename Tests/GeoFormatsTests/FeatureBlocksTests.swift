import Foundation
@testable import GeoFormats
import XCTest

/// `FeatureBlocks`: reading the blocks in order, and reading on past a wrong cut as
/// `SeizurePipeline` does, gives exactly the feature ranges of the serial scan.
final class FeatureBlocksTests: XCTestCase {
    /// The ranges, block by block; after a block that missed its limit, that cursor goes on to
    /// the end and the later blocks are dropped. Also returns how many blocks missed.
    func rangesByBlocks(_ reader: GeoJSONReader, bytes: Int) throws -> (ranges: [Range<Int>], missed: Int, blocks: Int) {
        let blocks = try reader.featureBlocks(bytes: bytes)
        var out: [Range<Int>] = []
        var missed = 0
        for k in 0..<blocks.count {
            var c = blocks.cursor(k)
            while let r = try c.next() { out.append(r) }
            if c.end == .reachedLimit && k < blocks.count - 1 { continue }
            if c.end == .missedLimit {
                missed += 1
                c.ignoreLimit()
                while let r = try c.next() { out.append(r) }
            }
            XCTAssertEqual(c.end, .arrayEnded)
            try blocks.finish(after: c, featureCount: out.count)
            break
        }
        return (out, missed, blocks.count)
    }

    func collection(_ features: [String], tail: String = "") -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]\(tail)}"
    }

    func point(_ i: Int) -> String {
        #"{"type":"Feature","id":\#(i),"geometry":{"type":"Point","coordinates":[\#(70 + Double(i % 100) / 10),42.5]},"properties":{"n":\#(i)}}"#
    }

    func testBlocksGiveTheSerialRanges() throws {
        let text = collection((0..<500).map(point), tail: ",\"bbox\":[70,42,80,43]")
        let reader = GeoJSONReader(string: text)
        let serial = try reader.featureRanges()
        for bytes in [1, 50, 97, 1000, 1 << 20] {
            let (ranges, missed, blocks) = try rangesByBlocks(reader, bytes: bytes)
            XCTAssertEqual(ranges, serial, "block size \(bytes)")
            XCTAssertEqual(missed, 0)
            if bytes < 1000 { XCTAssertGreaterThan(blocks, 20) }
        }
    }

    /// A nested `{"type":"Feature"` after a comma looks like an element start: the block before
    /// it misses its limit, and reading on gives the right ranges all the same.
    func testWrongGuessesAreRecovered() throws {
        var features = (0..<200).map(point)
        let decoy = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"related":[1,{"type":"Feature","geometry":null,"properties":{}},{"type":"Feature","geometry":null,"properties":{}}]}}"#
        for i in stride(from: 5, to: 200, by: 20) { features[i] = decoy }
        let reader = GeoJSONReader(string: collection(features))
        let serial = try reader.featureRanges()
        var anyMissed = false
        for bytes in [1, 30, 64, 200] {
            let (ranges, missed, _) = try rangesByBlocks(reader, bytes: bytes)
            XCTAssertEqual(ranges, serial, "block size \(bytes)")
            anyMissed = anyMissed || missed > 0
        }
        XCTAssertTrue(anyMissed, "the decoys should have caught a cut")
    }

    func testSingleFeatureDocumentIsOneBlock() throws {
        let text = point(3)
        let reader = GeoJSONReader(string: text)
        let (ranges, _, blocks) = try rangesByBlocks(reader, bytes: 10)
        XCTAssertEqual(blocks, 1)
        XCTAssertEqual(ranges, [0..<text.utf8.count])
    }

    func testEmptyCollection() throws {
        let reader = GeoJSONReader(string: collection([]))
        XCTAssertEqual(try rangesByBlocks(reader, bytes: 1).ranges, [])
    }

    func testErrorsNameTheFeatureWithinItsBlock() throws {
        var features = (0..<100).map(point)
        features[63] = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"n":"unterminated}}"#
        let reader = GeoJSONReader(string: collection(features))
        let blocks = try reader.featureBlocks(bytes: 500)
        var before = 0
        var found: GeoFormatsError?
        for k in 0..<blocks.count where found == nil {
            var c = blocks.cursor(k)
            do {
                while try c.next() != nil {}
                before += c.count
            } catch let e as GeoFormatsError {
                var located = e
                located.feature = e.feature.map { $0 + before }
                found = located
            }
        }
        XCTAssertEqual(found?.feature, 63)
    }

    func testTrailingGarbageIsFoundAfterTheLastBlock() throws {
        let reader = GeoJSONReader(string: collection((0..<50).map(point)) + " x")
        assertGeoError(try self.rangesByBlocks(reader, bytes: 100), contains: ["after"])
    }

    func testBareGeometryIsAnError() throws {
        let reader = GeoJSONReader(string: #"{"type":"Point","coordinates":[1,2]}"#)
        assertGeoError(try self.rangesByBlocks(reader, bytes: 100), contains: ["bare geometry"])
    }
}
