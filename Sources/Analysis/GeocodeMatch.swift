import Coordinates
import Domain

/// How one report's place text was placed, or why it was not.
public struct GeocodeMatch: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// A point with its precision.
        case placed
        /// Several places fit equally; none is guessed (`candidates` lists them).
        case ambiguous
        /// No place fits.
        case unplaced
    }

    public var outcome: Outcome
    public var level: GazetteerPlace.Level?
    public var coordinate: Coordinate?
    /// Radius in metres within which the reported place lies around `coordinate`.
    public var precisionM: Double?
    /// The matched place's name (a district: "<name> district").
    public var name: String?
    /// Its gazetteer id (a district: the id of the settlement it is anchored on).
    public var id: String?
    /// 1 = the place's own name, 0.9 = one of its other names; × 0.8 when the report named a finer
    /// level the gazetteer does not have (a district placed at its province).
    public var score: Double?
    /// Why a row is not placed, or what a placed row should be read with (a fallback, a choice).
    public var reason: String
    public var candidates: [GazetteerPlace]

    public init(outcome: Outcome, level: GazetteerPlace.Level? = nil, coordinate: Coordinate? = nil, precisionM: Double? = nil,
                name: String? = nil, id: String? = nil, score: Double? = nil, reason: String = "", candidates: [GazetteerPlace] = []) {
        self.outcome = outcome
        self.level = level
        self.coordinate = coordinate
        self.precisionM = precisionM
        self.name = name
        self.id = id
        self.score = score
        self.reason = reason
        self.candidates = candidates
    }

    static func unplaced(_ reason: String) -> GeocodeMatch { GeocodeMatch(outcome: .unplaced, reason: reason) }
}
