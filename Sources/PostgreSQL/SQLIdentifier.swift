/// Table and column names in SQL: always quoted as identifiers (`"name"`, a `"` doubled), never
/// spliced in as written; user values go as parameters instead (`PostgresConnection.query`).
public enum SQLIdentifier {
    /// `name` as one quoted identifier: `"` + name with every `"` doubled + `"`. Any text is a
    /// valid identifier this way (`"x""; DROP TABLE y; --"` names a table called
    /// `x"; DROP TABLE y; --`); a NUL character cannot be sent to the server and is refused.
    public static func quoted(_ name: String) throws(PostgresError) -> String {
        guard !name.isEmpty else {
            throw PostgresError(kind: .query, message: "an empty name is not an SQL identifier")
        }
        guard !name.utf8.contains(0) else {
            throw PostgresError(kind: .query, message: "an SQL identifier cannot contain a NUL character")
        }
        return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A possibly schema-qualified table name as an analyst writes it: `seizures`,
    /// `public.seizures`, `"My Schema"."Seizures 2024"` (inside double quotes, `.` is part of the
    /// name and `""` is a `"`). Unquoted parts are folded to lower case, as PostgreSQL folds them.
    public struct QualifiedName: Sendable, Equatable, CustomStringConvertible {
        public var schema: String?
        public var name: String

        public init(schema: String? = nil, name: String) {
            self.schema = schema
            self.name = name
        }

        /// Parses `text`; nil when it is empty, has an unclosed quote, more than two parts, or an
        /// empty part.
        public init?(parsing text: String) {
            var parts: [String] = []
            var current = ""
            var quoted = false
            var partHadQuote = false
            var chars = Array(text)[...]
            while let c = chars.popFirst() {
                if quoted {
                    if c == "\"" {
                        if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false }
                    } else {
                        current.append(c)
                    }
                } else if c == "\"" {
                    quoted = true
                    partHadQuote = true
                } else if c == "." {
                    guard !current.isEmpty else { return nil }
                    parts.append(current)
                    current = ""
                    partHadQuote = false
                } else {
                    current += partHadQuote ? String(c) : c.lowercased()
                }
            }
            guard !quoted, !current.isEmpty else { return nil }
            parts.append(current)
            switch parts.count {
            case 1: self.init(schema: nil, name: parts[0])
            case 2: self.init(schema: parts[0], name: parts[1])
            default: return nil
            }
        }

        /// `"schema"."name"` or `"name"`.
        public func quoted() throws(PostgresError) -> String {
            let n = try SQLIdentifier.quoted(name)
            guard let s = schema else { return n }
            return try SQLIdentifier.quoted(s) + "." + n
        }

        /// As written back for messages: `schema.name`.
        public var description: String { schema.map { "\($0).\(name)" } ?? name }
    }
}
