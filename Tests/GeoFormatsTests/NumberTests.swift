import Foundation
import TestSupport
import XCTest
@testable import GeoFormats

final class NumberTests: XCTestCase {
    func parse(_ text: String) throws -> Double {
        guard case .feature(let f) = try read("{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"v\":\(text)}}"),
              let v = f.properties?["v"]?.doubleValue else { throw GeoFormatsError(.syntax, "no number") }
        return v
    }

    func testDecimalParsingIsCorrectlyRounded() throws {
        var rng = TestRandom(seed: 3)
        var texts = ["0", "-0", "1", "-1", "0.1", "0.2", "0.3", "1e22", "1e23", "9007199254740993", "9007199254740992",
                     "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9e-324", "2.4703282292062328e-324",
                     "1.7976931348623157e308", "1.7976931348623158e308", "123456789012345678901234567890",
                     "0.000000000000000000000000000000000001", "1e-400", "-1e-400", "3.141592653589793238462643383279",
                     "179.99999999999999999", "89.999999999999999", "1E+2", "1e+0", "12345678.87654321", "0.00012345678"]
        for _ in 0..<5000 {
            let digits = (0..<Int.random(in: 1...22, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            let point = Int.random(in: 0...digits.count, using: &rng)
            var t = String(digits.prefix(point)) + (point < digits.count ? "." + digits.dropFirst(point) : "")
            if t.hasPrefix(".") { t = "0" + t }
            while t.count > 1, t.hasPrefix("0"), !t.hasPrefix("0.") { t.removeFirst() }
            if Bool.random(using: &rng) { t += "e\(Int.random(in: -30...30, using: &rng))" }
            if Bool.random(using: &rng) { t = "-" + t }
            texts.append(t)
        }
        for t in texts {
            let expected = Double(t)!  // the standard library's correctly rounded parser
            XCTAssertEqual(try parse(t).bitPattern, expected.bitPattern, t)
        }
    }

    func testShortestFormattingRoundTripsRandomBitPatterns() {
        var rng = TestRandom(seed: 11)
        for i in 0..<50_000 {
            var v = Double(bitPattern: rng.next())
            if i % 3 == 0 { v = (Double(Int64(truncatingIfNeeded: rng.next()) % 100_000_000) / 1e6) }
            if i % 3 == 1 { v = Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / [1, 10, 100, 1e3, 1e7][i % 5] }
            guard v.isFinite else { continue }
            let text = NumberFormatting.string(v)
            XCTAssertEqual(Double(text)?.bitPattern, v.bitPattern, "\(v) -> \(text)")
            // Never more significant digits than Swift's shortest representation.
            XCTAssertLessThanOrEqual(significantDigits(text), significantDigits(v.description), "\(v) -> \(text)")
        }
    }

    func significantDigits(_ text: String) -> Int {
        let mantissa = text.split(whereSeparator: { $0 == "e" || $0 == "E" })[0].filter(\.isNumber)
        let trimmed = mantissa.drop(while: { $0 == "0" })
        return max(1, trimmed.reversed().drop(while: { $0 == "0" }).count)
    }

    func testLenientDecimals() {
        let ok: [(String, Double)] = [("+1.5", 1.5), (".5", 0.5), ("5.", 5), ("-.25", -0.25), ("1e3", 1000), ("1E-3", 0.001),
                                      ("007", 7), ("12.3456789012345678901", 12.345678901234568)]
        for (t, v) in ok { XCTAssertEqual(NumberParsing.parseLenient(t), v, t) }
        for t in ["", "-", ".", "e5", "1e", "1.2.3", "nan", "inf", "0x10", "1,5", " 1", "1e999", "--1", "1-"] {
            XCTAssertNil(NumberParsing.parseLenient(t), t)
        }
    }

    func testSWARDigitHelpers() {
        for n in 1...8 {
            let digits = "98765432".prefix(n) + "x1234567"
            let w = Array(digits.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            XCTAssertEqual(SWARDigits.leadingDigits(w), n)
            XCTAssertEqual(SWARDigits.value(w, digits: n), UInt64(String(digits.prefix(n)))!)
        }
        for bytes: [UInt8] in [[0x2F], [0x3A], [0x00], [0xB0], [0xBA], [0xFF]] {
            let w = (bytes + Array("1234567".utf8)).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            XCTAssertEqual(SWARDigits.leadingDigits(w), 0, "\(bytes)")
        }
    }
}
