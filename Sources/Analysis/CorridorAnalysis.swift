import Coordinates
import Domain
import Foundation
import Geodesy
import Geometry

/// The corridor analysis's knobs. Distances in metres.
public struct CorridorParameters: Sendable, Hashable {
    public var corridor = CorridorOptions()
    /// Length of the profile's bins along the route.
    public var binLength: Double = 50_000
    /// Spacing of the densified lines that GEOS intersects to find crossing candidates.
    public var crossingCandidateSpacing: Double = 1_000
    /// The gaps analysis run on each border the route crosses (GapAnalysis defaults).
    public var gaps = GapParameters()
    /// Seizures whose reported location is only known to within more than this (their
    /// `location_precision_m`, e.g. a province or country centroid) stay in the seizures layer
    /// with their chainage but are left out of the profile: a record placed at a capital would
    /// otherwise make a spike there. nil: the half-width. `.infinity`: keep every seizure.
    public var maxLocationPrecision: Double?

    public init() {}

    public var halfWidth: Double {
        get { corridor.halfWidth }
        set { corridor.halfWidth = newValue }
    }

    /// The precision limit in force (`maxLocationPrecision`, else the half-width).
    public var profilePrecisionLimit: Double { maxLocationPrecision ?? halfWidth }
}

/// Everything the corridor analysis reads, as values.
public struct CorridorInput: Sendable {
    public var routes: [Route]
    public var seizures: [Seizure]
    public var borders: [Border]
    /// Checkpoints and outposts: the nearest one to each crossing is reported (among those taking
    /// part in the crossed border's analysis, else among all).
    public var checkpoints: [ControlPoint]
    /// Settlements (they cover the border in the gaps analysis, as in `nroute gaps`).
    public var settlements: [ControlPoint]
    /// Country polygons: the side of each crossing, and the country of a seizure without one.
    public var countries: [Country]
    /// The controls taking part in each border's gaps analysis, by border id: checkpoints, outposts
    /// and settlements within the reach of its line (`ControlSelection`).
    public var controls: [String: [ControlPoint]]

    /// `controls` nil: selected here from `checkpoints` + `settlements` by `ControlSelection` with
    /// `reach` (the rule `Scenario` uses).
    public init(routes: [Route], seizures: [Seizure] = [], borders: [Border] = [], checkpoints: [ControlPoint] = [],
                settlements: [ControlPoint] = [], countries: [Country] = [], controls: [String: [ControlPoint]]? = nil,
                reach: Double = ControlSelection.defaultReach) {
        self.routes = routes
        self.seizures = seizures
        self.borders = borders
        self.checkpoints = checkpoints
        self.settlements = settlements
        self.countries = countries
        if let controls {
            self.controls = controls
        } else {
            var byBorder: [String: [ControlPoint]] = [:]
            for b in borders { byBorder[b.id] = ControlSelection.select(checkpoints + settlements, near: b, reach: reach) }
            self.controls = byBorder
        }
    }

    /// The controls taking part in `border`'s analysis.
    public func controls(for border: Border) -> [ControlPoint] { controls[border.id] ?? [] }
}

/// A seizure inside a route's corridor.
public struct CorridorSeizure: Sendable {
    /// Index into `CorridorInput.seizures`.
    public var seizureIndex: Int
    public var position: RoutePosition
    /// ISO3 from the record's `country` property, else from the country polygon holding the point,
    /// else "unknown".
    public var country: String
    public var drug: String
    /// The amount in kg when the record's unit is a mass, nil otherwise.
    public var kilograms: Double?
    /// Counted in the profile: located to within `CorridorParameters.profilePrecisionLimit`
    /// (a record without a precision counts as exactly located).
    public var inProfile: Bool
}

/// A crossing of a route and a border, with what watches it.
public struct CorridorCrossing: Sendable {
    public struct NearestPost: Sendable {
        /// Index into `CorridorInput.checkpoints`.
        public var index: Int
        public var distance: Double
        /// The post serves this border (its border_id is the border's or empty).
        public var servesBorder: Bool
    }

    public struct GapHit: Sendable {
        public var id: String
        public var rank: Int
        public var start: Double
        public var end: Double
        public var length: Double { end - start }
    }

    public var point: BorderCrossingPoint
    /// Index into `CorridorInput.borders`.
    public var borderIndex: Int
    /// ISO3 of the country the route leaves and enters ("" when the countries cannot tell).
    public var fromCountry: String
    public var toCountry: String
    /// The nearest checkpoint or outpost serving this border; when no post serves it, the nearest
    /// post anywhere (`servesBorder` false); nil without posts.
    public var nearestPost: NearestPost?
    /// The gap (GapAnalysis with `CorridorParameters.gaps`) whose border stretch holds the crossing.
    public var gap: GapHit?
    public var inGap: Bool { gap != nil }

    /// "TJK→KGZ", or the border's id when the countries are unknown.
    public func label(_ borders: [Border]) -> String {
        if !fromCountry.isEmpty && !toCountry.isEmpty { return "\(fromCountry)→\(toCountry)" }
        return borders[borderIndex].id
    }
}

/// One route's corridor profile.
public struct CorridorRouteReport: Sendable {
    public var route: Route
    public var line: PolylineIndex
    public var length: Double { line.length }
    /// Chainage of each waypoint (metres).
    public var waypointChainage: [Double]
    public var polygon: CorridorPolygon
    /// Seizures within the half-width, by chainage.
    public var seizures: [CorridorSeizure]
    /// Crossings by chainage.
    public var crossings: [CorridorCrossing]
    public var profile: CorridorProfile
    /// Things an analyst should know (a change of country with no border line to cross, ...).
    public var warnings: [String]
}

public struct CorridorReport: Sendable {
    public var parameters: CorridorParameters
    public var input: CorridorInput
    public var routes: [CorridorRouteReport]
    /// The gaps analysis of every border some route crosses, by border id.
    public var gapReports: [String: GapReport]
}

/// The corridor profile of one or more routes: corridor polygons, seizures inside with chainage and
/// offset, the profile in bins, and the border crossings with their nearest checkpoint and gap.
public enum CorridorAnalysis {
    public static func run(_ input: CorridorInput, parameters: CorridorParameters = CorridorParameters()) throws -> CorridorReport {
        let w = parameters.halfWidth
        guard w > 0, w <= CorridorOptions.maxHalfWidth, w.isFinite else { throw CorridorError.badHalfWidth(w) }
        guard parameters.binLength > 0, parameters.binLength.isFinite else { throw CorridorError.badBinLength(parameters.binLength) }
        for r in input.routes where r.waypoints.count < 2 { throw CorridorError.tooFewWaypoints(r.id) }

        let seizurePoints = input.seizures.map(\.coordinate)
        let borderLines = input.borders.map { PolylineIndex(parts: $0.parts) }

        // Per route, on all cores: polygon, seizures inside, crossing points (each task its own GEOS context).
        struct Partial: Sendable {
            var line: PolylineIndex
            var polygon: CorridorPolygon
            var inside: [(index: Int, position: RoutePosition)]
            var crossings: [(border: Int, point: BorderCrossingPoint)]
        }
        let partials = parallelChunks(input.routes.count) { k -> Result<Partial, CorridorError> in
            let route = input.routes[k]
            let line = PolylineIndex(parts: [route.coordinates])
            do {
                let polygon = try Corridor.polygon(around: route.coordinates, options: parameters.corridor, routeID: route.id)
                let inside = CorridorLocate.inside(seizurePoints, route: line, halfWidth: w)
                var crossings: [(border: Int, point: BorderCrossingPoint)] = []
                for (b, border) in borderLines.enumerated() {
                    for c in try RouteCrossings.find(route: line, border: border, candidateSpacing: parameters.crossingCandidateSpacing) {
                        crossings.append((b, c))
                    }
                }
                crossings.sort { $0.point.routeChainage < $1.point.routeChainage }
                return .success(Partial(line: line, polygon: polygon, inside: inside, crossings: crossings))
            } catch let e as CorridorError {
                return .failure(e)
            } catch {
                return .failure(.geometry(route.id, "\(error)"))
            }
        }
        var built: [Partial] = []
        for p in partials { built.append(try p.get()) }

        // The gaps analysis of every border crossed (once per border, on all cores).
        let crossed = Array(Set(built.flatMap { $0.crossings.map(\.border) })).sorted()
        let gapResults = parallelChunks(crossed.count) { k -> Result<GapReport, GapAnalysisError> in
            let border = input.borders[crossed[k]]
            do {
                return .success(try GapAnalysis.run(border: border, controls: input.controls(for: border), parameters: parameters.gaps))
            } catch let e as GapAnalysisError {
                return .failure(e)
            } catch {
                return .failure(.emptyBorder(border.id))
            }
        }
        var gapReports: [String: GapReport] = [:]
        for r in gapResults {
            let report = try r.get()
            gapReports[report.border.id] = report
        }

        let countries = try CorridorCountries(input.countries)
        let posts = PointIndex(input.checkpoints.map(\.coordinate))
        var reports: [CorridorRouteReport] = []
        for (k, route) in input.routes.enumerated() {
            let p = built[k]
            var seizures: [CorridorSeizure] = []
            for hit in p.inside {
                let s = input.seizures[hit.index]
                seizures.append(CorridorSeizure(
                    seizureIndex: hit.index, position: hit.position,
                    country: try countries.country(of: s),
                    drug: CorridorProfile.drugLabel(s.drug),
                    kilograms: SeizureAmount.kilograms(s.amount, unit: s.unit),
                    inProfile: (s.locationPrecisionM ?? 0) <= parameters.profilePrecisionLimit))
            }
            seizures.sort { $0.position.chainage < $1.position.chainage || ($0.position.chainage == $1.position.chainage && $0.seizureIndex < $1.seizureIndex) }

            var crossings: [CorridorCrossing] = []
            for (b, point) in p.crossings {
                let border = input.borders[b]
                let (from, to) = try countries.sides(of: point, along: p.line, border: border)
                var nearest: CorridorCrossing.NearestPost?
                let serving = Set(input.controls(for: border).filter(\.kind.isPost).map(\.id))
                if let n = posts.nearest(to: point.coordinate, where: { input.checkpoints[$0].kind.isPost && serving.contains(input.checkpoints[$0].id) }) {
                    nearest = .init(index: n.index, distance: n.distance, servesBorder: true)
                } else if let n = posts.nearest(to: point.coordinate, where: { input.checkpoints[$0].kind.isPost }) {
                    nearest = .init(index: n.index, distance: n.distance, servesBorder: false)
                }
                var gap: CorridorCrossing.GapHit?
                if let report = gapReports[border.id],
                   let g = report.gaps.first(where: { $0.start <= point.borderChainage && point.borderChainage <= $0.end }) {
                    gap = .init(id: g.id, rank: g.rank, start: g.start, end: g.end)
                }
                crossings.append(CorridorCrossing(point: point, borderIndex: b, fromCountry: from, toCountry: to,
                                                  nearestPost: nearest, gap: gap))
            }

            let entries = seizures.filter(\.inProfile).map {
                ProfileEntry(chainage: $0.position.chainage, drug: $0.drug, country: $0.country,
                             amount: input.seizures[$0.seizureIndex].amount, unit: input.seizures[$0.seizureIndex].unit)
            }
            let profile = CorridorProfile.build(length: p.line.length, binLength: parameters.binLength, entries: entries)
            let waypointChainage = Array(p.line.chainage)
            reports.append(CorridorRouteReport(
                route: route, line: p.line, waypointChainage: waypointChainage, polygon: p.polygon,
                seizures: seizures, crossings: crossings, profile: profile,
                warnings: warnings(route, waypointChainage, crossings, input.borders, p.polygon)))
        }
        return CorridorReport(parameters: parameters, input: input, routes: reports, gapReports: gapReports)
    }

    /// How far beyond a pair of waypoints the crossing explaining their change of country may lie
    /// (schematic waypoints at border towns can sit a little on the wrong side of the line).
    static let warningSlack = 50_000.0

    /// Consecutive waypoints in different countries with no crossing of a border between those two
    /// countries near them: the border line is missing from the borders given, so that crossing is
    /// not reported.
    static func warnings(_ route: Route, _ chainage: [Double], _ crossings: [CorridorCrossing], _ borders: [Border],
                         _ polygon: CorridorPolygon) -> [String] {
        var out: [String] = []
        let w = route.waypoints
        for i in 0..<max(w.count - 1, 0) {
            let a = w[i].country.uppercased(), b = w[i + 1].country.uppercased()
            guard !a.isEmpty, !b.isEmpty, a != b else { continue }
            let lo = chainage[i], hi = chainage[i + 1]
            // Explained when crossings near this leg leave a and reach b (directly, or through a
            // third country: a→c then c→b).
            let near = crossings.filter { $0.point.routeChainage >= lo - warningSlack && $0.point.routeChainage <= hi + warningSlack }
            func involves(_ c: CorridorCrossing, _ code: String) -> Bool {
                let border = borders[c.borderIndex]
                return [border.countryA.uppercased(), border.countryB.uppercased(), c.fromCountry, c.toCountry].contains(code)
            }
            let explained = near.contains { involves($0, a) } && near.contains { involves($0, b) }
            if !explained {
                out.append("\(route.id): no border line crossed between \(w[i].name) (\(a)) and \(w[i + 1].name) (\(b)), "
                    + "km \(String(format: "%.1f", lo / 1000))–\(String(format: "%.1f", hi / 1000)); that border is missing from the borders layer, so its crossing is not reported")
            }
        }
        if polygon.repaired { out.append("\(route.id): the corridor polygon was repaired with GEOS makeValid") }
        if polygon.polygons.count > 1 { out.append("\(route.id): the corridor has \(polygon.polygons.count) separate parts") }
        return out
    }
}
