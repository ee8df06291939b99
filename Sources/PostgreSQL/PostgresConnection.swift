import CPQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection. Use it from one thread at a time (libpq's rule); it may move between
/// threads. Closed when released (or by `close()`).
///
/// Every error is a `PostgresError` whose message is one line naming the database
/// (`target.display`) and libpq's or the server's reason, with the password scrubbed.
public final class PostgresConnection: @unchecked Sendable {
    public let target: PostgresTarget
    private var handle: OpaquePointer?
    /// Names the cursors this connection declares (`nroute_cursor_1`, …).
    var cursorCount = 0

    /// Connects (libpq's `PQconnectdbParams`, the target's string expanded as `dbname`), with a
    /// 10 s connect timeout unless the string sets `connect_timeout`, `client_encoding` UTF8 and
    /// `application_name` nroute unless set. Server notices (NOTICE, WARNING) are not printed.
    public init(_ target: PostgresTarget) throws(PostgresError) {
        self.target = target
        let keys = ["connect_timeout", "dbname", "client_encoding", "fallback_application_name"]
        let values = ["10", target.conninfo, "UTF8", "nroute"]
        let conn: OpaquePointer? = keys.withCStrings { k in
            values.withCStrings { v in PQconnectdbParams(k, v, 1) }
        }
        guard let conn else {
            throw PostgresError(kind: .connection, message: "\(target.display): out of memory connecting")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw PostgresError(kind: .connection, message: target.scrub("\(target.display): cannot connect: \(reason)"))
        }
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        handle = conn
    }

    /// Connects to a connection string (`postgresql://…` or `PG:…`).
    public convenience init(_ connectionString: String) throws(PostgresError) {
        try self.init(PostgresTarget(connectionString))
    }

    deinit { close() }

    public func close() {
        if let h = handle { PQfinish(h) }
        handle = nil
    }

    /// The server's process id of this connection (for `pg_terminate_backend` in tests).
    public var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    /// e.g. 150018 for 15.18.
    public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    /// Runs one statement with `parameters` as `$1, $2, …` (text format; nil is SQL NULL; types
    /// inferred by the server, or cast them in the SQL: `$1::int`). Returns the rows (empty for
    /// statements without any).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        let conn = try open()
        let result: OpaquePointer? = parameters.withOptionalCStrings { values in
            PQexecParams(conn, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try check(result, conn, expecting: [PGRES_TUPLES_OK, PGRES_COMMAND_OK])
    }

    /// Runs `sql` (several statements allowed, no parameters): for DDL and scripts.
    public func execute(_ sql: String) throws(PostgresError) {
        let conn = try open()
        _ = try check(PQexec(conn, sql), conn, expecting: [PGRES_TUPLES_OK, PGRES_COMMAND_OK])
    }

    /// `body` inside BEGIN … COMMIT; ROLLBACK when it throws (the error is rethrown as it was).
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if let h = handle, PQstatus(h) == CONNECTION_OK { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// True inside a transaction block (BEGIN without COMMIT or ROLLBACK yet).
    public var inTransaction: Bool {
        guard let h = handle else { return false }
        let s = PQtransactionStatus(h)
        return s == PQTRANS_INTRANS || s == PQTRANS_INERROR
    }

    // MARK: - internals shared with PostgresCursor and PostgresCopy

    func open() throws(PostgresError) -> OpaquePointer {
        guard let h = handle else {
            throw PostgresError(kind: .connectionLost, message: "\(target.display): the connection is closed")
        }
        return h
    }

    /// `result` when its status is one of `expecting`; otherwise the server's error (with its
    /// SQLSTATE) or the lost connection, as one scrubbed line.
    func check(_ result: OpaquePointer?, _ conn: OpaquePointer, expecting: [ExecStatusType]) throws(PostgresError) -> PostgresResult {
        guard let result else { throw lostOrFailed(conn, result: nil) }
        let status = PQresultStatus(result)
        if expecting.contains(status) { return PostgresResult(handle: result) }
        let error = lostOrFailed(conn, result: result)
        PQclear(result)
        throw error
    }

    func lostOrFailed(_ conn: OpaquePointer, result: OpaquePointer?) -> PostgresError {
        var sqlState: String?
        var reason = ""
        if let result {
            if let s = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { sqlState = String(cString: s) }
            if let m = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) {
                reason = String(cString: m)
                if let d = PQresultErrorField(result, Int32(UInt8(ascii: "D"))) { reason += " (" + String(cString: d) + ")" }
            } else {
                reason = String(cString: PQresultErrorMessage(result))
            }
        }
        if reason.isEmpty { reason = String(cString: PQerrorMessage(conn)) }
        let lost = PQstatus(conn) != CONNECTION_OK || sqlState == "57P01" || sqlState?.hasPrefix("08") == true
        if reason.isEmpty { reason = lost ? "the connection was lost" : "the statement failed" }
        return PostgresError(kind: lost ? .connectionLost : .query,
                             message: target.scrub("\(target.display): \(reason)"), sqlState: sqlState)
    }
}

extension Array where Element == String {
    /// The strings as a NULL-terminated array of C strings, valid inside `body`.
    func withCStrings<T>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies = map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

extension Array where Element == String? {
    /// The values as C strings (nil stays a null pointer), valid inside `body`.
    func withOptionalCStrings<T>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let copies = map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
