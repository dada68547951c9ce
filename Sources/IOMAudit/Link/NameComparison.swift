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
        // Short side first keeps the flag buffers small.
        if la > lb { return jaroWinkler(b, a) }
        let window = max(0, lb / 2 - 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: la + lb) { flags in
            flags.initialize(repeating: false)
            var matches = 0
            for i in 0..<la {
                let lo = max(0, i - window), hi = min(lb - 1, i + window)
                if lo > hi { continue }
                let c = a[i]
                for j in lo...hi where !flags[la + j] && b[j] == c {
                    flags[i] = true
                    flags[la + j] = true
                    matches += 1
                    break
                }
            }
            if matches == 0 { return 0 }
            var transpositions = 0, k = 0
            for i in 0..<la where flags[i] {
                while !flags[la + k] { k += 1 }
                if a[i] != b[k] { transpositions += 1 }
                k += 1
            }
            let m = Double(matches)
            let jaro = (m / Double(la) + m / Double(lb) + (m - Double(transpositions / 2)) / m) / 3
            if jaro <= 0.7 { return jaro }
            var prefix = 0
            while prefix < min(4, la), a[prefix] == b[prefix] { prefix += 1 }
            return jaro + Double(prefix) * 0.1 * (1 - jaro)
        }
    }
}
