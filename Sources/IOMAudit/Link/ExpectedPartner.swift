import Foundation

/// Step 2b: a person still held on one system only after the pair scores is weighed against all their
/// candidate people at once, with a prior that is the record's rather than the population's.
///
/// The pair model's prior is the chance that two records picked at random are one person. But a drug
/// test almost always belongs to someone on Niche or PNC, a Niche nominal seldom to a person who already
/// has one, and a record whose only candidate is one person is likelier theirs than a record with five.
/// So for such a person S of system s, each candidate person T gets the prior
///
///     (share of s's records held with another system, or with another s record if T already holds one)
///     / (people held on other systems, or people holding an s record) / (share of s's records on their own),
///
/// all counted on this run's sets after the pair scores, and the probabilities over S's candidates and
/// "nobody" sum to one. The shift from the pair prior is bounded, so an odd extract cannot run away with it.
struct ExpectedPartner {
    /// Bits the record's prior may move from the population's, either way. At a force's size a drug test
    /// beside a person who already holds tests wants about +17 (their tests are 83% in such people); at
    /// +12 a test without a date of birth stayed TEST-UNLINKED though its person's other tests were there.
    static let maximumShift = 16.0

    typealias Candidate = ProbabilisticLinking.Candidate

    struct Decision {
        var probe: Int32
        var record: Int32
        /// Pair weight plus `adjustment`: the model's probability of it is the decision's probability.
        var weight: Double
        var adjustment: Double
        var probability: Double
        var link: Bool
        /// Other people the record's person might be.
        var others: Int
        /// Likely enough, but the other side has another likely match: asked, not linked.
        var contested: Bool
    }

    /// Per system (in `LinkRecordTable.rank` order): how this run's records of it are held.
    struct Rates {
        var records = [Int](repeating: 0, count: 6)
        /// Records whose person is also held on another system.
        var elsewhere = [Int](repeating: 0, count: 6)
        /// Records whose person holds another record of the same system.
        var sibling = [Int](repeating: 0, count: 6)
        /// Records that are their person's only record.
        var alone = [Int](repeating: 0, count: 6)
        /// People holding a record of the system, and people holding a record of another system.
        var peopleWith = [Int](repeating: 0, count: 6)
        var peopleWithOther = [Int](repeating: 0, count: 6)

        func share(_ count: Int, _ s: Int) -> Double { (Double(count) + 1) / (Double(records[s]) + 3) }

        /// log2 prior odds that a person of system `s` on their own is candidate person T, T holding
        /// a record of `s` already (`sibling`) or not.
        init() {}

        init(_ t: LinkRecordTable, root: [Int32]) {
            let (mask, multi) = ExpectedPartner.systems(t, root: root)
            for r in 0..<t.count where mask[r] != 0 {
                for s in 0..<6 {
                    if mask[r] & (1 << s) != 0 { peopleWith[s] += 1 }
                    if mask[r] & ~(1 << s) != 0 { peopleWithOther[s] += 1 }
                }
            }
            for i in 0..<t.count {
                let s = LinkRecordTable.rank(t.system[i]), r = Int(root[i]), b = UInt8(1) << s
                records[s] += 1
                if mask[r] & ~b != 0 { elsewhere[s] += 1 }
                if multi[r] & b != 0 { sibling[s] += 1 }
                if mask[r] == b && multi[r] & b == 0 { alone[s] += 1 }
            }
        }

        /// Bits the record's prior adds to the pair prior `prior`, bounded by `maximumShift`.
        func shift(_ s: Int, sibling: Bool, prior: Double) -> Double {
            min(ExpectedPartner.maximumShift, max(-ExpectedPartner.maximumShift, logPrior(s, sibling: sibling) - prior))
        }

        /// A small extract counts as a sample of a force, as for the pair prior (`ModelFit.minimumPopulation`).
        func logPrior(_ s: Int, sibling: Bool) -> Double {
            // A partner elsewhere is one of the people held on other systems, whether or not they
            // already hold a record of this one (a Niche nominal's partner is a PNC person who may).
            let people = Double(max(1, sibling ? peopleWith[s] : peopleWithOther[s]))
            let records = Double(self.records.reduce(0, +))
            let scale = max(1, Double(ModelFit.minimumPopulation) / max(1, records))
            return log2(share(sibling ? self.sibling[s] : elsewhere[s], s)) - log2(people * scale) - log2(share(alone[s], s))
        }

        /// The explanation's line: "on one system only (Cozart: 99.5% held elsewhere, 2 candidates)".
        func text(_ s: Int, candidates: Int) -> String {
            let name = SourceSystem.allCases.first { LinkRecordTable.rank($0) == s }!.displayName
            let share = MatchModel.decimals(100 * Double(elsewhere[s]) / Double(max(1, records[s])), 1)
            return "on one system only (\(name): \(share)% held elsewhere, \(candidates) candidate\(candidates == 1 ? "" : "s"))"
        }

        var json: JSONValue {
            var o: [String: JSONValue] = [:]
            for s in SourceSystem.allCases {
                let k = LinkRecordTable.rank(s)
                o[s.rawValue] = ["records": .int(records[k]), "held_elsewhere": .int(elsewhere[k]),
                                 "with_another_of_its_system": .int(sibling[k]), "alone": .int(alone[k])]
            }
            return .object(o)
        }
    }

    var rates = Rates()
    var decisions: [Decision] = []
    /// Sets (by root after the pair scores) this step weighed: their pair-score questions are superseded.
    var weighed: [Bool]

    /// Per set root: a bit per system (`LinkRecordTable.rank`) it holds, and a bit per system it holds twice.
    static func systems(_ t: LinkRecordTable, root: [Int32]) -> (held: [UInt8], twice: [UInt8]) {
        var held = [UInt8](repeating: 0, count: t.count), twice = [UInt8](repeating: 0, count: t.count)
        for i in 0..<t.count {
            let r = Int(root[i]), b = UInt8(1) << LinkRecordTable.rank(t.system[i])
            if held[r] & b != 0 { twice[r] |= b }
            held[r] |= b
        }
        return (held, twice)
    }

    /// `rates`: counted on the sets after the pair scores. `best`: per probe, its best record of each
    /// other set, grouped by probe. `excluded`: probes left to the pair step (ambiguous, or a CRO
    /// number to confirm).
    init(_ t: LinkRecordTable, root: [Int32], rates: Rates, best: [Candidate], excluded: Set<Int32>,
         acceptProbability: Double, reviewProbability: Double) {
        let n = t.count
        self.rates = rates
        let (mask, _) = ExpectedPartner.systems(t, root: root)
        let prior = t.model.prior
        var shift = [[Double]](repeating: [0, 0], count: 6)
        for s in 0..<6 {
            for k in 0..<2 { shift[s][k] = rates.shift(s, sibling: k == 1, prior: prior) }
        }

        // Every probe of a one-system set, with its candidates' sets.
        struct Pair { var set: Int32; var other: Int32; var c: Candidate }
        var pairs: [Pair] = []
        // A set holding PNC is no probe; a set with an excluded probe is left to the pair step whole.
        weighed = [Bool](repeating: false, count: n)
        for r in 0..<n where mask[r].nonzeroBitCount == 1 && mask[r] & 1 == 0 { weighed[r] = true }
        for p in excluded { weighed[Int(root[Int(p)])] = false }
        for c in best where weighed[Int(root[Int(c.probe)])] && root[Int(c.record)] != root[Int(c.probe)] {
            pairs.append(Pair(set: root[Int(c.probe)], other: root[Int(c.record)], c: c))
        }
        pairs.sort { a, b in
            if a.set != b.set { return a.set < b.set }
            if a.other != b.other { return a.other < b.other }
            if a.c.weight != b.c.weight { return a.c.weight > b.c.weight }
            if a.c.probe != b.c.probe { return t.precedes(Int(a.c.probe), Int(b.c.probe)) }
            return t.precedes(Int(a.c.record), Int(b.c.record))
        }
        // Each weighed set's view: its likeliest person, and the likeliest after that.
        struct View { var top: Candidate; var topSet: Int32; var probability: Double; var second: (set: Int32, p: Double); var others: Int }
        var views: [View] = []
        var viewOf: [Int32: Int] = [:]
        var s0 = 0
        while s0 < pairs.count {
            var e = s0 + 1
            while e < pairs.count, pairs[e].set == pairs[s0].set { e += 1 }
            // The best pair per candidate person, with its log-odds under the record's prior.
            let system = Int(mask[Int(pairs[s0].set)].trailingZeroBitCount)
            var people: [(c: Candidate, set: Int32, logOdds: Double)] = []
            var k = s0
            while k < e {
                let p = pairs[k]
                let sh = shift[system][mask[Int(p.other)] & (1 << system) != 0 ? 1 : 0]
                people.append((p.c, p.other, p.c.weight + prior + sh))
                k += 1
                while k < e, pairs[k].other == p.other { k += 1 }
            }
            people.sort { a, b in
                if a.logOdds != b.logOdds { return a.logOdds > b.logOdds }
                return t.precedes(Int(a.c.record), Int(b.c.record))
            }
            // P(person) = odds(person) / (1 + Σ odds), scaled by the largest to stay finite.
            let m = max(0, people[0].logOdds)
            var sum = exp2(-m)
            for x in people { sum += exp2(x.logOdds - m) }
            let second = people.count > 1 ? (people[1].set, exp2(people[1].logOdds - m) / sum) : (Int32(-1), 0.0)
            viewOf[pairs[s0].set] = views.count
            views.append(View(top: people[0].c, topSet: people[0].set, probability: exp2(people[0].logOdds - m) / sum,
                              second: second, others: people.count - 1))
            s0 = e
        }
        var leftToPairs = [Bool](repeating: false, count: n)
        for p in excluded { leftToPairs[Int(root[Int(p)])] = true }
        for v in views where v.probability >= reviewProbability && !leftToPairs[Int(v.topSet)] {
            // The person chosen, if weighed too, must see no one else as a likely partner: two Niche
            // nominals may each see only the drug test, which sees both.
            var clear = true
            if let i = viewOf[v.topSet] {
                let them = views[i], me = root[Int(v.top.probe)]
                clear = (them.topSet == me ? them.second.p : them.probability) < 1 - acceptProbability
            }
            let logit = v.probability >= 1 ? 64 : log2(v.probability / (1 - v.probability))
            decisions.append(Decision(probe: v.top.probe, record: v.top.record, weight: logit - prior,
                                      adjustment: logit - prior - v.top.weight, probability: v.probability,
                                      link: v.probability >= acceptProbability && clear, others: v.others,
                                      contested: v.probability >= acceptProbability && !clear))
        }
        decisions.sort { a, b in
            if a.probability != b.probability { return a.probability > b.probability }
            if t.keyHash[Int(a.probe)] != t.keyHash[Int(b.probe)] { return t.keyHash[Int(a.probe)] < t.keyHash[Int(b.probe)] }
            return t.keyHash[Int(a.record)] < t.keyHash[Int(b.record)]
        }
    }
}
