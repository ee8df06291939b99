import CPQ

/// The rows of one statement's result (text format), owned: the `PGresult` is freed with it.
public final class PostgresResult: @unchecked Sendable {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    public var rowCount: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }

    /// The column names, in order.
    public var columnNames: [String] {
        (0..<Int32(PQnfields(handle))).map { String(cString: PQfname(handle, $0)) }
    }

    /// The type OID of column `column` (e.g. 25 text, 701 float8, 20 int8, 16 bool).
    public func typeOID(_ column: Int) -> UInt32 { UInt32(PQftype(handle, Int32(column))) }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    /// The value as text, nil for SQL NULL.
    public func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column) else { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// The value's bytes (valid while this result lives), nil for SQL NULL.
    public func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer?) throws -> T) rethrows -> T {
        guard !isNull(row, column), let p = PQgetvalue(handle, Int32(row), Int32(column)) else { return try body(nil) }
        let n = Int(PQgetlength(handle, Int32(row), Int32(column)))
        return try body(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// The number of rows an INSERT, UPDATE, DELETE, MOVE, FETCH or COPY touched (0 when none is reported).
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }
}

extension PostgresResult {
    /// A `bytea` value in PostgreSQL's text output (hex format, `\x0a1b…`, the default since
    /// 9.0) decoded to its bytes; nil for SQL NULL or text in another format.
    public func bytea(_ row: Int, _ column: Int) -> [UInt8]? {
        withBytes(row, column) { raw -> [UInt8]? in
            guard let raw, raw.count >= 2, raw[0] == UInt8(ascii: "\\"), raw[1] == UInt8(ascii: "x"),
                  raw.count % 2 == 0 else { return nil }
            var out = [UInt8](repeating: 0, count: (raw.count - 2) / 2)
            var i = 2
            for k in out.indices {
                guard let h = PostgresResult.hex(raw[i]), let l = PostgresResult.hex(raw[i + 1]) else { return nil }
                out[k] = h << 4 | l
                i += 2
            }
            return out
        }
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
