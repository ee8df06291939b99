import Foundation

/// A streaming RFC 4180 CSV writer.
///
///     try CSVWriter.write(to: url, header: ["id", "lon", "lat"], refusingInputs: [input]) { csv in
///         try csv.writeRow(["1", CSVWriter.field(12.5), CSVWriter.field(45.25)])
///     }
///
/// A field is quoted when it contains the delimiter, a quote (doubled inside), CR or LF, or starts
/// or ends with a space or tab (which some readers trim); a row made of one empty field is written
/// `""` so that it is not a blank line. Lines end with LF by default (`.crlf` for strict RFC 4180).
/// `byteOrderMark: true` starts the file with a UTF-8 BOM, which Excel needs to read UTF-8.
public final class CSVWriter {
    public enum LineEnding: Sendable {
        case lf, crlf
    }

    public let sink: ByteSink
    public let delimiter: UInt8
    public let lineEnding: LineEnding
    /// Rows written so far (the header included when written with `writeRow`).
    public private(set) var rowsWritten = 0

    public init(sink: ByteSink, delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .lf) {
        self.sink = sink
        self.delimiter = delimiter
        self.lineEnding = lineEnding
    }

    /// One row.
    public func writeRow<S: Sequence>(_ fields: S) throws where S.Element == String {
        var first = true
        var count = 0
        var onlyEmpty = true
        for f in fields {
            if !first { try sink.write(delimiter) }
            first = false
            count += 1
            if !f.isEmpty { onlyEmpty = false }
            try writeField(f)
        }
        if count == 1 && onlyEmpty { try sink.write("\"\"" as StaticString) }
        try sink.write(lineEnding == .lf ? "\n" as StaticString : "\r\n" as StaticString)
        rowsWritten += 1
    }

    private func writeField(_ s: String) throws {
        var s = s
        try s.withUTF8 { u in
            var needsQuotes = false
            for b in u where b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
            if let first = u.first, let last = u.last, first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 {
                needsQuotes = true
            }
            guard needsQuotes else {
                try sink.write(UnsafeRawBufferPointer(u))
                return
            }
            try sink.write(UInt8(0x22))
            var run = 0
            for i in 0..<u.count where u[i] == 0x22 {
                try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(u)[run...i]))
                try sink.write(UInt8(0x22))
                run = i + 1
            }
            try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(u)[run...]))
            try sink.write(UInt8(0x22))
        }
    }

    /// A number as CSV text: shortest decimal form that reads back as the same Double; "" for NaN
    /// and infinities (an empty cell).
    public static func field(_ value: Double) -> String {
        value.isFinite ? NumberFormatting.string(value) : ""
    }

    /// Writes a CSV file atomically (see `AtomicFile`): the header row, then whatever `body` writes.
    /// Returns the number of data rows.
    @discardableResult
    public static func write(to url: URL, header: [String], refusingInputs inputs: [URL] = [],
                             delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .lf, byteOrderMark: Bool = false,
                             _ body: (CSVWriter) throws -> Void) throws -> Int {
        try AtomicFile.write(to: url, refusingInputs: inputs) { sink in
            if byteOrderMark { try sink.write([0xEF, 0xBB, 0xBF]) }
            let w = CSVWriter(sink: sink, delimiter: delimiter, lineEnding: lineEnding)
            try w.writeRow(header)
            try body(w)
            return w.rowsWritten - 1
        }
    }

    /// The rows as CSV text (in memory).
    public static func encode(_ rows: [[String]], delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .lf) throws -> String {
        let sink = ByteSink()
        let w = CSVWriter(sink: sink, delimiter: delimiter, lineEnding: lineEnding)
        for r in rows { try w.writeRow(r) }
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}
