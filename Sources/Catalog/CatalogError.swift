/// A problem with an input file, rendered as one line: `file:position: reason`.
public struct CatalogError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The file is malformed or holds values we cannot use (exit status 65).
        case badData
        /// The file does not exist or cannot be read (exit status 66).
        case missingFile
        /// A request names something that is not there (unknown border id, ...) (exit status 64).
        case badRequest
        /// The source exists but cannot be read: a database that refuses the connection or the
        /// password, or a connection lost while reading (exit status 74).
        case unreadable
    }

    public var kind: Kind
    public var file: String?
    /// "line 12", "12:5", "record 7", "feature 3", or nil.
    public var position: String?
    public var reason: String

    public init(_ kind: Kind, file: String? = nil, position: String? = nil, _ reason: String) {
        self.kind = kind
        self.file = file
        self.position = position
        self.reason = reason
    }

    public var description: String {
        var s = ""
        if let file { s += file + ":" }
        if let position { s += position + ":" }
        return s.isEmpty ? reason : s + " " + reason
    }
}
