import PostgreSQL
import XCTest

/// Connection strings without a server: parsing, the display name, and the password scrubbed.
final class PostgresTargetTests: XCTestCase {
    func testRecognisesConnectionStrings() {
        XCTAssertTrue(PostgresTarget.isConnectionString("postgresql://h/db"))
        XCTAssertTrue(PostgresTarget.isConnectionString("postgres://h/db"))
        XCTAssertTrue(PostgresTarget.isConnectionString("PG:dbname=x"))
        XCTAssertFalse(PostgresTarget.isConnectionString("seizures.csv"))
        XCTAssertFalse(PostgresTarget.isConnectionString("pg-dump/seizures.csv"))
        XCTAssertThrowsError(try PostgresTarget("seizures.csv"))
    }

    func testDisplayNeverHoldsThePassword() throws {
        let uri = try PostgresTarget("postgresql://ana:p%40ss%20word@db.example.org:6543/cases?sslmode=require")
        XCTAssertEqual(uri.display, "postgresql://ana@db.example.org:6543/cases")
        XCTAssertEqual(uri.scrub("x p%40ss%20word y p@ss word z"), "x *** y *** z")
        XCTAssertEqual(uri.conninfo, "postgresql://ana:p%40ss%20word@db.example.org:6543/cases?sslmode=require")

        let gdal = try PostgresTarget("PG:\"dbname='case files' host=10.0.0.5 user=ana password='it\\'s secret'\"")
        XCTAssertEqual(gdal.display, "postgresql://ana@10.0.0.5/case files")
        XCTAssertEqual(gdal.conninfo, "dbname='case files' host=10.0.0.5 user=ana password='it\\'s secret'")
        XCTAssertEqual(gdal.scrub("failed for it's secret"), "failed for ***")

        let query = try PostgresTarget("postgresql:///cases?host=/var/run/postgresql&password=hunter22")
        XCTAssertEqual(query.display, "postgresql:///var/run/postgresql/cases")
        XCTAssertEqual(query.scrub("hunter22"), "***")

        XCTAssertEqual(try PostgresTarget("PG:dbname=x").display, "postgresql:///x")
    }

    func testUnparsableStringIsOneLineWithoutThePassword() {
        for text in ["postgresql://ana:t0psecret@host:notaport/db?bogus_option=1",
                     "postgresql://ana:t0psecret@host/db?sslmode=require&nosuchkey=t0psecret",
                     "PG:dbname=x password=t0psecret 'unterminated"] {
            XCTAssertThrowsError(try PostgresTarget(text)) { e in
                let message = (e as? PostgresError)?.message ?? ""
                XCTAssertEqual((e as? PostgresError)?.kind, .connectionString)
                XCTAssertFalse(message.contains("t0psecret"), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }

    func testQualifiedNames() throws {
        XCTAssertEqual(SQLIdentifier.QualifiedName(parsing: "seizures"), .init(name: "seizures"))
        XCTAssertEqual(SQLIdentifier.QualifiedName(parsing: "Public.Seizures"), .init(schema: "public", name: "seizures"))
        XCTAssertEqual(SQLIdentifier.QualifiedName(parsing: "\"My Schema\".\"Seizures.2024\""), .init(schema: "My Schema", name: "Seizures.2024"))
        XCTAssertEqual(SQLIdentifier.QualifiedName(parsing: "\"x\"\"; DROP TABLE y; --\""), .init(name: "x\"; DROP TABLE y; --"))
        XCTAssertEqual(try SQLIdentifier.QualifiedName(parsing: "\"x\"\"; DROP TABLE y; --\"")?.quoted(), "\"x\"\"; DROP TABLE y; --\"")
        XCTAssertEqual(try SQLIdentifier.QualifiedName(parsing: "a.b")?.quoted(), "\"a\".\"b\"")
        for bad in ["", "a.", ".a", "a.b.c", "\"open", "a..b"] {
            XCTAssertNil(SQLIdentifier.QualifiedName(parsing: bad), bad)
        }
    }

    func testErrorsAreOneLine() {
        let e = PostgresError(kind: .connection, message: "connection failed: FATAL:  password authentication failed\nDETAIL:  x\n")
        XCTAssertEqual(e.message, "connection failed: FATAL: password authentication failed; DETAIL: x")
    }
}
