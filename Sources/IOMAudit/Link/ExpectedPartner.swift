import Foundation

/// Step 2b: a person still held on one system only after the pair scores is weighed against all their
/// candidate people at once, with a prior that is the record's rather than the population's.
///
/// The pair model's prior is the chance that two records picked at random are one person. But a drug
/// test almost always belongs to someone on Niche or PNC, a Niche nominal seldom to a person who already
/// has one, and a record whose only candidate is one person is likelier theirs than a record with five.
/// So a record's person ends up in one of four ways, apart: alone; with another record of its system
/// only (a second Niche nominal); held on another system only; or both. For such a person S of system
/// s, each candidate person T gets the prior
///
///     (share of s's records held the way S joined to T would be held) / (people like T)
///     / (share of s's records held the way S is held now),
///
/// so that a test's likeliest partner, someone already tested, is not also counted in the share spread
/// over everyone never tested. All counted on this run's sets after the pair scores; the probabilities
/// over S's candidates and "nobody" sum to one. The shift from the pair prior is bounded, so an odd
/// extract cannot run away with it.
struct ExpectedPartner {
    /// Bits the record's prior may move from the population's, either way. At a force's size a drug test
    /// beside a person who already holds tests wants about +17 (their tests are 83% in such people); at
    /// +12 a test without a date of birth stayed TEST-UNLINKED though its person's other tests were there.
    static let maximumShift = 16.0
    /// Rounds of re-estimating how one-system records are held (a fixed number: the run stays
    /// deterministic and its cost known).
    static let rounds = 4

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
        /// The pair had no date of birth to compare, but both people hold one on other records: how
        /// those compare, and the bits that added (within `adjustment`).
        var personDates: DateOfBirthComparison.Level? = nil
        var personDateBits = 0.0
    }

    /// Per system (in `LinkRecordTable.rank` order): how this run's records of it that reached no PNC
    /// nominal on identifiers are held (a Niche nominal carrying its PNC ID says nothing of one
    /// without), shrunk towards how all its records are held when there are few such records.
    struct Rates {
        /// The ways a record is held: the first four apart, `elsewhere` and `sibling` their sums.
        enum Held: Int, CaseIterable { case alone, siblingOnly, elsewhereOnly, both, records, elsewhere, sibling }

        /// Per way held: records counted, those that reached no PNC nominal on identifiers. Expected
        /// counts once `ExpectedPartner` has weighed the people on one system only.
        var counts = [[Double]](repeating: [Double](repeating: 0, count: 6), count: Held.allCases.count)
        /// People holding a record of the system and another; of it alone; of other systems alone.
        var peopleBoth = [Int](repeating: 0, count: 6)
        var peopleOnlyIt = [Int](repeating: 0, count: 6)
        var peopleOnlyOther = [Int](repeating: 0, count: 6)
        /// Every record of the run, counted or not, and the same counts over all of them.
        var population = 0
        var all = [[Int]](repeating: [Int](repeating: 0, count: 6), count: Held.allCases.count)
        /// Records of all that stand for one counted record when a system has few of them.
        static let shrinkage = 10.0

        subscript(_ held: Held, _ s: Int) -> Double {
            get { counts[held.rawValue][s] }
            set { counts[held.rawValue][s] = newValue }
        }

        /// How a person holding `held` (a bit per system) with `twice` held twice holds their record of `s`.
        static func held(_ s: Int, mask: UInt8, twice: UInt8) -> Held {
            let b = UInt8(1) << s, other = mask & ~b != 0, sibling = twice & b != 0
            return other ? (sibling ? .both : .elsewhereOnly) : (sibling ? .siblingOnly : .alone)
        }

        /// Adds `n` records of `s` held so, to the sums too.
        mutating func add(_ held: Held, _ s: Int, _ n: Double) {
            self[held, s] += n
            self[.records, s] += n
            if held == .both || held == .elsewhereOnly { self[.elsewhere, s] += n }
            if held == .both || held == .siblingOnly { self[.sibling, s] += n }
        }

        /// The share of counted records held so, shrunk towards the share among all records.
        func share(_ held: Held, _ s: Int) -> Double {
            let overall = (Double(all[held.rawValue][s]) + 1) / (Double(all[Held.records.rawValue][s]) + 3)
            return (self[held, s] + Rates.shrinkage * overall) / (self[.records, s] + Rates.shrinkage)
        }

        init() {}

        /// `counted`: the records whose holding is counted, those that reached no PNC nominal on
        /// identifiers (a Niche nominal carrying its PNC ID says nothing of one without); nil, all.
        init(_ t: LinkRecordTable, root: [Int32], counted: [Bool]? = nil) {
            population = t.count
            let (mask, multi) = ExpectedPartner.systems(t, root: root)
            for r in 0..<t.count where mask[r] != 0 {
                for s in 0..<6 {
                    let it = mask[r] & (1 << s) != 0, other = mask[r] & ~(1 << s) != 0
                    if it && other { peopleBoth[s] += 1 } else if it { peopleOnlyIt[s] += 1 } else { peopleOnlyOther[s] += 1 }
                }
            }
            var everything = Rates()
            for i in 0..<t.count {
                let s = LinkRecordTable.rank(t.system[i]), r = Int(root[i])
                let held = Rates.held(s, mask: mask[r], twice: multi[r])
                everything.add(held, s, 1)
                if counted?[i] ?? true { add(held, s, 1) }
            }
            all = everything.counts.map { $0.map { Int($0) } }
        }

        /// The way a person of `s` alone (with another record of `s`: `siblings`) would hold their record
        /// once joined to T, who holds `s` or not and other systems or not; and how many people are like T.
        func joined(_ s: Int, siblings: Bool, holdsIt: Bool, holdsOther: Bool) -> (held: Held, people: Int) {
            switch (holdsIt || siblings, holdsOther) {
            case (true, true): return (.both, siblings ? peopleBoth[s] + peopleOnlyOther[s] : peopleBoth[s])
            case (true, false): return (.siblingOnly, peopleOnlyIt[s])
            default: return (.elsewhereOnly, peopleOnlyOther[s])
            }
        }

        /// Bits the record's prior adds to the pair prior `prior`, bounded by `maximumShift`.
        func shift(_ s: Int, siblings: Bool, holdsIt: Bool, holdsOther: Bool, prior: Double) -> Double {
            let bits = logPrior(s, siblings: siblings, holdsIt: holdsIt, holdsOther: holdsOther) - prior
            return min(ExpectedPartner.maximumShift, max(-ExpectedPartner.maximumShift, bits))
        }

        /// log2 prior odds that a person of system `s` on their own (`siblings`: with other records of
        /// it) is candidate person T. A small extract counts as a sample of a force, as for the pair
        /// prior (`ModelFit.minimumPopulation`).
        func logPrior(_ s: Int, siblings: Bool, holdsIt: Bool, holdsOther: Bool) -> Double {
            let (held, people) = joined(s, siblings: siblings, holdsIt: holdsIt, holdsOther: holdsOther)
            let scale = max(1, Double(ModelFit.minimumPopulation) / Double(max(1, population)))
            return log2(share(held, s)) - log2(Double(max(1, people)) * scale) - log2(share(siblings ? .siblingOnly : .alone, s))
        }

        /// The explanation's line: "on one system only (Cozart records not joined to PNC on identifiers:
        /// 99.5% held elsewhere, 2 candidates)".
        func text(_ s: Int, candidates: Int) -> String {
            let name = SourceSystem.allCases.first { LinkRecordTable.rank($0) == s }!.displayName
            let share = MatchModel.decimals(100 * self.share(.elsewhere, s), 1)
            return "on one system only (\(name) records not joined to PNC on identifiers: \(share)% held elsewhere, "
                + "\(candidates) candidate\(candidates == 1 ? "" : "s"))"
        }

        var json: JSONValue {
            var o: [String: JSONValue] = [:]
            for s in SourceSystem.allCases {
                let k = LinkRecordTable.rank(s)
                func c(_ x: Double) -> JSONValue { .int(Int(x.rounded())) }
                o[s.rawValue] = ["records_not_joined_to_pnc_on_identifiers": c(self[.records, k]), "held_elsewhere": c(self[.elsewhere, k]),
                                 "with_another_of_its_system": c(self[.sibling, k]), "alone": c(self[.alone, k]),
                                 "held_elsewhere_without_another_of_its_system": c(self[.elsewhereOnly, k]),
                                 "records_in_all": .int(all[Held.records.rawValue][k]),
                                 "share_held_elsewhere_used": .number((share(.elsewhere, k) * 10000).rounded() / 10000)]
            }
            return .object(o)
        }
    }

    var rates = Rates()
    var decisions: [Decision] = []
    /// Sets that surely belong to one of their candidates, but to more than a person could choose between.
    var tooMany = 0
    /// Those sets' probes, with how many people each might be.
    var tooManyRecords: [(record: Int32, people: Int)] = []
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
    /// `only`: weigh just these sets (by root); nil, every one-system set.
    init(_ t: LinkRecordTable, root: [Int32], rates: Rates, best: [Candidate], excluded: Set<Int32>,
         acceptProbability: Double, reviewProbability: Double, only: Set<Int32>? = nil) {
        let n = t.count
        self.rates = rates
        let (mask, multi) = ExpectedPartner.systems(t, root: root)
        let prior = t.model.prior

        // Every probe of a one-system set, with its candidates' sets.
        struct Pair { var set: Int32; var other: Int32; var c: Candidate }
        var pairs: [Pair] = []
        // A set holding PNC is no probe; a set with an excluded probe is left to the pair step whole.
        weighed = [Bool](repeating: false, count: n)
        for r in 0..<n where mask[r].nonzeroBitCount == 1 && mask[r] & 1 == 0 { weighed[r] = true }
        for p in excluded { weighed[Int(root[Int(p)])] = false }
        if let only { for r in 0..<n where weighed[r] && !only.contains(Int32(r)) { weighed[r] = false } }
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
        // Each weighed set's candidate people: the best pair per person, its log-odds on the pair prior.
        struct Person { var c: Candidate; var set: Int32; var logOdds: Double; var holdsSystem: Bool; var holdsOther: Bool
            var dates: DateOfBirthComparison.Level? = nil; var dateBits = 0.0 }
        struct Group { var set: Int32; var system: Int; var siblings: Bool; var records: Double; var people: [Person] }
        var groups: [Group] = []
        var size = [Int32](repeating: 0, count: n)
        for i in 0..<n { size[Int(root[i])] += 1 }
        var s0 = 0
        while s0 < pairs.count {
            var e = s0 + 1
            while e < pairs.count, pairs[e].set == pairs[s0].set { e += 1 }
            let system = Int(mask[Int(pairs[s0].set)].trailingZeroBitCount), b = UInt8(1) << system
            var people: [Person] = []
            var k = s0
            while k < e {
                let p = pairs[k], m = mask[Int(p.other)]
                people.append(Person(c: p.c, set: p.other, logOdds: p.c.weight + prior, holdsSystem: m & b != 0, holdsOther: m & ~b != 0))
                k += 1
                while k < e, pairs[k].other == p.other { k += 1 }
            }
            groups.append(Group(set: pairs[s0].set, system: system, siblings: multi[Int(pairs[s0].set)] & b != 0,
                                records: Double(size[Int(pairs[s0].set)]), people: people))
            s0 = e
        }

        // A pair without a date of birth on one side still joins two people who may hold dates on
        // other records (a PNC nominal without one whose Niche record has it; the person's other drug
        // tests): those dates count, as a data manager reading both people would count them.
        do {
            var wanted = [Bool](repeating: false, count: n), undated: [(group: Int, person: Int)] = []
            for (gi, g) in groups.enumerated() {
                for (pi, x) in g.people.enumerated() where !t.hasDOB(Int(x.c.probe)) || !t.hasDOB(Int(x.c.record)) {
                    wanted[Int(g.set)] = true; wanted[Int(x.set)] = true
                    undated.append((gi, pi))
                }
            }
            var dates: [Int32: [Int32]] = [:]
            if !undated.isEmpty {
                for i in 0..<n where wanted[Int(root[i])] {
                    for v in 0..<t.dobVariants(i) where t.dob(i, variant: v) != 0 { dates[root[i], default: []].append(t.dob(i, variant: v)) }
                }
            }
            for (gi, pi) in undated {
                guard let mine = dates[groups[gi].set], let theirs = dates[groups[gi].people[pi].set] else { continue }
                var level = DateOfBirthComparison.Level.missing
                for a in mine { for b in theirs { level = min(level, DateOfBirthComparison.compare(packed: a, b)) } }
                let bits = t.model.dobWeight[Int(level.rawValue)]
                groups[gi].people[pi].dates = level
                groups[gi].people[pi].dateBits = bits
                groups[gi].people[pi].logOdds += bits
            }
        }

        // How the weighed people are held is itself estimated (expectation–maximisation): counted on
        // the pair scores' links alone, a drug test the pair score was unsure of would count as alone
        // and make every such test look likelier alone. Each round weighs every group on the current
        // rates and counts its records as held in expectation.
        var rates = rates
        var base = rates
        for g in groups { base.add(g.siblings ? .siblingOnly : .alone, g.system, -g.records) }
        // Per system, the shift for each (the set has siblings, T holds its system, T holds another).
        func shifts(_ r: Rates) -> [[Double]] {
            (0..<6).map { s in (0..<8).map { k in
                r.shift(s, siblings: k & 4 != 0, holdsIt: k & 2 != 0, holdsOther: k & 1 != 0, prior: prior)
            } }
        }
        func shift(_ table: [[Double]], _ g: Group, _ x: Person) -> Double {
            table[g.system][(g.siblings ? 4 : 0) | (x.holdsSystem ? 2 : 0) | (x.holdsOther ? 1 : 0)]
        }
        for _ in 0..<ExpectedPartner.rounds {
            let table = shifts(rates)
            var next = base
            for g in groups {
                let p = ProbabilisticLinking.probabilities(g.people.map { $0.logOdds + shift(table, g, $0) })
                for (x, q) in zip(g.people, p) {
                    next.add(rates.joined(g.system, siblings: g.siblings, holdsIt: x.holdsSystem, holdsOther: x.holdsOther).held,
                             g.system, g.records * q)
                }
                next.add(g.siblings ? .siblingOnly : .alone, g.system, g.records * max(0, 1 - p.reduce(0, +)))
            }
            rates = next
        }
        self.rates = rates
        let table = shifts(rates)

        // Each weighed set's view: its likeliest person, the likeliest after that, and whom to ask about.
        struct View {
            var system: Int; var top: Candidate; var topSet: Int32; var probability: Double; var second: (set: Int32, p: Double); var others: Int
            var choice: ProbabilisticLinking.Choice; var candidates: [(c: Candidate, set: Int32, p: Double, person: Person)]
            /// The top person's probability were they to hold a record of this system already.
            var ifTheyHeldOne: Double
        }
        var views: [View] = []
        var viewOf: [Int32: Int] = [:]
        for g in groups {
            var people = g.people.map { (c: $0.c, set: $0.set, logOdds: $0.logOdds + shift(table, g, $0), person: $0) }
            people.sort { a, b in
                if a.logOdds != b.logOdds { return a.logOdds > b.logOdds }
                return t.precedes(Int(a.c.record), Int(b.c.record))
            }
            let (choice, p) = ProbabilisticLinking.choose(people.map(\.logOdds), accept: acceptProbability, review: reviewProbability)
            let second = people.count > 1 ? (people[1].set, p[1]) : (Int32(-1), 0.0)
            var held = people.map(\.logOdds), top = people[0].person
            held[0] = top.logOdds + table[g.system][(g.siblings ? 4 : 0) | 2 | (top.holdsOther ? 1 : 0)]
            viewOf[g.set] = views.count
            views.append(View(system: g.system, top: people[0].c, topSet: people[0].set, probability: p[0], second: second, others: people.count - 1,
                              choice: choice, candidates: zip(people.prefix(ProbabilisticLinking.questionsPerRecord), p).map { ($0.c, $0.set, $1, $0.person) },
                              ifTheyHeldOne: ProbabilisticLinking.probabilities(held)[0]))
        }
        var leftToPairs = [Bool](repeating: false, count: n)
        for p in excluded { leftToPairs[Int(root[Int(p)])] = true }
        func decision(_ x: (c: Candidate, set: Int32, p: Double, person: Person), link: Bool, contested: Bool, others: Int) -> Decision {
            let logit = x.p >= 1 ? 64 : log2(x.p / (1 - x.p))
            return Decision(probe: x.c.probe, record: x.c.record, weight: logit - prior, adjustment: logit - prior - x.c.weight,
                            probability: x.p, link: link, others: others, contested: contested,
                            personDates: x.person.dates, personDateBits: x.person.dateBits)
        }
        // Two people weighed here may see each other very differently: thirty Niche nominals of one name
        // without a date each take the undated drug test as likely theirs, while the test sees thirty
        // men. Such a pair is decided by the view of the system whose records more often have a partner
        // elsewhere (the test's, which sees all its rivals); the other side's view of it is set aside.
        let expects = (0..<6).map { rates.share(.elsewhere, $0) }
        func decidedByThem(_ set: Int32, _ v: View) -> Bool {
            guard let i = viewOf[set] else { return false }
            let them = views[i].system
            return them != v.system && expects[them] > expects[v.system]
        }
        // Several records of one system each taking the same person, who holds none of it: at most one
        // of them can be that person's only record of the system. Each is weighed as if another had
        // joined first (two undated Niche nominals for one PNC nominal: a duplicate is rare; two drug
        // tests for one person: common), and is linked only if it still reaches accept.
        var claims: [UInt64: Int] = [:]
        func claim(_ v: View) -> UInt64 { UInt64(UInt32(v.topSet)) << 8 | UInt64(v.system) }
        for v in views where !leftToPairs[Int(v.topSet)] && !decidedByThem(v.topSet, v) {
            if case .link = v.choice, !v.candidates[0].person.holdsSystem { claims[claim(v), default: 0] += 1 }
        }
        for v in views where !leftToPairs[Int(v.topSet)] {
            let me = root[Int(v.top.probe)]
            var v = v
            if case .link = v.choice, claims[claim(v), default: 0] > 1 {
                v.candidates[0].p = v.ifTheyHeldOne
                v.probability = v.ifTheyHeldOne
                v.choice = v.ifTheyHeldOne >= acceptProbability ? .link : v.ifTheyHeldOne >= reviewProbability ? .ask(1) : .nothing
            }
            switch v.choice {
            case .link:
                // The person chosen, if weighed too, must see no one else as a likely partner: two Niche
                // nominals may each see only the drug test, which sees both.
                var clear = true
                if let i = viewOf[v.topSet] {
                    let them = views[i]
                    clear = (them.topSet == me ? them.second.p : them.probability) < 1 - acceptProbability
                }
                guard !decidedByThem(v.topSet, v) else { continue }
                decisions.append(decision(v.candidates[0], link: clear, contested: !clear, others: v.others))
            case .ask(let k):
                for x in v.candidates.prefix(k) where !leftToPairs[Int(x.set)] && !decidedByThem(x.set, v) {
                    decisions.append(decision(x, link: false, contested: false, others: v.others))
                }
            case .tooMany:
                tooMany += 1
                tooManyRecords.append((v.top.probe, v.others + 1))
            case .nothing: break
            }
        }
        decisions.sort { a, b in
            if a.probability != b.probability { return a.probability > b.probability }
            if t.keyHash[Int(a.probe)] != t.keyHash[Int(b.probe)] { return t.keyHash[Int(a.probe)] < t.keyHash[Int(b.probe)] }
            return t.keyHash[Int(a.record)] < t.keyHash[Int(b.record)]
        }
    }
}
