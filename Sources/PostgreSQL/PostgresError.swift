/// A PostgreSQL failure as one line: what failed and the server's or libpq's reason, never a
/// password (every message is scrubbed by `PostgresTarget.scrub` before it is stored).
public struct PostgresError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The connection string could not be parsed (before any connection was attempted).
        case connectionString
        /// No connection: the server is down or unreachable, authentication failed, no such database.
        case connection
        /// The server rejected a statement (`sqlState` says why, e.g. 42P01 undefined table).
        case query
        /// The connection broke during a statement, a fetch or a COPY.
        case connectionLost
        /// A COPY could not be sent or was refused.
        case copy
    }

    public var kind: Kind
    /// One line, no password.
    public var message: String
    /// The five-character SQLSTATE the server sent, when it sent one.
    public var sqlState: String?

    public init(kind: Kind, message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = PostgresError.oneLine(message)
        self.sqlState = sqlState
    }

    public var description: String { message }

    /// SQLSTATE 42P01 (undefined_table) or 3F000 (invalid_schema_name).
    public var isUndefinedTable: Bool { sqlState == "42P01" || sqlState == "3F000" }

    /// libpq's messages span lines ("FATAL:  …\nDETAIL: …"): joined with "; ", runs of spaces
    /// collapsed, no trailing newline.
    static func oneLine(_ text: String) -> String {
        var parts: [String] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if !words.isEmpty { parts.append(words.joined(separator: " ")) }
        }
        return parts.joined(separator: "; ")
    }
}
