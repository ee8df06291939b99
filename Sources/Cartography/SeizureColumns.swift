import Analysis
import GeoFormats

/// The columns the seizures analysis appends to every record of `seizures.geojson` and
/// `seizures.csv`, for one context: the table (`table`, one `SeizureColumn` each, in output
/// order), the strings they can hold, and the byte encoder's plan built once from both.
///
///     country                        ISO3 of the country polygon holding the point (null: none)
///     province_located               the province polygon holding the point (provinces.geojson):
///     province_located_id              its name and id (null: none); an input `province` is kept
///                                      as it is, beside them
///     checkpoint_id, checkpoint_name the nearest checkpoint (geodesic distance)
///     checkpoint_distance_km         and its interval for the record's location_precision_m:
///     checkpoint_distance_min_km       min = max(0, d − p), max = d + p
///     checkpoint_distance_max_km
///     checkpoint_bearing_deg         azimuth at the seizure towards the checkpoint, [0, 360), 1e-6°
///     border_id                      the border (the nearest of those asked for)
///     border_distance_km (+ _min_km, _max_km)   geodesic distance to the border line
///     border_point_lon, border_point_lat        the nearest point of the border line, 1e-9°
///     border_chainage_km             its chainage (km from the border's start)
///     in_gap                         true when that point lies in a gap (same gap parameters)
///     gap_id                         the nearest gap (the one holding the point when in_gap)
///     gap_distance_km (+ _min_km, _max_km)      geodesic distance to that gap's line
///
/// Kilometres to the millimetre (6 decimals). With several borders (`--border all`) these describe
/// the nearest one, and each border `b` also gets `b_distance_km`, `b_point_lon`, `b_point_lat`,
/// `b_chainage_km`, `b_in_gap`, `b_gap_id` and `b_gap_distance_km` (b = the border id with `-` as
/// `_`, e.g. `kaz_kgz_…`). An input property with the same name as an added one is replaced (so
/// the output can be fed back in).
public struct SeizureColumns: Sendable {
    public let context: SeizureContext
    /// The added columns, in order.
    public let table: [SeizureColumn]
    /// Their names, in order.
    public let added: [String]
    public let addedSet: Set<String>
    /// The strings the text columns take.
    public let texts: SeizureTexts
    /// `table`'s values as `SeizureColumn.cell` reads them.
    let sources: [SeizureColumn.Source]
    /// The byte encoder's plan (`writeAdded`).
    let plan: SeizureEncodingPlan

    public init(context: SeizureContext) {
        self.context = context
        table = SeizureColumns.table(for: context)
        added = table.map(\.name)
        addedSet = Set(added)
        texts = SeizureTexts(context: context)
        sources = table.map { SeizureColumn.Source($0.value) }
        plan = SeizureEncodingPlan(table: table, texts: texts)
    }

    /// The table for a context: the nearest checkpoint's and nearest border's columns, then, with
    /// more than one border, each border's own.
    public static func table(for context: SeizureContext) -> [SeizureColumn] {
        var t: [SeizureColumn] = [
            SeizureColumn("country", .text, .country),
            SeizureColumn("province_located", .text, .provinceName),
            SeizureColumn("province_located_id", .text, .provinceID),
            SeizureColumn("checkpoint_id", .text, .checkpointID),
            SeizureColumn("checkpoint_name", .text, .checkpointName),
            SeizureColumn("checkpoint_distance_km", .kilometres, decimals: 6, .checkpointDistance(.distance)),
            SeizureColumn("checkpoint_distance_min_km", .kilometres, decimals: 6, .checkpointDistance(.min)),
            SeizureColumn("checkpoint_distance_max_km", .kilometres, decimals: 6, .checkpointDistance(.max)),
            SeizureColumn("checkpoint_bearing_deg", .degrees, decimals: 6, .checkpointBearing),
            SeizureColumn("border_id", .text, .borderID(.nearest)),
        ]
        t += borderColumns(prefix: "border", .nearest, intervals: true)
        if context.borders.count > 1 {
            for (i, b) in context.borders.enumerated() {
                t += borderColumns(prefix: b.id.replacingOccurrences(of: "-", with: "_"), .index(i), intervals: false)
            }
        }
        return t
    }

    /// One border's columns: `<prefix>_distance_km`, … (`border_…`, `in_gap`, `gap_id`, `gap_…` for
    /// the nearest border, with the distances' intervals).
    static func borderColumns(prefix p: String, _ b: SeizureColumn.BorderChoice, intervals: Bool) -> [SeizureColumn] {
        let gap = intervals ? "" : "\(p)_"
        var t = [SeizureColumn("\(p)_distance_km", .kilometres, decimals: 6, .borderDistance(b, .distance))]
        if intervals {
            t += [SeizureColumn("\(p)_distance_min_km", .kilometres, decimals: 6, .borderDistance(b, .min)),
                  SeizureColumn("\(p)_distance_max_km", .kilometres, decimals: 6, .borderDistance(b, .max))]
        }
        t += [
            SeizureColumn("\(p)_point_lon", .degrees, decimals: 9, .borderPointLongitude(b)),
            SeizureColumn("\(p)_point_lat", .degrees, decimals: 9, .borderPointLatitude(b)),
            SeizureColumn("\(p)_chainage_km", .kilometres, decimals: 6, .borderChainage(b)),
            SeizureColumn("\(gap)in_gap", .boolean, .inGap(b)),
            SeizureColumn("\(gap)gap_id", .text, .gapID(b)),
            SeizureColumn("\(gap)gap_distance_km", .kilometres, decimals: 6, .gapDistance(b, .distance)),
        ]
        if intervals {
            t += [SeizureColumn("\(gap)gap_distance_min_km", .kilometres, decimals: 6, .gapDistance(b, .min)),
                  SeizureColumn("\(gap)gap_distance_max_km", .kilometres, decimals: 6, .gapDistance(b, .max))]
        }
        return t
    }

    /// CSV columns: longitude, latitude, the input keys (without those two and the added ones),
    /// then the added ones.
    public func csvKeys(inputKeys: [String]) -> [String] {
        ["longitude", "latitude"] + inputKeys.filter { $0 != "longitude" && $0 != "latitude" && !addedSet.contains($0) } + added
    }

    /// The input keys among CSV columns made by `csvKeys(inputKeys:)`.
    public func inputColumns(_ csvKeys: [String]) -> ArraySlice<String> { csvKeys[2..<(csvKeys.count - added.count)] }
}
