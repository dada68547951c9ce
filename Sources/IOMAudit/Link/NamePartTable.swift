/// Distinct normalised name parts, each stored once. A record holds integer ids, so equal names are
/// equal ids and comparing names touches the bytes only for Jaro-Winkler. Id 0 is the empty part.
/// Ids follow first appearance, so they are never used for ordering or block keys (the hash is).
struct NamePartTable {
    private(set) var bytes: [UInt8] = []
    private(set) var start: [Int32] = [0]
    private(set) var length: [Int32] = [0]
    /// FNV-1a of the bytes: the same for the same text in every run.
    private(set) var hash: [UInt64] = [0]
    private var slots: [Int32] = [Int32](repeating: -1, count: 1 << 12)

    var count: Int { start.count }

    static func fnv1a(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in p { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        if p.isEmpty { return 0 }
        let h = NamePartTable.fnv1a(p)
        var mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[i]
            if id < 0 { break }
            if hash[Int(id)] == h, equal(id, p) { return id }
            i = (i + 1) & mask
        }
        let id = Int32(start.count)
        start.append(Int32(bytes.count))
        length.append(Int32(p.count))
        hash.append(h)
        bytes.append(contentsOf: p)
        slots[i] = id
        if start.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for k in 1..<start.count {
                var j = Int(truncatingIfNeeded: hash[k]) & mask
                while slots[j] >= 0 { j = (j + 1) & mask }
                slots[j] = Int32(k)
            }
        }
        return id
    }

    mutating func intern(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { intern($0) }
    }

    mutating func intern(_ s: Substring) -> Int32 {
        var s = s
        return s.withUTF8 { intern($0) }
    }

    private func equal(_ id: Int32, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let i = Int(id)
        guard Int(length[i]) == p.count else { return false }
        let s = Int(start[i])
        for k in 0..<p.count where bytes[s + k] != p[k] { return false }
        return true
    }

    /// First byte of the part (0 when empty): for block keys.
    func initial(_ id: Int32) -> UInt64 {
        id == 0 ? 0 : UInt64(bytes[Int(start[Int(id)])])
    }

    /// Up to the first three bytes packed into one integer: for block keys.
    func prefix3(_ id: Int32) -> UInt64 {
        if id == 0 { return 0 }
        let s = Int(start[Int(id)]), n = min(3, Int(length[Int(id)]))
        var v: UInt64 = 0
        for k in 0..<n { v = v << 8 | UInt64(bytes[s + k]) }
        return v
    }

    func text(_ id: Int32) -> String {
        let i = Int(id)
        return String(decoding: bytes[Int(start[i])..<Int(start[i] + length[i])], as: UTF8.self)
    }
}

extension NamePartTable {
    func jaroWinkler(_ a: Int32, _ b: Int32) -> Double {
        bytes.withUnsafeBufferPointer { pool in
            let x = UnsafeBufferPointer(rebasing: pool[Int(start[Int(a)])..<Int(start[Int(a)] + length[Int(a)])])
            let y = UnsafeBufferPointer(rebasing: pool[Int(start[Int(b)])..<Int(start[Int(b)] + length[Int(b)])])
            return NameComparison.jaroWinkler(x, y)
        }
    }

    /// Level of two interned parts.
    @inline(__always) func level(_ a: Int32, _ b: Int32) -> NameComparison.Level {
        if a == 0 || b == 0 { return .missing }
        if a == b { return .exact }
        return NameComparison.level(jaroWinkler: jaroWinkler(a, b))
    }
}
