/// How two dates of birth relate: the slips people make when they key a date, strongest first.
/// Sentinel dates (1900-01-01, 1970-01-01) carry no identity and compare as missing.
public enum DateOfBirthComparison {
    public enum Level: UInt8, Sendable, Comparable, CaseIterable, Codable {
        case exact
        /// Day and month swapped (03/11 against 11/03), the commonest hand-entry slip.
        case transposed
        /// A day apart (15/03 against 16/03, 31/03 against 01/04).
        case oneDayOut
        /// One digit of `ddMMyyyy` differs (15/03/1990 against 15/08/1990 or 15/03/1980).
        case oneDigitOff
        /// Same day and month, the year one out (1989 against 1990).
        case yearOneOut
        /// Within a year of each other.
        case withinAYear
        case different
        case missing
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public var text: String {
            switch self {
            case .exact: return "equal"
            case .transposed: return "day and month transposed"
            case .oneDayOut: return "one day out"
            case .oneDigitOff: return "one digit off"
            case .yearOneOut: return "year one out"
            case .withinAYear: return "within a year"
            case .different: return "differs"
            case .missing: return "missing"
            }
        }
    }

    static let sentinels: Set<Int> = [CalendarDate(year: 1900, month: 1, day: 1)!.dayNumber, 0]

    /// Whether a date of birth says anything about who someone is.
    public static func carriesIdentity(_ d: CalendarDate?) -> Bool {
        guard let d else { return false }
        return !sentinels.contains(d.dayNumber)
    }

    public static func compare(_ a: CalendarDate?, _ b: CalendarDate?) -> Level {
        guard carriesIdentity(a), carriesIdentity(b), let a, let b else { return .missing }
        return compare(packed: packed(a), packed(b))
    }

    /// `yyyyMMdd` as one integer, the form the index holds; 0 when the date carries no identity.
    static func packed(_ d: CalendarDate?) -> Int32 {
        guard carriesIdentity(d), let d else { return 0 }
        return Int32(d.year * 10_000 + d.month * 100 + d.day)
    }

    /// Days since 1970-01-01 of a packed date (proleptic Gregorian).
    @inline(__always) static func dayNumber(packed d: Int32) -> Int32 {
        var y = d / 10_000
        let m = d / 100 % 100, day = d % 100
        if m <= 2 { y -= 1 }
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The comparison over packed dates (both non-zero).
    @inline(__always) static func compare(packed a: Int32, _ b: Int32) -> Level {
        if a == b { return .exact }
        let ya = a / 10_000, yb = b / 10_000
        let ma = a / 100 % 100, mb = b / 100 % 100
        let da = a % 100, db = b % 100
        if ya == yb, da == mb, ma == db { return .transposed }
        let apart = abs(dayNumber(packed: a) - dayNumber(packed: b))
        if apart == 1 { return .oneDayOut }
        var differing = 0
        if da % 10 != db % 10 { differing += 1 }
        if da / 10 != db / 10 { differing += 1 }
        if ma % 10 != mb % 10 { differing += 1 }
        if ma / 10 != mb / 10 { differing += 1 }
        if ya != yb {
            var u = ya, v = yb
            for _ in 0..<4 {
                if u % 10 != v % 10 { differing += 1 }
                u /= 10; v /= 10
            }
        }
        if differing == 1 { return .oneDigitOff }
        if ma == mb, da == db, abs(ya - yb) == 1 { return .yearOneOut }
        return apart <= 366 ? .withinAYear : .different
    }
}
