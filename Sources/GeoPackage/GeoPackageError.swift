/// A GeoPackage that could not be built: SQLite's message, one line.
public struct GeoPackageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "GeoPackage: " + message }
}
