/// A mixed-integer linear programme, as plain values: columns (variables) with bounds, an
/// objective coefficient and an integrality flag; rows (constraints) as sparse linear forms with
/// optional lower and upper bounds. Solved by `GLPKSolver`, written for other solvers by
/// `LPFormat`.
public struct IntegerProgram: Sendable, Hashable {
    public enum Sense: Sendable, Hashable { case maximize, minimize }

    public struct Column: Sendable, Hashable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public var objective: Double
        public var isInteger: Bool
        public init(name: String, lower: Double = 0, upper: Double = 1, objective: Double = 0, isInteger: Bool = false) {
            self.name = name
            self.lower = lower
            self.upper = upper
            self.objective = objective
            self.isInteger = isInteger
        }
        /// A 0/1 variable.
        public static func binary(_ name: String, objective: Double = 0) -> Column {
            Column(name: name, lower: 0, upper: 1, objective: objective, isInteger: true)
        }
    }

    public struct Row: Sendable, Hashable {
        public var name: String
        /// (column index, coefficient); each column at most once.
        public var terms: [Term]
        /// nil: unbounded on that side.
        public var lower: Double?
        public var upper: Double?
        public init(name: String, terms: [Term], lower: Double? = nil, upper: Double? = nil) {
            self.name = name
            self.terms = terms
            self.lower = lower
            self.upper = upper
        }
    }

    public struct Term: Sendable, Hashable {
        public var column: Int
        public var coefficient: Double
        public init(_ column: Int, _ coefficient: Double) {
            self.column = column
            self.coefficient = coefficient
        }
    }

    public var name: String
    public var sense: Sense
    public var columns: [Column]
    public var rows: [Row]

    public init(name: String, sense: Sense, columns: [Column] = [], rows: [Row] = []) {
        self.name = name
        self.sense = sense
        self.columns = columns
        self.rows = rows
    }

    /// The objective value of `x` (one value per column).
    public func objective(of x: [Double]) -> Double {
        zip(columns, x).reduce(0) { $0 + $1.0.objective * $1.1 }
    }

    /// Whether `x` satisfies every bound and row to within `tolerance`, and integrality.
    public func isFeasible(_ x: [Double], tolerance: Double = 1e-9) -> Bool {
        guard x.count == columns.count else { return false }
        for (c, v) in zip(columns, x) {
            if v < c.lower - tolerance || v > c.upper + tolerance { return false }
            if c.isInteger && abs(v - v.rounded()) > tolerance { return false }
        }
        for r in rows {
            let a = r.terms.reduce(0) { $0 + $1.coefficient * x[$1.column] }
            if let lo = r.lower, a < lo - tolerance { return false }
            if let hi = r.upper, a > hi + tolerance { return false }
        }
        return true
    }
}
