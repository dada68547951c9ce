import Foundation

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
        /// The division the record's unit code maps to, numbered from 1 (`LinkRecordTable.divisionNumbers`);
        /// 0 when it has none or it maps to none.
        var division: UInt8 = 0
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
    /// Records with a valid CRO number, in record order, the number packed into two words (exact).
    /// A list, not a column: the identifier step alone reads them, and most records have none.
    let croNumbers: [(record: Int32, hi: UInt64, lo: UInt64)]
    /// Records with a prison number (the prison system's), in record order, packed into one word.
    let prisonNumbers: [(record: Int32, number: UInt64)]
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

    /// Where the worker threads write a record's columns: each writes only its own records' slots.
    private struct Columns: @unchecked Sendable {
        let keys: UnsafeMutableBufferPointer<String>, keyHash: UnsafeMutableBufferPointer<UInt64>
        let keyOrderHi: UnsafeMutableBufferPointer<UInt64>, keyOrderLo: UnsafeMutableBufferPointer<UInt64>
        let identity: UnsafeMutableBufferPointer<Identity>
    }

    /// A chunk's names as matching keys (three parts a name: surname, first forename, the rest; the
    /// record's name, then its aliases'), and its alias dates, for the interning pass.
    private struct ChunkNames: Sendable {
        var bytes: [UInt8] = [], partEnd: [Int32] = [], altDob: [Int32] = []
        var croNumbers: [(record: Int32, hi: UInt64, lo: UInt64)] = []
        var prisonNumbers: [(record: Int32, number: UInt64)] = []
    }

    /// `units`: maps each record's unit code to its division, for the division comparison.
    init(_ set: SourceRecordSet, variants: GivenNameVariants = GivenNameVariants(pairs: []), units: UnitDivisionMap? = nil) {
        let n = set.count
        let divisionOfEntry = units.map(LinkRecordTable.divisionNumbers) ?? []
        let counts = [set.pnc.count, set.niche.count, set.micase.count, set.jtrack.count, set.tests.count, set.prison.count]
        var system: [SourceSystem] = [], local: [Int32] = []
        system.reserveCapacity(n); local.reserveCapacity(n)
        for (s, count) in zip([SourceSystem.pnc, .niche, .micase, .jtrack, .cozart, .prison], counts) {
            system.append(contentsOf: repeatElement(s, count: count))
            local.append(contentsOf: 0..<Int32(count))
        }
        var keys = [String](repeating: "", count: n), keyHash = [UInt64](repeating: 0, count: n)
        var keyOrderHi = [UInt64](repeating: 0, count: n), keyOrderLo = [UInt64](repeating: 0, count: n)
        var identity = [Identity](repeating: Identity(), count: n)

        // Everything but the interned names, on both cores, chunk by chunk of the table's order; each
        // chunk's names kept as bytes for the one interning pass below (ids follow first appearance).
        let chunkCount = min(n, 64)
        let chunkNames = ResultSlots<ChunkNames>(count: max(chunkCount, 1))
        keys.withUnsafeMutableBufferPointer { keysOut in keyHash.withUnsafeMutableBufferPointer { hashOut in
        keyOrderHi.withUnsafeMutableBufferPointer { hiOut in keyOrderLo.withUnsafeMutableBufferPointer { loOut in
        identity.withUnsafeMutableBufferPointer { idOut in
            let out = Columns(keys: keysOut, keyHash: hashOut, keyOrderHi: hiOut, keyOrderLo: loOut, identity: idOut)
            let system = system, local = local
            DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
                var names = ChunkNames()
                var divisions = DivisionCache()
                var key: [UInt8] = []
                func put(_ name: PersonName) {
                    PersonName.normalise(name.surname, into: &key)
                    names.bytes += key; names.partEnd.append(Int32(names.bytes.count))
                    PersonName.normalise(name.forenames, into: &key)
                    let space = key.firstIndex(of: 32) ?? key.count
                    names.bytes += key[..<space]; names.partEnd.append(Int32(names.bytes.count))
                    if space < key.count { names.bytes += key[(space + 1)...] }
                    names.partEnd.append(Int32(names.bytes.count))
                }
                func part(_ i: Int) -> ArraySlice<UInt8> { names.bytes[(i == 0 ? 0 : Int(names.partEnd[i - 1]))..<Int(names.partEnd[i])] }
                for i in (c * n / chunkCount)..<((c + 1) * n / chunkCount) {
                    let l = Int(local[i])
                    let id: RecordIdentity
                    var x = Identity()
                    var aliases: [PersonName] = [], aliasDates: [CalendarDate] = []
                    var prisonNumber: PrisonNumber?
                    switch system[i] {
                    case .pnc: let r = set.pnc[l]; id = r.identity; aliases = r.aliases; aliasDates = r.aliasDatesOfBirth
                    case .niche: id = set.niche[l].identity
                    case .micase: id = set.micase[l].identity
                    case .jtrack: id = set.jtrack[l].identity
                    case .cozart: id = set.tests[l].identity
                    case .prison: let r = set.prison[l]; id = r.identity; prisonNumber = r.prisonNumber
                    }
                    if let units, let code = LinkRecordTable.unitCode(set, system[i], l) {
                        x.division = divisions.division(of: code, system: system[i]) {
                            units.entryIndex(system: system[i], unitCode: code).map { divisionOfEntry[$0] } ?? 0
                        }
                    }
                    var recordKey = id.key
                    recordKey.withUTF8 { p in
                        let o = LinkRecordTable.orderKey(p)
                        out.keyHash[i] = NamePartTable.fnv1a(p); out.keyOrderHi[i] = o.0; out.keyOrderLo[i] = o.1
                    }
                    out.keys[i] = recordKey
                    x.dob = DateOfBirthComparison.packed(id.dateOfBirth)
                    x.sex = id.sex == .male ? 1 : id.sex == .female ? 2 : 0
                    if let p = id.pncID { x.pnc = Int64(p.year) * 10_000_000 + Int64(p.serial) }
                    let (hi, lo) = LinkRecordTable.pack(id.cro?.canonical)
                    if hi != 0 || lo != 0 {
                        x.cro = Blocking.mix(hi ^ Blocking.mix(lo)) | 1
                        names.croNumbers.append((Int32(i), hi, lo))
                    }
                    let prisonPacked = LinkRecordTable.pack(prisonNumber?.canonical).0 // seven letters and digits: exact in one word
                    if prisonPacked != 0 { names.prisonNumbers.append((Int32(i), prisonPacked)) }
                    let main = names.partEnd.count
                    put(id.name)
                    var added = 0
                    for a in aliases where added < 255 {
                        put(a)
                        // An alias that is the record's own name adds nothing.
                        let e = names.partEnd.count - 3
                        if (0..<3).allSatisfy({ part(e + $0) == part(main + $0) }) {
                            names.partEnd.removeLast(3)
                            names.bytes.removeLast(names.bytes.count - Int(names.partEnd.last ?? 0))
                            continue
                        }
                        added += 1
                    }
                    x.aliasCount = UInt8(added)
                    var dates = 0
                    for d in aliasDates where dates < 255 {
                        let p = DateOfBirthComparison.packed(d)
                        if p == 0 || p == x.dob { continue }
                        names.altDob.append(p)
                        dates += 1
                    }
                    x.altDobCount = UInt8(dates)
                    out.identity[i] = x
                }
                chunkNames.set(c, names)
            }
        } } } } }

        var names = NamePartTable()
        var aliasSurname: [Int32] = [], aliasFirst: [Int32] = [], aliasMiddle: [Int32] = [], altDob: [Int32] = []
        var croNumbers: [(record: Int32, hi: UInt64, lo: UInt64)] = [], prisonNumbers: [(record: Int32, number: UInt64)] = []
        identity.withUnsafeMutableBufferPointer { identity in
            for c in 0..<chunkCount {
                let chunk = chunkNames.take(c)
                croNumbers += chunk.croNumbers
                prisonNumbers += chunk.prisonNumbers
                chunk.bytes.withUnsafeBufferPointer { bytes in
                    var part = 0, altFrom = 0
                    func next() -> Int32 {
                        let from = part == 0 ? 0 : Int(chunk.partEnd[part - 1]), to = Int(chunk.partEnd[part])
                        part += 1
                        return names.intern(UnsafeBufferPointer(rebasing: bytes[from..<to]))
                    }
                    for i in (c * n / chunkCount)..<((c + 1) * n / chunkCount) {
                        identity[i].surname = next(); identity[i].first = next(); identity[i].middle = next()
                        identity[i].aliasStart = Int32(aliasSurname.count)
                        for _ in 0..<Int(identity[i].aliasCount) {
                            aliasSurname.append(next()); aliasFirst.append(next()); aliasMiddle.append(next())
                        }
                        identity[i].altDobStart = Int32(altDob.count)
                        let dates = Int(identity[i].altDobCount)
                        altDob += chunk.altDob[altFrom..<(altFrom + dates)]
                        altFrom += dates
                    }
                }
            }
        }

        self.count = n
        self.system = system; self.local = local; self.keys = keys; self.keyHash = keyHash
        self.keyOrderHi = keyOrderHi; self.keyOrderLo = keyOrderLo; self.identity = identity
        self.croNumbers = croNumbers; self.prisonNumbers = prisonNumbers
        self.aliasSurname = aliasSurname; self.aliasFirst = aliasFirst; self.aliasMiddle = aliasMiddle
        self.altDob = altDob
        names.attach(variants)
        self.names = names
        self.model = MatchModel.judgement(records: n)
        blankedPNC = []; blankedCRO = []
    }

    /// Each distinct unit code's division, found once per chunk: a force has a few hundred codes and
    /// millions of records, and the seed's own lookup normalises and hashes the code each time.
    struct DivisionCache {
        private var hashes = [UInt64](repeating: 0, count: 4096)
        private var numbers = [UInt8](repeating: 0, count: 4096)

        /// The division number of `code` on `system`, from `lookUp` the first time.
        mutating func division(of code: String, system: SourceSystem, _ lookUp: () -> UInt8) -> UInt8 {
            // 64-bit hashes of a few hundred codes: a collision is as likely as a cosmic ray.
            var code = code
            let h = code.withUTF8 { NamePartTable.fnv1a($0) } ^ UInt64(LinkRecordTable.rank(system) + 1) &* 0x9E37_79B9_7F4A_7C15 | 1
            var slot = Int(h >> 52)
            for _ in 0..<64 {
                if hashes[slot] == h { return numbers[slot] }
                if hashes[slot] == 0 {
                    let n = lookUp()
                    hashes[slot] = h; numbers[slot] = n
                    return n
                }
                slot = (slot + 1) & 4095
            }
            return lookUp()
        }
    }

    /// Per row of `units.entries`: its division numbered from 1 in code order (0 for `UNKNOWN`), so
    /// equal numbers mean the same division whatever order the seed lists the units in.
    static func divisionNumbers(_ units: UnitDivisionMap) -> [UInt8] {
        let codes = Set(units.entries.map(\.division.code)).subtracting([Division.unknown.code]).sorted()
        let number = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, UInt8(truncatingIfNeeded: min($0 + 1, 255))) })
        return units.entries.map { number[$0.division.code] ?? 0 }
    }

    /// The unit code that places record `l` of `system` in a division (`DivisionAttribution`'s fields).
    static func unitCode(_ set: SourceRecordSet, _ system: SourceSystem, _ l: Int) -> String? {
        switch system {
        case .pnc: return set.pnc[l].ownerUnit
        case .niche: return set.niche[l].owningUnit
        case .micase: return set.micase[l].hub
        case .jtrack: return set.jtrack[l].area
        case .cozart: return set.tests[l].testSite
        case .prison: return set.prison[l].releaseArea
        }
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
        croNumbers = o.croNumbers; prisonNumbers = o.prisonNumbers
        aliasSurname = o.aliasSurname; aliasFirst = o.aliasFirst; aliasMiddle = o.aliasMiddle; altDob = o.altDob
        names = o.names; self.model = model
    }
}
