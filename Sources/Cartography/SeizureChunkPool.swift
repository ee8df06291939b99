import Foundation

extension SeizureLayers {
    /// Chunks to fill, reused once written (fresh memory costs page faults).
    ///
    /// `@unchecked Sendable`: `free` is only touched under `lock`.
    public final class ChunkPool: @unchecked Sendable {
        let columns: SeizureColumns
        public let csvKeys: [String]?
        let geoJSON: Bool
        let expectedFeatures: Int
        let lock = NSLock()
        var free: [Chunk] = []

        public init(columns: SeizureColumns, csvKeys: [String]?, geoJSON: Bool, expectedFeatures: Int) {
            self.columns = columns
            self.csvKeys = csvKeys
            self.geoJSON = geoJSON
            self.expectedFeatures = expectedFeatures
        }

        /// An empty chunk.
        public func take() -> Chunk {
            let reused: Chunk? = lock.withLock { free.popLast() }
            if let c = reused {
                c.reset()
                return c
            }
            let c = Chunk(columns: columns, csvKeys: csvKeys, geoJSON: geoJSON, expectedFeatures: expectedFeatures)
            return c
        }

        public func give(_ c: Chunk) {
            lock.withLock { free.append(c) }
        }
    }
}
