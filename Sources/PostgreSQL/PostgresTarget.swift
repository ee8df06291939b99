import CPQ

/// Where to connect: a libpq URI (`postgresql://user@host:port/db?sslmode=require`, also
/// `postgres://`) or a GDAL-style `PG:dbname=… host=…` string (`PG:` and a keyword/value
/// connection string, optionally in double quotes). Credentials come from where libpq takes them:
/// the string itself, the PG* environment variables (PGPASSWORD, PGHOST, …) and ~/.pgpass.
///
/// `display` names the database in messages (`postgresql://user@host:port/db`) and never holds
/// the password; `scrub(_:)` removes the password from any text before it is shown.
public struct PostgresTarget: Sendable, Equatable, CustomStringConvertible {
    /// The string as libpq takes it (a URI, or keyword/value pairs without the `PG:` prefix).
    public let conninfo: String
    /// `postgresql://[user@]host[:port]/dbname` from the parsed options: no password.
    public let display: String
    /// Every option libpq parsed with a value (`host`, `port`, `dbname`, `user`, `sslmode`,
    /// `service`, …), without any keyword naming a password: for clients that need the connection
    /// spelled their own way (QGIS's datasource).
    public let options: [String: String]
    /// Passwords (as written and percent-decoded) to scrub from every message.
    let secrets: [String]

    public var description: String { display }

    /// True when `text` is meant as a PostgreSQL connection rather than a file path.
    public static func isConnectionString(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") || text.hasPrefix("PG:")
    }

    public init(_ text: String) throws(PostgresError) {
        var info = text
        if info.hasPrefix("PG:") {
            info.removeFirst(3)
            if info.count >= 2, info.first == "\"", info.last == "\"" {
                info = String(info.dropFirst().dropLast())
            }
        } else if !(info.hasPrefix("postgresql://") || info.hasPrefix("postgres://")) {
            throw PostgresError(kind: .connectionString,
                                message: "not a PostgreSQL connection (postgresql://… or PG:\"dbname=…\")")
        }
        let written = PostgresTarget.writtenPasswords(info)
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(info, &errorMessage) else {
            var message = "invalid connection string"
            if let e = errorMessage {
                message += ": " + String(cString: e)
                PQfreemem(e)
            }
            let scrubbed = PostgresTarget.scrub(message, secrets: written)
            throw PostgresError(kind: .connectionString, message: scrubbed)
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var i = 0
        while let keyword = options[i].keyword {
            if let v = options[i].val { values[String(cString: keyword)] = String(cString: v) }
            i += 1
        }
        var secrets = written
        if let p = values["password"], !p.isEmpty { secrets.append(p) }
        self.conninfo = info
        self.secrets = Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
        self.display = PostgresTarget.display(values)
        self.options = values.filter { !$0.key.contains("password") }
    }

    /// `text` with every password of this target replaced by `***`.
    public func scrub(_ text: String) -> String { PostgresTarget.scrub(text, secrets: secrets) }

    static func scrub(_ text: String, secrets: [String]) -> String {
        var t = text
        for s in secrets where !s.isEmpty { t = t.replacingAll(s, with: "***") }
        return t
    }

    /// `postgresql://user@host:port/dbname`, each part only when given (libpq's defaults apply
    /// to the rest: PGHOST, PGUSER, the Unix socket, …).
    static func display(_ v: [String: String]) -> String {
        var s = "postgresql://"
        if let u = v["user"], !u.isEmpty { s += u + "@" }
        if let h = v["host"], !h.isEmpty { s += h } else if let a = v["hostaddr"], !a.isEmpty { s += a }
        if let p = v["port"], !p.isEmpty { s += ":" + p }
        s += "/"
        if let d = v["dbname"], !d.isEmpty { s += d }
        return s
    }

    /// The password as written in `info`, found without libpq (so a string libpq cannot parse is
    /// scrubbed too): a URI's `user:password@` (and percent-decoded) and its `password=` query
    /// parameter; a keyword string's `password=value` or `password='quoted value'`.
    static func writtenPasswords(_ info: String) -> [String] {
        var found: [String] = []
        let chars = Array(info)
        if let schemeEnd = info.firstRange(of: "://") {
            let rest = info[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                let p = String(authority[authority.index(after: colon)..<at])
                found.append(p)
                if let decoded = p.removingPercentEncodingSimple(), decoded != p { found.append(decoded) }
            }
            if let q = info.firstIndex(of: "?") {
                for pair in info[info.index(after: q)...].split(separator: "&") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    if kv.count == 2, kv[0] == "password" {
                        let p = String(kv[1])
                        found.append(p)
                        if let decoded = p.removingPercentEncodingSimple(), decoded != p { found.append(decoded) }
                    }
                }
            }
            return found
        }
        // keyword = value pairs; values may be single-quoted with \' and \\ escapes.
        var i = 0
        func skipSpaces() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        while i < chars.count {
            skipSpaces()
            var key = ""
            while i < chars.count, chars[i] != "=", !chars[i].isWhitespace { key.append(chars[i]); i += 1 }
            skipSpaces()
            guard i < chars.count, chars[i] == "=" else { break }
            i += 1
            skipSpaces()
            var value = ""
            if i < chars.count, chars[i] == "'" {
                i += 1
                while i < chars.count, chars[i] != "'" {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    value.append(chars[i]); i += 1
                }
                i += 1
            } else {
                while i < chars.count, !chars[i].isWhitespace {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    value.append(chars[i]); i += 1
                }
            }
            if key == "password" { found.append(value) }
        }
        return found
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }

    /// `%XX` decoded as UTF-8 (nil when malformed), without Foundation.
    func removingPercentEncodingSimple() -> String? {
        var bytes: [UInt8] = []
        var it = Array(utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard let h = it.popFirst(), let l = it.popFirst(),
                      let hv = hexValue(h), let lv = hexValue(l) else { return nil }
                bytes.append(hv << 4 | lv)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
