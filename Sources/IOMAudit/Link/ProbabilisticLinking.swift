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
        /// The record's set after the identifier step, kept here so sorting millions of candidates by
        /// it does not look each one up.
        var recordSet: Int32 = -1
    }

    struct Review {
        var record: Int32
        var other: Int32
        var weight: Double
        var note: String?
        /// The record's own prior (`ExpectedPartner`), in bits beyond the pair's, and why.
        var context: MatchModel.Context? = nil
    }

    /// At most this many questions for one unlinked record, the strongest candidates first.
    static let questionsPerRecord = 3

    var edges: [LinkEdge] = []
    /// Links made on the record's own prior, by `edgeKey`: their explanation's extra line.
    var edgeContext: [UInt64: MatchModel.Context] = [:]
    var reviews: [Review] = []
    var partner = ExpectedPartner.Rates()
    var partnerLinks = 0
    var statistics = Blocking.Statistics()
    var probes = 0
    var scoredPairs = 0
    /// Records that are probably one of several people who cannot be one, but of more than a person
    /// could choose between (a common name without a date of birth): neither joined nor asked.
    var tooCommonToAsk = 0
    /// Those records, with how many people each might be.
    var matchingTooMany: [(record: Int32, people: Int)] = []

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

        // Score every blocked pair that can reach the review weight, or could on the record's own prior.
        let floorWeight = reviewWeight - ExpectedPartner.maximumShift
        var found: [Candidate] = []
        let blocking = Blocking(table: t, maximumBlock: maximumBlock)
        var undated = false, small = false
        for p in probeList where !t.hasDOB(Int(p)) { undated = true; break }
        for p in probeList where t.system[Int(p)] != .pnc && t.system[Int(p)] != .niche { small = true; break }
        /// Scores probe `p` against record `c`, given what the caller has read of them: their sets (`rp`,
        /// `rc`) and identities (`x`, `y`).
        @Sendable func score(_ p: Int32, _ c: Int32, _ rp: Int32, _ rc: Int32, _ x: LinkRecordTable.Identity, _ y: LinkRecordTable.Identity,
                             excludeCloseDates: Bool, into found: inout [Candidate]) {
            if rp == rc { return }
            if let (v, w) = t.compare(Int(p), Int(c), x, y, atLeast: floorWeight, excludeCloseDates: excludeCloseDates) {
                let ask = v.cro == .equal && v.surnameDiffers
                found.append(Candidate(probe: p, record: c, weight: w, askOnly: ask, recordSet: rc))
                if isProbe[Int(c)] { found.append(Candidate(probe: c, record: p, weight: w, askOnly: ask, recordSet: rp)) }
            }
        }
        // Families are independent: worked on both cores, merged in family order. The candidates are
        // sorted below on a total order, so the result does not depend on which finished first.
        let families = Blocking.Family.allCases.filter { ($0 != .nameForUndatedProbe || undated) && ($0 != .dateAndInitialsForSmallSystems || small) }
        let perFamily = ResultSlots<([Candidate], Blocking.Statistics)>(count: families.count)
        let probesToLook = probeList
        DispatchQueue.concurrentPerform(iterations: families.count) { k in
            var local: [Candidate] = [], stats = Blocking.Statistics()
            let family = families[k], dateFamily = family.excludesCloseDates
            var rp: [Int32] = [], rc: [Int32] = [], xs: [LinkRecordTable.Identity] = [], ys: [LinkRecordTable.Identity] = []
            blocking.forEachPair(family, probes: probesToLook, statistics: &stats, batch: 1024) { pairs in
                // Everything a pair's score reads at random, gathered for the whole batch first.
                rp.removeAll(keepingCapacity: true); rc.removeAll(keepingCapacity: true)
                xs.removeAll(keepingCapacity: true); ys.removeAll(keepingCapacity: true)
                for pc in pairs { rp.append(root[Int(pc >> 32)]); rc.append(root[Int(pc & 0xFFFF_FFFF)]) }
                for pc in pairs { xs.append(t.identity[Int(pc >> 32)]); ys.append(t.identity[Int(pc & 0xFFFF_FFFF)]) }
                for (k, pc) in pairs.enumerated() {
                    score(Int32(truncatingIfNeeded: pc >> 32), Int32(truncatingIfNeeded: pc & 0xFFFF_FFFF), rp[k], rc[k], xs[k], ys[k],
                          excludeCloseDates: dateFamily, into: &local)
                }
            }
            perFamily.set(k, (local, stats))
        }
        // Each family's candidates are taken out of their slot as they are merged, so the tens of
        // millions of candidates at a force's size are held once, not twice, for the rest of the step.
        found.reserveCapacity(families.indices.reduce(0) { $0 + perFamily.get($1).0.count } + 2 * croPairs.count)
        for k in families.indices {
            let (local, stats) = perFamily.take(k)
            found += local
            statistics.merge(stats)
        }
        // A CRO number shared under another surname: the pair is scored whatever its block.
        for (r, nominal) in croPairs where isProbe[Int(r)] {
            score(r, nominal, root[Int(r)], root[Int(nominal)], t.identity[Int(r)], t.identity[Int(nominal)], excludeCloseDates: false, into: &found)
        }
        scoredPairs = found.count

        // Per probe, the best record of each other set; best first.
        found.sort { a, b in
            if a.probe != b.probe { return a.probe < b.probe }
            if a.recordSet != b.recordSet { return a.recordSet < b.recordSet }
            if a.weight != b.weight { return a.weight > b.weight }
            return t.precedes(Int(a.record), Int(b.record))
        }
        var best: [Candidate] = []
        for c in found {
            if let last = best.last, last.probe == c.probe, last.recordSet == c.recordSet { continue }
            best.append(c)
        }
        found = []
        func better(_ a: Candidate, _ b: Candidate) -> Bool {
            if a.weight != b.weight { return a.weight > b.weight }
            return t.precedes(Int(a.record), Int(b.record))
        }

        // Accepted links. A probe whose sets above accept are not one person (two PNC nominals, or two
        // sets that would not be linked to each other) weighs those people against each other: the
        // likeliest joins when it holds the accept probability among them and "nobody" (a date of birth
        // one day out beside an exact one); else a person decides, when it is one of a few.
        var accepted: [Candidate] = []
        var ambiguous = Set<Int32>()
        var askAbout: [Int32: [Candidate]] = [:]
        let acceptProbability = t.model.probability(weight: acceptWeight)
        var s = 0
        while s < best.count {
            var e = s + 1
            while e < best.count, best[e].probe == best[s].probe { e += 1 }
            let mine = best[s..<e].filter { $0.weight >= acceptWeight && !$0.askOnly }
            guard let top = mine.min(by: better) else { s = e; continue }
            // Each other set is checked against the best one (linear, however many there are). Two sets
            // are apart when they are unlikely to be one person (below review), not merely short of
            // accept: a PNC nominal with two typing slips and the drug tests its Niche record matches
            // exactly are one person, not two rivals for that record.
            func apart(_ a: Int, _ b: Int) -> Bool {
                (holdsPNC[Int(root[a])] && holdsPNC[Int(root[b])]) || t.compare(a, b, atLeast: reviewWeight) == nil
            }
            let rivals = best[s..<e].filter { $0.record != top.record && !$0.askOnly && apart(Int(top.record), Int($0.record)) }.sorted(by: better)
            // Rivals alike enough to be one person count once (a person's drug tests, not yet joined).
            var people: [Candidate] = []
            for c in rivals where !people.contains(where: { !apart(Int($0.record), Int(c.record)) }) { people.append(c) }
            if !people.contains(where: { $0.weight >= acceptWeight }) { accepted += mine; s = e; continue }
            let candidates = [top] + people
            let (choice, _) = ProbabilisticLinking.choose(candidates.map { $0.weight + t.model.prior }, accept: acceptProbability,
                                                          review: t.model.probability(weight: reviewWeight))
            switch choice {
            case .link: accepted += mine.filter { c in !rivals.contains { $0.record == c.record } }
            case .ask(let k): askAbout[best[s].probe] = Array(candidates.prefix(k))
            case .tooMany, .nothing:
                askAbout[best[s].probe] = []
                if choice == .tooMany { tooCommonToAsk += 1; matchingTooMany.append((best[s].probe, candidates.count)) }
            }
            if choice != .link { ambiguous.insert(best[s].probe) }
            s = e
        }
        // Nor does anyone else link to the record in question.
        if !ambiguous.isEmpty { accepted.removeAll { ambiguous.contains($0.record) } }

        // How this run's records are held, counted as if the accepted links were made. A person on one
        // system joining someone who already holds a record of it (a second Niche nominal) is weighed
        // on that rarity: if it no longer reaches accept, the record is left to `ExpectedPartner`.
        let rates: ExpectedPartner.Rates = {
            var trial = sets
            for c in accepted { trial.union(c.probe, c.record) }
            return ExpectedPartner.Rates(t, root: trial.roots(), counted: isProbe)
        }()
        let (heldBefore, twiceBefore) = ExpectedPartner.systems(t, root: root)
        let acceptLogit = acceptWeight + t.model.prior
        accepted.removeAll { c in
            let mine = heldBefore[Int(root[Int(c.probe)])], theirs = heldBefore[Int(root[Int(c.record)])]
            guard mine.nonzeroBitCount == 1, mine & theirs != 0 else { return false }
            let s = mine.trailingZeroBitCount
            let shift = rates.shift(s, siblings: twiceBefore[Int(root[Int(c.probe)])] & mine != 0, holdsIt: true,
                                    holdsOther: theirs & ~mine != 0, prior: t.model.prior)
            return c.weight + t.model.prior + shift < acceptLogit
        }
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

        // People still on one system only: weighed against all their candidates on their own prior.
        let firstRoot = sets.roots()
        var excluded = ambiguous
        for c in best where c.askOnly { excluded.insert(c.probe) }
        let expected = ExpectedPartner(t, root: firstRoot, rates: rates, best: best, excluded: excluded,
                                       acceptProbability: t.model.probability(weight: acceptWeight),
                                       reviewProbability: t.model.probability(weight: reviewWeight))
        partner = expected.rates
        tooCommonToAsk += expected.tooMany
        matchingTooMany += expected.tooManyRecords
        // Sets that joined another weighed set of their own system (one drug test to another) on the first
        // weighing (`root`: the roots that weighing was given; nil on the second, which collects none).
        var sameSystemJoins: [Int32] = []
        func apply(_ e: ExpectedPartner, root: [Int32]?) {
            for d in e.decisions {
                let s = LinkRecordTable.rank(t.system[Int(d.probe)])
                let context = MatchModel.Context(bits: d.adjustment, text: e.rates.text(s, candidates: d.others + 1),
                                                 part: d.personDates.map { ("dob on the two people's other records " + $0.text, d.personDateBits) })
                let ra = sets.find(d.probe), rb = sets.find(d.record)
                if d.link && ra != rb && !(holdsPNC[Int(ra)] && holdsPNC[Int(rb)]) {
                    let r = sets.union(ra, rb)!
                    holdsPNC[Int(r)] = holdsPNC[Int(ra)] || holdsPNC[Int(rb)]
                    edges.append(LinkEdge(record: d.probe, other: d.record, method: .probabilistic, weight: d.weight))
                    edgeContext[ProbabilisticLinking.edgeKey(d.probe, d.record)] = context
                    partnerLinks += 1
                    if let root, t.system[Int(d.probe)] == t.system[Int(d.record)] && e.weighed[Int(root[Int(d.record)])] { sameSystemJoins.append(r) }
                } else if ra != rb {
                    reviews.append(Review(record: d.probe, other: d.record, weight: d.weight,
                                          note: d.contested ? "not linked: the other record has another likely match" : nil, context: context))
                }
            }
        }
        apply(expected, root: firstRoot)
        // Each of a person's drug tests, weighed alone, takes another of their tests as its likeliest
        // partner, so the person they all might be (a Niche nominal without a date of birth) is never
        // weighed against them together. The sets so joined are weighed once more, as one.
        if !sameSystemJoins.isEmpty {
            let joinedRoot = sets.roots()
            let again = Set(sameSystemJoins.map { joinedRoot[Int(sets.find($0))] })
            let second = ExpectedPartner(t, root: joinedRoot, rates: expected.rates, best: best, excluded: excluded,
                                         acceptProbability: t.model.probability(weight: acceptWeight),
                                         reviewProbability: t.model.probability(weight: reviewWeight), only: again)
            tooCommonToAsk += second.tooMany
            matchingTooMany += second.tooManyRecords
            apply(second, root: nil)
        }

        // Questions: refused links, ambiguous probes, and unlinked probes with a probable match.
        let after = sets.roots()
        for c in refused { reviews.append(Review(record: c.probe, other: c.record, weight: c.weight, note: "would join two PNC nominals")) }
        s = 0
        while s < best.count {
            var e = s + 1
            while e < best.count, best[e].probe == best[s].probe { e += 1 }
            let p = best[s].probe
            if ambiguous.contains(p) || (!linked.contains(p) && !expected.weighed[Int(firstRoot[Int(p)])]) {
                // The strongest few other people: a match to one may hide the true one.
                var others = askAbout[p] ?? best[s..<e].filter { after[Int($0.record)] != after[Int(p)] && $0.weight >= reviewWeight }
                others.sort(by: better)
                var asked: [Int32] = []
                let above = others.count
                for c in others where asked.count < ProbabilisticLinking.questionsPerRecord && !asked.contains(after[Int(c.record)]) {
                    asked.append(after[Int(c.record)])
                    let note = ambiguous.contains(p) ? (above > 1 ? "\(above) people match it and cannot be one person"
                                                                  : "it matches people who cannot be one person")
                        : c.askOnly ? "cro equal under another surname: confirm before linking" : nil
                    reviews.append(Review(record: p, other: c.record, weight: c.weight, note: note))
                }
            }
            s = e
        }
        // A question about two records since joined (a second weighing above) asks nothing.
        reviews.removeAll { after[Int($0.record)] == after[Int($0.other)] }
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

    /// What to do with a record that matches several people who cannot be one person, given each
    /// one's log-odds (best first). Each person's probability is their odds over the sum of everyone's
    /// odds and "nobody"'s (1).
    enum Choice: Equatable {
        /// The first reaches the accept probability.
        case link
        /// Ask about the first `n`: those who are not negligible, when they are few (at most
        /// `questionsPerRecord`) and together reach review; else the first alone if it reaches review.
        case ask(Int)
        /// Probably one of them, but of more than a person could choose between (a common name without
        /// a date of birth): no question.
        case tooMany
        case nothing
    }

    static func choose(_ logOdds: [Double], accept: Double, review: Double, most: Int = questionsPerRecord) -> (choice: Choice, probabilities: [Double]) {
        guard !logOdds.isEmpty else { return (.nothing, []) }
        let p = probabilities(logOdds)
        if p[0] >= accept { return (.link, p) }
        let all = p.reduce(0, +)
        // Those who are not negligible (each at least what accept leaves over), if few enough.
        let k = p.prefix { $0 >= 1 - accept }.count
        if k >= 1, k <= most, p.prefix(k).reduce(0, +) >= review { return (.ask(k), p) }
        if p[0] >= review { return (.ask(1), p) }
        return (all >= review ? .tooMany : .nothing, p)
    }

    /// Each person's odds over the sum of everyone's and "nobody"'s (1), in any order.
    static func probabilities(_ logOdds: [Double]) -> [Double] {
        let scale = max(0, logOdds.max() ?? 0) // everything scaled by the largest odds, so nothing overflows
        var sum = exp2(-scale)
        for x in logOdds { sum += exp2(x - scale) }
        return logOdds.map { exp2($0 - scale) / sum }
    }

    static func edgeKey(_ record: Int32, _ other: Int32) -> UInt64 { UInt64(UInt32(record)) << 32 | UInt64(UInt32(other)) }
}
