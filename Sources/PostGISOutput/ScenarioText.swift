import PostgreSQL

/// The command line as a table's comment records it: every connection string (an argument, or the
/// value of `--flag=…`) replaced by its display form without the password
/// (`postgresql://user@host:port/db`), arguments with spaces or quotes in single quotes.
public enum ScenarioText {
    public static func commandLine(_ arguments: [String]) -> String {
        arguments.map { shellQuoted(scrubbed($0)) }.joined(separator: " ")
    }

    static func scrubbed(_ argument: String) -> String {
        if PostgresTarget.isConnectionString(argument) { return display(argument) }
        if argument.hasPrefix("-"), let eq = argument.firstIndex(of: "=") {
            let value = String(argument[argument.index(after: eq)...])
            if PostgresTarget.isConnectionString(value) { return String(argument[...eq]) + display(value) }
        }
        return argument
    }

    static func display(_ connection: String) -> String {
        (try? PostgresTarget(connection).display) ?? "postgresql://(connection)"
    }

    static func shellQuoted(_ s: String) -> String {
        guard s.isEmpty || s.contains(where: { " '\"\\$`;&|<>()*?!#\t\n".contains($0) }) else { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension ScenarioText {
    /// True when `text` names a PostgreSQL connection (`postgresql://…`, `postgres://…`, `PG:…`).
    public static func isConnection(_ text: String) -> Bool { PostgresTarget.isConnectionString(text) }
}
