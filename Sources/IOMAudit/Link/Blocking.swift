/// Candidate generation for probabilistic linking. Records are filed under integer block keys and
/// each probe (a record that found no PNC nominal deterministically) is compared only with the
/// records sharing one of its keys, so the work grows with the data, not with its square.
///
/// Families of keys, each finding its own kind of date agreement so a pair is scored in one family:
/// - date of birth + initial of surname or forename; probes also look under their transposed date.
///   Exact and transposed dates, swapped names and married surnames meet here.
/// - surname prefix (three letters) + year and month of birth: a day one digit off;
///   + year and day: a month one digit off; + day, month and decade: the last digit of the year off;
///   + day, month, century and last digit: the tens digit of the year off. Probes also look under
///   their forename's prefix (a swap).
/// - full surname and forename, for records without a date of birth.
/// Blocks with more than `maximumBlock` records are skipped and counted, never scanned.
struct Blocking {
    enum Family: UInt64, CaseIterable {
        case dateAndInitial = 1
        case surnameYearAndMonth, surnameYearAndDay, surnameDayMonthAndDecade, surnameDayMonthAndYearDigit
        case nameWithoutDate, nameForUndatedProbe

        /// Families whose pairs never have equal or transposed dates (found by `dateAndInitial`).
        var excludesCloseDates: Bool {
            switch self {
            case .surnameYearAndMonth, .surnameYearAndDay, .surnameDayMonthAndDecade, .surnameDayMonthAndYearDigit: return true
            default: return false
            }
        }
    }

    struct Statistics: Sendable {
        var blocksSkipped = 0
        var probeLookupsSkipped = 0
        var largestBlockScanned = 0
        var pairsVisited = 0
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

    /// The part of a packed date (`yyyyMMdd`) a family keys on.
    @inline(__always) static func datePart(_ f: Family, _ d: Int32) -> UInt64 {
        let year = d / 10_000, dayMonth = d % 10_000
        switch f {
        case .dateAndInitial: return UInt64(d)
        case .surnameYearAndMonth: return UInt64(d / 100)
        case .surnameYearAndDay: return UInt64(year * 100 + d % 100)
        case .surnameDayMonthAndDecade: return UInt64(year / 10 * 10_000 + dayMonth)
        case .surnameDayMonthAndYearDigit: return UInt64((year / 100 * 10 + year % 10) * 10_000 + dayMonth)
        case .nameWithoutDate, .nameForUndatedProbe: return 0
        }
    }

    /// Keys a record is filed under in one family.
    func indexKeys(_ i: Int, _ f: Family, into out: inout [UInt64]) {
        let t = table, names = t.names
        switch f {
        case .nameWithoutDate, .nameForUndatedProbe:
            if f == .nameWithoutDate && t.hasDOB(i) { return }
            nameKeys(i, into: &out)
        default:
            for dv in 0..<t.dobVariants(i) {
                let d = t.dob(i, variant: dv)
                if d == 0 { continue }
                let a = Blocking.datePart(f, d)
                for nv in 0..<t.nameVariants(i) {
                    let n = t.name(i, variant: nv)
                    if f == .dateAndInitial {
                        if n.s != 0 { out.append(Blocking.key(f, a, names.initial(n.s))) }
                        if n.f != 0 { out.append(Blocking.key(f, a, names.initial(n.f))) }
                    } else if n.s != 0 {
                        out.append(Blocking.key(f, a, names.prefix3(n.s)))
                    }
                }
            }
        }
    }

    /// Keys a probe looks under in one family.
    func queryKeys(_ i: Int, _ f: Family, into out: inout [UInt64]) {
        let t = table, names = t.names
        switch f {
        case .nameWithoutDate:
            if t.hasDOB(i) { nameKeys(i, into: &out) }
        case .nameForUndatedProbe:
            if !t.hasDOB(i) { nameKeys(i, into: &out) }
        default:
            for dv in 0..<t.dobVariants(i) {
                let d = t.dob(i, variant: dv)
                if d == 0 { continue }
                let a = Blocking.datePart(f, d)
                for nv in 0..<t.nameVariants(i) {
                    let n = t.name(i, variant: nv)
                    for part in [n.s, n.f] where part != 0 {
                        if f == .dateAndInitial {
                            out.append(Blocking.key(f, a, names.initial(part)))
                            if let td = Blocking.transposed(d) { out.append(Blocking.key(f, UInt64(td), names.initial(part))) }
                        } else {
                            out.append(Blocking.key(f, a, names.prefix3(part)))
                        }
                    }
                }
            }
        }
    }

    /// Surname and forename hashes, in either order.
    private func nameKeys(_ i: Int, into out: inout [UInt64]) {
        let t = table, names = t.names
        for nv in 0..<t.nameVariants(i) {
            let n = t.name(i, variant: nv)
            guard n.s != 0, n.f != 0 else { continue }
            let a = names.hash[Int(n.s)], b = names.hash[Int(n.f)]
            out.append(Blocking.key(.nameWithoutDate, min(a, b), max(a, b)))
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
        entries.reserveCapacity(n * (family == .dateAndInitial ? 2 : 1) + probes.count * 4)
        var keys: [UInt64] = []
        for i in 0..<n {
            keys.removeAll(keepingCapacity: true)
            indexKeys(i, family, into: &keys)
            appendUnique(&keys, &entries, keyMask, UInt64(i))
        }
        for p in probes {
            keys.removeAll(keepingCapacity: true)
            queryKeys(Int(p), family, into: &keys)
            appendUnique(&keys, &entries, keyMask, flag | UInt64(p))
        }
        if entries.isEmpty { return }
        RadixSort.sort(&entries, fromBit: indexBits)
        let indexMask = flag - 1
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
                    statistics.largestBlockScanned = max(statistics.largestBlockScanned, filed)
                    statistics.pairsVisited += filed * queries
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
