/// A date without time zone: dates of birth, selection dates, the as-of date.
/// Kept as three integers so comparison and day arithmetic need no Foundation.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    // Four bytes, not twenty-four: every record view carries a date of birth.
    private let y: Int16
    private let m: UInt8
    private let d: UInt8

    public var year: Int { Int(y) }
    public var month: Int { Int(m) }
    public var day: Int { Int(d) }

    /// Returns nil for impossible dates such as 31/02/2020 or 00/00/0000.
    public init?(year: Int, month: Int, day: Int) {
        guard (1800...2200).contains(year), (1...12).contains(month), day >= 1,
              day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        y = Int16(year); m = UInt8(month); d = UInt8(day)
    }

    /// Parses `yyyy-MM-dd` (the store's and the command line's form).
    public init?(iso: String) {
        let u = Array(iso.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              let y = CalendarDate.digits(u, 0, 4), let m = CalendarDate.digits(u, 5, 2),
              let d = CalendarDate.digits(u, 8, 2) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (civil-from-days inverse, Howard Hinnant's algorithm).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.y = Int16(yoe + era * 400 + (m <= 2 ? 1 : 0))
        self.m = UInt8(m)
        self.d = UInt8(d)
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    public func days(since other: CalendarDate) -> Int { dayNumber - other.dayNumber }

    /// Whole years of age on `date` (birthday on 29 February counts from 1 March in common years).
    public func age(on date: CalendarDate) -> Int {
        var a = date.year - year
        if date.month < month || (date.month == month && date.day < day) { a -= 1 }
        return a
    }

    /// Day and month swapped, when that is itself a valid and different date.
    public var transposed: CalendarDate? {
        guard day != month, day <= 12 else { return nil }
        return CalendarDate(year: year, month: day, day: month)
    }

    public var iso: String {
        var s = String(year)
        s += month < 10 ? "-0\(month)" : "-\(month)"
        s += day < 10 ? "-0\(day)" : "-\(day)"
        return s
    }

    public var description: String { iso }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.y, a.m, a.d) < (b.y, b.m, b.d)
    }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = CalendarDate(iso: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a yyyy-MM-dd date: \(s)"))
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }

    static func digits(_ u: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var v = 0
        for i in start..<(start + count) {
            let c = u[i]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }
}

/// A local date and time (custody records carry no zone).
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CalendarDate
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init?(date: CalendarDate, hour: Int, minute: Int, second: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date; self.hour = hour; self.minute = minute; self.second = second
    }

    public var iso: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date.iso)T\(two(hour)):\(two(minute)):\(two(second))"
    }

    public var description: String { iso }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.date, a.hour, a.minute, a.second) < (b.date, b.hour, b.minute, b.second)
    }
}
