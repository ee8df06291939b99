import Domain
import Foundation

/// Which seizures an analysis keeps: a date range and/or a list of drugs.
///
/// Dates are ISO 8601 calendar dates, possibly partial: `2021`, `2021-08`, `2021-08-24` (a partial
/// date stands for its whole year or month). A record's date is the interval
/// [date_start, date_end]; a missing date_start means "on or before date_end", a missing date_end
/// means "on date_start". A record is kept when its interval overlaps [--from, --to] (it may have
/// happened in the range); records with no date at all are dropped as soon as a date bound is set.
///
/// Drugs match case-insensitively, as a whole word or phrase of the record's `drug` text:
/// `heroin` matches "heroin" and "heroin; synthetic drugs", `mephedrone` matches "psychotropic
/// substances (mephedrone)", `hash` matches nothing in "hashish". Several drugs: any of them.
public struct SeizureFilter: Sendable, Hashable {
    /// First and last day (days since 1970-01-01) of the range; nil: unbounded.
    public var fromDay: Int?
    public var toDay: Int?
    /// Lower-cased drug names; empty: every drug.
    public var drugs: [String]

    public init(from: String? = nil, to: String? = nil, drugs: [String] = []) throws {
        if let from {
            guard let r = SeizureFilter.dayRange(from) else { throw SeizureFilterError.badDate(from) }
            fromDay = r.lowerBound
        }
        if let to {
            guard let r = SeizureFilter.dayRange(to) else { throw SeizureFilterError.badDate(to) }
            toDay = r.upperBound
        }
        if let f = fromDay, let t = toDay, f > t { throw SeizureFilterError.emptyRange(from ?? "", to ?? "") }
        self.drugs = drugs.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    public var isEmpty: Bool { fromDay == nil && toDay == nil && drugs.isEmpty }

    public func matches(_ s: Seizure) -> Bool {
        matches(dateStart: s.dateStart, dateEnd: s.dateEnd, drug: s.drug)
    }

    public func matches(dateStart: String?, dateEnd: String?, drug: String?) -> Bool {
        if fromDay != nil || toDay != nil {
            let start = dateStart.flatMap(SeizureFilter.dayRange)
            let end = dateEnd.flatMap(SeizureFilter.dayRange)
            guard start != nil || end != nil else { return false }
            let lo = start?.lowerBound ?? Int.min
            let hi = end?.upperBound ?? start!.upperBound
            if let f = fromDay, hi < f { return false }
            if let t = toDay, lo > t { return false }
        }
        if !drugs.isEmpty {
            guard let d = drug?.lowercased(), drugs.contains(where: { SeizureFilter.containsPhrase(d, $0) }) else { return false }
        }
        return true
    }

    /// Is `phrase` in `text` with no letter or digit right before or after it?
    static func containsPhrase(_ text: String, _ phrase: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let r = text.range(of: phrase, range: searchRange) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before?.isLetter ?? false || before?.isNumber ?? false) && !(after?.isLetter ?? false || after?.isNumber ?? false) {
                return true
            }
            searchRange = text.index(after: r.lowerBound)..<text.endIndex
        }
        return false
    }

    /// The days a (partial) ISO date covers, as days since 1970-01-01; nil if it is not one.
    /// A longer text whose first 10 characters are a date (a timestamp) counts as that day.
    public static func dayRange(_ text: String) -> ClosedRange<Int>? {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        if t.count > 10, t.dropFirst(10).first.map({ $0 == "T" || $0 == " " }) == true { t = t.prefix(10) }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]),
              parts.dropFirst().allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }) else { return nil }
        if parts.count == 1 { return days(y, 1, 1)...days(y, 12, 31) }
        guard let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        let last = monthLength(y, m)
        if parts.count == 2 { return days(y, m, 1)...days(y, m, last) }
        guard let d = Int(parts[2]), (1...last).contains(d) else { return nil }
        return days(y, m, d)...days(y, m, d)
    }

    static func monthLength(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func days(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

public enum SeizureFilterError: Error, CustomStringConvertible, Sendable {
    case badDate(String)
    case emptyRange(String, String)

    public var description: String {
        switch self {
        case .badDate(let s): "'\(s)' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
        case .emptyRange(let a, let b): "--from \(a) is after --to \(b)"
        }
    }
}
