import Cartography
import Catalog
import Foundation
import GeoFormats

/// CSV seizures on the streaming path (`SeizurePipeline`): the memory-mapped file cut into
/// blocks of records (`CSVRecordBlocks`), each row's fields read as byte ranges
/// (`CSVFieldReader`) and copied to the outputs (`SeizureLayers.Chunk.add(row:...)`).
///
/// Taken for files with longitude/latitude columns whose property names are distinct, non-empty
/// and ASCII; other CSV files (a WKT geometry column, odd
/// headers) are read whole by `FeatureFile.read`, as before, with the same outputs.
struct SeizureCSVInput: Sendable {
    let points: CSVPointReader
    let blocks: CSVRecordBlocks
    let longitudeColumn: Int
    let latitudeColumn: Int
    /// Per property (the feature's members, in order): its column, its key, whether
    /// `SeizureCatalog` makes a number of it.
    let propertyColumns: [Int]
    let keys: [String]
    let numeric: [Bool]

    /// The file's reader, or nil when it is to be read whole (see the type's note). Throws what
    /// `FeatureFile.read` throws for a missing file or a bad header.
    static func open(_ url: URL, blockBytes: Int, columns: SeizureColumns) throws -> SeizureCSVInput? {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogError(.missingFile, file: url.path, "no such file")
        }
        var points = try CSVPointReader(contentsOf: url, displayPath: url.path, acceptsAnyGeometry: true)
        // A row whose longitude and latitude are both blank is an unlocated report (counted, skipped),
        // as the whole-file reader (`FeatureFile.readSeizures`) reads it: the field reader declines it.
        points.acceptsUnlocated = true
        guard case .longitudeLatitude(let lon, let lat) = points.geometryColumns else { return nil }
        let keys = points.propertyColumns.map(\.name)
        guard Set(keys).count == keys.count,
              keys.allSatisfy({ k in !k.isEmpty && k.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        return SeizureCSVInput(points: points, blocks: CSVRecordBlocks(csv: points.csv, bytes: blockBytes), longitudeColumn: lon,
                               latitudeColumn: lat, propertyColumns: points.propertyColumns.map(\.column), keys: keys,
                               numeric: keys.map { SeizureCatalog.numericKeys.contains($0) })
    }

    /// The property keys of the features (none when the file has no record, as for the features read whole).
    var featureKeys: [String] { blocks.hasRecords ? keys : [] }
}
