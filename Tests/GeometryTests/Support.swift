import Coordinates
import Geometry
import XCTest

func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(longitude: x, latitude: y) }

/// Square [x0, x0+size] × [y0, y0+size], counter-clockwise.
func square(_ x0: Double, _ y0: Double, _ size: Double) -> [Coordinate] {
    [c(x0, y0), c(x0 + size, y0), c(x0 + size, y0 + size), c(x0, y0 + size), c(x0, y0)]
}
