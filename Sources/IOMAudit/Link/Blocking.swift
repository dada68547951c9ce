/// Candidate generation for probabilistic linking. Records are filed under integer block keys and
/// each probe (a record that found no PNC nominal on identifiers) is compared only with the records
/// sharing one of its keys. Every key holds a name code (Soundex, with nickname roots for forenames),
/// so a block is "people called alike and born alike", never "everyone born on a date": the key space
/// grows with the population and candidate pairs per record stay flat as the force grows.
///
/// Families, each catching the slips the others miss:
/// - `dateAndName`: date of birth + surname code; probes also look under their transposed date and
///   under their forename's code (names swapped). Exact and transposed dates with a slip in the
///   forename, a nickname or an initial, swapped names.
/// - `namesAndYear`: surname as written + forename code + year of birth: a day or month slip (one day
///   out, one digit) with a nickname at most.
/// - `namesAndDayMonth`: the same + day and month: the year one out or a year digit wrong.
/// - `dateForenameAndInitial`: date of birth + forename code + surname initial: a surname slip that
///   changes its code.
/// - `nameWithoutDate`, `nameForUndatedProbe`: surname as written + forename code, for records
///   without a date of birth.
/// - `dateAndInitialsForSmallSystems`: date of birth + the initials of both names, looked under only by
///   probes of the systems whose records nearly always belong to someone (drug tests, prison, MiCase,
///   JTrack): a typing slip in both names that changes both codes ("Rhoses Jessiwa" for "Rhodes
///   Jessica"). Those probes are few (tens of thousands at a force's size), so the blocks they look
///   into stay cheap though the key space is fixed.
/// Blocks with more than `maximumBlock` filed records are skipped and counted, never scanned.
struct Blocking {
    enum Family: UInt64, CaseIterable {
        case dateAndName = 1
        case namesAndYear, namesAndDayMonth, dateForenameAndInitial
        case nameWithoutDate, nameForUndatedProbe
        case dateAndInitialsForSmallSystems

        /// Families whose pairs never have equal or transposed dates (found by the date families).
        var excludesCloseDates: Bool { self == .namesAndYear || self == .namesAndDayMonth }

        var name: String {
            switch self {
            case .dateAndName: return "date of birth + name code"
            case .namesAndYear: return "surname + forename code + birth year"
            case .namesAndDayMonth: return "surname + forename code + birth day and month"
            case .dateForenameAndInitial: return "date of birth + forename code + surname initial"
            case .nameWithoutDate: return "surname + forename code, records without a date of birth"
            case .nameForUndatedProbe: return "surname + forename code, for probes without a date of birth"
            case .dateAndInitialsForSmallSystems: return "date of birth + initials, for probes of drug tests, prison, MiCase and JTrack"
            }
        }
    }

    struct Statistics: Sendable {
        var blocksSkipped = 0
        var probeLookupsSkipped = 0
        var largestBlockScanned = 0
        var pairsVisited = 0
        var pairsByFamily: [Family: Int] = [:]
        var largestBlockByFamily: [Family: Int] = [:]

        mutating func merge(_ o: Statistics) {
            blocksSkipped += o.blocksSkipped
            probeLookupsSkipped += o.probeLookupsSkipped
            largestBlockScanned = max(largestBlockScanned, o.largestBlockScanned)
            pairsVisited += o.pairsVisited
            pairsByFamily.merge(o.pairsByFamily, uniquingKeysWith: +)
            largestBlockByFamily.merge(o.largestBlockByFamily, uniquingKeysWith: max)
        }
    }

    let table: LinkRecordTable
    let maximumBlock: Int
    /// What the keys of a record with one name and one date are made of, a value per record read in
    /// order by every family. Looking the codes up through the name tables cost a cache miss per table,
    /// per record and per family, for nine million records seven times over at a force's size.
    let simple: [SimpleName]

    struct SimpleName {
        /// FNV-1a of the surname as written (0 when none).
        var surnameHash: UInt64 = 0
        var surnameCode: UInt32 = 0
        /// The forename's block codes (`NamePartTable.forenameCodes`): at most two; `general` when the
        /// record takes the general path.
        var forename0: UInt32 = 0
        var forename1: UInt32 = 0
        var forenameCodes: UInt8 = SimpleName.general
        var hasSurname = false
        var surnameInitial: UInt8 = 0
        var forenameInitial: UInt8 = 0

        static let general: UInt8 = .max
        /// False when the record takes the general path: aliases, alias dates, a two-word surname or
        /// a forename with more than two codes. Kept in `forenameCodes`: 24 bytes a record, not 32.
        var isSimple: Bool { forenameCodes != SimpleName.general }
    }

    init(table: LinkRecordTable, maximumBlock: Int) {
        self.table = table
        self.maximumBlock = maximumBlock
        let names = table.names, n = table.count
        var codes: [UInt32] = []
        simple = [SimpleName](unsafeUninitializedCapacity: n) { out, count in
            for i in 0..<n {
                let x = table.identity[i]
                var r = SimpleName()
                codes.removeAll(keepingCapacity: true)
                names.forenameCodes(x.first, into: &codes)
                if x.aliasCount == 0, x.altDobCount == 0, !names.isMultiword(x.surname), codes.count <= 2 {
                    r.hasSurname = x.surname != 0
                    r.surnameHash = names.hash[Int(x.surname)]
                    r.surnameCode = names.code[Int(x.surname)]
                    r.forenameCodes = UInt8(codes.count)
                    r.forename0 = codes.count > 0 ? codes[0] : 0
                    r.forename1 = codes.count > 1 ? codes[1] : 0
                    r.surnameInitial = UInt8(names.initial(x.surname))
                    r.forenameInitial = UInt8(names.initial(x.first))
                }
                (out.baseAddress! + i).initialize(to: r)
            }
            count = n
        }
    }

    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always) static func key(_ f: Family, _ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(mix(f.rawValue << 56 ^ a) ^ b)
    }

    @inline(__always) static func transposed(_ d: Int32) -> Int32? {
        let y = d / 10_000, m = d / 100 % 100, day = d % 100
        guard day <= 12, day != m else { return nil }
        return y * 10_000 + day * 100 + m
    }

    /// Both name codes in one word, order-free (a swap files under the same key).
    @inline(__always) static func pair(_ a: UInt32, _ b: UInt32) -> UInt64 {
        UInt64(min(a, b)) << 32 | UInt64(max(a, b))
    }

    /// Keys of one record in one family; `query` adds what a probe also looks under.
    func keys(_ i: Int, _ f: Family, query: Bool, into out: inout [UInt64],
              _ surnameCodes: inout [UInt32], _ forenameCodes: inout [UInt32]) {
        let r = simple[i]
        if r.isSimple { simpleKeys(i, r, f, query: query, into: &out) } else { generalKeys(i, f, query: query, into: &out, &surnameCodes, &forenameCodes) }
    }

    /// `keys` for any record, through the name tables.
    func generalKeys(_ i: Int, _ f: Family, query: Bool, into out: inout [UInt64],
                     _ surnameCodes: inout [UInt32], _ forenameCodes: inout [UInt32]) {
        let t = table, names = t.names
        func codes(_ n: (s: Int32, f: Int32, m: Int32)) {
            surnameCodes.removeAll(keepingCapacity: true); forenameCodes.removeAll(keepingCapacity: true)
            names.surnameCodes(n.s, into: &surnameCodes)
            names.forenameCodes(n.f, into: &forenameCodes)
        }
        switch f {
        case .nameWithoutDate, .nameForUndatedProbe:
            // Filed: undated records (probes with a date look here) or everyone (undated probes look here).
            let filedHere = f == .nameWithoutDate ? !t.hasDOB(i) : true
            let looksHere = f == .nameWithoutDate ? t.hasDOB(i) : !t.hasDOB(i)
            if query ? !looksHere : !filedHere { return }
            // The surname as written (a key space that grows with the force) and the forename's codes:
            // without a date, a name code pair alone makes blocks of hundreds at a force's size.
            for nv in 0..<t.nameVariants(i) {
                let n = t.name(i, variant: nv)
                guard n.s != 0 else { continue }
                codes(n)
                for c in forenameCodes { out.append(Blocking.key(f, names.hash[Int(n.s)], UInt64(c))) }
            }
        default:
            for dv in 0..<t.dobVariants(i) {
                let d = t.dob(i, variant: dv)
                if d == 0 { continue }
                for nv in 0..<t.nameVariants(i) {
                    let n = t.name(i, variant: nv)
                    switch f {
                    case .dateAndName:
                        codes(n)
                        let other = query ? Blocking.transposed(d) : nil
                        for k in 0..<(other == nil ? 1 : 2) {
                            let date = k == 0 ? d : other!
                            for c in surnameCodes { out.append(Blocking.key(f, UInt64(date), UInt64(c))) }
                            // A forename looks among surnames: the same person with the names swapped.
                            if query { for c in forenameCodes { out.append(Blocking.key(f, UInt64(date), UInt64(c))) } }
                        }
                    case .dateAndInitialsForSmallSystems:
                        if query && (t.system[i] == .pnc || t.system[i] == .niche) { return }
                        guard n.s != 0, n.f != 0 else { continue }
                        let other = query ? Blocking.transposed(d) : nil
                        let initials = Blocking.pair(UInt32(names.initial(n.s)), UInt32(names.initial(n.f)))
                        out.append(Blocking.key(f, UInt64(d), initials))
                        if let other { out.append(Blocking.key(f, UInt64(other), initials)) }
                    case .dateForenameAndInitial:
                        guard n.s != 0 else { continue }
                        codes(n)
                        for c in forenameCodes { out.append(Blocking.key(f, UInt64(d), UInt64(c) << 8 | names.initial(n.s))) }
                    default:
                        // The surname as written (its key space grows with the force), the forename's codes.
                        guard n.s != 0 else { continue }
                        codes(n)
                        let part = f == .namesAndYear ? UInt64(d / 10_000) : UInt64(d % 10_000)
                        for c in forenameCodes { out.append(Blocking.key(f, part, names.hash[Int(n.s)] ^ UInt64(c))) }
                    }
                }
            }
        }
    }

    /// `keys` for a record with one name and one date, from its `SimpleName`: the same keys in the same order.
    @inline(__always)
    func simpleKeys(_ i: Int, _ r: SimpleName, _ f: Family, query: Bool, into out: inout [UInt64]) {
        let t = table
        @inline(__always) func forenames(_ body: (UInt32) -> Void) {
            if r.forenameCodes > 0 { body(r.forename0) }
            if r.forenameCodes > 1 { body(r.forename1) }
        }
        let d = t.identity[i].dob
        switch f {
        case .nameWithoutDate, .nameForUndatedProbe:
            let filedHere = f == .nameWithoutDate ? d == 0 : true
            let looksHere = f == .nameWithoutDate ? d != 0 : d == 0
            if query ? !looksHere : !filedHere { return }
            guard r.hasSurname else { return }
            forenames { out.append(Blocking.key(f, r.surnameHash, UInt64($0))) }
        default:
            if d == 0 { return }
            switch f {
            case .dateAndName:
                let other = query ? Blocking.transposed(d) : nil
                for k in 0..<(other == nil ? 1 : 2) {
                    let date = UInt64(k == 0 ? d : other!)
                    if r.hasSurname { out.append(Blocking.key(f, date, UInt64(r.surnameCode))) }
                    if query { forenames { out.append(Blocking.key(f, date, UInt64($0))) } }
                }
            case .dateAndInitialsForSmallSystems:
                if query && (t.system[i] == .pnc || t.system[i] == .niche) { return }
                guard r.hasSurname, r.forenameCodes > 0 else { return }
                let other = query ? Blocking.transposed(d) : nil
                let initials = Blocking.pair(UInt32(r.surnameInitial), UInt32(r.forenameInitial))
                out.append(Blocking.key(f, UInt64(d), initials))
                if let other { out.append(Blocking.key(f, UInt64(other), initials)) }
            case .dateForenameAndInitial:
                guard r.hasSurname else { return }
                forenames { out.append(Blocking.key(f, UInt64(d), UInt64($0) << 8 | UInt64(r.surnameInitial))) }
            default:
                guard r.hasSurname else { return }
                let part = f == .namesAndYear ? UInt64(d / 10_000) : UInt64(d % 10_000)
                forenames { out.append(Blocking.key(f, part, r.surnameHash ^ UInt64($0))) }
            }
        }
    }

    /// Visits every (probe, candidate) pair sharing a block of `family`. Entries are packed as
    /// key bits | query flag | record index and radix-sorted, so a block is a run of equal keys with its
    /// filed records first and the probes looking into it after.
    func forEachPair(_ family: Family, probes: [Int32], statistics: inout Statistics, _ visit: (Int32, Int32) -> Void) {
        let n = table.count
        var indexBits = 1
        while (1 << indexBits) < n { indexBits += 1 }
        let flag = UInt64(1) << UInt64(indexBits)
        let keyMask = ~((flag << 1) - 1)
        var entries: [UInt64] = []
        entries.reserveCapacity(probes.count * 4)
        var keys: [UInt64] = [], sc: [UInt32] = [], fc: [UInt32] = []
        // Probes first, into a bitmap of their keys: a record is filed only under keys some probe
        // looks under, so the sort holds the blocks that matter, not the whole force.
        // The bitmap (16 MB) does not fit in cache, so it is set and read in tight loops of independent
        // accesses the processor overlaps, never one record's keys at a time: a record-at-a-time test
        // waited on a cache miss per key and was most of this step's time at a force's size.
        let bitmapBits = 27
        var wanted = [UInt64](repeating: 0, count: (1 << bitmapBits) / 64)
        @inline(__always) func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: k >> UInt64(64 - bitmapBits)) }
        for p in probes {
            keys.removeAll(keepingCapacity: true)
            self.keys(Int(p), family, query: true, into: &keys, &sc, &fc)
            appendUnique(&keys, &entries, keyMask, flag | UInt64(p))
        }
        wanted.withUnsafeMutableBufferPointer { w in
            for e in entries { w[slot(e) >> 6] |= 1 << UInt64(slot(e) & 63) }
        }
        // Records in batches: every key of the batch made, then the bitmap read for all of them at once.
        let batch = 4096
        var batchKeys: [UInt64] = [], keyEnd: [Int32] = [], hit: [Bool] = []
        batchKeys.reserveCapacity(batch * 4); keyEnd.reserveCapacity(batch)
        for base in stride(from: 0, to: n, by: batch) {
            let top = min(n, base + batch)
            batchKeys.removeAll(keepingCapacity: true); keyEnd.removeAll(keepingCapacity: true)
            for i in base..<top {
                self.keys(i, family, query: false, into: &batchKeys, &sc, &fc)
                keyEnd.append(Int32(batchKeys.count))
            }
            hit.removeAll(keepingCapacity: true)
            wanted.withUnsafeBufferPointer { w in
                for k in batchKeys { hit.append(w[slot(k) >> 6] & (1 << UInt64(slot(k) & 63)) != 0) }
            }
            var from = 0
            for (j, i) in (base..<top).enumerated() {
                let to = Int(keyEnd[j])
                if from < to {
                    keys.removeAll(keepingCapacity: true)
                    for k in from..<to where hit[k] { keys.append(batchKeys[k]) }
                    if !keys.isEmpty { appendUnique(&keys, &entries, keyMask, UInt64(i)) }
                }
                from = to
            }
        }
        if entries.isEmpty { return }
        RadixSort.sort(&entries, fromBit: indexBits)
        let indexMask = flag - 1
        // Counted locally and merged once: a dictionary update per block costs more than the block.
        var pairs = 0, largest = 0
        defer {
            if pairs > 0 || largest > 0 {
                statistics.pairsVisited += pairs
                statistics.pairsByFamily[family, default: 0] += pairs
                statistics.largestBlockScanned = max(statistics.largestBlockScanned, largest)
                statistics.largestBlockByFamily[family] = max(statistics.largestBlockByFamily[family] ?? 0, largest)
            }
        }
        var start = 0
        while start < entries.count {
            let k = entries[start] & keyMask
            var end = start + 1
            while end < entries.count, entries[end] & keyMask == k { end += 1 }
            var firstQuery = start
            while firstQuery < end, entries[firstQuery] & flag == 0 { firstQuery += 1 }
            let filed = firstQuery - start, queries = end - firstQuery
            if queries > 0, filed > 0 {
                if filed > maximumBlock {
                    statistics.blocksSkipped += 1
                    statistics.probeLookupsSkipped += queries
                } else {
                    largest = max(largest, filed)
                    pairs += filed * queries
                    for q in firstQuery..<end {
                        let p = Int32(truncatingIfNeeded: entries[q] & indexMask)
                        for c in start..<firstQuery {
                            visit(p, Int32(truncatingIfNeeded: entries[c] & indexMask))
                        }
                    }
                }
            }
            start = end
        }
    }

    /// `forEachPair`, the pairs handed over `batch` at a time as `probe << 32 | candidate`: the visitor
    /// can then read every pair's records in one tight loop of independent loads, which the processor
    /// overlaps, instead of waiting on two cache misses a pair, one pair after another.
    func forEachPair(_ family: Family, probes: [Int32], statistics: inout Statistics, batch: Int,
                     _ visit: (UnsafeBufferPointer<UInt64>) -> Void) {
        var pending: [UInt64] = []
        pending.reserveCapacity(batch)
        forEachPair(family, probes: probes, statistics: &statistics) { p, c in
            pending.append(UInt64(UInt32(p)) << 32 | UInt64(UInt32(c)))
            if pending.count == batch {
                pending.withUnsafeBufferPointer(visit)
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { pending.withUnsafeBufferPointer(visit) }
    }

    @inline(__always)
    private func appendUnique(_ keys: inout [UInt64], _ entries: inout [UInt64], _ keyMask: UInt64, _ low: UInt64) {
        for (k, key) in keys.enumerated() {
            var seen = false
            for j in 0..<k where keys[j] == key { seen = true; break }
            if !seen { entries.append(key & keyMask | low) }
        }
    }
}

/// Least-significant-digit radix sort of 64-bit words on their bits from `fromBit` up.
enum RadixSort {
    /// Positions of `keys` in ascending key order; equal keys keep their order (stable). Sixteen bits
    /// a pass, each pass skipped when every key agrees on those bits.
    static func order(_ keys: [UInt64]) -> [Int32] {
        let n = keys.count
        var index = (0..<Int32(n)).map { $0 }
        if n < 2 { return index }
        var spare = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 1 << 16)
        let varying = keys.reduce(0) { $0 | ($1 ^ keys[0]) }
        keys.withUnsafeBufferPointer { k in
            for shift in stride(from: UInt64(0), to: 64, by: 16) where (varying >> shift) & 0xFFFF != 0 {
                index.withUnsafeMutableBufferPointer { src in
                    spare.withUnsafeMutableBufferPointer { dst in
                        counts.withUnsafeMutableBufferPointer { c in
                            for i in c.indices { c[i] = 0 }
                            for i in src { c[Int((k[Int(i)] >> shift) & 0xFFFF)] += 1 }
                            var total = 0
                            for d in c.indices { let m = c[d]; c[d] = total; total += m }
                            for i in src {
                                let d = Int((k[Int(i)] >> shift) & 0xFFFF)
                                dst[c[d]] = i
                                c[d] += 1
                            }
                        }
                    }
                }
                swap(&index, &spare)
            }
        }
        return index
    }

    static func sort(_ a: inout [UInt64], fromBit: Int) {
        let n = a.count
        if n < 2 { return }
        if n < 256 { a.sort(); return }
        let digitBits = 16, mask = UInt64((1 << digitBits) - 1)
        var buffer = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 1 << digitBits)
        var shift = fromBit
        var inA = true
        while shift < 64 {
            let s = UInt64(shift), fromA = inA
            a.withUnsafeMutableBufferPointer { pa in
                buffer.withUnsafeMutableBufferPointer { pb in
                    counts.withUnsafeMutableBufferPointer { c in
                        let src = fromA ? pa : pb, dst = fromA ? pb : pa
                        for i in c.indices { c[i] = 0 }
                        for v in src { c[Int((v >> s) & mask)] += 1 }
                        var total = 0
                        for i in c.indices { let k = c[i]; c[i] = total; total += k }
                        for v in src {
                            let d = Int((v >> s) & mask)
                            dst[c[d]] = v
                            c[d] += 1
                        }
                    }
                }
            }
            inA.toggle()
            shift += digitBits
        }
        if !inA { swap(&a, &buffer) }
    }
}
