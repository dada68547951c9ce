/// Distinct normalised name parts, each stored once. A record holds integer ids, so equal names are
/// equal ids and comparing names touches the bytes only for Jaro-Winkler. Id 0 is the empty part.
/// Ids follow first appearance, so they are never used for ordering or block keys (the hash is).
struct NamePartTable {
    private(set) var bytes: [UInt8] = []
    private(set) var start: [Int32] = [0]
    private(set) var length: [Int32] = [0]
    /// FNV-1a of the bytes: the same for the same text in every run.
    private(set) var hash: [UInt64] = [0]
    /// Soundex of the part (`NameCode`), 0 for the empty part: for block keys.
    private(set) var code: [UInt32] = [0]
    /// Whether the part holds a space (a double-barrelled name): its words have block codes too.
    private(set) var multiword: [Bool] = [false]
    /// Nickname roots of each part as ids into `rootCodes` (`attach(_:)`); empty without a table.
    private(set) var rootStart: [Int32] = []
    private(set) var rootIDs: [Int32] = []
    /// Soundex of each root, by root id.
    private(set) var rootCodes: [UInt32] = []
    /// Open addressing: the hash's high half and the id (never 0: the empty part is not stored); 0 is free.
    private var slots: [UInt64] = [UInt64](repeating: 0, count: 1 << 12)

    var count: Int { start.count }

    static func fnv1a(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in p { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        if p.isEmpty { return 0 }
        let h = NamePartTable.fnv1a(p)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        // A slot holds the hash's high half beside the id: a different name is passed over without
        // reading its hash or its bytes (a cache miss each at a force's size).
        while true {
            let e = slots[i]
            if e == 0 { break }
            if e & 0xFFFF_FFFF_0000_0000 == tag, equal(Int32(truncatingIfNeeded: e & 0xFFFF_FFFF), p) {
                return Int32(truncatingIfNeeded: e & 0xFFFF_FFFF)
            }
            i = (i + 1) & mask
        }
        let id = Int32(start.count)
        start.append(Int32(bytes.count))
        length.append(Int32(p.count))
        hash.append(h)
        code.append(NameCode.soundex(p))
        multiword.append(p.contains(32))
        bytes.append(contentsOf: p)
        slots[i] = tag | UInt64(UInt32(id))
        if start.count * 2 > slots.count {
            slots = [UInt64](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for k in 1..<start.count {
                var j = Int(truncatingIfNeeded: hash[k]) & mask
                while slots[j] != 0 { j = (j + 1) & mask }
                slots[j] = hash[k] & 0xFFFF_FFFF_0000_0000 | UInt64(k)
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

    func length(_ id: Int32) -> Int { Int(length[Int(id)]) }

    @inline(__always) func isMultiword(_ id: Int32) -> Bool { multiword[Int(id)] }

    func text(_ id: Int32) -> String {
        let i = Int(id)
        return String(decoding: bytes[Int(start[i])..<Int(start[i] + length[i])], as: UTF8.self)
    }
}

extension NamePartTable {
    /// Looks every part up in the nickname table once, so comparing two forenames is an integer test.
    mutating func attach(_ variants: GivenNameVariants) {
        rootStart = [Int32](repeating: 0, count: count + 1)
        rootIDs = []
        rootCodes = []
        if variants.isEmpty { return }
        var rootID: [String: Int32] = [:]
        for id in 0..<count {
            rootStart[id] = Int32(rootIDs.count)
            guard id > 0, let roots = variants.roots[text(Int32(id))] else { continue }
            for r in roots.prefix(8) {
                let rid: Int32
                if let known = rootID[r] { rid = known } else {
                    rid = Int32(rootCodes.count)
                    rootID[r] = rid
                    rootCodes.append(NameCode.soundex(r))
                }
                rootIDs.append(rid)
            }
        }
        rootStart[count] = Int32(rootIDs.count)
    }

    /// Whether two parts are nicknames or short forms of one name by the table.
    @inline(__always) func variants(_ a: Int32, _ b: Int32) -> Bool {
        guard Int(a) + 1 < rootStart.count, Int(b) + 1 < rootStart.count else { return false }
        let a0 = Int(rootStart[Int(a)]), a1 = Int(rootStart[Int(a) + 1])
        let b0 = Int(rootStart[Int(b)]), b1 = Int(rootStart[Int(b) + 1])
        if a0 == a1 || b0 == b1 { return false }
        for i in a0..<a1 { for j in b0..<b1 where rootIDs[i] == rootIDs[j] { return true } }
        return false
    }

    /// Block codes of a forename: its own Soundex and its nickname roots' (JIM files under J500 and
    /// JAMES's J520), so a nickname meets its full name in a block.
    func forenameCodes(_ id: Int32, into out: inout [UInt32]) {
        if id == 0 { return }
        out.append(code[Int(id)])
        guard Int(id) + 1 < rootStart.count else { return }
        for k in Int(rootStart[Int(id)])..<Int(rootStart[Int(id) + 1]) {
            let c = rootCodes[Int(rootIDs[k])]
            if !out.contains(c) { out.append(c) }
        }
    }

    /// Block codes of a surname: its Soundex and, for a two-word name, each word's.
    func surnameCodes(_ id: Int32, into out: inout [UInt32]) {
        if id == 0 { return }
        out.append(code[Int(id)])
        guard multiword[Int(id)] else { return }
        let s = Int(start[Int(id)]), n = Int(length[Int(id)])
        bytes.withUnsafeBufferPointer { pool in
            var w = s
            for i in s...(s + n) where i == s + n || pool[i] == 32 {
                if i - w >= 2 {
                    let c = NameCode.soundex(UnsafeBufferPointer(rebasing: pool[w..<i]))
                    if !out.contains(c) { out.append(c) }
                }
                w = i + 1
            }
        }
    }

    func jaroWinkler(_ a: Int32, _ b: Int32) -> Double {
        bytes.withUnsafeBufferPointer { pool in
            let x = UnsafeBufferPointer(rebasing: pool[Int(start[Int(a)])..<Int(start[Int(a)] + length[Int(a)])])
            let y = UnsafeBufferPointer(rebasing: pool[Int(start[Int(b)])..<Int(start[Int(b)] + length[Int(b)])])
            return NameComparison.jaroWinkler(x, y)
        }
    }

    /// Level of two interned parts, as surnames or as forenames (nicknames and initials count).
    @inline(__always) func level(_ a: Int32, _ b: Int32, forename: Bool) -> NameComparison.Level {
        if a == 0 || b == 0 { return .missing }
        if a == b { return .exact }
        let v = forename && variants(a, b)
        return bytes.withUnsafeBufferPointer { pool in
            let x = UnsafeBufferPointer(rebasing: pool[Int(start[Int(a)])..<Int(start[Int(a)] + length[Int(a)])])
            let y = UnsafeBufferPointer(rebasing: pool[Int(start[Int(b)])..<Int(start[Int(b)] + length[Int(b)])])
            return NameComparison.level(x, y, forename: forename, variants: v)
        }
    }
}
