/// An `IntegerProgram` as text in the CPLEX LP format, which GLPK (`glp_read_lp`), HiGHS
/// (`Highs.readModel`), CBC and CPLEX read: so another solver can solve exactly the model that
/// `GLPKSolver` solved. Numbers are written in Swift's shortest round-trip form (the decimal text
/// reads back as the very same Double); a row bounded on both sides becomes two rows (`<name>_lo`,
/// `<name>_hi`); a column's name keeps only letters, digits and `_` (others become `_`).
public enum LPFormat {
    public static func text(_ p: IntegerProgram) -> String {
        var out = "\\ \(p.name.filter { !$0.isNewline })\n"
        out += p.sense == .maximize ? "Maximize\n" : "Minimize\n"
        let names = p.columns.map { name($0.name) }
        out += " obj:" + expression(p.columns.indices.compactMap { i in
            p.columns[i].objective == 0 ? nil : IntegerProgram.Term(i, p.columns[i].objective)
        }, names, orZeroOf: 0) + "\n"
        out += "Subject To\n"
        for r in p.rows {
            let e = expression(r.terms, names, orZeroOf: r.terms.first?.column ?? 0)
            switch (r.lower, r.upper) {
            case (let lo?, let hi?) where lo == hi:
                out += " \(name(r.name)):\(e) = \(number(lo))\n"
            case (let lo?, let hi?):
                out += " \(name(r.name))_lo:\(e) >= \(number(lo))\n"
                out += " \(name(r.name))_hi:\(e) <= \(number(hi))\n"
            case (let lo?, nil):
                out += " \(name(r.name)):\(e) >= \(number(lo))\n"
            case (nil, let hi?):
                out += " \(name(r.name)):\(e) <= \(number(hi))\n"
            case (nil, nil):
                continue
            }
        }
        out += "Bounds\n"
        for (c, n) in zip(p.columns, names) {
            let lo = c.lower.isFinite ? number(c.lower) : "-inf"
            let hi = c.upper.isFinite ? number(c.upper) : "+inf"
            out += c.lower.isInfinite && c.upper.isInfinite ? " \(n) free\n" : " \(lo) <= \(n) <= \(hi)\n"
        }
        let integers = zip(p.columns, names).filter { $0.0.isInteger }
        if !integers.isEmpty {
            out += "General\n"
            for chunk in stride(from: 0, to: integers.count, by: 10) {
                out += " " + integers[chunk..<min(chunk + 10, integers.count)].map(\.1).joined(separator: " ") + "\n"
            }
        }
        out += "End\n"
        return out
    }

    /// " + 1.5 x1 - 2 x2" wrapped every 8 terms; an empty form is written as " 0 <column>".
    static func expression(_ terms: [IntegerProgram.Term], _ names: [String], orZeroOf column: Int) -> String {
        guard !terms.isEmpty else { return names.isEmpty ? " 0" : " 0 \(names[column])" }
        var s = ""
        for (k, t) in terms.enumerated() {
            if k > 0 && k % 8 == 0 { s += "\n   " }
            let sign = t.coefficient < 0 ? "-" : "+"
            s += " \(sign) \(number(abs(t.coefficient))) \(names[t.column])"
        }
        return s
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    static func name(_ s: String) -> String {
        let cleaned = String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
        return cleaned.first.map { $0.isLetter || $0 == "_" } == true ? cleaned : "c_" + cleaned
    }
}
