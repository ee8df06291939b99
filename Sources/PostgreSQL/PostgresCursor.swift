import CPQ

/// A server-side cursor (`DECLARE … NO SCROLL CURSOR FOR query`, then `FETCH FORWARD n`): the
/// rows of a query in blocks of `rows`, so a table larger than memory is read block by block.
/// A cursor lives in a transaction: when the connection is not in one, the cursor begins its
/// own and ends it when closed (or released).
public final class PostgresCursor: @unchecked Sendable {
    public let connection: PostgresConnection
    public let rows: Int
    let name: String
    private var ownsTransaction: Bool
    private var finished = false
    private var closed = false

    init(_ connection: PostgresConnection, sql: String, parameters: [String?], rows: Int, name: String) throws(PostgresError) {
        self.connection = connection
        self.rows = max(1, rows)
        self.name = name
        ownsTransaction = !connection.inTransaction
        if ownsTransaction { try connection.execute("BEGIN") }
        do {
            try connection.query("DECLARE \(try SQLIdentifier.quoted(name)) NO SCROLL CURSOR FOR \(sql)", parameters)
        } catch {
            if ownsTransaction, connection.inTransaction { try? connection.execute("ROLLBACK") }
            ownsTransaction = false
            closed = true
            throw error
        }
    }

    deinit { try? close() }

    /// The next block of at most `rows` rows; nil once the query has no more.
    public func next() throws(PostgresError) -> PostgresResult? {
        guard !finished, !closed else { return nil }
        let r = try connection.query("FETCH FORWARD \(rows) FROM \(try SQLIdentifier.quoted(name))")
        if r.rowCount == 0 {
            finished = true
            return nil
        }
        return r
    }

    /// Closes the cursor (and commits the transaction it began).
    public func close() throws(PostgresError) {
        guard !closed else { return }
        closed = true
        guard (try? connection.open()) != nil else { return }
        if ownsTransaction {
            ownsTransaction = false
            try connection.execute("COMMIT")
        } else {
            try connection.execute("CLOSE \(try SQLIdentifier.quoted(name))")
        }
    }
}

extension PostgresConnection {
    /// The rows of `sql` (a SELECT; `$1…` as in `query`) through a server-side cursor, `rows` at a time.
    public func cursor(_ sql: String, _ parameters: [String?] = [], rows: Int = 10_000) throws(PostgresError) -> PostgresCursor {
        cursorCount += 1
        return try PostgresCursor(self, sql: sql, parameters: parameters, rows: rows, name: "nroute_cursor_\(cursorCount)")
    }
}
