import Foundation
import TestSupport
import XCTest

/// A JSON fixture written by one of the independent oracle scripts (scripts/make_*_fixtures.py),
/// stored in Fixtures/ as `<prefix><name>.json` with snake_case keys.
protocol OracleFixture: Decodable {
    static var prefix: String { get }
}

extension OracleFixture {
    static var directory: URL {
        get throws {
            guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw TestEnvironment.unavailable("Fixtures directory missing from the test bundle")
            }
            return dir
        }
    }

    static func exists(_ name: String) -> Bool {
        guard let dir = try? directory else { return false }
        return FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(prefix)\(name).json").path)
    }

    static func allNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
            .map { String($0.dropFirst(prefix.count).dropLast(5)) }
            .sorted()
    }

    static func load(_ name: String) throws -> Self {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(prefix)\(name).json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Self.self, from: data)
    }
}
