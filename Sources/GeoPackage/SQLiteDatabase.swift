import CSQLite

/// An in-memory SQLite database: statements, bound values, and the finished database as bytes
/// (`serialize`), which the caller writes atomically like any other output file. The only file of
/// the project that talks to SQLite's C API besides `SQLiteStatement`.
final class SQLiteDatabase {
    let handle: OpaquePointer

    init() throws(GeoPackageError) {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard rc == SQLITE_OK, let db else {
            if let db { sqlite3_close(db) }
            throw GeoPackageError("cannot open an SQLite database (\(String(cString: sqlite3_errstr(rc))))")
        }
        handle = db
    }

    deinit { sqlite3_close(handle) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws(GeoPackageError) {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &message) != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw GeoPackageError(text + " in: " + String(sql.prefix(120)))
        }
    }

    func prepare(_ sql: String) throws(GeoPackageError) -> SQLiteStatement {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw GeoPackageError(lastError + " in: " + String(sql.prefix(120)))
        }
        return SQLiteStatement(stmt, database: self)
    }

    /// The whole database as the bytes of an SQLite file.
    func serialize() throws(GeoPackageError) -> [UInt8] {
        var size: sqlite3_int64 = 0
        guard let bytes = sqlite3_serialize(handle, "main", &size, 0) else {
            throw GeoPackageError("cannot serialize the database: \(lastError)")
        }
        defer { sqlite3_free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: Int(size)))
    }
}
