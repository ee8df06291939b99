/// A request the scenario cannot serve (status 64, like a bad flag).
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
