import Foundation

/// How a patrol moves: on foot, or on horseback.
public enum TravelMode: String, Sendable, Hashable, CaseIterable {
    case foot, horse
}

/// Coverage by travel time: a post covers the border points its patrol reaches within
/// `patrolHours` over the terrain, a settlement those within `settlementHours`.
///
/// Speed (km/h) on a gradient S = dh/dx (signed: climbing positive) is Tobler's hiking function
/// W = 6·exp(−3.5·|S + 0.05|) (W. Tobler, "Three presentations on geographical analysis and
/// modeling: Non-isotropic geographic modeling", NCGIA Technical Report 93-1, 1993), which is
/// anisotropic: fastest (6 km/h) on a 5 % descent, 5.04 km/h on the flat. Tobler's own factors
/// for the same function: × 3/5 off path (the borders' gaps have no trail), × 5/4 on horseback.
/// So foot = 0.6·W (3.02 km/h on the flat), horse = 0.6·1.25·W = 0.75·W (3.78 km/h on the flat).
public struct TravelParameters: Sendable, Hashable {
    public var patrolHours: Double
    public var settlementHours: Double
    public var mode: TravelMode

    public init(patrolHours: Double, settlementHours: Double, mode: TravelMode = .foot) {
        self.patrolHours = patrolHours
        self.settlementHours = settlementHours
        self.mode = mode
    }

    /// Tobler's off-path factor (1993): 3/5.
    public static let offPathFactor = 0.6
    /// Tobler's horseback factor (1993): 5/4.
    public static let horseFactor = 1.25

    /// The factor applied to Tobler's function in this mode.
    public var speedFactor: Double { TravelParameters.offPathFactor * (mode == .horse ? TravelParameters.horseFactor : 1) }

    /// Speed (m/s) on the signed gradient `s` (rise over run; climbing positive).
    @inline(__always)
    public func speed(gradient s: Double) -> Double {
        speedFactor * 6 * exp(-3.5 * abs(s + 0.05)) / 3.6
    }

    /// Speed (m/s) on flat ground: 0.6 · 6·exp(−0.175) km/h = 3.022 km/h on foot.
    public var flatSpeed: Double { speed(gradient: 0) }

    /// The distance (m) covered on flat ground in `hours`: the radius equivalent to a budget.
    public func flatDistance(hours: Double) -> Double { hours * 3600 * flatSpeed }

    /// Travel budgets above this (hours) are refused.
    public static let maxHours = 1_000.0
}
