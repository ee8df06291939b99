import Analysis
import Coordinates
import Domain
import Foundation
import Geodesy
import GeoFormats
import XCTest

/// The profile's binning and sums, the kg-only amounts, and the whole analysis on a synthetic route
/// with seizures placed at known chainages and offsets.
final class CorridorProfileTests: XCTestCase {
    func testBinsAndSums() {
        let entries = [
            ProfileEntry(chainage: 0, drug: "heroin", country: "TJK", amount: 2, unit: "kg"),
            ProfileEntry(chainage: 49_999.9, drug: "heroin", country: "TJK", amount: 500, unit: "g"),
            ProfileEntry(chainage: 50_000, drug: "hashish", country: "KGZ", amount: 1.5, unit: "t"),
            ProfileEntry(chainage: 120_000, drug: "heroin", country: "KAZ", amount: 5000, unit: "doses"),
            ProfileEntry(chainage: 120_500, drug: "marijuana", country: "KAZ", amount: nil, unit: nil),
            ProfileEntry(chainage: 130_000, drug: "heroin", country: "KAZ", amount: 3, unit: "Kg "),
        ]
        let p = CorridorProfile.build(length: 130_000, binLength: 50_000, entries: entries)
        XCTAssertEqual(p.bins.count, 3)
        XCTAssertEqual(p.bins.map(\.start), [0, 50_000, 100_000])
        XCTAssertEqual(p.bins.map(\.end), [50_000, 100_000, 130_000], "the last bin ends at the route's end")
        XCTAssertEqual(p.bins.map(\.total.count), [2, 1, 3], "a seizure at exactly the end belongs to the last bin")
        XCTAssertEqual(p.bins[0].total.kilograms, 2.5, accuracy: 1e-12)
        XCTAssertEqual(p.bins[1].total.kilograms, 1500, accuracy: 1e-9)
        XCTAssertEqual(p.bins[2].total.kilograms, 3, accuracy: 1e-12)
        XCTAssertEqual(p.bins[2].total.countWithMass, 1, "doses and missing amounts are counted but not summed in kg")
        XCTAssertEqual(p.bins[2].total.otherAmounts, ["doses": 5000])
        XCTAssertEqual(p.bins[2].byDrug["heroin"]?.count, 2)
        XCTAssertEqual(p.bins[2].byDrug["heroin"]?.kilograms, 3)
        XCTAssertEqual(p.bins[2].byCountry["KAZ"]?.count, 3)
        XCTAssertEqual(p.drugs, ["heroin", "hashish", "marijuana"])
        XCTAssertEqual(p.countries, ["KAZ", "TJK", "KGZ"])
        // Every dimension adds up to the totals.
        for b in p.bins {
            XCTAssertEqual(b.byDrug.values.reduce(0) { $0 + $1.count }, b.total.count)
            XCTAssertEqual(b.byCountry.values.reduce(0) { $0 + $1.count }, b.total.count)
            XCTAssertEqual(b.byDrug.values.reduce(0) { $0 + $1.kilograms }, b.total.kilograms, accuracy: 1e-9)
        }
        XCTAssertEqual(p.total.count, entries.count)
        XCTAssertEqual(p.total.kilograms, 1505.5, accuracy: 1e-9)
    }

    func testUnits() {
        XCTAssertEqual(SeizureAmount.kilograms(2, unit: "kg"), 2)
        XCTAssertEqual(SeizureAmount.kilograms(250, unit: "g"), 0.25)
        XCTAssertEqual(SeizureAmount.kilograms(8.7, unit: "t"), 8700)
        XCTAssertNil(SeizureAmount.kilograms(5000, unit: "doses"))
        XCTAssertNil(SeizureAmount.kilograms(nil, unit: "kg"))
        XCTAssertEqual(SeizureAmount.otherUnit(5000, unit: "Doses"), "doses")
        XCTAssertEqual(SeizureAmount.otherUnit(3, unit: nil), "no unit")
        XCTAssertNil(SeizureAmount.otherUnit(3, unit: "kg"))
        XCTAssertEqual(CorridorProfile.drugLabel("  heroin "), "heroin")
        XCTAssertEqual(CorridorProfile.drugLabel(nil), "unknown")
    }

    func testOneBinWhenTheRouteIsShorterThanABin() {
        let p = CorridorProfile.build(length: 10_000, binLength: 50_000, entries: [])
        XCTAssertEqual(p.bins.count, 1)
        XCTAssertEqual(p.bins[0].end, 10_000)
    }

    /// Seizures placed at known chainage/offset on a synthetic route (built with the direct problem);
    /// the analysis must find the inside ones, in chainage order, with their sides and bins.
    func testAnalysisOnASyntheticRoute() throws {
        let g = Geodesic.wgs84
        let a = Coordinate(longitude: 67, latitude: 38)
        let b = g.direct(from: a, azimuth: 20, distance: 200_000).coordinate
        let c = g.direct(from: b, azimuth: 80, distance: 150_000).coordinate
        let route = Route(id: "syn", name: "Synthetic", waypoints: [a, b, c].enumerated().map {
            .init(name: "W\($0.offset)", country: "", coordinate: $0.element)
        })
        let line = PolylineIndex(parts: [route.coordinates])
        // (chainage, offset, drug, amount, unit, country)
        let placed: [(Double, Double, String, Double?, String?, String)] = [
            (10_000, 5_000, "heroin", 10, "kg", "TJK"),
            (60_000, -24_000, "heroin", 1, "kg", "TJK"),
            (120_000, 26_000, "opium", 5, "kg", "TJK"),      // outside 25 km
            (260_000, -1_000, "hashish", 300, "g", "KGZ"),
            (300_000, 12_000, "heroin", 100, "doses", "KGZ"),
        ]
        var seizures: [Seizure] = []
        for (k, s) in placed.enumerated() {
            let x = line.point(atChainage: s.0)
            let i = s.0 < 200_000 ? 0 : 1
            let az = g.inverse(route.coordinates[i], route.coordinates[i + 1]).initialAzimuth
            // The azimuth at x along the segment: the geodesic from x to the segment's end.
            let along = s.0 < 199_999 || s.0 > 200_001 ? g.inverse(x, route.coordinates[i + 1]).initialAzimuth : az
            let p = g.direct(from: x, azimuth: along + (s.1 >= 0 ? 90 : -90), distance: abs(s.1)).coordinate
            seizures.append(Seizure(id: "s\(k)", coordinate: p, drug: s.2, amount: s.3, unit: s.4,
                                    properties: ["country": .string(s.5)]))
        }
        var parameters = CorridorParameters()
        parameters.binLength = 100_000
        let report = try CorridorAnalysis.run(CorridorInput(routes: [route], seizures: seizures), parameters: parameters)
        let r = report.routes[0]
        XCTAssertEqual(r.seizures.map(\.seizureIndex), [0, 1, 3, 4])
        for z in r.seizures {
            let want = placed[z.seizureIndex]
            XCTAssertEqual(z.position.chainage, want.0, accuracy: 1e-3, "s\(z.seizureIndex): chainage")
            XCTAssertEqual(z.position.offset, want.1, accuracy: 1e-3, "s\(z.seizureIndex): offset")
            XCTAssertEqual(z.country, want.5)
        }
        XCTAssertEqual(r.profile.bins.count, 4)
        XCTAssertEqual(r.profile.bins.map(\.total.count), [2, 0, 1, 1])
        XCTAssertEqual(r.profile.bins[0].total.kilograms, 11, accuracy: 1e-12)
        XCTAssertEqual(r.profile.bins[2].total.kilograms, 0.3, accuracy: 1e-12)
        XCTAssertEqual(r.profile.bins[3].total.otherAmounts, ["doses": 100])
        XCTAssertEqual(r.waypointChainage.count, 3)
        XCTAssertEqual(r.waypointChainage[1], 200_000, accuracy: 1e-6)
        XCTAssertTrue(r.crossings.isEmpty)
    }

    /// A seizure located only to a province centroid (precision 300 km) is inside the corridor but
    /// stays out of the profile unless the limit is raised.
    func testCoarselyLocatedSeizuresStayOutOfTheProfile() throws {
        let a = Coordinate(longitude: 67, latitude: 38), b = Coordinate(longitude: 68, latitude: 40)
        let route = Route(id: "r", name: "r", waypoints: [.init(name: "", country: "", coordinate: a), .init(name: "", country: "", coordinate: b)])
        let mid = Geodesic.wgs84.intermediate(from: a, to: b, fraction: 0.5)
        let seizures = [
            Seizure(id: "exact", coordinate: mid, drug: "heroin", amount: 1, unit: "kg"),
            Seizure(id: "province", coordinate: mid, locationPrecisionM: 300_000, drug: "heroin", amount: 50, unit: "kg"),
            Seizure(id: "town", coordinate: mid, locationPrecisionM: 5_000, drug: "heroin", amount: 2, unit: "kg"),
        ]
        var p = CorridorParameters()
        var r = try CorridorAnalysis.run(CorridorInput(routes: [route], seizures: seizures), parameters: p).routes[0]
        XCTAssertEqual(r.seizures.count, 3, "all three are inside the corridor")
        XCTAssertEqual(r.seizures.filter(\.inProfile).map(\.seizureIndex), [0, 2])
        XCTAssertEqual(r.profile.total.count, 2)
        XCTAssertEqual(r.profile.total.kilograms, 3)
        p.maxLocationPrecision = .infinity
        r = try CorridorAnalysis.run(CorridorInput(routes: [route], seizures: seizures), parameters: p).routes[0]
        XCTAssertEqual(r.profile.total.count, 3)
        XCTAssertEqual(r.profile.total.kilograms, 53)
    }

    func testBadParameters() {
        let route = Route(id: "r", name: "r", waypoints: [
            .init(name: "", country: "", coordinate: Coordinate(longitude: 67, latitude: 38)),
            .init(name: "", country: "", coordinate: Coordinate(longitude: 68, latitude: 39)),
        ])
        var p = CorridorParameters()
        p.binLength = 0
        XCTAssertThrowsError(try CorridorAnalysis.run(CorridorInput(routes: [route]), parameters: p))
        p = CorridorParameters()
        p.halfWidth = -1
        XCTAssertThrowsError(try CorridorAnalysis.run(CorridorInput(routes: [route]), parameters: p))
        let single = Route(id: "one", name: "one", waypoints: [route.waypoints[0]])
        XCTAssertThrowsError(try CorridorAnalysis.run(CorridorInput(routes: [single])))
    }
}
