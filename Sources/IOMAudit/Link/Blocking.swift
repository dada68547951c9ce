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
        let bitmapBits = 27
        var wanted = [UInt64](repeating: 0, count: (1 << bitmapBits) / 64)
        @inline(__always) func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: k >> UInt64(64 - bitmapBits)) }
        for p in probes {
            keys.removeAll(keepingCapacity: true)
            self.keys(Int(p), family, query: true, into: &keys, &sc, &fc)
            for k in keys { wanted[slot(k) >> 6] |= 1 << UInt64(slot(k) & 63) }
            appendUnique(&keys, &entries, keyMask, flag | UInt64(p))
        }
        for i in 0..<n {
            keys.removeAll(keepingCapacity: true)
            self.keys(i, family, query: false, into: &keys, &sc, &fc)
            keys.removeAll { wanted[slot($0) >> 6] & (1 << UInt64(slot($0) & 63)) == 0 }
            appendUnique(&keys, &entries, keyMask, UInt64(i))
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
