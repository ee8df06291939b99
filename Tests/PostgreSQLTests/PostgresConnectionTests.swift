import PostgreSQL
import TestSupport
import XCTest

/// The libpq wrapper against the real test cluster (`NROUTE_PG_URI`).
final class PostgresConnectionTests: XCTestCase {
    func testConnectsFromURIAndFromGDALStyleString() throws {
        let s = try TestServer.require()
        let c = try s.connect()
        XCTAssertGreaterThanOrEqual(c.serverVersion, 150000)
        XCTAssertEqual(try c.query("SELECT current_user").string(0, 0), s.user)
        XCTAssertEqual(c.target.display, "postgresql://\(s.user)@\(s.host):\(s.port)/\(s.database)")
        XCTAssertFalse(c.target.display.contains(s.password))

        let gdal = "PG:\"dbname='\(s.database)' host=\(s.host) port=\(s.port) user=\(s.user) password=\(s.password)\""
        let g = try PostgresConnection(gdal)
        XCTAssertEqual(try g.query("SELECT current_database()").string(0, 0), s.database)
        XCTAssertEqual(try g.query("SELECT postgis_lib_version() IS NOT NULL").string(0, 0), "t")
        XCTAssertFalse(g.target.display.contains(s.password))
    }

    func testParametersAreValuesNeverSQL() throws {
        let c = try TestServer.require().connect()
        let r = try c.query("SELECT $1::int + $2::int, $3::text, $4::text IS NULL, length($5::text)",
                            ["40", "2", "it's \"quoted\"; DROP TABLE x; --", nil, "Кордай ✓"])
        XCTAssertEqual(r.rowCount, 1)
        XCTAssertEqual(r.columnCount, 4)
        XCTAssertEqual(r.string(0, 0), "42")
        XCTAssertEqual(r.string(0, 1), "it's \"quoted\"; DROP TABLE x; --")
        XCTAssertEqual(r.string(0, 2), "t")
        XCTAssertEqual(r.string(0, 3), "8")
        XCTAssertEqual(r.typeOID(0), 23)
        XCTAssertEqual(try c.query("SELECT NULL::text AS v").string(0, 0), nil)
        XCTAssertEqual(try c.query("SELECT NULL::text AS v").columnNames, ["v"])
    }

    func testHostileTableAndColumnNamesAreQuoted() throws {
        let c = try TestServer.require().connect()
        let victim = "nroute_victim_\(c.backendPID)"
        let hostile = "x\"; DROP TABLE \(victim); --"
        let column = "a \"b\" c"
        try c.execute("CREATE TEMP TABLE \(try SQLIdentifier.quoted(victim)) (v int)")
        let table = try SQLIdentifier.quoted(hostile)
        XCTAssertEqual(table, "\"x\"\"; DROP TABLE \(victim); --\"")
        try c.execute("CREATE TEMP TABLE \(table) (\(try SQLIdentifier.quoted(column)) text)")
        try c.query("INSERT INTO \(table) VALUES ($1)", ["'); DROP TABLE \(victim); --"])
        XCTAssertEqual(try c.query("SELECT \(try SQLIdentifier.quoted(column)) FROM \(table)").string(0, 0),
                       "'); DROP TABLE \(victim); --")
        // Both tables are there, under their exact names.
        let names = try c.query("SELECT relname FROM pg_class WHERE relname IN ($1, $2) ORDER BY relname", [hostile, victim])
        XCTAssertEqual((0..<names.rowCount).compactMap { names.string($0, 0) }, [victim, hostile].sorted())
        XCTAssertThrowsError(try SQLIdentifier.quoted(""))
        XCTAssertThrowsError(try SQLIdentifier.quoted("a\u{0}b"))
    }

    func testCursorStreamsInBlocks() throws {
        let c = try TestServer.require().connect()
        let cursor = try c.cursor("SELECT g, 'row ' || g FROM generate_series(1, $1::int) AS g ORDER BY g", ["25037"], rows: 1000)
        var blocks = 0, total = 0, expected = 1, largest = 0
        while let block = try cursor.next() {
            blocks += 1
            largest = max(largest, block.rowCount)
            for i in 0..<block.rowCount {
                XCTAssertEqual(block.string(i, 0), String(expected))
                XCTAssertEqual(block.string(i, 1), "row \(expected)")
                expected += 1
            }
            total += block.rowCount
        }
        XCTAssertEqual(total, 25037)
        XCTAssertEqual(blocks, 26)
        XCTAssertEqual(largest, 1000)
        XCTAssertNil(try cursor.next())
        try cursor.close()
        XCTAssertFalse(c.inTransaction, "the cursor ends the transaction it began")
        // Inside the caller's own transaction the cursor leaves it open.
        try c.execute("BEGIN")
        let inner = try c.cursor("SELECT 1", rows: 10)
        XCTAssertEqual(try inner.next()?.rowCount, 1)
        try inner.close()
        XCTAssertTrue(c.inTransaction)
        try c.execute("COMMIT")
    }

    func testBadQueryThroughCursorIsOneLineWithSQLState() throws {
        let c = try TestServer.require().connect()
        do {
            _ = try c.cursor("SELECT * FROM \(try SQLIdentifier.quoted("no such table"))")
            XCTFail("expected an error")
        } catch let e {
            XCTAssertEqual(e.kind, .query)
            XCTAssertEqual(e.sqlState, "42P01")
            XCTAssertTrue(e.isUndefinedTable)
            XCTAssertTrue(e.message.contains("no such table"), e.message)
            XCTAssertFalse(e.message.contains("\n"))
        }
        XCTAssertFalse(c.inTransaction, "the failed cursor's transaction is rolled back")
        XCTAssertEqual(try c.query("SELECT 1").string(0, 0), "1", "the connection stays usable")
    }

    func testCopyFromStdinStoresEveryValueAsSent() throws {
        let c = try TestServer.require().connect()
        try c.execute("CREATE TEMP TABLE copied (i int, t text, d double precision)")
        let texts: [String?] = ["plain", "tab\there", "new\nline", "cr\rlf\r\n", "back\\slash \\N", "", nil, "Шу 'q' \"dq\""]
        let n = 10_000
        let stored = try c.copyIn("COPY copied (i, t, d) FROM STDIN") { copy in
            for i in 0..<n {
                try copy.row([String(i), texts[i % texts.count], i % 5 == 0 ? nil : String(Double(i) / 7)])
            }
        }
        XCTAssertEqual(stored, n)
        let r = try c.query("SELECT i, t, d FROM copied ORDER BY i")
        XCTAssertEqual(r.rowCount, n)
        for i in 0..<n {
            XCTAssertEqual(r.string(i, 0), String(i))
            XCTAssertEqual(r.string(i, 1), texts[i % texts.count], "row \(i)")
            if i % 5 == 0 { XCTAssertTrue(r.isNull(i, 2)) } else { XCTAssertEqual(Double(r.string(i, 2)!), Double(i) / 7) }
        }
    }

    func testAbandonedCopyStoresNothingAndTheConnectionStaysUsable() throws {
        struct Stop: Error {}
        let c = try TestServer.require().connect()
        try c.execute("CREATE TEMP TABLE abandoned (i int)")
        XCTAssertThrowsError(try c.copyIn("COPY abandoned (i) FROM STDIN") { copy in
            for i in 0..<50_000 { try copy.row([String(i)]) }
            throw Stop()
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(try c.query("SELECT count(*) FROM abandoned").string(0, 0), "0")
        // A row the server refuses: its error, nothing stored.
        XCTAssertThrowsError(try c.copyIn("COPY abandoned (i) FROM STDIN") { copy in
            try copy.row(["1"])
            try copy.row(["not a number"])
        }) { e in
            XCTAssertEqual((e as? PostgresError)?.sqlState, "22P02")
        }
        XCTAssertEqual(try c.query("SELECT count(*) FROM abandoned").string(0, 0), "0")
    }

    func testTransactionRollsBackOnError() throws {
        struct Stop: Error {}
        let c = try TestServer.require().connect()
        try c.execute("CREATE TEMP TABLE tx (i int)")
        XCTAssertThrowsError(try c.transaction {
            try c.query("INSERT INTO tx VALUES (1)")
            throw Stop()
        })
        XCTAssertEqual(try c.query("SELECT count(*) FROM tx").string(0, 0), "0")
        try c.transaction { try c.query("INSERT INTO tx VALUES (2)") }
        XCTAssertEqual(try c.query("SELECT count(*) FROM tx").string(0, 0), "1")
    }

    func testWrongPasswordIsOneLineWithoutThePassword() throws {
        let s = try TestServer.require()
        let wrong = "Wr0ng-s3cret-\(UInt32.random(in: 1000...9999))"
        for text in [s.uri(password: wrong),
                     "PG:dbname=\(s.database) host=\(s.host) port=\(s.port) user=\(s.user) password='\(wrong)'"] {
            do {
                _ = try PostgresConnection(text)
                XCTFail("connected with a wrong password")
            } catch let e {
                XCTAssertEqual(e.kind, .connection)
                XCTAssertFalse(e.message.contains(wrong), e.message)
                XCTAssertFalse(e.message.contains("\n"), e.message)
                XCTAssertTrue(e.message.contains("password authentication failed"), e.message)
                XCTAssertTrue(e.message.hasPrefix("postgresql://\(s.user)@\(s.host):\(s.port)/\(s.database): "), e.message)
            }
        }
        // The right password, a database that does not exist: the password is not shown either.
        do {
            _ = try PostgresConnection(s.uri(database: "no_such_db"))
            XCTFail("connected to a missing database")
        } catch let e {
            XCTAssertEqual(e.kind, .connection)
            XCTAssertFalse(e.message.contains(s.password), e.message)
            XCTAssertTrue(e.message.contains("no_such_db"), e.message)
        }
    }

    func testServerDownIsOneLineWithoutThePassword() throws {
        let s = try TestServer.require()
        // Port 1 on the loopback: nothing listens there (connection refused at once).
        do {
            _ = try PostgresConnection(s.uri(port: "1"))
            XCTFail("connected to a closed port")
        } catch let e {
            XCTAssertEqual(e.kind, .connection)
            XCTAssertFalse(e.message.contains(s.password), e.message)
            XCTAssertFalse(e.message.contains("\n"), e.message)
            XCTAssertTrue(e.message.contains("cannot connect"), e.message)
            XCTAssertTrue(e.message.contains("Connection refused") || e.message.contains("refused"), e.message)
        }
    }

    func testLostConnectionIsReportedAsLost() throws {
        let s = try TestServer.require()
        let victim = try s.connect(), killer = try s.connect()
        let cursor = try victim.cursor("SELECT g FROM generate_series(1, 100000) g", rows: 100)
        XCTAssertEqual(try cursor.next()?.rowCount, 100)
        XCTAssertEqual(try killer.query("SELECT pg_terminate_backend($1::int)", [String(victim.backendPID)]).string(0, 0), "t")
        do {
            while try cursor.next() != nil {}
            XCTFail("the cursor read on after its backend was terminated")
        } catch let e {
            XCTAssertEqual(e.kind, .connectionLost, e.message)
            XCTAssertFalse(e.message.contains(s.password))
            XCTAssertFalse(e.message.contains("\n"), e.message)
        }
    }
}
