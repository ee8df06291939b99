import Foundation
import GeoFormats

/// Writes a layer atomically (temporary file beside the target, renamed into place), creating the
/// output folder if needed and refusing to overwrite any input.
public enum LayerFile {
    public static func write(_ collection: GeoJSON.FeatureCollection, to url: URL, inputs: [URL]) throws {
        try prepareDirectory(for: url)
        try GeoJSONWriter.write(.featureCollection(collection), to: url, refusingInputs: inputs)
    }

    public static func writeText(_ text: String, to url: URL, inputs: [URL]) throws {
        try prepareDirectory(for: url)
        try AtomicFile.writeText(text, to: url, refusingInputs: inputs)
    }

    static func prepareDirectory(for url: URL) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw GeoFormatsError(.io, "cannot create the output folder: \(error.localizedDescription)", path: dir.path)
        }
    }
}
