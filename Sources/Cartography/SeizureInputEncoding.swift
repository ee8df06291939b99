import Coordinates
import GeoFormats

/// The input part of a seizures layer's feature and CSV row, written from the parsed feature (the
/// added values follow, from `writeAdded`).
extension SeizureLayers {
    /// A Point feature up to and including its input properties as written (the caller appends
    /// the added ones and the closing "}}").
    static func writeFeatureHead(_ f: GeoJSON.Feature, raw: RawProperties, coordinate c: Coordinate, to sink: ByteSink) throws {
        try sink.write("{\"type\":\"Feature\"," as StaticString)
        switch f.id {
        case .string(let s)?:
            try sink.write("\"id\":" as StaticString)
            try writeJSONString(s, to: sink)
            try sink.write(UInt8(ascii: ","))
        case .number(let d)?:
            try sink.write("\"id\":" as StaticString)
            try sink.write(number: d)
            try sink.write(UInt8(ascii: ","))
        case nil: break
        }
        try sink.write("\"geometry\":{\"type\":\"Point\",\"coordinates\":[" as StaticString)
        try sink.write(number: c.longitude)
        try sink.write(UInt8(ascii: ","))
        try sink.write(number: c.latitude)
        try sink.write("]},\"properties\":{" as StaticString)
        if case .members(let bytes) = raw, !bytes.isEmpty { try sink.write(bytes) }
    }

    /// The start of a CSV row: longitude, latitude and the input properties under `inputKeys`
    /// (absent or null: an empty field), without the added values and the newline.
    static func writeCSVInput(_ members: [(key: String, value: JSONValue)], coordinate: Coordinate, inputKeys: ArraySlice<String>,
                              to sink: ByteSink) throws {
        try sink.write(number: coordinate.longitude)
        try sink.write(UInt8(ascii: ","))
        try sink.write(number: coordinate.latitude)
        var hint = 0
        for k in inputKeys {
            try sink.write(UInt8(ascii: ","))
            var value: JSONValue?
            if hint < members.count, members[hint].key == k {
                value = members[hint].value
                hint += 1
            } else if let i = members.firstIndex(where: { $0.key == k }) {
                value = members[i].value
                hint = i + 1
            }
            if let value { try writeCSVField(value, to: sink) }
        }
    }
}
