import Analysis
import Domain
import GeoFormats

/// The value encoder: the added columns of a result as JSON values (`SeizureColumns.table`, in
/// order), and the seizures layer as in-memory features (for the SVG map, the layer counts, and the
/// stream's features that cannot be written straight from their bytes).
extension SeizureLayers {
    /// A cell as the JSON value written: numbers rounded as the column says (× scale, half away
    /// from zero, ÷ 10^decimals), texts looked up.
    @inline(__always)
    static func jsonValue(_ cell: SeizureCell, _ column: SeizureColumn, texts: SeizureTexts) -> JSONValue {
        switch cell.kind {
        case .null: .null
        case .text: .string(texts.strings[cell.textIndex])
        case .bool: .bool(cell.flag)
        case .number: cell.number.isFinite ? .number((cell.number * column.scale).rounded() / column.divisor) : .null
        }
    }

    /// The added properties of one result, in `columns.added` order.
    public static func properties(for r: SeizureResult, precision: Double?, columns: SeizureColumns) -> [(String, JSONValue)] {
        let nearest = r.nearestBorder ?? -1
        return r.borders.withUnsafeBufferPointer { borders in
            columns.texts.withBases { bases in
                zip(columns.table, columns.sources).map { column, source in
                    let cell = SeizureColumn.cell(source, of: r, borders: borders, nearest: nearest, precision: precision, texts: bases)
                    return (column.name, jsonValue(cell, column, texts: columns.texts))
                }
            }
        }
    }

    /// The seizures layer as values: each record's properties and the analysis's columns, the
    /// features `SeizurePipeline` writes (for the SVG map and the layer counts).
    public static func collection(_ seizures: [Seizure], _ results: [SeizureResult], context: SeizureContext) -> GeoJSON.FeatureCollection {
        let columns = SeizureColumns(context: context)
        return GeoJSON.FeatureCollection(features: zip(seizures, results).map { s, r in
            feature(GeoJSON.Feature(id: .string(s.id), geometry: .point(s.coordinate), properties: s.properties),
                    result: r, precision: s.locationPrecisionM, columns: columns)
        })
    }

    /// The input feature with the added properties appended (input members of the same names dropped).
    public static func feature(_ f: GeoJSON.Feature, result: SeizureResult, precision: Double?, columns: SeizureColumns) -> GeoJSON.Feature {
        feature(f, added: properties(for: result, precision: precision, columns: columns), columns: columns)
    }

    static func feature(_ f: GeoJSON.Feature, added: [(String, JSONValue)], columns: SeizureColumns) -> GeoJSON.Feature {
        var members: [(String, JSONValue)] = []
        let input = f.properties?.members ?? []
        members.reserveCapacity(input.count + columns.added.count)
        for m in input where !columns.addedSet.contains(m.key) { members.append((m.key, m.value)) }
        members += added
        var out = f
        out.properties = JSONObject(members)
        return out
    }
}
