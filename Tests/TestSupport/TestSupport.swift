import Foundation
import XCTest

/// Deterministic random numbers for every test suite (SplitMix64), so a failure replays.
public struct TestRandom: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Uniform in [lo, hi).
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }
}

/// Something a test needs is not there (a fixture, a binary, geodata). On a developer's machine
/// the test is skipped with the reason; with `CI=true` it fails, so CI never passes by skipping.
public struct Unavailable: Error, CustomStringConvertible {
    public var description: String
}

public enum TestEnvironment {
    public static var isCI: Bool {
        let v = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return !v.isEmpty && v != "0" && v != "false"
    }

    /// Throws `XCTSkip(reason)` locally, an error that fails the test under CI.
    public static func unavailable(_ reason: String, file: StaticString = #filePath, line: UInt = #line) -> Error {
        if isCI {
            XCTFail("required in CI: \(reason)", file: file, line: line)
            return Unavailable(description: reason)
        }
        return XCTSkip(reason)
    }
}
