/// How alike two normalised name parts are. The levels are the slips people make when they key a
/// name, strongest first; each level's weight is fitted to the force's data (`MatchModel`).
/// Names reach here already normalised (`PersonName`): upper case, single spaces.
public enum NameComparison {
    public enum Level: UInt8, Sendable, Comparable, CaseIterable, Codable {
        case exact
        /// A nickname or short form of the other (JIM/JAMES, CHRIS/CHRISTOPHER): forenames only.
        case variant
        /// One's forename is the other's middle name (PAUL for KIERAN PAUL: known by a middle name):
        /// forenames only, set by the record comparison, which knows the middle names.
        case middle
        /// One is a part of the other's double-barrelled or two-word name (SMITH / SMITH JONES).
        case part
        /// One letter added, dropped, changed, or two neighbours swapped (Damerau–Levenshtein 1).
        case typo
        /// Jaro–Winkler at least 0.92 (two slips in a long name).
        case close
        /// Jaro–Winkler at least 0.88.
        case similar
        /// One side is a single letter, the other's initial (J / JAMES): forenames only.
        case initial
        /// Not alike, but starting with the same letter: forenames only. Most nicknames no table holds
        /// keep the first letter (JIMBO / JAMES, JASSI / JASWINDER, NIKKI / NICOLA); strangers share
        /// one about one time in fifteen. The fit weighs it between alike and different.
        case sameInitial
        case different
        case missing
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        /// Any level that says the two could be the same name (not a shared first letter alone).
        public var isAlike: Bool { self < .sameInitial }

        public var text: String {
            switch self {
            case .exact: return "equal"
            case .variant: return "nickname or short form"
            case .middle: return "is the other's middle name"
            case .part: return "part of a double-barrelled name"
            case .typo: return "one typing slip"
            case .close: return "close"
            case .similar: return "similar"
            case .initial: return "initial only"
            case .sameInitial: return "differs, same first letter"
            case .different: return "differs"
            case .missing: return "missing"
            }
        }
    }

    /// At or above this the names are "close".
    public static let closeThreshold = 0.92
    /// At or above this they are "similar" (one letter changed in a five-letter name scores 0.88–0.89).
    public static let similarThreshold = 0.88

    /// Level of two normalised parts, without nickname knowledge (`variant` needs the seed table).
    public static func level(_ a: String, _ b: String, forename: Bool = false) -> Level {
        var a = a, b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in level(pa, pb, forename: forename, variants: false) } }
    }

    /// The level over bytes. `variants` tells whether a nickname table already said the two are
    /// variants of one name.
    static func level(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, forename: Bool, variants: Bool) -> Level {
        if a.isEmpty || b.isEmpty { return .missing }
        if a.elementsEqual(b) { return .exact }
        if forename {
            if variants { return .variant }
            if a.count == 1 || b.count == 1 { return a[0] == b[0] ? .initial : .different }
            // A short form written as the start of the full name (CHRIS / CHRISTOPHER, ALEX / ALEXANDRA).
            if min(a.count, b.count) >= 3, isPrefix(a, of: b) || isPrefix(b, of: a) { return .variant }
        } else if isWord(a, of: b) || isWord(b, of: a) {
            return .part
        }
        if withinOneEdit(a, b) { return .typo }
        let jw = jaroWinkler(a, b)
        if jw >= closeThreshold { return .close }
        if jw >= similarThreshold { return .similar }
        return forename && a[0] == b[0] ? .sameInitial : .different
    }

    @inline(__always) static func isPrefix(_ a: UnsafeBufferPointer<UInt8>, of b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count < b.count && b.starts(with: a)
    }

    /// `a` is one whole space-separated word of `b` (and `b` has more than one).
    static func isWord(_ a: UnsafeBufferPointer<UInt8>, of b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count < b.count, a.count >= 2 else { return false }
        var start = 0
        for i in 0...b.count where i == b.count || b[i] == 32 {
            if i - start == a.count, b[start..<i].elementsEqual(a) { return true }
            start = i + 1
        }
        return false
    }

    /// Damerau–Levenshtein distance at most 1: one insertion, deletion, substitution or swap of neighbours.
    static func withinOneEdit(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let la = a.count, lb = b.count
        if abs(la - lb) > 1 { return false }
        var i = 0
        while i < la, i < lb, a[i] == b[i] { i += 1 }
        if i == la && i == lb { return true }
        if la == lb {
            // Substitution: the rest equal. Swap: a[i]a[i+1] == b[i+1]b[i] and the rest equal.
            if a[(i + 1)...].elementsEqual(b[(i + 1)...]) { return true }
            return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)...].elementsEqual(b[(i + 2)...])
        }
        // One inserted or dropped letter.
        return la < lb ? a[i...].elementsEqual(b[(i + 1)...]) : a[(i + 1)...].elementsEqual(b[i...])
    }

    /// Jaro-Winkler similarity (prefix scale 0.1 over at most four characters, applied above Jaro 0.7).
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        var a = a, b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in jaroWinkler(pa, pb) } }
    }

    /// Jaro-Winkler over bytes; names are compared byte by byte (normalised names are ASCII).
    static func jaroWinkler(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let la = a.count, lb = b.count
        if la == 0 || lb == 0 { return la == lb ? 1 : 0 }
        // Short side first.
        if la > lb { return jaroWinkler(b, a) }
        if lb > 64 { return longJaroWinkler(a, b) }
        let window = max(0, lb / 2 - 1)
        var fa: UInt64 = 0, fb: UInt64 = 0
        var matches = 0
        for i in 0..<la {
            let lo = max(0, i - window), hi = min(lb - 1, i + window)
            if lo > hi { continue }
            let c = a[i]
            var j = lo
            while j <= hi {
                if fb & (1 << UInt64(j)) == 0 && b[j] == c {
                    fa |= 1 << UInt64(i); fb |= 1 << UInt64(j); matches += 1
                    break
                }
                j += 1
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var x = fa, y = fb
        while x != 0 {
            let i = x.trailingZeroBitCount, k = y.trailingZeroBitCount
            if a[i] != b[k] { transpositions += 1 }
            x &= x - 1; y &= y - 1
        }
        return winkler(a, b, matches: matches, transpositions: transpositions)
    }

    @inline(__always)
    private static func winkler(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, matches: Int, transpositions: Int) -> Double {
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
        if jaro <= 0.7 { return jaro }
        var prefix = 0
        while prefix < min(4, a.count), a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    /// The same for names longer than 64 bytes, with flag arrays.
    private static func longJaroWinkler(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let la = a.count, lb = b.count
        let window = max(0, lb / 2 - 1)
        var flagsA = [Bool](repeating: false, count: la), flagsB = [Bool](repeating: false, count: lb)
        var matches = 0
        for i in 0..<la {
            let lo = max(0, i - window), hi = min(lb - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where !flagsB[j] && b[j] == a[i] {
                flagsA[i] = true; flagsB[j] = true; matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0, k = 0
        for i in 0..<la where flagsA[i] {
            while !flagsB[k] { k += 1 }
            if a[i] != b[k] { transpositions += 1 }
            k += 1
        }
        return winkler(a, b, matches: matches, transpositions: transpositions)
    }
}
