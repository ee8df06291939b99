/// Why a PostGIS output was refused or failed, as one line without a password.
public struct PostGISOutputError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// A request the writer refuses before changing anything: an existing table without
        /// `--overwrite`, a name PostgreSQL cannot hold (status 64, like a refused output path).
        case refused
        /// A feature the table cannot hold (status 65).
        case badFeature
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
