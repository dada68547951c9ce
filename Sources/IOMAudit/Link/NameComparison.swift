/// How alike two normalised name parts are: exact, Jaro-Winkler close or similar, different, or
/// missing when either side is empty. Names reach here already normalised (`PersonName`).
public enum NameComparison {
    public enum Level: UInt8, Sendable, Comparable {
        case exact, close, similar, different, missing
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        /// Exact, close or similar.
        public var isAlike: Bool { self == .exact || self == .close || self == .similar }
    }

    /// At or above this the names are "close" (a transposed pair of letters, a dropped letter in a long name).
    public static let closeThreshold = 0.92
    /// At or above this they are "similar" (one letter changed in a five-letter name scores 0.88–0.89).
    public static let similarThreshold = 0.88

    public static func level(_ a: String, _ b: String) -> Level {
        if a.isEmpty || b.isEmpty { return .missing }
        if a == b { return .exact }
        return level(jaroWinkler: jaroWinkler(a, b))
    }

    @inline(__always) static func level(jaroWinkler jw: Double) -> Level {
        jw >= closeThreshold ? .close : jw >= similarThreshold ? .similar : .different
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
