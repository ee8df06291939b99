import Analysis
import Domain
import XCTest

/// Normalisation and transliteration of place names (`PlaceKey`, `AdministrativeWord`).
final class PlaceKeyTests: XCTestCase {
    func assertSameKey(_ names: [String], file: StaticString = #filePath, line: UInt = #line) {
        let keys = Set(names.map(PlaceKey.key))
        XCTAssertEqual(keys.count, 1, "\(names) give \(names.map(PlaceKey.key))", file: file, line: line)
    }

    func testKazakhAndRussianSpellingsShareOneKey() {
        assertSameKey(["Kordai", "Korday", "Кордай", "KORDAI"])
        assertSameKey(["Shu", "Chu", "Шу", "Чу"])
        assertSameKey(["Zhambyl", "Jambyl", "Жамбыл", "Dzhambyl", "Zhambil"])
        assertSameKey(["Aqtöbe", "Aktobe", "Ақтөбе", "Aqtobe"])
        assertSameKey(["Qaraghandy", "Karagandy", "Қарағанды"])
        assertSameKey(["Almaty", "Алматы", "ALMATY"])
        assertSameKey(["Nur-Sultan", "Nursultan", "Нур-Султан", "Nur Sultan"])
        assertSameKey(["Kosshy", "Koshi", "Қосшы"])
        assertSameKey(["Khujand", "Khudzhand", "Hujand"])
        assertSameKey(["Ust-Kamenogorsk", "Ust'-Kamenogorsk", "Усть-Каменогорск", "Ust’-Kamenogorsk"])
        assertSameKey(["Stalinskiy", "Stalinsky", "Stalinskij", "Сталинский"])
        assertSameKey(["Zhetysai", "Zhetysay", "Жетысай"])
        assertSameKey(["Kapchagay", "Kapshagai", "Капчагай"])
    }

    func testDiacriticsAndCaseAreIgnored() {
        assertSameKey(["Märtök", "Martok", "MARTOK", "Martök"])
        // Decomposed input (e + combining acute) equals precomposed.
        XCTAssertEqual(PlaceKey.key("Abdurahmoni Jomi\u{301}"), PlaceKey.key("Abdurahmoni Jomí"))
        XCTAssertEqual(PlaceKey.key("Şymkent"), PlaceKey.key("Shymkent"))
    }

    func testDifferentPlacesKeepDifferentKeys() {
        XCTAssertNotEqual(PlaceKey.key("Aksu"), PlaceKey.key("Aksay"))
        XCTAssertNotEqual(PlaceKey.key("Taraz"), PlaceKey.key("Turkistan"))
        XCTAssertNotEqual(PlaceKey.key("Osh"), PlaceKey.key("Oshi"))
        // A letter of another script is kept, never dropped or matched as Latin.
        XCTAssertNotEqual(PlaceKey.key("阿克苏"), "")
        XCTAssertNotEqual(PlaceKey.key("阿克苏"), PlaceKey.key("Aksu"))
    }

    func testWordsSplitAtEveryNonLetter() {
        XCTAssertEqual(PlaceKey.words("Shu district, Zhambyl region"), ["shu", "district", "zhambil", "region"])
        XCTAssertEqual(PlaceKey.words("г. Шымкент"), ["g", "shimkent"])
        XCTAssertEqual(PlaceKey.words("  "), [])
        XCTAssertEqual(PlaceKey.tokens("Aksu city").map(\.text), ["Aksu", "city"])
    }

    func testAdministrativeWordsInThreeLanguages() {
        let h = AdministrativeWord.hints
        for w in ["district", "raion", "rayon", "аудан", "ауданы", "район", "audany"] { XCTAssertEqual(h[PlaceKey.key(w)], .district, w) }
        for w in ["region", "oblast", "province", "облысы", "область", "oblysy"] { XCTAssertEqual(h[PlaceKey.key(w)], .province, w) }
        for w in ["city", "қаласы", "город", "г", "qalasy", "village"] { XCTAssertEqual(h[PlaceKey.key(w)], .settlement, w) }
        XCTAssertNil(h[PlaceKey.key("Aksu")])
    }
}
