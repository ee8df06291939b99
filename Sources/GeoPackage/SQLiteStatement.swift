import CSQLite

/// A prepared statement: bind 1-based parameters, `run`, `reset`, repeat.
final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let database: SQLiteDatabase

    init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: SQLiteValue) throws(GeoPackageError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let i): rc = sqlite3_bind_int64(handle, index, i)
        case .real(let d): rc = sqlite3_bind_double(handle, index, d)
        case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, nroute_sqlite_transient())
        case .blob(let b):
            rc = b.withUnsafeBytes { p in sqlite3_bind_blob64(handle, index, p.baseAddress, sqlite3_uint64(p.count), nroute_sqlite_transient()) }
        }
        guard rc == SQLITE_OK else { throw GeoPackageError("cannot bind parameter \(index): \(database.lastError)") }
    }

    /// Binds `values` to parameters 1…n, steps to completion and resets.
    func run(_ values: [SQLiteValue]) throws(GeoPackageError) {
        for (i, v) in values.enumerated() { try bind(Int32(i + 1), v) }
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw GeoPackageError(database.lastError) }
    }

    /// The last inserted row id of the connection.
    var lastRowID: Int64 { sqlite3_last_insert_rowid(database.handle) }
}
