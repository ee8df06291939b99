import Analysis
import Catalog
import Foundation
import TestSupport
import XCTest

/// What the seizure-stream tests share: a scratch folder per test, and the context of geodata's
/// Kazakh–Kyrgyz border (its gaps, geodata's checkpoints and countries) that the streams analyse.
class SeizurePipelineTestCase: XCTestCase {
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("\(type(of: self))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    func context() throws -> SeizureContext {
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        let border = try BorderCatalog.select("kgz", from: try geodata.borders())[0]
        let report = try GapAnalysis.run(border: border, controls: try geodata.controls(for: border), parameters: GapParameters())
        return try SeizureContext(checkpoints: try geodata.checkpoints().filter { $0.kind == .checkpoint }, borders: [border],
                                  gapReports: [report], countries: try geodata.countries())
    }
}
