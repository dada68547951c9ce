/// One reason two records were joined; the person's link tree is drawn from these.
struct LinkEdge: Sendable {
    /// The record that joined.
    var record: Int32
    /// The record it joined to.
    var other: Int32
    var method: RecordLink.Method
    /// Summed weight for probabilistic edges, 0 otherwise.
    var weight: Double
}

/// A shared identifier that did not join because the identities clearly differ.
struct IdentifierConflict: Sendable {
    enum Identifier {
        case pncID, cro, nicheReference
        var conflictText: String {
            switch self {
            case .pncID: return "identity differs from the PNC nominal holding this pnc id"
            case .cro: return "identity differs from the PNC nominal holding this cro"
            case .nicheReference: return "identity differs from the Niche nominal the case references"
            }
        }
    }
    var record: Int32
    var other: Int32
    var identifier: Identifier
}

/// Step 1: joins on identifiers. Equal valid PNC ID to the PNC nominal holding it, unless the record
/// clearly describes someone else (an ID-CONFLICT); equal valid CRO number likewise, and only when the
/// surname corroborates it (a CRO number on a record under another surname is left to the score,
/// where a married name becomes a question, ID-REVIEW); equal prison number; MiCase's Niche reference.
/// Records sharing a PNC ID that no PNC nominal holds join each other.
struct DeterministicLinking {
    var sets: UnionFind
    var edges: [LinkEdge] = []
    var conflicts: [IdentifierConflict] = []
    /// False where the record's PNC ID or CRO number was found to belong to someone else: it then
    /// counts neither for nor against a probabilistic link.
    var pncUsable: [Bool]
    var croUsable: [Bool]
    /// Records whose CRO number matched a PNC nominal's under a different surname, with that nominal:
    /// left to the score, which asks a person (a married name, or a number keyed on the wrong nominal).
    var croLeftToScore: [(record: Int32, nominal: Int32)] = []
    var uncorroboratedCRO: Int { croLeftToScore.count }

    init(_ t: LinkRecordTable, micase: [MiCaseCase]) {
        sets = UnionFind(count: t.count)
        pncUsable = [Bool](repeating: true, count: t.count)
        croUsable = [Bool](repeating: true, count: t.count)
        joinOnPNCID(t)
        joinOnCRO(t)
        joinOnPrisonNumber(t)
        joinOnNicheReference(t, micase)
    }

    private mutating func join(_ r: Int, _ other: Int, _ method: RecordLink.Method) {
        if sets.union(Int32(r), Int32(other)) != nil {
            edges.append(LinkEdge(record: Int32(r), other: Int32(other), method: method, weight: 0))
        }
    }

    /// Groups `(value, record)` pairs by value and calls `body` with each group's records, in
    /// system-then-key order so the joins made never depend on the order of the input.
    private static func groups<V: Comparable>(_ t: LinkRecordTable, _ items: [(V, Int32)], _ body: (ArraySlice<(V, Int32)>) -> Void) {
        let sorted = items.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && t.precedes(Int($0.1), Int($1.1))) }
        var s = 0
        while s < sorted.count {
            var e = s + 1
            while e < sorted.count, sorted[e].0 == sorted[s].0 { e += 1 }
            body(sorted[s..<e])
            s = e
        }
    }

    /// The first of some records in system-then-key order.
    private static func first(_ t: LinkRecordTable, _ records: some Sequence<Int32>) -> Int {
        var best = -1
        for r in records where best < 0 || t.precedes(Int(r), best) { best = Int(r) }
        return best
    }

    private mutating func joinOnPNCID(_ t: LinkRecordTable) {
        var nominal: [Int64: Int32] = [:]
        nominal.reserveCapacity(t.count / 2)
        for i in 0..<t.count where t.system[i] == .pnc && t.pnc(i) >= 0 {
            if let other = nominal[t.pnc(i)] {
                join(i, Int(other), .pncID) // the same PNC ID twice in the extract: one nominal
            } else {
                nominal[t.pnc(i)] = Int32(i)
            }
        }
        var orphans: [(Int64, Int32)] = []
        for i in 0..<t.count where t.system[i] != .pnc && t.pnc(i) >= 0 {
            if let n = nominal[t.pnc(i)] {
                if t.clearlyDiffers(i, Int(n)) {
                    conflicts.append(IdentifierConflict(record: Int32(i), other: n, identifier: .pncID))
                    pncUsable[i] = false
                } else {
                    join(i, Int(n), .pncID)
                }
            } else {
                orphans.append((t.pnc(i), Int32(i)))
            }
        }
        // No PNC nominal to say which record is right: records sharing the ID join each other.
        DeterministicLinking.groups(t, orphans) { g in
            let ref = DeterministicLinking.first(t, g.map(\.1))
            for (_, r) in g where Int(r) != ref { join(Int(r), ref, .pncID) }
        }
    }

    private struct CROKey: Comparable { let hi: UInt64, lo: UInt64
        static func < (a: CROKey, b: CROKey) -> Bool { (a.hi, a.lo) < (b.hi, b.lo) }
    }

    private mutating func joinOnCRO(_ t: LinkRecordTable) {
        var items: [(CROKey, Int32)] = []
        for c in t.croNumbers { items.append((CROKey(hi: c.hi, lo: c.lo), c.record)) }
        DeterministicLinking.groups(t, items) { g in
            guard g.count > 1 else { return }
            // The PNC nominal holding the number (smallest PNC ID), else the first record.
            var ref = -1
            for (_, r) in g where t.system[Int(r)] == .pnc {
                if ref < 0 || t.pnc(Int(r)) < t.pnc(ref) || (t.pnc(Int(r)) == t.pnc(ref) && Int(r) < ref) { ref = Int(r) }
            }
            let checked = ref >= 0
            if ref < 0 { ref = DeterministicLinking.first(t, g.map(\.1)) }
            for (_, r) in g where Int(r) != ref {
                let i = Int(r)
                if sets.find(r) == sets.find(Int32(ref)) { continue }
                if checked, t.clearlyDiffers(i, ref) {
                    conflicts.append(IdentifierConflict(record: r, other: Int32(ref), identifier: .cro))
                    croUsable[i] = false
                } else if checked, !t.surnameCorroborates(i, ref) {
                    croLeftToScore.append((r, Int32(ref)))
                } else {
                    join(i, ref, .croNumber)
                }
            }
        }
    }

    private mutating func joinOnPrisonNumber(_ t: LinkRecordTable) {
        var items: [(UInt64, Int32)] = []
        for p in t.prisonNumbers { items.append((p.number, p.record)) }
        DeterministicLinking.groups(t, items) { g in
            guard g.count > 1 else { return }
            let ref = DeterministicLinking.first(t, g.map(\.1))
            for (_, r) in g where Int(r) != ref { join(Int(r), ref, .prisonNumber) }
        }
    }

    private mutating func joinOnNicheReference(_ t: LinkRecordTable, _ micase: [MiCaseCase]) {
        var wanted = Set<String>()
        for c in micase { if let n = c.nicheID, !n.isEmpty { wanted.insert(n) } }
        if wanted.isEmpty { return }
        var niche: [String: Int32] = [:]
        var micaseIndex: [Int32] = []
        for i in 0..<t.count {
            switch t.system[i] {
            case .niche:
                let id = String(t.keys[i].utf8.dropFirst(6))!
                guard wanted.contains(id) else { continue }
                if let other = niche[id], t.precedes(Int(other), i) { continue }
                niche[id] = Int32(i)
            case .micase:
                micaseIndex.append(Int32(i))
            default:
                continue
            }
        }
        micaseIndex.sort { t.precedes(Int($0), Int($1)) }
        for m in micaseIndex {
            guard let ref = micase[Int(t.local[Int(m)])].nicheID, let n = niche[ref] else { continue }
            if sets.find(m) == sets.find(n) { continue }
            if t.clearlyDiffers(Int(m), Int(n)) {
                conflicts.append(IdentifierConflict(record: m, other: n, identifier: .nicheReference))
            } else {
                join(Int(m), Int(n), .crossReference)
            }
        }
    }
}
