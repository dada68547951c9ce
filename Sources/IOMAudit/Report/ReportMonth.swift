/// A calendar month named on the command line as `YYYY-MM`: the unit of the monthly audit report.
public struct ReportMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1800...2200).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses exactly `YYYY-MM`.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 7, u[4] == UInt8(ascii: "-"),
              u.enumerated().allSatisfy({ $0.offset == 4 || ($0.element >= 48 && $0.element <= 57) }),
              let y = Int(String(text.prefix(4))), let m = Int(String(text.suffix(2))) else { return nil }
        self.init(year: y, month: m)
    }

    public init(_ date: CalendarDate) {
        year = date.year
        month = date.month
    }

    /// `YYYY-MM`.
    public var iso: String { String(format: "%04d-%02d", year, month) }
    public var description: String { iso }

    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                    "September", "October", "November", "December"]

    /// "November 2026".
    public var label: String { ReportMonth.monthNames[month - 1] + " " + String(year) }
    /// "Nov 2026".
    public var shortLabel: String { String(ReportMonth.monthNames[month - 1].prefix(3)) + " " + String(year) }
    /// "Nov".
    public var abbreviation: String { String(ReportMonth.monthNames[month - 1].prefix(3)) }

    public var previous: ReportMonth { adding(months: -1) }

    public func adding(months: Int) -> ReportMonth {
        let index = year * 12 + (month - 1) + months
        return ReportMonth(year: index / 12, month: index % 12 + 1) ?? self
    }

    public func contains(_ date: CalendarDate) -> Bool { date.year == year && date.month == month }

    public static func < (a: ReportMonth, b: ReportMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

extension CalendarDate {
    /// "30/11/2026": the form a British reader expects in a table.
    var britishShort: String { String(format: "%02d/%02d/%04d", day, month, year) }
    /// "30 November 2026".
    var britishLong: String { "\(day) \(ReportMonth.monthNames[month - 1]) \(year)" }
}
