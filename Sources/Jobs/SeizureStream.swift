import Catalog
import Foundation
import GeoFormats
import PostGIS

/// Seizure rows from a PostGIS table or query for the parallel pipeline: the reader's cursor
/// hands out its blocks in order (block k is fetched only after block k − 1), so each worker of
/// `SeizurePipeline` takes its block from the one connection and analyses it on its own core.
/// The row count, from the same snapshot, gives the number of blocks up front.
final class SeizureStream: @unchecked Sendable {
    // @unchecked: `reader` is only used under `lock`.
    let reader: PostGISReader
    let blockCount: Int
    private let lock = NSCondition()
    private var fetched = 0

    init(_ reader: PostGISReader) {
        self.reader = reader
        blockCount = max(1, (max(0, reader.rowCount) + reader.blockRows - 1) / reader.blockRows)
    }

    /// Block `k`'s features (waits until blocks 0 … k − 1 are fetched), their properties
    /// normalised as a CSV file's are (`SeizureCatalog.normalized`: empty text null, the numeric
    /// fields numbers), so a table loaded from a seizure CSV gives that file's outputs.
    func block(_ k: Int) throws -> [GeoJSON.Feature] {
        lock.lock()
        while fetched < k { lock.wait() }
        let first = reader.rowsRead
        let fetchedBlock = Result { try reader.next() ?? [] }
        fetched += 1
        lock.broadcast()
        lock.unlock()
        let url = reader.url
        return try fetchedBlock.get().enumerated().map { i, f in try SeizureCatalog.normalized(f, index: first + i, url: url) }
    }
}
