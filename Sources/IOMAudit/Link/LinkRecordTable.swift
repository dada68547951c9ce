/// The identity of every record of a run in flat arrays, for linking at scale: packed dates of birth,
/// interned name parts, numeric identifiers. Record index order is system order, then input order;
/// nothing that reaches the output depends on it.
///
/// A class: the sorts, searches and worker threads that read it would otherwise copy some twenty
/// array references on every call (a retain and a release each, millions of times at a force's size).
/// Nothing changes after construction.
final class LinkRecordTable: Sendable {
    /// What a comparison reads, in one 48-byte value per record (one cache line per candidate).
    struct Identity {
        /// `yyyyMMdd`, 0 when missing or a sentinel.
        var dob: Int32 = 0
        var surname: Int32 = 0
        var first: Int32 = 0
        /// Forenames after the first, interned as one part.
        var middle: Int32 = 0
        /// 0 unknown, 1 male, 2 female.
        var sex: UInt8 = 0
        var aliasCount: UInt8 = 0
        var altDobCount: UInt8 = 0
        /// Start of the record's aliases and alias dates in the side arrays.
        var aliasStart: Int32 = 0
        var altDobStart: Int32 = 0
        /// Valid PNC ID as `YY * 10^7 + serial`, −1 when none.
        var pnc: Int64 = -1
        /// Hash of the valid CRO number, 0 when none.
        var cro: UInt64 = 0
    }

    let count: Int
    let system: [SourceSystem]
    /// Position in its system's array of the `SourceRecordSet`.
    let local: [Int32]
    /// `system:id`.
    let keys: [String]
    /// FNV-1a of the key: an order-free tie-break.
    let keyHash: [UInt64]
    /// The first sixteen bytes of the key, big-endian: orders keys without touching the strings.
    let keyOrderHi: [UInt64]
    let keyOrderLo: [UInt64]
    let identity: [Identity]
    /// Valid CRO number packed into two words (exact); both 0 when none.
    let croHi: [UInt64]
    let croLo: [UInt64]
    /// Prison number packed into one word; 0 when none.
    let prison: [UInt64]
    let aliasSurname: [Int32]
    let aliasFirst: [Int32]
    let aliasMiddle: [Int32]
    let altDob: [Int32]
    let names: NamePartTable
    /// Records whose PNC ID or CRO number the scores must not see (an identifier that clearly belongs to
    /// someone else), a bit per record; empty when there are none.
    let blankedPNC: [UInt64]
    let blankedCRO: [UInt64]
    /// The match model comparisons are weighed with: the judgement until `ModelFit`'s fit is put in
    /// (`with(model:)`). A constant, so a comparison reads it in place instead of copying it.
    let model: MatchModel

    init(_ set: SourceRecordSet, variants: GivenNameVariants = GivenNameVariants(pairs: [])) {
        let n = set.count
        var system: [SourceSystem] = [], local: [Int32] = [], keys: [String] = [], keyHash: [UInt64] = []
        var keyOrderHi: [UInt64] = [], keyOrderLo: [UInt64] = [], identity: [Identity] = []
        var croHi: [UInt64] = [], croLo: [UInt64] = [], prison: [UInt64] = []
        var aliasSurname: [Int32] = [], aliasFirst: [Int32] = [], aliasMiddle: [Int32] = [], altDob: [Int32] = []
        system.reserveCapacity(n); local.reserveCapacity(n); keys.reserveCapacity(n); keyHash.reserveCapacity(n)
        keyOrderHi.reserveCapacity(n); keyOrderLo.reserveCapacity(n); identity.reserveCapacity(n)
        croHi.reserveCapacity(n); croLo.reserveCapacity(n); prison.reserveCapacity(n)
        var names = NamePartTable()

        // Names are kept as written; the table holds their matching keys, made in one reused buffer.
        var key: [UInt8] = []
        func parts(_ name: PersonName) -> (Int32, Int32, Int32) {
            PersonName.normalise(name.surname, into: &key)
            let s = key.withUnsafeBufferPointer { names.intern($0) }
            PersonName.normalise(name.forenames, into: &key)
            return key.withUnsafeBufferPointer { f in
                guard let space = f.firstIndex(of: 32) else { return (s, names.intern(f), 0) }
                return (s, names.intern(UnsafeBufferPointer(rebasing: f[..<space])), names.intern(UnsafeBufferPointer(rebasing: f[(space + 1)...])))
            }
        }

        func add(_ id: RecordIdentity, _ sys: SourceSystem, _ i: Int, aliases: [PersonName] = [], aliasDates: [CalendarDate] = [],
                 prisonNumber: PrisonNumber? = nil) {
            system.append(sys)
            local.append(Int32(i))
            var recordKey = id.key
            keys.append(recordKey)
            let (keyHashValue, orderHi, orderLo) = recordKey.withUTF8 { p in
                let o = LinkRecordTable.orderKey(p)
                return (NamePartTable.fnv1a(p), o.0, o.1)
            }
            keyHash.append(keyHashValue); keyOrderHi.append(orderHi); keyOrderLo.append(orderLo)
            var x = Identity()
            x.dob = DateOfBirthComparison.packed(id.dateOfBirth)
            x.sex = id.sex == .male ? 1 : id.sex == .female ? 2 : 0
            if let p = id.pncID { x.pnc = Int64(p.year) * 10_000_000 + Int64(p.serial) }
            let (hi, lo) = LinkRecordTable.pack(id.cro?.canonical)
            croHi.append(hi); croLo.append(lo)
            if hi != 0 || lo != 0 { x.cro = Blocking.mix(hi ^ Blocking.mix(lo)) | 1 }
            prison.append(LinkRecordTable.pack(prisonNumber?.canonical).0) // seven letters and digits: exact in one word
            (x.surname, x.first, x.middle) = parts(id.name)
            x.aliasStart = Int32(aliasSurname.count)
            var added = 0
            for a in aliases where added < 255 {
                let (s, f, m) = parts(a)
                if s == x.surname && f == x.first && m == x.middle { continue }
                aliasSurname.append(s); aliasFirst.append(f); aliasMiddle.append(m)
                added += 1
            }
            x.aliasCount = UInt8(added)
            x.altDobStart = Int32(altDob.count)
            var dates = 0
            for d in aliasDates where dates < 255 {
                let p = DateOfBirthComparison.packed(d)
                if p == 0 || p == x.dob { continue }
                altDob.append(p)
                dates += 1
            }
            x.altDobCount = UInt8(dates)
            identity.append(x)
        }

        for (i, r) in set.pnc.enumerated() { add(r.identity, .pnc, i, aliases: r.aliases, aliasDates: r.aliasDatesOfBirth) }
        for (i, r) in set.niche.enumerated() { add(r.identity, .niche, i) }
        for (i, r) in set.micase.enumerated() { add(r.identity, .micase, i) }
        for (i, r) in set.jtrack.enumerated() { add(r.identity, .jtrack, i) }
        for (i, r) in set.tests.enumerated() { add(r.identity, .cozart, i) }
        for (i, r) in set.prison.enumerated() { add(r.identity, .prison, i, prisonNumber: r.prisonNumber) }

        self.count = n
        self.system = system; self.local = local; self.keys = keys; self.keyHash = keyHash
        self.keyOrderHi = keyOrderHi; self.keyOrderLo = keyOrderLo; self.identity = identity
        self.croHi = croHi; self.croLo = croLo; self.prison = prison
        self.aliasSurname = aliasSurname; self.aliasFirst = aliasFirst; self.aliasMiddle = aliasMiddle
        self.altDob = altDob
        names.attach(variants)
        self.names = names
        self.model = MatchModel.judgement(records: n)
        blankedPNC = []; blankedCRO = []
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

    /// The first sixteen bytes, big-endian and zero-padded: integer order is byte order.
    static func orderKey(_ p: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var hi: UInt64 = 0, lo: UInt64 = 0
        for k in 0..<16 {
            let b = k < p.count ? UInt64(p[k]) : 0
            if k < 8 { hi = hi << 8 | b } else { lo = lo << 8 | b }
        }
        return (hi, lo)
    }

    static func orderKey(_ s: String) -> (UInt64, UInt64) {
        var s = s
        return s.withUTF8 { orderKey($0) }
    }

    @inline(__always) func pnc(_ i: Int) -> Int64 { LinkRecordTable.isSet(blankedPNC, i) ? -1 : identity[i].pnc }
    @inline(__always) func hasCRO(_ i: Int) -> Bool { croHi[i] != 0 || croLo[i] != 0 }

    /// Name variants of a record: 0 is the main name, then PNC aliases.
    @inline(__always) func nameVariants(_ i: Int) -> Int { 1 + Int(identity[i].aliasCount) }

    @inline(__always) func name(_ i: Int, variant v: Int) -> (s: Int32, f: Int32, m: Int32) {
        let x = identity[i]
        if v == 0 { return (x.surname, x.first, x.middle) }
        let k = Int(x.aliasStart) + v - 1
        return (aliasSurname[k], aliasFirst[k], aliasMiddle[k])
    }

    /// Dates of birth of a record: 0 is the main date (possibly 0 = missing), then alias dates.
    @inline(__always) func dobVariants(_ i: Int) -> Int { 1 + Int(identity[i].altDobCount) }

    @inline(__always) func dob(_ i: Int, variant v: Int) -> Int32 {
        v == 0 ? identity[i].dob : altDob[Int(identity[i].altDobStart) + v - 1]
    }

    /// Whether any date of birth is known.
    @inline(__always) func hasDOB(_ i: Int) -> Bool { identity[i].dob != 0 || identity[i].altDobCount > 0 }

    /// Key order (bytes), without the system first.
    func keyPrecedes(_ a: Int, _ b: Int) -> Bool {
        if keyOrderHi[a] != keyOrderHi[b] { return keyOrderHi[a] < keyOrderHi[b] }
        if keyOrderLo[a] != keyOrderLo[b] { return keyOrderLo[a] < keyOrderLo[b] }
        return keys[a].utf8.lexicographicallyPrecedes(keys[b].utf8)
    }

    /// Order used to pick anchors, break ties and list a person's records: system order, then key.
    func precedes(_ a: Int, _ b: Int) -> Bool {
        if system[a] != system[b] { return LinkRecordTable.rank(system[a]) < LinkRecordTable.rank(system[b]) }
        return keyPrecedes(a, b)
    }

    @inline(__always) static func rank(_ s: SourceSystem) -> Int {
        switch s {
        case .pnc: return 0
        case .niche: return 1
        case .micase: return 2
        case .jtrack: return 3
        case .cozart: return 4
        case .prison: return 5
        }
    }

    /// PNC IDs and CRO numbers that belong to someone else blanked, so they count neither way. Shares
    /// every array but the identities with this table.
    /// A bit per record, not a copy of the identities: a handful of records, and the identities are
    /// hundreds of megabytes at a force's size.
    func withoutIdentifiers(pnc usablePNC: [Bool], cro usableCRO: [Bool]) -> LinkRecordTable {
        func bits(_ usable: [Bool]) -> [UInt64] {
            guard usable.contains(false) else { return [] }
            var b = [UInt64](repeating: 0, count: (count + 63) / 64)
            for i in 0..<count where !usable[i] { b[i >> 6] |= 1 << UInt64(i & 63) }
            return b
        }
        return LinkRecordTable(self, model: model, blankedPNC: bits(usablePNC), blankedCRO: bits(usableCRO))
    }

    /// The same records weighed with `model`.
    func with(model: MatchModel) -> LinkRecordTable { LinkRecordTable(self, model: model, blankedPNC: blankedPNC, blankedCRO: blankedCRO) }

    @inline(__always) static func isSet(_ bits: [UInt64], _ i: Int) -> Bool {
        !bits.isEmpty && bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    private init(_ o: LinkRecordTable, model: MatchModel, blankedPNC: [UInt64], blankedCRO: [UInt64]) {
        count = o.count; system = o.system; local = o.local; keys = o.keys; keyHash = o.keyHash
        keyOrderHi = o.keyOrderHi; keyOrderLo = o.keyOrderLo; identity = o.identity
        self.blankedPNC = blankedPNC; self.blankedCRO = blankedCRO
        croHi = o.croHi; croLo = o.croLo; prison = o.prison
        aliasSurname = o.aliasSurname; aliasFirst = o.aliasFirst; aliasMiddle = o.aliasMiddle; altDob = o.altDob
        names = o.names; self.model = model
    }
}
