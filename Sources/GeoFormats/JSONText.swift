/// Any JSON value as compact JSON text (for `--format json` summaries), written by the same code
/// that writes GeoJSON properties, so numbers and escapes are identical.
public enum JSONText {
    public static func string(_ value: JSONValue) throws -> String {
        let sink = ByteSink()
        try GeoJSONWriter(sink: sink).writeValue(value, depth: 0)
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}
