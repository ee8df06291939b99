import Foundation
import GeoFormats

/// Writes a layer atomically (temporary file beside the target, renamed into place), creating the
/// output folder if needed and refusing to overwrite any input.
public enum LayerFile {
    public static func write(_ collection: GeoJSON.FeatureCollection, to url: URL, inputs: [URL]) throws {
        try prepareDirectory(for: url)
        try GeoJSONWriter.write(.featureCollection(collection), to: url, refusingInputs: inputs)
    }

    /// Several layers as one step: every output is checked against the inputs before any is written.
    public static func writeAll(_ layers: [(URL, GeoJSON.FeatureCollection)], inputs: [URL]) throws {
        for (url, _) in layers { try AtomicFile.checkNotInput(url, inputs: inputs) }
        for (url, collection) in layers { try write(collection, to: url, inputs: inputs) }
    }

    public static func writeText(_ text: String, to url: URL, inputs: [URL]) throws {
        try prepareDirectory(for: url)
        try AtomicFile.writeText(text, to: url, refusingInputs: inputs)
    }

    public static func writeBytes(_ bytes: [UInt8], to url: URL, inputs: [URL]) throws {
        try prepareDirectory(for: url)
        try AtomicFile.writeBytes(bytes, to: url, refusingInputs: inputs)
    }

    static func prepareDirectory(for url: URL) throws {
        try OutputTransaction.createDirectory(url.deletingLastPathComponent().path)
    }
}
