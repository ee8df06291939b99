import Foundation
@testable import GeoFormats
import TestSupport
import XCTest

/// `CSVRecordBlocks` + `CSVFieldReader` (the streaming CSV path) against `CSVReader` (the
/// reference): the same records, fields and field offsets, or the same error, for generated files
/// with quoted line breaks, doubled quotes, BOM, CRLF / CR line breaks, blank lines and every
/// delimiter, cut into blocks of many sizes, so that cut guesses fall inside quoted fields.
final class CSVRecordBlocksTests: XCTestCase {
    struct Read: Equatable {
        var fields: [[String]] = []
        var offsets: [[Int]] = []
    }

    /// What the seizures pipeline does: every block read on its own (fast reader, declined records
    /// by `CSVReader.record(at:number:)`), then put together in order; after a block that missed
    /// its limit, the later blocks are dropped and that block's cursor reads on to the end.
    static func readInBlocks(_ csv: CSVReader, bytes: Int) throws -> (read: Read, missed: Int, declined: Int) {
        let blocks = CSVRecordBlocks(csv: csv, bytes: bytes)
        let reader = CSVFieldReader(csv: csv)
        var declined = 0
        /// Declined records in the blocks kept (those after a wrong guess are dropped, whatever they read).
        var declinedKept = 0
        func read(_ cursor: inout CSVRecordCursor, into r: inout Read) throws {
            while let start = cursor.nextStart() {
                if reader.read(at: start) {
                    r.fields.append((0..<reader.fieldCount).map { String(decoding: reader.bytes($0), as: UTF8.self) })
                    r.offsets.append((0..<reader.fieldCount).map { reader.offset($0) })
                    cursor.read(until: reader.end)
                } else {
                    declined += 1
                    guard let (record, next) = try csv.record(at: start, number: r.fields.count + 1) else { break }
                    r.fields.append(record.fields)
                    r.offsets.append(record.fieldOffsets)
                    cursor.read(until: next)
                }
            }
        }
        var parts: [(Read, CSVRecordCursor, Error?, Int)] = []
        for k in 0..<blocks.count {
            var cursor = blocks.cursor(k)
            var r = Read()
            var failure: Error?
            let before = declined
            do { try read(&cursor, into: &r) } catch { failure = error }
            parts.append((r, cursor, failure, declined - before))
        }
        var all = Read()
        var missed = 0
        for (r, cursor, failure, d) in parts {
            all.fields += r.fields
            all.offsets += r.offsets
            declinedKept += d
            if let failure { throw failure }
            if cursor.end == .reachedLimit { continue }
            if cursor.end == .missedLimit {
                missed += 1
                var c = cursor
                c.ignoreLimit()
                let before = declined
                try read(&c, into: &all)
                declinedKept += declined - before
            }
            break
        }
        return (all, missed, declinedKept)
    }

    static func reference(_ csv: CSVReader) throws -> Read {
        var r = Read()
        try csv.forEachRecord { record in
            r.fields.append(record.fields)
            r.offsets.append(record.fieldOffsets)
        }
        return r
    }

    /// A CSV text of `rows` records of `columns` fields, of every shape.
    static func generate(_ rng: inout TestRandom, rows: Int, columns: Int) -> (text: String, delimiter: String) {
        let delimiter = [",", ";", "\t", "|"][Int(rng.next() % 4)]
        let eol = ["\n", "\r\n", "\r"][Int(rng.next() % 3)]
        let pool = ["heroin", "", " spaced ", "Героин", "a,b", "x;y", "tab\there", "pipe|d", "say \"hi\"", "two\nlines", "crlf\r\nin",
                    "\"quoted\"", "74,5", "42.123456", "1e3", "ends with quote\"", "\"\"", "multi\n\nblank\nlines", "é\u{301}"]
        func field(_ s: String) -> String {
            let needs = s.contains(delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r")
            return needs || rng.next() % 7 == 0 ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var text = rng.next() % 4 == 0 ? "\u{FEFF}" : ""
        text += (0..<columns).map { "col\($0)" }.joined(separator: delimiter) + eol
        for r in 0..<rows {
            if rng.next() % 11 == 0 { text += eol }
            let values = (0..<columns).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
            // A lone empty field would be a blank line: the first field of a 1-column row is never empty.
            var line = values.map(field).joined(separator: delimiter)
            if columns == 1 && line.isEmpty { line = "x" }
            text += line
            if r < rows - 1 || rng.next() % 2 == 0 { text += eol }
        }
        return (text, delimiter)
    }

    func testBlocksReadTheSameRecordsAsTheReader() throws {
        var rng = TestRandom(seed: 17)
        var missedSomewhere = 0, declinedSomewhere = 0, files = 0
        for _ in 0..<120 {
            let (text, delimiter) = CSVRecordBlocksTests.generate(&rng, rows: 1 + Int(rng.next() % 60), columns: 1 + Int(rng.next() % 5))
            let csv = try CSVReader(string: text, path: "gen.csv", delimiter: UInt8(ascii: Unicode.Scalar(delimiter)!))
            let expected = try CSVRecordBlocksTests.reference(csv)
            for bytes in [1, 7, 23, 64, 200, 1 << 20] {
                let got = try CSVRecordBlocksTests.readInBlocks(csv, bytes: bytes)
                XCTAssertEqual(got.read, expected, "block \(bytes):\n\(text.debugDescription)")
                missedSomewhere += got.missed
                declinedSomewhere += got.declined
            }
            files += 1
        }
        XCTAssertEqual(files, 120)
        // Guesses did fall inside quoted fields (and were recovered), and no record that was kept
        // was declined (none of these files is bad: the fast reader reads every record).
        XCTAssertGreaterThan(missedSomewhere, 10)
        XCTAssertEqual(declinedSomewhere, 0)
    }

    func testBadRecordsGiveTheReadersError() throws {
        let cases = [
            "a,b\n1,2\n3,\"unclosed\n4,5\n",
            "a,b\n1,2\n3,\"x\"y\n",
            "a,b\n1,2\n3\n4,5\n",
            "a,b\n1,2\n3,4,5\n",
            "a,b\n1,\"two\nlines\"\n3,\"x\" \n",
            "a,b\r\n1,2\r\n\"q\r\n\",\u{FF}\r\n",
        ]
        for text in cases {
            var bytes = Array(text.utf8)
            if let i = bytes.firstIndex(of: 0xC3) { bytes[i] = 0xFF }  // invalid UTF-8 where "ÿ" was written
            let csv = try CSVReader(bytes: bytes, path: "bad.csv")
            var expected = ""
            XCTAssertThrowsError(try CSVRecordBlocksTests.reference(csv)) { expected = "\($0)" }
            for size in [1, 3, 10, 1 << 20] {
                XCTAssertThrowsError(try CSVRecordBlocksTests.readInBlocks(csv, bytes: size), "\(text.debugDescription) block \(size)") { e in
                    XCTAssertEqual("\(e)", expected, "\(text.debugDescription) block \(size)")
                }
            }
        }
    }

    func testCutsAreAfterLineBreaks() throws {
        let text = "a,b\r\n" + (0..<200).map { "\($0),\"x\r\ny\"\r\n" }.joined()
        let csv = try CSVReader(string: text)
        let blocks = CSVRecordBlocks(csv: csv, bytes: 50)
        XCTAssertGreaterThan(blocks.count, 20)
        for c in blocks.cuts {
            XCTAssertEqual(csv.input.base[c - 1], 0x0A)
            XCTAssertNotEqual(csv.input.base[c], 0x0A)
        }
        // The guesses prefer a line break after which a whole record reads: here every cut is a record start.
        XCTAssertTrue(blocks.cuts.allSatisfy { csv.input.base[$0] != UInt8(ascii: "y") })
        XCTAssertEqual(try CSVRecordBlocksTests.readInBlocks(csv, bytes: 50).read, try CSVRecordBlocksTests.reference(csv))
    }

    func testFiniteNumberIsDoubleOfTheTrimmedText() {
        var rng = TestRandom(seed: 99)
        let pieces = ["", " ", "\t", "+", "-", "0", "1", "5", "9", ".", "e", "E", "x", "0x1p3", "inf", "nan", "1e400", "12345678901234567890", ",", "é"]
        for _ in 0..<20000 {
            let text = (0..<(1 + Int(rng.next() % 6))).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let expected = Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
            var copy = text
            let got = copy.withUTF8 { CSVFieldReader.finiteNumber(UnsafeRawBufferPointer($0))?.0 }
            let ascii = text.utf8.allSatisfy { $0 < 0x80 }
            XCTAssertEqual(got?.bitPattern, ascii ? expected?.bitPattern : nil, text.debugDescription)
        }
    }
}
