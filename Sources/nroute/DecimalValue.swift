import ArgumentParser

/// A number flag written in decimal notation only (`12`, `7.5`, `1e3`, `inf`): Swift's `Double`
/// would also read `0x10` as 16 and `nan` as a number, which a user never means by a radius.
struct DecimalValue: ExpressibleByArgument, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible, Sendable {
    var value: Double

    init(_ value: Double) { self.value = value }
    init(floatLiteral value: Double) { self.value = value }
    init(integerLiteral value: Int) { self.value = Double(value) }

    init?(argument: String) {
        guard DecimalValue.isDecimal(argument), let v = Double(argument) else { return nil }
        value = v
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`, `[+-].digits...`, or `inf` / `infinity`.
    static func isDecimal(_ s: String) -> Bool {
        var u = Substring(s)
        if u.first == "+" || u.first == "-" { u = u.dropFirst() }
        if ["inf", "infinity"].contains(u.lowercased()) { return true }
        var sawDigit = false, i = u.startIndex
        func digits() {
            while i < u.endIndex, u[i].isASCII, u[i].isNumber { sawDigit = true; i = u.index(after: i) }
        }
        digits()
        if i < u.endIndex, u[i] == "." { i = u.index(after: i); digits() }
        guard sawDigit else { return false }
        if i < u.endIndex, u[i] == "e" || u[i] == "E" {
            i = u.index(after: i)
            if i < u.endIndex, u[i] == "+" || u[i] == "-" { i = u.index(after: i) }
            let before = i
            while i < u.endIndex, u[i].isASCII, u[i].isNumber { i = u.index(after: i) }
            guard i > before else { return false }
        }
        return i == u.endIndex
    }

    var description: String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
