import Cartography
import Coordinates
import Domain
import Foundation
import GeoFormats
import TestSupport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The map context layers (lakes, rivers) and the attribution built from the layers' licences, on
/// small made-up data: what the layers carry, how they are styled, where they sit in the QGIS
/// project and the SVG, and that the credits name exactly the licences of the layers shown.
final class MapContextTests: XCTestCase {
    static let square: [[Coordinate]] = [[(76.0, 42.0), (78.0, 42.0), (78.0, 43.0), (76.0, 43.0), (76.0, 42.0)].map {
        Coordinate(longitude: $0.0, latitude: $0.1)
    }]
    static let lake = Lake(id: "lake-a", name: "Lake A", localName: "Köl A", kind: "lake", polygons: [square],
                           source: "test outline", licence: "public domain (Natural Earth)")
    static let unnamed = Lake(id: "ne-lake-7", polygons: [square.map { $0.map { Coordinate(longitude: $0.longitude + 3, latitude: $0.latitude) } }],
                              source: "test outline", licence: "public domain (Natural Earth)")
    static let river = River(id: "river-a", name: "River A", localName: "Suu A",
                             parts: [[Coordinate(longitude: 74, latitude: 42.5), Coordinate(longitude: 75.5, latitude: 42.9)],
                                     [Coordinate(longitude: 78.2, latitude: 42.6), Coordinate(longitude: 79, latitude: 42.8)]],
                             source: "test network", licence: "LGPL-3.0+ (GSHHG, Wessel & Smith)")
    static let osm = "ODbL 1.0, © OpenStreetMap contributors"

    func testLayersCarryNamesSourcesAndLicences() throws {
        let lakes = ContextLayers.lakes([Self.lake, Self.unnamed]).features
        XCTAssertEqual(lakes.count, 2)
        let p = try XCTUnwrap(lakes[0].properties)
        XCTAssertEqual(p["name"], .string("Lake A"))
        XCTAssertEqual(p["name_local"], .string("Köl A"))
        XCTAssertEqual(p["kind"], .string("lake"))
        XCTAssertEqual(p["licence"], .string("public domain (Natural Earth)"))
        XCTAssertEqual(lakes[1].properties?["name"], .null, "an unknown name is null, not empty text")
        guard case .polygon(let rings)? = lakes[0].geometry else { return XCTFail("one polygon: a Polygon") }
        XCTAssertEqual(rings[0].count, 5)

        let rivers = ContextLayers.rivers([Self.river]).features
        guard case .multiLineString(let parts)? = rivers[0].geometry else { return XCTFail("two parts: a MultiLineString") }
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(rivers[0].properties?["source"], .string("test network"))
        XCTAssertEqual(rivers[0].properties?["licence"], .string("LGPL-3.0+ (GSHHG, Wessel & Smith)"))
    }

    func testStylesAreWaterAndLabelledByName() throws {
        let lakes = LayerStyles.lakes(), rivers = LayerStyles.rivers()
        XCTAssertEqual(lakes.geometry, .polygon)
        XCTAssertEqual(rivers.geometry, .line)
        guard case .single(let ls) = lakes.renderer, case .fill(let fill, let shore, _, _)? = ls.layers.first else {
            return XCTFail("lakes: one fill")
        }
        guard case .single(let rs) = rivers.renderer, case .line(let line, let width, nil)? = rs.layers.first else {
            return XCTFail("rivers: one solid line")
        }
        for c in [fill, shore, line] { XCTAssertTrue(c.blue > c.red && c.blue > c.green, "\(c.hex) is a water colour") }
        XCTAssertLessThan(width, 1, "rivers stay thinner than the gaps (≥ 0.7 mm on a casing)")
        for style in [lakes, rivers] {
            let labels = try XCTUnwrap(style.labels)
            XCTAssertEqual(labels.expression, "\"name\"")
            XCTAssertTrue(labels.italic, "water names in italics, as on maps")
            XCTAssertEqual(labels.text(["name": .string("Issyk-Kul")]), "Issyk-Kul")
            XCTAssertNil(labels.text(["name": .null]), "no label for an unnamed lake")
            let qml = QMLWriter.document(style)
            XCTAssertTrue(qml.contains("labelsEnabled=\"1\""))
            XCTAssertTrue(qml.contains("fieldName=\"&quot;name&quot;\""), "QML labels by name")
        }
        guard case .overCentroid = lakes.labels!.placement, case .alongLine = rivers.labels!.placement else {
            return XCTFail("lake names over the lake, river names along the river")
        }
    }

    func testAttributionFromTheLayersLicences() {
        let layers = mapLayers(borderLicence: "public domain (Natural Earth)")
        XCTAssertEqual(MapAttribution.lines(layers), [
            "Borders, Lakes, Countries: public domain (Natural Earth)",
            "Rivers: LGPL-3.0+ (GSHHG, Wessel & Smith)",
        ])
        XCTAssertEqual(MapAttribution.text(layers),
                       "Data: Borders, Lakes, Countries: public domain (Natural Earth) | Rivers: LGPL-3.0+ (GSHHG, Wessel & Smith)")
        // Switch the borders to OpenStreetMap-derived data: the credit follows the data.
        let osm = mapLayers(borderLicence: Self.osm)
        XCTAssertEqual(MapAttribution.lines(osm), [
            "Borders: ODbL 1.0, © OpenStreetMap contributors",
            "Rivers: LGPL-3.0+ (GSHHG, Wessel & Smith)",
            "Lakes, Countries: public domain (Natural Earth)",
        ], "in the order the licences first appear, top to bottom")
        // A hidden layer is not credited; licences are trimmed, split at ';' and kept once.
        var hidden = osm
        hidden[0].visible = false
        XCTAssertFalse(MapAttribution.lines(hidden).contains { $0.contains("OpenStreetMap") })
        XCTAssertEqual(MapAttribution.distinct([" a ", "b; a", "", "b"]), ["a", "b"])
        XCTAssertNil(MapAttribution.text([MapLayer]()))
        XCTAssertEqual(MapAttribution.lines(MapAttribution.entries([(name: "Terrain", licences: ["public domain (GEBCO)"]), (name: "Lakes", licences: ["public domain (GEBCO)"])])),
                       ["Terrain, Lakes: public domain (GEBCO)"], "a layer that is not a MapLayer (a raster) credits the same way")
    }

    func testProjectHasTheLayersBeneathTheBordersWithRightsAndACopyrightLabel() throws {
        let layers = mapLayers(borderLicence: Self.osm)
        let extent = MapExtent.around(minLon: 74, minLat: 42, maxLon: 79, maxLat: 43)
        let xml = try XMLTree(QGSProject(title: "t", layers: layers, extent: extent).xml())
        XCTAssertEqual(xml.attributes(at: "qgis/layerorder/layer", "id"), layers.map(\.qgisID))
        XCTAssertEqual(xml.attributes(at: "qgis/layer-tree-group/layer-tree-layer", "name"), ["Borders", "Rivers", "Lakes", "Countries"])
        XCTAssertEqual(xml.texts(at: "qgis/projectlayers/maplayer/attribution"),
                       [Self.osm, "LGPL-3.0+ (GSHHG, Wessel & Smith)", "public domain (Natural Earth)", "public domain (Natural Earth)"])
        XCTAssertEqual(xml.texts(at: "qgis/projectlayers/maplayer/resourceMetadata/rights"),
                       xml.texts(at: "qgis/projectlayers/maplayer/attribution"))
        XCTAssertEqual(xml.texts(at: "qgis/projectlayers/maplayer/resourceMetadata/license"),
                       xml.texts(at: "qgis/projectlayers/maplayer/attribution"))
        XCTAssertEqual(xml.texts(at: "qgis/properties/CopyrightLabel/Enabled"), ["true"])
        XCTAssertEqual(xml.texts(at: "qgis/properties/CopyrightLabel/Label"), [try XCTUnwrap(MapAttribution.text(layers))])
        XCTAssertEqual(xml.attributes(at: "qgis/projectlayers/maplayer", "labelsEnabled"), ["0", "1", "1", "1"])

        // Without licences the project has neither rights nor a copyright label (as before).
        let bare = layers.map { l -> MapLayer in var l = l; l.licences = []; return l }
        let plain = try XMLTree(QGSProject(title: "t", layers: bare, extent: extent).xml())
        XCTAssertEqual(plain.texts(at: "qgis/properties/CopyrightLabel/Label"), [])
        XCTAssertEqual(plain.texts(at: "qgis/projectlayers/maplayer/attribution"), [])
    }

    func testSVGDrawsLakesAndRiversUnderTheBordersAndNamesThem() throws {
        let layers = mapLayers(borderLicence: Self.osm)
        let extent = MapExtent.around(minLon: 74, minLat: 42, maxLon: 79, maxLat: 43)
        let svg = MapSVG.svg(layers: layers, extent: extent, title: "t", credits: MapAttribution.lines(layers))
        let xml = try XMLTree(svg)
        let groups = xml.all.filter { $0.name == "g" }.compactMap { $0.attributes["id"] }
        XCTAssertEqual(groups, ["countries", "lakes", "rivers", "borders"], "drawn bottom first")
        let texts = xml.all.filter { $0.name == "text" }.map(\.text)
        XCTAssertTrue(texts.contains("Lake A"), "lake named")
        XCTAssertTrue(texts.contains("River A"), "river named")
        for line in MapAttribution.lines(layers) { XCTAssertTrue(texts.contains(line), "credit: \(line)") }
        for name in ["Rivers", "Lakes"] { XCTAssertTrue(texts.contains(name), "legend: \(name)") }
    }

    // MARK: helpers

    func mapLayers(borderLicence: String) -> [MapLayer] {
        let border = Border(id: "aaa-bbb", name: "A–B", parts: [[Coordinate(longitude: 74, latitude: 42.2), Coordinate(longitude: 79, latitude: 42.9)]],
                            licence: borderLicence)
        let country = Country(iso3: "AAA", name: "Aland", polygons: [[[(73.0, 41.0), (80.0, 41.0), (80.0, 44.0), (73.0, 44.0), (73.0, 41.0)].map {
            Coordinate(longitude: $0.0, latitude: $0.1)
        }]], licence: "public domain (Natural Earth)")
        return [
            MapLayer(id: "borders", name: "Borders", file: "borders.geojson", collection: BasicLayers.borders([border], analysed: [border.id]),
                     style: LayerStyles.borders(), licences: [border.licence]),
            MapLayer(id: "rivers", name: "Rivers", file: "rivers.geojson", collection: ContextLayers.rivers([Self.river]),
                     style: LayerStyles.rivers(), licences: [Self.river.licence]),
            MapLayer(id: "lakes", name: "Lakes", file: "lakes.geojson", collection: ContextLayers.lakes([Self.lake, Self.unnamed]),
                     style: LayerStyles.lakes(), licences: [Self.lake.licence, Self.unnamed.licence]),
            MapLayer(id: "countries", name: "Countries", file: "countries.geojson",
                     collection: CountryLayer.build([country], statistics: []).collection, style: LayerStyles.countries(),
                     licences: [country.licence]),
        ]
    }
}

/// Every element of an XML document with its slash path from the root, attributes and text.
struct XMLTree {
    struct Element {
        var name: String
        var path: String
        var attributes: [String: String]
        var text: String
    }

    struct Malformed: Error, CustomStringConvertible { var description: String }

    var all: [Element] = []

    init(_ text: String) throws {
        #if canImport(FoundationXML) || canImport(Darwin)
        final class Delegate: NSObject, XMLParserDelegate {
            var stack: [Int] = []
            var elements: [Element] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                let parent = stack.last.map { elements[$0].path + "/" } ?? ""
                elements.append(Element(name: name, path: parent + name, attributes: attributes, text: ""))
                stack.append(elements.count - 1)
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if let k = stack.last { elements[k].text += string }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                stack.removeLast()
            }
        }
        // XMLParser does not take a DOCTYPE with a relative system id: drop it.
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("<!DOCTYPE") }.joined(separator: "\n")
        let parser = XMLParser(data: Data(body.utf8))
        let d = Delegate()
        parser.delegate = d
        guard parser.parse() else {
            throw Malformed(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        }
        all = d.elements.map { e in var e = e; e.text = e.text.trimmingCharacters(in: .whitespacesAndNewlines); return e }
        #else
        throw TestEnvironment.unavailable("no XMLParser on this platform")
        #endif
    }

    func texts(at path: String) -> [String] { all.filter { $0.path == path }.map(\.text) }
    func attributes(at path: String, _ key: String) -> [String] { all.filter { $0.path == path }.compactMap { $0.attributes[key] } }
}
