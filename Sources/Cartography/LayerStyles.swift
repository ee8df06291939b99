import Analysis
import Foundation
import GeoFormats

/// The style of every NorthernRoute layer, designed to make the map readable at once: gaps graduated
/// by length (yellow → red, thicker for longer), coverage translucent, checkpoints by regime,
/// seizures sized by amount and coloured by drug, labels where they help. Categories and classes
/// come from the data being styled, so every value present has its legend entry.
public enum LayerStyles {
    // MARK: palette

    /// The map's background (outside every country polygon): QGIS canvas colour and SVG.
    public static let mapBackground = StyleColor(hex: "#E3ECF2")
    static let ink = StyleColor(hex: "#2B2B2B")
    static let gapRamp = ["#FED976", "#FEB24C", "#FD8D3C", "#F03B20", "#BD0026"].map { StyleColor(hex: $0) }
    static let gapWidths = [0.7, 0.95, 1.2, 1.5, 1.9]
    static let coverageGreen = StyleColor(hex: "#41AB5D")
    static let coveredLine = StyleColor(hex: "#1B7837")
    static let corridorPurple = StyleColor(hex: "#8073AC")
    static let routePurple = StyleColor(hex: "#542788")
    static let countryFill = StyleColor(hex: "#F4F1EA")
    static let countryStroke = StyleColor(hex: "#BDB5A6")
    static let settlementBrown = StyleColor(hex: "#7A6A58")
    static let crossingInGap = StyleColor(hex: "#D7191C")
    static let crossingCovered = StyleColor(hex: "#3A3A3A")
    static let waterFill = StyleColor(hex: "#A9CCE8")
    static let waterLine = StyleColor(hex: "#4F8FC6")
    static let waterLabel = StyleColor(hex: "#22629A")

    /// Checkpoint regimes: known tokens get fixed colours (Okabe–Ito, safe for colour-blind readers).
    static let regimeColours: [(String, StyleColor)] = [
        ("multilateral; cargo-only", StyleColor(hex: "#56B4E9")),
        ("multilateral", StyleColor(hex: "#0072B2")),
        ("bilateral", StyleColor(hex: "#009E73")),
        ("seasonal", StyleColor(hex: "#E69F00")),
        ("cargo-only", StyleColor(hex: "#56B4E9")),
        ("not verified", StyleColor(hex: "#9A9A9A")),
        ("outpost", StyleColor(hex: "#222222")),
    ]

    /// Drugs: families share hues (opiates wine/magenta, cannabis olive/teal, synthetics blues).
    static let drugColours: [(String, StyleColor)] = [
        ("heroin", StyleColor(hex: "#AA3377")),
        ("opium", StyleColor(hex: "#882255")),
        ("poppy", StyleColor(hex: "#882255")),
        ("hashish", StyleColor(hex: "#999933")),
        ("marijuana", StyleColor(hex: "#6B8E23")),
        ("cannabis", StyleColor(hex: "#44AA99")),
        ("mephedrone", StyleColor(hex: "#332288")),
        ("psychotropic", StyleColor(hex: "#332288")),
        ("synthetic", StyleColor(hex: "#4477AA")),
        ("cocaine", StyleColor(hex: "#CC6677")),
    ]
    static let fallbackPalette = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#117733", "#DDCC77",
                                  "#88CCEE", "#661100", "#6699CC", "#AA4499", "#888888"].map { StyleColor(hex: $0) }

    /// One colour per value: the first keyword match not yet taken, else the next unused palette colour.
    static func assignColours(_ values: [String], known: [(String, StyleColor)]) -> [String: StyleColor] {
        var out: [String: StyleColor] = [:]
        var used = Set<StyleColor>()
        for v in values {
            let key = v.lowercased()
            if let exact = known.first(where: { $0.0 == key })?.1, !used.contains(exact) {
                out[v] = exact
            } else if let c = known.first(where: { key.contains($0.0) && !used.contains($0.1) })?.1 {
                out[v] = c
            } else {
                out[v] = fallbackPalette.first(where: { !used.contains($0) }) ?? fallbackPalette[out.count % fallbackPalette.count]
            }
            used.insert(out[v]!)
        }
        return out
    }

    // MARK: layers

    /// Countries: a pale land fill with the names.
    public static func countries() -> LayerStyle {
        LayerStyle(
            geometry: .polygon,
            renderer: .single(StyleSymbol([.fill(color: countryFill, stroke: countryStroke, strokeWidth: 0.35)])),
            labels: LabelStyle(expression: "upper(\"name\")", text: { $0["name"]?.stringValue?.uppercased() }, size: 11,
                               color: StyleColor(hex: "#9C9484"), bold: true, bufferSize: 0, placement: .overCentroid, priority: 1),
            mapTip: "<b>[% \"name\" %]</b> ([% \"iso3\" %])<br>[% \"statistics\" %] statistics joined",
            displayExpression: "\"name\"")
    }

    /// Borders: the analysed border(s) dark and solid, the others grey and dashed.
    public static func borders() -> LayerStyle {
        LayerStyle(
            geometry: .line,
            renderer: .categorized(.field("role"), [
                .init(value: BasicLayers.analysedRole, label: "analysed border",
                      symbol: StyleSymbol([.line(color: StyleColor(hex: "#3C3C3C"), width: 0.9)])),
                .init(value: BasicLayers.contextRole, label: "other border",
                      symbol: StyleSymbol([.line(color: StyleColor(hex: "#8A8A8A"), width: 0.5, dash: [3, 1.5])])),
                .init(value: "", label: "border", symbol: StyleSymbol([.line(color: StyleColor(hex: "#8A8A8A"), width: 0.5)])),
            ]),
            mapTip: "<b>[% \"name\" %]</b><br>[% format_number(\"length_km\", 1) %] km (geodesic)",
            displayExpression: "\"name\"")
    }

    /// Corridors: a light translucent band round each route.
    public static func corridor() -> LayerStyle {
        LayerStyle(
            geometry: .polygon,
            renderer: .single(StyleSymbol([.fill(color: corridorPurple, stroke: corridorPurple.withAlpha(0.9), strokeWidth: 0.3)])),
            opacity: 0.16,
            mapTip: "<b>Corridor of [% \"route_name\" %]</b><br>±[% \"half_width_km\" %] km, [% \"seizures_inside\" %] seizures inside",
            displayExpression: "\"route_name\"")
    }

    /// Routes: dashed purple lines.
    public static func route() -> LayerStyle {
        LayerStyle(
            geometry: .line,
            renderer: .single(StyleSymbol([.line(color: routePurple, width: 0.8, dash: [4, 1.6])])),
            labels: LabelStyle(expression: "\"route_name\"", text: { $0["route_name"]?.stringValue }, size: 7,
                               color: routePurple, italic: true, placement: .alongLine, priority: 2),
            mapTip: "<b>[% \"route_name\" %]</b><br>[% \"waypoints\" %]<br>[% format_number(\"length_km\", 0) %] km",
            displayExpression: "\"route_name\"")
    }

    /// Coverage circles: one translucent green (the layer is drawn, then blended, so overlaps stay even).
    public static func coverageCircles() -> LayerStyle {
        LayerStyle(
            geometry: .polygon,
            renderer: .single(StyleSymbol([.fill(color: coverageGreen, stroke: coveredLine, strokeWidth: 0.15)])),
            opacity: 0.22,
            mapTip: "<b>[% \"name\" %]</b> ([% \"kind\" %])<br>covers the border within [% \"radius_km\" %] km",
            displayExpression: "\"name\"")
    }

    /// Covered stretches of the border: a green line under the gaps.
    public static func coveredStretches() -> LayerStyle {
        LayerStyle(
            geometry: .line,
            renderer: .single(StyleSymbol([.line(color: coveredLine, width: 1.3)])),
            mapTip: "<b>Covered</b> km [% \"start_km\" %]–[% \"end_km\" %] ([% format_number(\"length_km\", 1) %] km)",
            displayExpression: "'covered km ' || \"start_km\" || '–' || \"end_km\"")
    }

    /// The style written beside a coverage file, which holds both kinds: categorized by `layer`, a
    /// fill for the circles and a line for the covered stretches (QGIS applies it to either sublayer).
    public static func coverageFile() -> LayerStyle {
        let circles = coverageCircles(), stretches = coveredStretches()
        guard case .single(let fill) = circles.renderer, case .single(let line) = stretches.renderer else { return circles }
        var translucent = fill
        translucent.opacity = 0.3
        return LayerStyle(
            geometry: .polygon,
            renderer: .categorized(.field("layer"), [
                .init(value: "circle", label: "coverage circle", symbol: translucent),
                .init(value: "covered", label: "covered stretch", symbol: line),
            ]),
            mapTip: "[% \"layer\" %] [% coalesce(\"name\", '') %]")
    }

    /// Gap class bounds (km) for these gap lengths: up to 5 classes at the quintiles, snapped to round
    /// numbers, the first from 0, the last up to the longest gap.
    public static func gapBreaks(_ lengthsKm: [Double]) -> [Double] {
        let xs = lengthsKm.filter(\.isFinite).sorted()
        guard let maxLength = xs.last, maxLength > 0 else { return [0, 1] }
        let ladder: [Double] = [0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000]
        var bounds: [Double] = [0]
        for q in [0.2, 0.4, 0.6, 0.8] {
            let v = xs[min(xs.count - 1, Int((Double(xs.count) * q).rounded(.down)))]
            let snapped = ladder.min { abs(log($0 / max(v, 1e-9))) < abs(log($1 / max(v, 1e-9))) }!
            if snapped > bounds.last! && snapped < maxLength { bounds.append(snapped) }
        }
        bounds.append((maxLength * 10).rounded(.up) / 10)
        return bounds
    }

    /// Gaps: graduated by length_km (yellow → red, thicker for longer) on a dark casing; the ten
    /// longest of each border labelled with their rank and length.
    public static func gaps(breaks: [Double]) -> LayerStyle {
        let n = max(breaks.count - 1, 1)
        var ranges: [StyleRenderer.Range] = []
        for k in 0..<n {
            // Spread the ramp over the classes present: 2 classes use the ends, 5 use every step.
            let r = n == 1 ? gapRamp.count - 1 : Int((Double(k) * Double(gapRamp.count - 1) / Double(n - 1)).rounded())
            let lower = breaks[k], upper = breaks[min(k + 1, breaks.count - 1)]
            let symbol = StyleSymbol([
                .line(color: StyleColor(hex: "#5A0A0A", alpha: 0.8), width: gapWidths[r] + 0.45),
                .line(color: gapRamp[r], width: gapWidths[r]),
            ])
            ranges.append(.init(lower: lower, upper: upper, label: "\(km(lower)) – \(km(upper)) km", symbol: symbol))
        }
        return LayerStyle(
            geometry: .line,
            renderer: .graduated(field: "length_km", ranges),
            labels: LabelStyle(
                expression: "CASE WHEN \"rank\" <= 10 THEN '#' || \"rank\" || '  ' || format_number(\"length_km\", 1) || ' km' END",
                text: { p in
                    guard let rank = p["rank"]?.doubleValue, rank <= 10, let l = p["length_km"]?.doubleValue else { return nil }
                    return "#\(Int(rank))  \(String(format: "%.1f", l)) km"
                },
                size: 8, color: StyleColor(hex: "#7A0010"), bold: true, bufferSize: 0.8, placement: .alongLine, priority: 7),
            mapTip: "<b>Gap #[% \"rank\" %]</b> [% \"id\" %]<br>[% format_number(\"length_km\", 1) %] km, border km [% \"start_km\" %]–[% \"end_km\" %]"
                + "<br>at least [% format_number(\"certain_length_km\", 1) %] km, at most [% format_number(\"possible_length_km\", 1) %] km given the controls' location precision"
                + "<br>most remote point [% format_number(\"max_distance_km\", 1) %] km from any control"
                + "<br>ends: [% coalesce(\"start_control_name\", '–') %] / [% coalesce(\"end_control_name\", '–') %]",
            displayExpression: "'#' || \"rank\" || ' ' || \"id\"")
    }

    /// Gaps with terrain (`--dem`): graduated by passable_share, the part of the gap a person or a
    /// horse can plausibly cross (pale: mostly impassable ridges; dark red: passable throughout),
    /// labelled and with map tips as `gaps(breaks:)`.
    public static func gapsByPassableShare() -> LayerStyle {
        var style = gaps(breaks: [0, 1])
        let bounds = [0, 0.2, 0.4, 0.6, 0.8, 1.0]
        var ranges: [StyleRenderer.Range] = []
        for k in 0..<5 {
            let symbol = StyleSymbol([
                .line(color: StyleColor(hex: "#5A0A0A", alpha: 0.8), width: gapWidths[k] + 0.45),
                .line(color: gapRamp[k], width: gapWidths[k]),
            ])
            ranges.append(.init(lower: bounds[k], upper: bounds[k + 1],
                                label: "\(Int(bounds[k] * 100)) – \(Int(bounds[k + 1] * 100)) % passable", symbol: symbol))
        }
        style.renderer = .graduated(field: "passable_share", ranges)
        style.mapTip += "<br>passable [% format_number(\"passable_km\", 1) %] km ([% format_number(100 * \"passable_share\", 0) %] %), elevation [% \"elevation_min_m\" %]–[% \"elevation_max_m\" %] m"
            + "[% CASE WHEN \"max_time_h\" IS NOT NULL THEN '<br>most remote point ' || format_number(\"max_time_h\", 1) || ' h from the nearest control' END %]"
        return style
    }

    /// Passable stretches of a border (`--dem`): a broad translucent green band under the gaps.
    public static func passableStretches() -> LayerStyle {
        LayerStyle(
            geometry: .line,
            renderer: .single(StyleSymbol([.line(color: StyleColor(hex: "#1A9850", alpha: 0.55), width: 2.6)])),
            mapTip: "<b>Passable</b> km [% \"start_km\" %]–[% \"end_km\" %] ([% format_number(\"length_km\", 1) %] km): elevation ≤ [% \"max_elevation_m\" %] m, slope ≤ [% \"max_slope_deg\" %]°",
            displayExpression: "'passable km ' || \"start_km\" || '–' || \"end_km\"")
    }

    /// Checkpoints: squares coloured by regime (categories from `regimes`), labelled with their name.
    public static func checkpoints(regimes: [String]) -> LayerStyle {
        let values = orderedRegimes(regimes)
        let colours = assignColours(values, known: regimeColours)
        var cats: [StyleRenderer.Category] = values.map { v in
            let shape: MarkerShape = v == "outpost" ? .triangle : .square
            return .init(value: v, label: v, symbol: StyleSymbol([.marker(shape: shape, size: 3.4, fill: colours[v]!, stroke: .white, strokeWidth: 0.5)]))
        }
        cats.append(.init(value: "", label: "other", symbol: StyleSymbol([.marker(shape: .square, size: 3.4, fill: StyleColor(hex: "#9A9A9A"), stroke: .white, strokeWidth: 0.5)])))
        return LayerStyle(
            geometry: .point,
            renderer: .categorized(.field("regime_label"), cats),
            labels: LabelStyle(expression: "\"label\"", text: { $0["label"]?.stringValue ?? $0["name"]?.stringValue }, size: 8, color: ink, bold: true,
                               bufferSize: 0.9, placement: .aroundPoint(distance: 1.2), priority: 8),
            mapTip: "<b>[% \"label\" %]</b> ([% \"kind\" %], [% coalesce(\"mode\", '') %])<br>regime: [% \"regime_label\" %]"
                + "<br>position ±[% \"location_precision_km\" %] km",
            displayExpression: "\"name\"")
    }

    /// Regimes in a stable legend order: known ones first in palette order, then the rest sorted.
    static func orderedRegimes(_ regimes: [String]) -> [String] {
        let distinct = Array(Set(regimes.filter { !$0.isEmpty }))
        let known = regimeColours.map(\.0)
        return distinct.sorted { a, b in
            let ia = known.firstIndex(of: a) ?? Int.max, ib = known.firstIndex(of: b) ?? Int.max
            return ia != ib ? ia < ib : a < b
        }
    }

    /// Seizures: circles coloured by drug, their area proportional to the amount in kg (records
    /// without a mass drawn at the smallest size), the drug and amount on hover.
    /// - Parameters:
    ///   - drugs: the drug values present (categories, most frequent first).
    ///   - drugField: the property holding the drug.
    ///   - kilograms: the QGIS expression for the amount in kg (null when unknown) and the same in Swift.
    ///   - maxKilograms: the largest amount, drawn at the largest size.
    /// A QGIS expression for a seizure's amount in kg from the layer's own fields (`amount` with
    /// `unit` in a mass unit of `SeizureAmount`, else `amount_kg`), NULL otherwise.
    public static func kilogramsExpression(fields: Set<String>) -> String {
        var cases: [String] = []
        if fields.contains("amount") && fields.contains("unit") {
            var byFactor: [Double: [String]] = [:]
            for (unit, k) in SeizureAmount.kilogramsPerUnit { byFactor[k, default: []].append(unit) }
            for k in byFactor.keys.sorted() {
                let units = byFactor[k]!.sorted().map { "'\($0)'" }.joined(separator: ",")
                let value = k == 1 ? "\"amount\"" : "\"amount\" * \(QMLXML.number(k))"
                cases.append("WHEN lower(trim(\"unit\")) IN (\(units)) THEN \(value)")
            }
        }
        if fields.contains("amount_kg") { cases.append("WHEN \"amount_kg\" IS NOT NULL THEN \"amount_kg\"") }
        return cases.isEmpty ? "NULL" : "CASE " + cases.joined(separator: " ") + " END"
    }

    public static func seizures(drugs: [String], drugField: String, kilograms: DataDefined, maxKilograms: Double) -> LayerStyle {
        let maxKg = max(maxKilograms, 1)
        let minSize = 2.4, maxSize = 9.5
        let size = DataDefined(
            expression: "CASE WHEN (\(kilograms.expression)) > 0 THEN \(QMLXML.number(minSize)) + \(QMLXML.number(maxSize - minSize))"
                + " * sqrt(min((\(kilograms.expression)) / \(QMLXML.exact(maxKg)), 1)) ELSE \(QMLXML.number(minSize)) END",
            evaluate: { p in
                guard let kg = kilograms.evaluate(p), kg > 0 else { return minSize }
                return minSize + (maxSize - minSize) * min(kg / maxKg, 1).squareRoot()
            })
        let colours = assignColours(drugs, known: drugColours)
        var cats: [StyleRenderer.Category] = drugs.map { d in
            .init(value: d, label: d, symbol: StyleSymbol([.marker(shape: .circle, size: minSize, fill: colours[d]!.withAlpha(0.85),
                                                                    stroke: StyleColor(hex: "#1E1E1E"), strokeWidth: 0.3)], size: size))
        }
        cats.append(.init(value: "", label: "other / not reported", symbol: StyleSymbol(
            [.marker(shape: .circle, size: minSize, fill: StyleColor(hex: "#BBBBBB", alpha: 0.85), stroke: StyleColor(hex: "#1E1E1E"), strokeWidth: 0.3)], size: size)))
        // Legend of the sizes: no mass reported, two round amounts, the largest.
        var sizeLegend: [(label: String, size: Double)] = []
        if maxKilograms > 0 {
            sizeLegend.append(("n/a", minSize))
            let round = [1.0, 10, 100, 1000, 10_000].filter { $0 < maxKilograms * 0.6 }.suffix(2)
            for kg in Array(round) + [maxKilograms] {
                let label = (kg == kg.rounded() ? String(Int(kg)) : String(format: "%.1f", kg)) + " kg"
                sizeLegend.append((label, minSize + (maxSize - minSize) * min(kg / maxKg, 1).squareRoot()))
            }
        }
        return LayerStyle(
            geometry: .point,
            renderer: .categorized(.field(drugField), cats),
            mapTip: "<b>[% \"id\" %]</b> [% coalesce(\"\(drugField)\", '') %] [% coalesce(\"amount\", '') %] [% coalesce(\"unit\", '') %]"
                + "<br>[% coalesce(\"place_reported\", '') %]"
                + "<br>nearest checkpoint [% coalesce(\"checkpoint_name\", '–') %] [% coalesce(format_number(\"checkpoint_distance_km\", 1), '') %] km;"
                + " border [% coalesce(format_number(\"border_distance_km\", 1), '') %] km",
            displayExpression: "\"id\"", sizeLegend: sizeLegend)
    }

    /// Settlements: small brown dots, bigger for bigger places; towns of 50,000 or more named.
    public static func settlements() -> LayerStyle {
        let size = DataDefined(
            expression: "CASE WHEN \"population\" > 0 THEN 1.1 + 2.2 * sqrt(min(\"population\" / 2000000, 1)) ELSE 1.1 END",
            evaluate: { p in
                guard let n = p["population"]?.doubleValue, n > 0 else { return 1.1 }
                return 1.1 + 2.2 * min(n / 2_000_000, 1).squareRoot()
            })
        return LayerStyle(
            geometry: .point,
            renderer: .single(StyleSymbol([.marker(shape: .circle, size: 1.1, fill: settlementBrown, stroke: .white, strokeWidth: 0.2)], size: size)),
            labels: LabelStyle(expression: "CASE WHEN \"population\" >= 50000 THEN \"name\" END",
                               text: { p in (p["population"]?.doubleValue ?? 0) >= 50_000 ? p["name"]?.stringValue : nil },
                               size: 7, color: StyleColor(hex: "#5C5042"), italic: true, bufferSize: 0.6,
                               placement: .aroundPoint(distance: 0.8), priority: 3),
            mapTip: "<b>[% \"name\" %]</b> ([% \"country\" %])<br>population [% coalesce(format_number(\"population\", 0), 'not recorded') %]",
            displayExpression: "\"name\"")
    }

    /// The new posts of a plan: red triangles, graduated darker by rank (1 adds the most), labelled
    /// with their rank.
    public static func planPosts(count: Int) -> LayerStyle {
        let n = max(count, 1)
        let ranges: [StyleRenderer.Range] = (1...n).map { k in
            let t = n == 1 ? 0 : Double(k - 1) / Double(n - 1)
            let shade = StyleColor(Int(200 - 90 * t), Int(30 + 20 * t), Int(30 + 20 * t))
            return .init(lower: Double(k) - 0.5, upper: Double(k) + 0.5, label: "post #\(k)",
                         symbol: StyleSymbol([.marker(shape: .triangle, size: 4, fill: shade, stroke: .white, strokeWidth: 0.5)]))
        }
        return LayerStyle(
            geometry: .point,
            renderer: .graduated(field: "rank", ranges),
            labels: LabelStyle(expression: "'#' || \"rank\"", text: { p in p["rank"]?.doubleValue.map { "#\(Int($0))" } },
                               size: 8, color: ink, bold: true, bufferSize: 0.9, placement: .aroundPoint(distance: 1.2), priority: 9),
            mapTip: "<b>New post #[% \"rank\" %]</b> [% \"name\" %]<br>adds [% \"adds_km\" %] km of coverage",
            displayExpression: "'#' || \"rank\"")
    }

    /// Crossings of routes and borders: stars, red when the crossing lies in a gap.
    public static func crossings() -> LayerStyle {
        let classify = StyleRenderer.Classifier(expression: "if(\"in_gap\", 'in a gap', 'covered')") { p in
            p["in_gap"]?.boolValue == true ? "in a gap" : "covered"
        }
        return LayerStyle(
            geometry: .point,
            renderer: .categorized(classify, [
                .init(value: "in a gap", label: "route crossing in a gap",
                      symbol: StyleSymbol([.marker(shape: .star, size: 5.2, fill: crossingInGap, stroke: .white, strokeWidth: 0.4)])),
                .init(value: "covered", label: "route crossing (covered)",
                      symbol: StyleSymbol([.marker(shape: .star, size: 4.4, fill: crossingCovered, stroke: .white, strokeWidth: 0.4)])),
            ]),
            labels: LabelStyle(expression: "\"label\"", text: { $0["label"]?.stringValue }, size: 7.5, color: StyleColor(hex: "#8B0000"),
                               bold: true, bufferSize: 0.8, placement: .aroundPoint(distance: 1.5), priority: 9),
            mapTip: "<b>[% \"route_name\" %]</b> crosses [% \"border_name\" %] ([% coalesce(\"label\", '') %])"
                + "<br>km [% \"route_km\" %] of the route; nearest checkpoint [% coalesce(\"nearest_checkpoint_name\", '–') %]"
                + " [% coalesce(\"nearest_checkpoint_km\", '') %] km<br>[% if(\"in_gap\", 'in gap ' || \"gap_id\", 'covered') %]",
            displayExpression: "\"label\"")
    }

    /// Lakes and reservoirs: a water fill with a thin blue shore, named in blue italics.
    public static func lakes() -> LayerStyle {
        LayerStyle(
            geometry: .polygon,
            renderer: .single(StyleSymbol([.fill(color: waterFill, stroke: waterLine, strokeWidth: 0.2)])),
            labels: LabelStyle(expression: "\"name\"", text: { $0["name"]?.stringValue }, size: 8, color: waterLabel, italic: true,
                               bufferSize: 0.5, placement: .overCentroid, priority: 2),
            mapTip: "<b>[% coalesce(\"name\", 'unnamed lake') %]</b> [% coalesce(\"name_local\", '') %] ([% \"kind\" %])",
            displayExpression: "coalesce(\"name\", \"id\")")
    }

    /// Rivers: blue lines, named along the line in blue italics.
    public static func rivers() -> LayerStyle {
        LayerStyle(
            geometry: .line,
            renderer: .single(StyleSymbol([.line(color: waterLine, width: 0.45)])),
            labels: LabelStyle(expression: "\"name\"", text: { $0["name"]?.stringValue }, size: 7.5, color: waterLabel, italic: true,
                               bufferSize: 0.5, placement: .alongLine, priority: 2),
            mapTip: "<b>[% \"name\" %]</b> [% coalesce(\"name_local\", '') %]",
            displayExpression: "\"name\"")
    }

    static func km(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }
}
