import Analysis
import Cartography
import Catalog
import Domain
import Foundation
import GeoFormats

/// What `nroute plan` found and wrote.
public struct PlanOutcome: Sendable {
    public var report: PlanReport
    /// Things the analyst should know (candidate places skipped, unlocated seizures).
    public var notes: [String]
    public var written: [URL]
}

/// Where K new posts close the most gap on the scenario's border: the candidate sites, the exact
/// optimum (GLPK), the chosen posts, the gaps after placing them and the marginal curve.
public enum PlanJob {
    /// The candidate sites of `request` for `border`, and notes on what was left out.
    public static func sites(_ s: Scenario, _ request: PlanRequest, border: Border) throws -> (sites: [CandidateSite], notes: [String], inputs: [URL]) {
        switch request.candidates {
        case .border(let spacing, let setback):
            guard s.countries.contains(where: { $0.iso3.uppercased() == request.side.uppercased() }) else {
                throw ScenarioError("--side \(request.side): no such country in geodata's countries")
            }
            let r = BorderSites.along(border, side: request.side, countries: s.countries, spacing: spacing, setback: setback)
            let notes = r.skipped.isEmpty ? [] : ["\(r.skipped.count) of \(r.skipped.count + r.sites.count) border places got no site: at \(String(format: "%.0f", setback)) m both sides or neither lie in \(request.side.uppercased()) (the line and the country polygons disagree there)"]
            return (r.sites, notes, [])
        case .settlements:
            let all = try s.geodata.settlements()
            let near = ControlSelection.select(all, near: border, reach: s.controlReach)
            let located = BorderSites.inCountry(near.map(\.coordinate), side: request.side, countries: s.countries)
            let sites = zip(near, located).compactMap { c, inside -> CandidateSite? in
                let country = c.country?.uppercased()
                guard country.map({ $0 == request.side.uppercased() }) ?? inside else { return nil }
                return CandidateSite(id: c.id, name: c.name, coordinate: c.coordinate, origin: .settlement)
            }
            return (sites, [], [])
        case .file(let path, let costColumn):
            let url = URL(fileURLWithPath: path)
            let sites = try CandidateSiteCatalog.read(url, costColumn: costColumn)
            guard !sites.isEmpty else { throw CatalogError(.badData, file: url.path, "no candidate sites (the file has no point feature)") }
            return (sites, [], [url])
        }
    }

    /// File names of a plan's outputs.
    public static func names(_ borderID: String) -> (posts: String, gaps: String, coverage: String, csv: String, svg: String) {
        ("\(borderID)-plan-posts.geojson", "\(borderID)-plan-gaps.geojson", "\(borderID)-plan-coverage.geojson",
         "\(borderID)-plan-curve.csv", "\(borderID)-plan-curve.svg")
    }

    public static func run(_ s: Scenario, _ request: PlanRequest) throws -> PlanOutcome {
        guard s.borders.count == 1, let border = s.borders.first else {
            throw ScenarioError("plan places posts on one border at a time; the selection has \(s.borders.count)")
        }
        let (seizures, unlocated) = try s.seizures()
        let (sites, siteNotes, siteInputs) = try sites(s, request, border: border)
        let inputs = s.inputs + siteInputs
        // With a DEM, the border's terrain profile: the passable objective's weights, and the
        // after-gaps' terrain columns (as `nroute gaps --dem` writes them).
        let profile = try s.elevation.flatMap { grid in
            try GapsTerrain.profiles([border], grid: grid, parameters: s.request.terrain, file: s.demFile?.path ?? grid.source)[0]
        }
        let travel = s.request.travel
        if request.objective == .travel {
            guard s.elevation != nil else { throw ScenarioError("--objective travel needs a terrain model (--dem geodata or --dem FILE) and --patrol-hours") }
            guard travel != nil else { throw ScenarioError("--objective travel needs --patrol-hours H (the hours a patrol has to reach the border)") }
        }
        if travel != nil && s.elevation == nil {
            throw ScenarioError("travel-time coverage (--patrol-hours) needs a terrain model: add --dem geodata or --dem FILE")
        }
        let weight: any CoverageWeight
        switch request.objective {
        case .length, .travel: weight = LengthWeight()
        case .passable:
            guard s.elevation != nil else { throw ScenarioError("--objective passable needs a terrain model (--dem geodata or --dem FILE)") }
            guard let profile else { throw ScenarioError("--objective passable: the DEM does not reach \(border.id)") }
            weight = PassableWeight(profile: profile)
        }
        // Coverage by the radii, or (with --patrol-hours) by travel time over the DEM's graph.
        let coverageModel: any PlanCoverage
        if let travel, let grid = s.elevation {
            guard let profile else {
                throw CatalogError(.badData, file: s.demFile?.path ?? grid.source,
                                   "\(TerrainError.noOverlap.description) (\(border.id)): travel-time coverage needs the terrain of the border")
            }
            let (graph, surface) = GapsTravel.graph(grid: grid, terrain: s.request.terrain, travel: travel, lakes: s.lakes)
            coverageModel = TravelPlanCoverage(profile: profile, graph: graph, surface: surface)
        } else {
            coverageModel = RadiusPlanCoverage()
        }
        var report = try PlanAnalysis.run(border: border, controls: s.controls(for: border), sites: sites, gaps: s.gapParameters,
                                          plan: request.plan, weight: weight, seizures: seizures, coverage: coverageModel)
        if let profile, travel == nil { report.after.terrain = BorderTerrain(profile: profile, report: report.after) }

        let n = names(border.id)
        let layers = [MapLayer(id: "plan_posts", name: "New posts", file: n.posts, collection: PlanLayers.posts(report),
                               style: LayerStyles.planPosts(count: report.chosen.count))]
            + GapsJob.layers([report.after], seizures: seizures, names: { _ in (n.gaps, n.coverage) })
        let texts = [(n.csv, PlanCurveCSV.text(report)), (n.svg, PlanCurveChart.svg(report))]
        var model: URL?
        if let path = request.exportModel {
            let url = URL(fileURLWithPath: path)
            try s.geodata.refuseAsOutput(url.deletingLastPathComponent())
            try AtomicFile.checkNotInput(url, inputs: inputs)
            model = url
        }
        let written = try OutputTransaction.run { () throws -> [URL] in
            var written = try s.destination.write(layers, files: texts, inputs: inputs)
            if let model {
                try LayerFile.writeText(report.modelLP, to: model, inputs: inputs)
                written.append(model)
            }
            return written
        }
        return PlanOutcome(report: report, notes: siteNotes + CorridorJob.unlocatedNote(unlocated), written: written)
    }
}
