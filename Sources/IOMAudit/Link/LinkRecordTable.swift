/// The identity of every record of a run in flat arrays, for linking at scale: packed dates of birth,
/// interned name parts, numeric identifiers. Record index order is system order, then input order;
/// nothing that reaches the output depends on it.
struct LinkRecordTable {
    let count: Int
    let system: [SourceSystem]
    /// Position in its system's array of the `SourceRecordSet`.
    let local: [Int32]
    /// `system:id`.
    let keys: [String]
    /// FNV-1a of the key: an order-free tie-break.
    let keyHash: [UInt64]
    /// `yyyyMMdd`, 0 when missing or a sentinel.
    let dob: [Int32]
    /// 0 unknown, 1 male, 2 female.
    let sex: [UInt8]
    /// Valid PNC ID as `YY * 10^7 + serial`, −1 when none.
    private(set) var pnc: [Int64]
    /// Valid CRO number packed into two words; both 0 when none.
    private(set) var croHi: [UInt64]
    private(set) var croLo: [UInt64]
    /// Prison number packed into one word; 0 when none.
    let prison: [UInt64]
    // Main name: interned surname, first forename, remaining forenames.
    let surname: [Int32]
    let first: [Int32]
    let middle: [Int32]
    // PNC aliases: names and alias dates of birth, as extra variants.
    let aliasStart: [Int32]
    let aliasCount: [UInt8]
    let aliasSurname: [Int32]
    let aliasFirst: [Int32]
    let aliasMiddle: [Int32]
    let altDobStart: [Int32]
    let altDobCount: [UInt8]
    let altDob: [Int32]
    let names: NamePartTable

    init(_ set: SourceRecordSet) {
        let n = set.count
        var system: [SourceSystem] = [], local: [Int32] = [], keys: [String] = [], keyHash: [UInt64] = []
        var dob: [Int32] = [], sex: [UInt8] = [], pnc: [Int64] = [], croHi: [UInt64] = [], croLo: [UInt64] = []
        var prison: [UInt64] = [], surname: [Int32] = [], first: [Int32] = [], middle: [Int32] = []
        var aliasStart: [Int32] = [], aliasCount: [UInt8] = [], aliasSurname: [Int32] = [], aliasFirst: [Int32] = []
        var aliasMiddle: [Int32] = [], altDobStart: [Int32] = [], altDobCount: [UInt8] = [], altDob: [Int32] = []
        system.reserveCapacity(n)
        local.reserveCapacity(n); keys.reserveCapacity(n); keyHash.reserveCapacity(n); dob.reserveCapacity(n)
        sex.reserveCapacity(n); pnc.reserveCapacity(n); croHi.reserveCapacity(n); croLo.reserveCapacity(n)
        prison.reserveCapacity(n); surname.reserveCapacity(n); first.reserveCapacity(n); middle.reserveCapacity(n)
        aliasStart.reserveCapacity(n); aliasCount.reserveCapacity(n); altDobStart.reserveCapacity(n); altDobCount.reserveCapacity(n)
        var names = NamePartTable()

        func parts(_ name: PersonName) -> (Int32, Int32, Int32) {
            let s = names.intern(name.surname)
            var f = name.forenames
            return f.withUTF8 { p -> (Int32, Int32, Int32) in
                guard let space = p.firstIndex(of: 32) else { return (s, names.intern(p), 0) }
                let firstPart = UnsafeBufferPointer(rebasing: p[..<space])
                let rest = UnsafeBufferPointer(rebasing: p[(space + 1)...])
                return (s, names.intern(firstPart), names.intern(rest))
            }
        }

        func add(_ id: RecordIdentity, _ sys: SourceSystem, _ i: Int, aliases: [PersonName] = [], aliasDates: [CalendarDate] = [],
                 prisonNumber: PrisonNumber? = nil) {
            system.append(sys)
            local.append(Int32(i))
            let key = id.key
            keys.append(key)
            var k = key
            keyHash.append(k.withUTF8 { NamePartTable.fnv1a($0) })
            dob.append(DateOfBirthComparison.packed(id.dateOfBirth))
            sex.append(id.sex == .male ? 1 : id.sex == .female ? 2 : 0)
            pnc.append(id.pncID.map { Int64($0.year) * 10_000_000 + Int64($0.serial) } ?? -1)
            let (hi, lo) = LinkRecordTable.pack(id.cro?.canonical)
            croHi.append(hi); croLo.append(lo)
            prison.append(LinkRecordTable.pack(prisonNumber?.canonical).0) // seven letters and digits: exact in one word
            let (s, f, m) = parts(id.name)
            surname.append(s); first.append(f); middle.append(m)
            aliasStart.append(Int32(aliasSurname.count))
            var added = 0
            for a in aliases where added < 255 {
                let (as_, af, am) = parts(a)
                if as_ == s && af == f && am == m { continue }
                aliasSurname.append(as_); aliasFirst.append(af); aliasMiddle.append(am)
                added += 1
            }
            aliasCount.append(UInt8(added))
            altDobStart.append(Int32(altDob.count))
            let main = dob[dob.count - 1]
            var dates = 0
            for d in aliasDates where dates < 255 {
                let p = DateOfBirthComparison.packed(d)
                if p == 0 || p == main { continue }
                altDob.append(p)
                dates += 1
            }
            altDobCount.append(UInt8(dates))
        }

        for (i, r) in set.pnc.enumerated() { add(r.identity, .pnc, i, aliases: r.aliases, aliasDates: r.aliasDatesOfBirth) }
        for (i, r) in set.niche.enumerated() { add(r.identity, .niche, i) }
        for (i, r) in set.micase.enumerated() { add(r.identity, .micase, i) }
        for (i, r) in set.jtrack.enumerated() { add(r.identity, .jtrack, i) }
        for (i, r) in set.tests.enumerated() { add(r.identity, .cozart, i) }
        for (i, r) in set.prison.enumerated() { add(r.identity, .prison, i, prisonNumber: r.prisonNumber) }

        self.count = n
        self.system = system; self.local = local; self.keys = keys; self.keyHash = keyHash
        self.dob = dob; self.sex = sex; self.pnc = pnc; self.croHi = croHi; self.croLo = croLo; self.prison = prison
        self.surname = surname; self.first = first; self.middle = middle
        self.aliasStart = aliasStart; self.aliasCount = aliasCount
        self.aliasSurname = aliasSurname; self.aliasFirst = aliasFirst; self.aliasMiddle = aliasMiddle
        self.altDobStart = altDobStart; self.altDobCount = altDobCount; self.altDob = altDob
        self.names = names
    }

    /// ASCII identifier text packed into two words (exact up to 16 bytes, hashed beyond).
    static func pack(_ text: String?) -> (UInt64, UInt64) {
        guard var t = text, !t.isEmpty else { return (0, 0) }
        return t.withUTF8 { p in
            if p.count > 16 { return (UInt64.max, NamePartTable.fnv1a(p)) }
            var hi: UInt64 = 0, lo: UInt64 = 0
            for (k, b) in p.enumerated() {
                if k < 8 { hi = hi << 8 | UInt64(b) } else { lo = lo << 8 | UInt64(b) }
            }
            return (hi, lo | UInt64(p.count) << 56)
        }
    }

    @inline(__always) func hasCRO(_ i: Int) -> Bool { croHi[i] != 0 || croLo[i] != 0 }

    /// Name variants of a record: 0 is the main name, then PNC aliases.
    @inline(__always) func nameVariants(_ i: Int) -> Int { 1 + Int(aliasCount[i]) }

    @inline(__always) func name(_ i: Int, variant v: Int) -> (s: Int32, f: Int32, m: Int32) {
        if v == 0 { return (surname[i], first[i], middle[i]) }
        let k = Int(aliasStart[i]) + v - 1
        return (aliasSurname[k], aliasFirst[k], aliasMiddle[k])
    }

    /// Dates of birth of a record: 0 is the main date (possibly 0 = missing), then alias dates.
    @inline(__always) func dobVariants(_ i: Int) -> Int { 1 + Int(altDobCount[i]) }

    @inline(__always) func dob(_ i: Int, variant v: Int) -> Int32 {
        v == 0 ? dob[i] : altDob[Int(altDobStart[i]) + v - 1]
    }

    /// Whether any date of birth is known.
    @inline(__always) func hasDOB(_ i: Int) -> Bool { dob[i] != 0 || altDobCount[i] > 0 }

    /// Order used to pick anchors and break ties: system order, then key bytes.
    func precedes(_ a: Int, _ b: Int) -> Bool {
        if system[a] != system[b] { return system[a] < system[b] }
        return keys[a].utf8.lexicographicallyPrecedes(keys[b].utf8)
    }

    mutating func blank(_ usablePNC: [Bool], _ usableCRO: [Bool]) {
        for i in 0..<count {
            if !usablePNC[i] { pnc[i] = -1 }
            if !usableCRO[i] { croHi[i] = 0; croLo[i] = 0 }
        }
    }
}
