/// A GEOS call failed: GEOS returned NULL, 2 (predicates) or an error status, and reported
/// `message` through the context's error handler.
public struct GeometryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was attempted, e.g. "intersection" or "read WKT".
    public let operation: String
    /// GEOS's own message, e.g. "TopologyException: Input geom 0 is invalid: Self-intersection at
    /// or near point 1 1" or "ParseException: Expected word but encountered end of stream".
    public let message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    /// The GEOS exception class when the message names one ("TopologyException",
    /// "ParseException", "IllegalArgumentException", ...), else nil.
    public var exceptionName: String? {
        guard let colon = message.firstIndex(of: ":") else { return nil }
        let name = message[..<colon]
        return name.hasSuffix("Exception") && !name.contains(" ") ? String(name) : nil
    }

    public var description: String { "GEOS \(operation) failed: \(message)" }
}
