import Analysis
@testable import Cartography
import Coordinates
import Domain
import XCTest

/// The summary groups by the located province and counts the records whose input names another
/// one, also when the records are split between workers' summaries and merged.
final class SeizureSummaryProvinceTests: XCTestCase {
    let provinces = [
        Province(id: "KAZ004", name: "Almaty", iso3: "KAZ", polygons: []),
        Province(id: "KAZ005", name: "Almaty Region", iso3: "KAZ", polygons: []),
        Province(id: "KAZ009", name: "Jambyl Region", nameVariants: ["Zhambyl", "Zhambyl Oblysy"], iso3: "KAZ", polygons: []),
    ]
    let none = SeizureResult(country: nil, checkpoint: nil, borders: [])

    func records() -> [(input: String?, located: String?)] {
        [("Zhambyl", "KAZ009"), ("zhambyl oblysy", "KAZ009"), ("Jambyl", "KAZ009"), ("Turkistan", "KAZ009"),
         ("Almaty", "KAZ004"), ("Almaty Region", "KAZ004"), ("Almaty", "KAZ005"), ("Almaty Region", "KAZ005"),
         (nil, "KAZ005"), ("  ", "KAZ005"), ("Somewhere", nil), ("Turkistan", "KAZ009")]
    }

    func summary(_ rs: ArraySlice<(input: String?, located: String?)>) -> SeizureSummary {
        var s = SeizureSummary()
        for r in rs {
            let located = r.located.map { id in provinces.firstIndex { $0.id == id }! }
            s.add(drug: "heroin", province: r.input, located: located, amount: nil, unit: nil, precision: nil, result: none)
        }
        return s
    }

    func testDiffersAndMerge() {
        let all = records()
        let whole = summary(all[...])
        for cut in 0...all.count {
            var merged = summary(all[..<cut])
            merged.merge(summary(all[cut...]))
            XCTAssertEqual(merged.provinceDiffers(provinces).map { "\($0.input)|\($0.located)|\($0.records)" },
                           whole.provinceDiffers(provinces).map { "\($0.input)|\($0.located)|\($0.records)" }, "cut \(cut)")
            XCTAssertEqual(merged.byProvince(provinces).mapValues(\.count), whole.byProvince(provinces).mapValues(\.count))
        }
        XCTAssertEqual(whole.byProvince(provinces).mapValues(\.count), ["KAZ009": 5, "KAZ004": 2, "KAZ005": 4, "unknown": 1])
        // "Jambyl" = "Jambyl Region" without its administrative word; "Turkistan" names another province
        // (twice); "Almaty Region" is not the city, nor "Almaty" the region; blanks and the unlocated
        // record are not counted.
        XCTAssertEqual(whole.provinceDiffers(provinces).map { "\($0.input)|\($0.located)|\($0.records)" },
                       ["Turkistan|KAZ009|2", "Almaty|KAZ005|1", "Almaty Region|KAZ004|1"])
    }

    func testProvinceKey() {
        XCTAssertEqual(SeizureSummary.provinceKey("Zhambyl Oblysy"), "zhambyl")
        XCTAssertEqual(SeizureSummary.provinceKey("Ysyk-Köl"), "ysyk kol")
        XCTAssertEqual(SeizureSummary.provinceKey("Aqtöbe Region"), "aqtobe")
    }
}
