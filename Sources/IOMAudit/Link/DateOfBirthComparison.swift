/// How two dates of birth relate. Sentinel dates (1900-01-01, 1970-01-01) carry no identity and
/// compare as missing.
public enum DateOfBirthComparison {
    public enum Level: UInt8, Sendable, Comparable {
        case exact
        /// Day and month swapped (03/11 against 11/03), the commonest hand-entry slip.
        case transposed
        /// One digit of `ddMMyyyy` differs (15/03/1990 against 16/03/1990 or 15/03/1980).
        case oneDigitOff
        case sameYear
        case different
        case missing
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
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

    /// The comparison over packed dates (both non-zero).
    @inline(__always) static func compare(packed a: Int32, _ b: Int32) -> Level {
        if a == b { return .exact }
        let ya = a / 10_000, yb = b / 10_000
        let ma = a / 100 % 100, mb = b / 100 % 100
        let da = a % 100, db = b % 100
        if ya == yb, da == mb, ma == db { return .transposed }
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
        return ya == yb ? .sameYear : .different
    }
}
