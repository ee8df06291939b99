import CPQ

/// The rows of a `COPY … FROM STDIN` in PostgreSQL's text format (tab-separated, `\N` for NULL,
/// backslash escapes), buffered and sent to the server in pieces of 256 KiB
/// (`PQputCopyData`).
public struct PostgresCopyWriter {
    let connection: PostgresConnection
    let conn: OpaquePointer
    var buffer: [UInt8] = []
    public private(set) var rowsWritten = 0
    static let flushBytes = 256 * 1024

    init(connection: PostgresConnection, conn: OpaquePointer) {
        self.connection = connection
        self.conn = conn
        buffer.reserveCapacity(PostgresCopyWriter.flushBytes + 4096)
    }

    /// One row: each field as text (nil: NULL), escaped for the text format.
    public mutating func row(_ fields: [String?]) throws(PostgresError) {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(9) }
            if let f { PostgresCopyWriter.escape(f, into: &buffer) } else { buffer.append(contentsOf: [92, 78]) }
        }
        buffer.append(10)
        rowsWritten += 1
        if buffer.count >= PostgresCopyWriter.flushBytes { try flush() }
    }

    /// Bytes already in COPY text format (whole rows, each ending in a newline).
    public mutating func raw(_ bytes: some Sequence<UInt8>, rows: Int) throws(PostgresError) {
        buffer.append(contentsOf: bytes)
        rowsWritten += rows
        if buffer.count >= PostgresCopyWriter.flushBytes { try flush() }
    }

    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        let status = buffer.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { PQputCopyData(conn, $0.baseAddress, Int32($0.count)) }
        }
        buffer.removeAll(keepingCapacity: true)
        guard status == 1 else { throw connection.lostOrFailed(conn, result: nil) }
    }

    /// `text` escaped for a COPY text-format field: backslash, tab, newline and carriage return
    /// as `\\`, `\t`, `\n`, `\r`.
    public static func escape(_ text: String, into out: inout [UInt8]) {
        for b in text.utf8 {
            switch b {
            case 92: out.append(contentsOf: [92, 92])
            case 9: out.append(contentsOf: [92, 116])
            case 10: out.append(contentsOf: [92, 110])
            case 13: out.append(contentsOf: [92, 114])
            default: out.append(b)
            }
        }
    }
}

extension PostgresConnection {
    /// Runs `sql` (a `COPY table (columns…) FROM STDIN`, text format) and lets `body` write the
    /// rows. When `body` throws, the COPY is abandoned (the server discards every row of it) and
    /// the error rethrown; when the server refuses a row, its error is thrown. Returns the number
    /// of rows the server stored.
    @discardableResult
    public func copyIn(_ sql: String, _ body: (inout PostgresCopyWriter) throws -> Void) throws -> Int {
        let conn = try open()
        let start = PQexec(conn, sql)
        let started = try check(start, conn, expecting: [PGRES_COPY_IN])
        _ = started
        var writer = PostgresCopyWriter(connection: self, conn: conn)
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            _ = PQputCopyEnd(conn, "abandoned by nroute")
            while let r = PQgetResult(conn) { PQclear(r) }
            throw error
        }
        guard PQputCopyEnd(conn, nil) == 1 else { throw lostOrFailed(conn, result: nil) }
        var stored = 0
        var failure: PostgresError?
        while let r = PQgetResult(conn) {
            if PQresultStatus(r) == PGRES_COMMAND_OK {
                stored = Int(String(cString: PQcmdTuples(r))) ?? writer.rowsWritten
            } else if failure == nil {
                failure = lostOrFailed(conn, result: r)
            }
            PQclear(r)
        }
        if let failure { throw failure }
        if PQstatus(conn) != CONNECTION_OK { throw lostOrFailed(conn, result: nil) }
        return stored
    }
}
