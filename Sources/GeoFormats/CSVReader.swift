import Foundation

/// One data row of a CSV file.
public struct CSVRecord: Hashable, Sendable {
    /// The fields, unquoted ("" → "), as UTF-8 text.
    public var fields: [String]
    /// 1-based line on which the record starts (quoted fields may span lines).
    public var line: Int
    /// 1-based number of the data record (the header is not counted).
    public var number: Int
    /// Byte offset in the input of each field's first byte (its opening quote when quoted).
    public var fieldOffsets: [Int]
    /// Byte offset just after the record's last field (its line break or the end of input).
    public var endOffset: Int

    public subscript(i: Int) -> String { fields[i] }
    public var count: Int { fields.count }
}

/// RFC 4180 CSV, as analysts keep it.
///
///     let csv = try CSVReader(contentsOf: url)
///     print(csv.header)
///     try csv.forEachRecord { record in print(record.fields) }
///
/// - UTF-8 only (a byte order mark is skipped; invalid UTF-8 is an error saying so — e.g. a file
///   saved by Excel as "CSV" in Windows-1252: save it as "CSV UTF-8").
/// - Line breaks: CRLF, LF or a lone CR; inside quoted fields they are kept as they are.
/// - Quoted fields may contain the delimiter, line breaks and doubled quotes (""). A quote inside
///   an unquoted field is kept literally; text after a closing quote (`"a"b`) is an error.
/// - The first non-blank record is the header (required). Blank lines are skipped anywhere.
/// - Every record must have as many fields as the header (error otherwise, with line:column).
/// - The delimiter is detected from the header line unless given: the most frequent of
///   `,` `;` TAB `|` outside quotes (comma on a tie or when there is none).
/// - Limits: 16 MiB per field, 4 GiB per file (`.limitExceeded`).
///
/// Errors are `GeoFormatsError` with kind `.csv` (or `.limitExceeded`/`.io`) and path:line:column.
public struct CSVReader: Sendable {
    /// Maximum field length in bytes (16 MiB).
    public static let maxFieldBytes = 16 << 20

    public let input: InputBytes
    public let delimiter: UInt8
    /// The header fields, as written (not trimmed).
    public let header: [String]
    /// 1-based line of the header.
    public let headerLine: Int
    private let dataStart: Int
    private let dataLine: Int

    public init(contentsOf url: URL, displayPath: String? = nil, delimiter: UInt8? = nil) throws {
        try self.init(input: InputBytes(contentsOf: url, displayPath: displayPath), delimiter: delimiter)
    }

    public init(string: String, path: String? = nil, delimiter: UInt8? = nil) throws {
        try self.init(input: InputBytes(string: string, path: path), delimiter: delimiter)
    }

    public init(bytes: some Collection<UInt8>, path: String? = nil, delimiter: UInt8? = nil) throws {
        try self.init(input: InputBytes(bytes: bytes, path: path), delimiter: delimiter)
    }

    public init(input: InputBytes, delimiter: UInt8? = nil) throws {
        self.input = input
        var start = 0
        if input.count >= 3, input.base[0] == 0xEF, input.base[1] == 0xBB, input.base[2] == 0xBF { start = 3 }
        let d = delimiter ?? CSVReader.detectDelimiter(input, from: start)
        self.delimiter = d
        var scanner = CSVScanner(input: input, delimiter: d, pos: start, line: 1)
        guard let h = try scanner.next(number: 0) else {
            throw GeoFormatsError(.csv, "no header row (the file is empty)", path: input.path, line: 1, column: 1)
        }
        header = h.fields
        headerLine = h.line
        dataStart = scanner.pos
        dataLine = scanner.line
    }

    /// Calls `body` with each data record, in order. Returns the number of records.
    @discardableResult
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws -> Int {
        var scanner = CSVScanner(input: input, delimiter: delimiter, pos: dataStart, line: dataLine)
        var n = 0
        while let r = try scanner.next(number: n + 1) {
            n += 1
            if r.fields.count != header.count { throw fieldCountError(r) }
            try body(r)
        }
        return n
    }

    /// Byte offset where the data records start (after the header's line break).
    public var dataOffset: Int { dataStart }

    /// The record starting at byte `offset` (a record start: after the header or a line break,
    /// not on a blank line) as `forEachRecord` reads it, with the same errors (a wrong field count
    /// included), and the offset after its line break. `number` is its 1-based record number.
    /// Its `line` is found by counting from the start of the input (O(offset)): for the records a
    /// fast reader declines, not for every record.
    public func record(at offset: Int, number: Int) throws -> (record: CSVRecord, next: Int)? {
        var scanner = CSVScanner(input: input, delimiter: delimiter, pos: offset, line: input.lineColumn(at: offset).line)
        guard let r = try scanner.next(number: number) else { return nil }
        if r.fields.count != header.count { throw fieldCountError(r) }
        return (r, scanner.pos)
    }

    /// All data records.
    public func records() throws -> [CSVRecord] {
        var all: [CSVRecord] = []
        try forEachRecord { all.append($0) }
        return all
    }

    /// An error located at field `field` of `record` (or at the record start when nil), with an
    /// optional extra column offset (in characters) inside the field.
    public func error(_ message: String, record: CSVRecord, field: Int? = nil, offsetInField: Int = 0,
                      kind: GeoFormatsError.Kind = .csv) -> GeoFormatsError {
        let offset = field.map { record.fieldOffsets[$0] } ?? record.fieldOffsets.first ?? 0
        let (line, column) = input.lineColumn(at: offset)
        return GeoFormatsError(kind, message, path: input.path, line: line, column: column + offsetInField)
    }

    private func fieldCountError(_ r: CSVRecord) -> GeoFormatsError {
        let n = r.fields.count
        let h = header.count
        if n > h {
            return error("row has \(n) fields but the header has \(h) (first extra field here)", record: r, field: h)
        }
        let missing = header[n...].prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
        let (line, column) = input.lineColumn(at: r.endOffset)
        return GeoFormatsError(.csv, "row has \(n) field\(n == 1 ? "" : "s") but the header has \(h) (missing \(missing)\(h - n > 3 ? ", ..." : ""))",
                               path: input.path, line: line, column: column)
    }

    /// The most frequent candidate delimiter outside quotes on the first non-blank line.
    static func detectDelimiter(_ input: InputBytes, from start: Int) -> UInt8 {
        let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]  // , ; TAB |
        var counts = [Int](repeating: 0, count: candidates.count)
        var i = start
        var quoted = false
        var sawText = false
        while i < input.count {
            let b = input.base[i]
            if b == 0x22 {
                quoted.toggle()
            } else if !quoted && (b == 0x0A || b == 0x0D) {
                if sawText { break }
            } else if !quoted, let k = candidates.firstIndex(of: b) {
                counts[k] += 1
                sawText = true
            } else {
                sawText = true
            }
            i += 1
        }
        var best = 0
        for k in 1..<candidates.count where counts[k] > counts[best] { best = k }
        return candidates[best]
    }
}

/// The byte-level record scanner.
struct CSVScanner {
    let input: InputBytes
    let delimiter: UInt8
    var pos: Int
    var line: Int
    private var scratch: [UInt8] = []

    init(input: InputBytes, delimiter: UInt8, pos: Int, line: Int) {
        self.input = input
        self.delimiter = delimiter
        self.pos = pos
        self.line = line
    }

    private func error(_ message: String, at offset: Int, kind: GeoFormatsError.Kind = .csv) -> GeoFormatsError {
        let (l, c) = input.lineColumn(at: offset)
        return GeoFormatsError(kind, message, path: input.path, line: l, column: c)
    }

    /// Consumes a line break at `pos` if there is one (CRLF, LF or CR).
    @inline(__always)
    private mutating func lineBreak() -> Bool {
        let base = input.base
        guard pos < input.count else { return false }
        if base[pos] == 0x0A {
            pos += 1
            line += 1
            return true
        }
        if base[pos] == 0x0D {
            pos += 1
            if pos < input.count && base[pos] == 0x0A { pos += 1 }
            line += 1
            return true
        }
        return false
    }

    /// The next non-blank record, or nil at the end of input.
    mutating func next(number: Int) throws -> CSVRecord? {
        let base = input.base
        let end = input.count
        while lineBreak() {}
        guard pos < end else { return nil }
        let startLine = line
        var fields: [String] = []
        var offsets: [Int] = []
        while true {
            let fieldStart = pos
            offsets.append(fieldStart)
            if pos < end && base[pos] == 0x22 {
                // Quoted field.
                pos += 1
                scratch.removeAll(keepingCapacity: true)
                while true {
                    guard pos < end else {
                        throw error("quoted field is not closed (missing \")", at: fieldStart)
                    }
                    let b = base[pos]
                    if b == 0x22 {
                        if pos + 1 < end && base[pos + 1] == 0x22 {
                            scratch.append(0x22)
                            pos += 2
                            continue
                        }
                        pos += 1
                        break
                    }
                    if b == 0x0A || (b == 0x0D && !(pos + 1 < end && base[pos + 1] == 0x0A)) { line += 1 }
                    scratch.append(b)
                    pos += 1
                    if scratch.count > CSVReader.maxFieldBytes {
                        throw error("field longer than 16 MiB", at: fieldStart, kind: .limitExceeded)
                    }
                }
                if pos < end && base[pos] != delimiter && base[pos] != 0x0A && base[pos] != 0x0D {
                    throw error("unexpected text after a closing quote (a quote inside a quoted field must be doubled: \"\")", at: pos)
                }
                fields.append(try text(scratch, at: fieldStart + 1))
            } else {
                var i = pos
                while i < end {
                    let b = base[i]
                    if b == delimiter || b == 0x0A || b == 0x0D { break }
                    i += 1
                }
                if i - pos > CSVReader.maxFieldBytes {
                    throw error("field longer than 16 MiB", at: fieldStart, kind: .limitExceeded)
                }
                fields.append(try text(UnsafeBufferPointer(start: base + pos, count: i - pos), at: fieldStart))
                pos = i
            }
            if pos < end && base[pos] == delimiter {
                pos += 1
                continue
            }
            let recordEnd = pos
            _ = lineBreak()
            return CSVRecord(fields: fields, line: startLine, number: number, fieldOffsets: offsets, endOffset: recordEnd)
        }
    }

    /// `offset`: where the field's content starts in the input (for the error position).
    private func text(_ bytes: [UInt8], at offset: Int) throws -> String {
        try bytes.withUnsafeBufferPointer { try text($0, at: offset) }
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) throws -> String {
        guard let b = bytes.baseAddress, bytes.count > 0 else { return "" }
        if let bad = UTF8Validation.firstInvalid(b, 0, bytes.count) {
            let (l, c) = input.lineColumn(at: min(offset + bad, input.count))
            throw GeoFormatsError(.csv, "invalid UTF-8 in this field: the file must be UTF-8 (in Excel: Save As \"CSV UTF-8\")",
                                  path: input.path, line: l, column: c)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
