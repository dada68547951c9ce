/// The sample generator's own random numbers: xoshiro256** seeded through SplitMix64.
/// Never Foundation randomness or the clock, so the same seed gives the same bytes everywhere.
struct SampleRNG {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in 0..<n (n > 0; bias is below 2^-32 for the sizes used here).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(((next() >> 32) &* UInt64(n)) >> 32)
    }

    /// Uniform in the closed range.
    @inline(__always)
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.upperBound - r.lowerBound + 1) }

    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }

    mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }

    /// Index drawn with the given integer weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var total = 0
        for w in weights { total += w }
        var r = below(total)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// A fresh generator split off this one (for independent streams).
    mutating func split() -> SampleRNG { SampleRNG(seed: next()) }
}

/// Stateless 64-bit mix (SplitMix64 finaliser): per-record cosmetic choices without shared state.
@inline(__always)
func sampleMix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var z = a &+ (b &* 0x9E37_79B9_7F4A_7C15) &+ 0x632B_E59B_D9B4_E019
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// A small cursor over the bits of one mixed value: `take(n)` returns 0..<n.
struct SampleBits {
    var value: UInt64
    init(_ seed: UInt64, _ salt: UInt64) { value = sampleMix(seed, salt) }
    @inline(__always)
    mutating func take(_ n: Int) -> Int {
        if value < UInt64(n) * 4 { value = sampleMix(value, 0x5EED) }
        let r = Int(value % UInt64(n))
        value /= UInt64(n)
        return r
    }
    /// True with probability `percent`/100.
    @inline(__always)
    mutating func percent(_ p: Int) -> Bool { take(100) < p }
}
