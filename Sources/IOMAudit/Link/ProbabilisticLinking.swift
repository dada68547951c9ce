import Foundation

/// Step 2: records that reached no PNC nominal on identifiers are scored against the records sharing
/// a block with them. At or above the accept weight they join, unless the record matches two people
/// above accept or the join would put two PNC nominals in one person: then a person decides (review).
/// Between review and accept a person must confirm the link; below review nothing happens.
struct ProbabilisticLinking {
    struct Candidate: Sendable {
        var probe: Int32
        var record: Int32
        var weight: Double
        /// A CRO number agreeing under another surname: strong, but a person confirms it (a married
        /// name, or a number keyed on the wrong nominal), as the identifier step would have.
        var askOnly = false
    }

    struct Review {
        var record: Int32
        var other: Int32
        var weight: Double
        var note: String?
    }

    /// At most this many questions for one unlinked record, the strongest candidates first.
    static let questionsPerRecord = 3

    var edges: [LinkEdge] = []
    var reviews: [Review] = []
    var statistics = Blocking.Statistics()
    var probes = 0
    var scoredPairs = 0

    init(_ t: LinkRecordTable, sets: inout UnionFind, pncUsable: [Bool], croUsable: [Bool], croPairs: [(record: Int32, nominal: Int32)] = [],
         acceptWeight: Double, reviewWeight: Double, maximumBlock: Int) {
        // Identifiers found to belong to someone else count neither way.
        let t = pncUsable.contains(false) || croUsable.contains(false) ? t.withoutIdentifiers(pnc: pncUsable, cro: croUsable) : t
        let n = t.count
        let root = sets.roots()
        var holdsPNC = [Bool](repeating: false, count: n)
        for i in 0..<n where t.system[i] == .pnc { holdsPNC[Int(root[i])] = true }
        var probeList: [Int32] = []
        for i in 0..<n where !holdsPNC[Int(root[i])] { probeList.append(Int32(i)) }
        probes = probeList.count
        if probeList.isEmpty { return }
        let isProbe: [Bool] = {
            var a = [Bool](repeating: false, count: n)
            for p in probeList { a[Int(p)] = true }
            return a
        }()

        // Score every blocked pair that can reach the review weight.
        var found: [Candidate] = []
        let blocking = Blocking(table: t, maximumBlock: maximumBlock)
        var undated = false
        for p in probeList where !t.hasDOB(Int(p)) { undated = true; break }
        @Sendable func score(_ p: Int32, _ c: Int32, excludeCloseDates: Bool, into found: inout [Candidate]) {
            if root[Int(p)] == root[Int(c)] { return }
            if let (v, w) = t.compare(Int(p), Int(c), atLeast: reviewWeight, excludeCloseDates: excludeCloseDates) {
                let ask = v.cro == .equal && v.surnameDiffers
                found.append(Candidate(probe: p, record: c, weight: w, askOnly: ask))
                if isProbe[Int(c)] { found.append(Candidate(probe: c, record: p, weight: w, askOnly: ask)) }
            }
        }
        // Families are independent: worked on both cores, merged in family order. The candidates are
        // sorted below on a total order, so the result does not depend on which finished first.
        let families = Blocking.Family.allCases.filter { $0 != .nameForUndatedProbe || undated }
        let perFamily = ResultSlots<([Candidate], Blocking.Statistics)>(count: families.count)
        let probesToLook = probeList
        DispatchQueue.concurrentPerform(iterations: families.count) { k in
            var local: [Candidate] = [], stats = Blocking.Statistics()
            let family = families[k], dateFamily = family.excludesCloseDates
            blocking.forEachPair(family, probes: probesToLook, statistics: &stats) { p, c in
                score(p, c, excludeCloseDates: dateFamily, into: &local)
            }
            perFamily.set(k, (local, stats))
        }
        for k in families.indices {
            let (local, stats) = perFamily.get(k)
            found += local
            statistics.merge(stats)
        }
        // A CRO number shared under another surname: the pair is scored whatever its block.
        for (r, nominal) in croPairs where isProbe[Int(r)] { score(r, nominal, excludeCloseDates: false, into: &found) }
        scoredPairs = found.count

        // Per probe, the best record of each other set; best first.
        found.sort { a, b in
            if a.probe != b.probe { return a.probe < b.probe }
            let ra = root[Int(a.record)], rb = root[Int(b.record)]
            if ra != rb { return ra < rb }
            if a.weight != b.weight { return a.weight > b.weight }
            return t.precedes(Int(a.record), Int(b.record))
        }
        var best: [Candidate] = []
        for c in found {
            if let last = best.last, last.probe == c.probe, root[Int(last.record)] == root[Int(c.record)] { continue }
            best.append(c)
        }
        func better(_ a: Candidate, _ b: Candidate) -> Bool {
            if a.weight != b.weight { return a.weight > b.weight }
            return t.precedes(Int(a.record), Int(b.record))
        }

        // Accepted links. A probe whose sets above accept are not one person (two PNC nominals, or two
        // sets that would not be linked to each other) is ambiguous: a person decides, nothing joins.
        var accepted: [Candidate] = []
        var ambiguous = Set<Int32>()
        var s = 0
        while s < best.count {
            var e = s + 1
            while e < best.count, best[e].probe == best[s].probe { e += 1 }
            let mine = best[s..<e].filter { $0.weight >= acceptWeight && !$0.askOnly }
            // Each other set is checked against the best one (linear, however many there are).
            var split = false
            if let top = mine.min(by: better) {
                for c in mine where c.record != top.record {
                    let a = Int(top.record), b = Int(c.record)
                    if (holdsPNC[Int(root[a])] && holdsPNC[Int(root[b])]) || t.compare(a, b, atLeast: acceptWeight) == nil {
                        split = true
                        break
                    }
                }
            }
            if split { ambiguous.insert(best[s].probe) } else { accepted += mine }
            s = e
        }
        // Nor does anyone else link to the record in question.
        if !ambiguous.isEmpty { accepted.removeAll { ambiguous.contains($0.record) } }
        accepted.sort { a, b in
            if a.weight != b.weight { return a.weight > b.weight }
            if t.keyHash[Int(a.probe)] != t.keyHash[Int(b.probe)] { return t.keyHash[Int(a.probe)] < t.keyHash[Int(b.probe)] }
            return t.keyHash[Int(a.record)] < t.keyHash[Int(b.record)]
        }
        var linked = Set<Int32>()
        var refused: [Candidate] = []
        for c in accepted {
            let ra = sets.find(c.probe), rb = sets.find(c.record)
            if ra == rb { linked.insert(c.probe); continue }
            if holdsPNC[Int(ra)] && holdsPNC[Int(rb)] { refused.append(c); continue }
            let r = sets.union(ra, rb)!
            holdsPNC[Int(r)] = holdsPNC[Int(ra)] || holdsPNC[Int(rb)]
            linked.insert(c.probe)
            edges.append(LinkEdge(record: c.probe, other: c.record, method: .probabilistic, weight: c.weight))
        }

        // Questions: refused links, ambiguous probes, and unlinked probes with a probable match.
        let after = sets.roots()
        for c in refused { reviews.append(Review(record: c.probe, other: c.record, weight: c.weight, note: "would join two PNC nominals")) }
        s = 0
        while s < best.count {
            var e = s + 1
            while e < best.count, best[e].probe == best[s].probe { e += 1 }
            let p = best[s].probe
            if ambiguous.contains(p) || !linked.contains(p) {
                // The strongest few other people: a match to one may hide the true one.
                var others = best[s..<e].filter { after[Int($0.record)] != after[Int(p)] }
                others.sort(by: better)
                var asked: [Int32] = []
                let above = others.filter { $0.weight >= acceptWeight && !$0.askOnly }.count
                for c in others where asked.count < ProbabilisticLinking.questionsPerRecord && !asked.contains(after[Int(c.record)]) {
                    asked.append(after[Int(c.record)])
                    let note = ambiguous.contains(p) ? "\(above) people score above the accept threshold"
                        : c.askOnly ? "cro equal under another surname: confirm before linking" : nil
                    reviews.append(Review(record: p, other: c.record, weight: c.weight, note: note))
                }
            }
            s = e
        }
        // One question per pair of people: about an ambiguous record if there is one, else the strongest.
        reviews.sort { a, b in
            let ka = (after[Int(a.record)], after[Int(a.other)]), kb = (after[Int(b.record)], after[Int(b.other)])
            let pa = (min(ka.0, ka.1), max(ka.0, ka.1)), pb = (min(kb.0, kb.1), max(kb.0, kb.1))
            if pa != pb { return pa < pb }
            // An ambiguous or refused record is the one to ask about.
            if (a.note != nil) != (b.note != nil) { return a.note != nil }
            if a.weight != b.weight { return a.weight > b.weight }
            if a.record != b.record { return t.precedes(Int(a.record), Int(b.record)) }
            return t.precedes(Int(a.other), Int(b.other))
        }
        var unique: [Review] = []
        for r in reviews {
            if let last = unique.last {
                let a = (after[Int(last.record)], after[Int(last.other)]), b = (after[Int(r.record)], after[Int(r.other)])
                if (min(a.0, a.1), max(a.0, a.1)) == (min(b.0, b.1), max(b.0, b.1)) { continue }
            }
            unique.append(r)
        }
        reviews = unique
    }
}
