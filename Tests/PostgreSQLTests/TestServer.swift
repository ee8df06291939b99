import PostgreSQL
import TestSupport
import XCTest

/// The test cluster: `NROUTE_PG_URI` (`postgresql://user:password@host:port/db`, as
/// `scripts/pg_cluster.sh start` prints it; scripts/test starts one). Absent: the test is
/// skipped locally and fails under CI=true.
struct TestServer {
    let uri: String
    let user: String
    let password: String
    let host: String
    let port: String
    let database: String

    static func require(file: StaticString = #filePath, line: UInt = #line) throws -> TestServer {
        guard let uri = ProcessInfo.processInfo.environment["NROUTE_PG_URI"], !uri.isEmpty else {
            throw TestEnvironment.unavailable("NROUTE_PG_URI is not set (export NROUTE_PG_URI=\"$(scripts/pg_cluster.sh start)\")",
                                              file: file, line: line)
        }
        guard let s = TestServer(uri: uri) else {
            XCTFail("NROUTE_PG_URI is not postgresql://user:password@host:port/db", file: file, line: line)
            throw BadURI()
        }
        return s
    }

    init?(uri: String) {
        guard uri.hasPrefix("postgresql://") else { return nil }
        let rest = uri.dropFirst("postgresql://".count)
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":"),
              let slash = rest[at...].firstIndex(of: "/") else { return nil }
        user = String(rest[..<colon])
        password = String(rest[rest.index(after: colon)..<at])
        let hostPort = rest[rest.index(after: at)..<slash]
        guard let pc = hostPort.lastIndex(of: ":") else { return nil }
        host = String(hostPort[..<pc])
        port = String(hostPort[hostPort.index(after: pc)...])
        database = String(rest[rest.index(after: slash)...])
        self.uri = uri
        guard !password.isEmpty else { return nil }
    }

    /// The same server with another password, port or database.
    func uri(password: String? = nil, port: String? = nil, database: String? = nil) -> String {
        "postgresql://\(user):\(password ?? self.password)@\(host):\(port ?? self.port)/\(database ?? self.database)"
    }

    func connect() throws -> PostgresConnection { try PostgresConnection(uri) }
}

struct BadURI: Error {}
