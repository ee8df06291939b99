import Foundation
import GeoFormats

/// The seizures analysis as layers: `seizures.geojson` (every input feature, its own properties
/// kept, the analysis's appended) and `seizures.csv` (the same rows: longitude, latitude, the input
/// properties, the analysis's columns). The columns are `SeizureColumns.table`; they are encoded as
/// values (`properties(for:precision:columns:)`, `feature`, `collection`) or straight into bytes
/// (`writeAdded`, in `Chunk`s), and this writes chunks into the two files.
public enum SeizureLayers {
    /// Streams `seizures.geojson` and/or `seizures.csv` (a nil URL: not written): `produce` hands
    /// chunks, in order, to the closure it is given. Both files are written atomically and refuse
    /// to overwrite any of `inputs`. `keepCSV` is asked once everything is produced (and the
    /// GeoJSON written); false drops the CSV. Returns whether the CSV was written.
    @discardableResult
    public static func write(geoJSON geoURL: URL?, csv csvURL: URL?, csvKeys: [String], inputs: [URL],
                             keepCSV: () -> Bool = { true },
                             produce: (_ emit: (Chunk) throws -> Void) throws -> Void) throws -> Bool {
        for url in [geoURL, csvURL].compactMap({ $0 }) {
            try LayerFile.prepareDirectory(for: url)
            try AtomicFile.checkNotInput(url, inputs: inputs)
        }
        func body(_ gsink: ByteSink?, _ csink: ByteSink?) throws {
            try gsink?.write("{\"type\":\"FeatureCollection\",\"features\":[\n" as StaticString)
            if let csink { try writeCSVHeader(csvKeys, to: csink) }
            // The producer hands chunks over in order, one at a time.
            var any = false
            try produce { chunk in
                guard chunk.count > 0 else { return }
                if let gsink, let g = chunk.geo {
                    if any { try gsink.write(",\n" as StaticString) }
                    try g.withUnsafeBytes { try gsink.write($0) }
                }
                any = true
                if let csink, let c = chunk.csv { try c.withUnsafeBytes { try csink.write($0) } }
            }
            try gsink?.write(any ? "\n]}\n" as StaticString : "]}\n" as StaticString)
        }
        struct DropCSV: Error {}
        switch (geoURL, csvURL) {
        case (let g?, let c?):
            do {
                try AtomicFile.write(to: c, refusingInputs: inputs, bufferSize: 1 << 16) { csink in
                    try AtomicFile.write(to: g, refusingInputs: inputs, bufferSize: 1 << 16) { gsink in try body(gsink, csink) }
                    if !keepCSV() { throw DropCSV() }
                }
            } catch is DropCSV {
                return false
            }
            return true
        case (let g?, nil):
            try AtomicFile.write(to: g, refusingInputs: inputs, bufferSize: 1 << 16) { gsink in try body(gsink, nil) }
            return false
        case (nil, let c?):
            do {
                try AtomicFile.write(to: c, refusingInputs: inputs, bufferSize: 1 << 16) { csink in
                    try body(nil, csink)
                    if !keepCSV() { throw DropCSV() }
                }
            } catch is DropCSV {
                return false
            }
            return true
        case (nil, nil):
            try produce { _ in }
            return false
        }
    }
}
