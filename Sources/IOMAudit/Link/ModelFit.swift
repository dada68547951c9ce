import Foundation

/// Fits the match model to the run's own records, as fastLink and Splink do:
/// - u, how often each level occurs between different people, from random record pairs;
/// - term frequencies of surnames, forenames and dates of birth, from value counts;
/// - m, how often each level occurs between records of one person, by expectation–maximisation over
///   two samples of candidate pairs: pairs sharing a date of birth (fits the names) and pairs sharing
///   surname and forename (fits the date of birth), each leaving out what its block forces to agree;
/// - the prior, from the expected number of true matches: the share of same-date pairs the fit calls
///   matches, scaled by how often true matches share a date.
/// Starting values are `MatchModel.judgementLevels`; every fitted value is held within bounds of them
/// and pulled towards them by a few pseudo-pairs, so a small or odd extract cannot give a wild model.
/// Everything is drawn in an order that does not depend on the input order: same records, same model.
enum ModelFit {
    struct Report: Sendable {
        var records = 0
        var randomPairs = 0
        var sessions: [Session] = []
        var expectedMatchesPerRecord = 0.0
        /// Values the bounds held back, as "comparison level m|u|prior".
        var bounded: [String] = []

        struct Session: Sendable {
            var name: String
            var pairs = 0
            /// Pairs of the sample the identifiers showed to be one person.
            var labelledMatches = 0
            var iterations = 0
            var converged = false
            var matchShare = 0.0
        }

        var json: JSONValue {
            [
                "records": .int(records), "random_pairs_for_u": .int(randomPairs),
                "expected_matching_records_per_record": .number((expectedMatchesPerRecord * 1000).rounded() / 1000),
                "em_sessions": .array(sessions.map { ["blocked_on": .string($0.name), "pairs": .int($0.pairs), "iterations": .int($0.iterations),
                                                      "pairs_known_to_match": .int($0.labelledMatches),
                                                      "m_from": .string($0.labelledMatches >= Int(supervisedMatches) ? "identifier-settled matches" : "expectation-maximisation"),
                                                      "converged": .bool($0.converged), "match_share": .number($0.matchShare)] }),
                "held_by_bounds": .array(bounded.map { .string($0) }),
            ]
        }
    }

    /// Random pairs drawn for u.
    static let randomPairs = 2_000_000
    /// Candidate pairs per EM session.
    static let sessionPairs = 2_000_000
    /// Blocks larger than this are left out of a session's sample.
    static let sessionBlockLimit = 1_000
    /// EM stops when no m and no match share moves by more than this, or after this many rounds.
    static let tolerance = 1e-6
    static let maximumIterations = 300
    /// With at least this many identifier-settled matches in a session, m is taken from them.
    static let supervisedMatches = 2_000.0
    /// Pseudo-pairs at the starting values added to every m.
    static let pseudoPairs = 500.0
    static let judgementMatchesPerRecord = 2.0
    static let priorPseudoRecords = 1_000.0
    /// The prior never assumes a population smaller than this many records (`fit`).
    static let minimumPopulation = 100_000
    /// m and u stay within this many bits of their starting values.
    static let boundBits = 3.0
    /// The division's m stays within one bit: one m serves every pair of systems, and a person's unit on
    /// one system can be years old (moved house, tested in another district's custody suite), so where
    /// a force's units happen to agree almost always a disagreement must still not count as a name does.
    static let divisionBoundBits = 1.0
    static let uBoundBits = 7.0

    typealias Comparison = MatchModel.Comparison
    static let comparisons = Comparison.allCases

    // MARK: Patterns

    /// Levels of one pair in one integer (< `patternCount`), for counting.
    /// Sex and division never agree in part: three digits each (equal, differs, missing), which keeps the
    /// pattern counts small enough to stay in cache while millions of pairs are counted.
    @inline(__always) static func pattern(_ v: ComparisonVector) -> Int {
        Int(v.surname.rawValue) + names * (Int(v.forename.rawValue) + names * (Int(v.dob.rawValue) + dates * (whole(v.sex)
            + 3 * (Int(v.middle.rawValue) + 4 * whole(v.division)))))
    }
    @inline(__always) private static func whole(_ a: MatchModel.Agreement) -> Int { a == .equal ? 0 : a == .missing ? 2 : 1 }
    private static let agreementOfWhole = [Int(MatchModel.Agreement.equal.rawValue), Int(MatchModel.Agreement.different.rawValue),
                                           Int(MatchModel.Agreement.missing.rawValue)]
    /// Levels per name comparison and of the date of birth.
    static let names = NameComparison.Level.allCases.count, dates = DateOfBirthComparison.Level.allCases.count
    static let patternCount = names * names * dates * 3 * 4 * 3

    @inline(__always) static func level(_ pattern: Int, _ c: Comparison) -> Int {
        switch c {
        case .surname: return pattern % names
        case .forename: return pattern / names % names
        case .dateOfBirth: return pattern / (names * names) % dates
        case .sex: return agreementOfWhole[pattern / (names * names * dates) % 3]
        case .middleNames: return pattern / (names * names * dates * 3) % 4
        case .division: return agreementOfWhole[pattern / (names * names * dates * 12)]
        }
    }

    // MARK: Fit

    static func fit(_ t: LinkRecordTable, roots: [Int32]) -> (report: Report, model: MatchModel) {
        var report = Report()
        let n = t.count
        report.records = n
        let judgement = MatchModel.judgementLevels
        guard n >= 2 else { return (report, MatchModel.judgement(records: n)) }

        // Value counts for term frequencies and for sizing the date sample.
        var surnames = [Int](repeating: 0, count: t.names.count), forenames = [Int](repeating: 0, count: t.names.count)
        var dates = [Int](repeating: 0, count: MatchModel.dayCount)
        var dated = 0
        for x in t.identity {
            surnames[Int(x.surname)] += 1
            forenames[Int(x.first)] += 1
            if x.dob != 0 {
                let d = MatchModel.dayIndex(x.dob)
                if d >= 0 { dates[d] += 1; dated += 1 }
            }
        }
        surnames[0] = 0; forenames[0] = 0

        // Records in an order free of input order.
        let order = orderFree(t)

        // What the identifiers settled: one set is one person; two sets each holding a PNC nominal are two.
        var holdsPNC = [Bool](repeating: false, count: n)
        for i in 0..<n where t.system[i] == .pnc { holdsPNC[Int(roots[i])] = true }
        let label = Labels(roots: roots, holdsPNC: holdsPNC)
        let sameDatePairs = dates.reduce(0.0) { $0 + Double($1) * Double($1 - 1) / 2 }
        let keepDate = UInt64(max(1, Int(sameDatePairs / Double(sessionPairs))))
        let keepName = UInt64(max(1, n / 200_000))

        // The three samples are independent reads of the table: drawn on both cores.
        let table = t
        let results = ResultSlots<Sample>(count: 3)
        DispatchQueue.concurrentPerform(iterations: 3) { task in
            switch task {
            case 0:
                // u from random pairs of records not already joined on identifiers.
                var uCounts = [Double](repeating: 0, count: patternCount)
                var rng = SplitMix(seed: 0x10A_0D17)
                let draws = min(randomPairs, max(100_000, 50 * n), n * (n - 1))
                var drawn = 0
                for _ in 0..<draws {
                    let i = Int(order[Int(rng.next() % UInt64(n))]), j = Int(order[Int(rng.next() % UInt64(n))])
                    if i == j || roots[i] == roots[j] { continue }
                    uCounts[pattern(table.compare(i, j)!.vector)] += 1
                    drawn += 1
                }
                results.set(0, Sample(counts: uCounts, pairs: drawn))
            case 1:
                // Session A: pairs sharing a date of birth fit the names, sex and middle names.
                results.set(1, sample(table, order: order, pairBudget: sessionPairs, label: label.of) { i in
                    let x = table.identity[i]
                    guard x.dob != 0, Blocking.mix(UInt64(x.dob)) % keepDate == 0 else { return nil }
                    return Blocking.mix(UInt64(UInt32(bitPattern: x.dob)))
                })
            default:
                // Session B: pairs sharing a surname fit the date of birth (and forename, sex, middle names).
                results.set(2, sample(table, order: order, pairBudget: sessionPairs, label: label.of) { i in
                    let x = table.identity[i]
                    guard x.surname != 0, Blocking.mix(table.names.hash[Int(x.surname)]) % keepName == 0 else { return nil }
                    return Blocking.mix(table.names.hash[Int(x.surname)])
                })
            }
        }
        let uCounts = results.get(0).counts
        report.randomPairs = results.get(0).pairs
        let sessionA = results.get(1), sessionB = results.get(2)
        var levels = judgement
        for c in comparisons {
            let counts = marginal(uCounts, c)
            let total = counts.reduce(0, +) - counts[c.missingLevel]
            guard total > 0 else { continue }
            for l in 0..<c.missingLevel where c.applies(l) {
                let u0 = judgement[c]!.u[l]
                var u = counts[l] >= 10 ? counts[l] / total : min(u0, 10 / total)
                u = bound(u, around: u0, bits: uBoundBits, label: "\(c.rawValue) \(c.levelNames[l]) u", &report)
                levels[c]!.u[l] = u
            }
            normalise(&levels[c]!.u, c)
        }

        var a = expectationMaximisation(sessionA, fitting: [.surname, .forename, .sex, .middleNames, .division], levels: levels, judgement: judgement)
        a.session.name = "date of birth"
        report.sessions.append(a.session)

        var b = expectationMaximisation(sessionB, fitting: [.dateOfBirth, .forename, .sex, .middleNames, .division], levels: levels, judgement: judgement)
        b.session.name = "surname"
        report.sessions.append(b.session)

        levels[.surname]!.m = a.levels[.surname]!.m
        levels[.forename]!.m = zip(a.levels[.forename]!.m, b.levels[.forename]!.m).map { ($0 + $1) / 2 }
        levels[.dateOfBirth]!.m = b.levels[.dateOfBirth]!.m
        for c in [Comparison.sex, .middleNames, .division] {
            levels[c]!.m = zip(a.levels[c]!.m, b.levels[c]!.m).map { ($0 + $1) / 2 }
        }
        for c in comparisons {
            for l in 0..<c.missingLevel where c.applies(l) {
                levels[c]!.m[l] = bound(levels[c]!.m[l], around: judgement[c]!.m[l], bits: c == .division ? divisionBoundBits : boundBits,
                                        label: "\(c.rawValue) \(c.levelNames[l]) m", &report)
            }
            normalise(&levels[c]!.m, c)
        }

        let prior = ModelFit.prior(sameDateMatchShare: a.session.matchShare, sameDatePairs: sameDatePairs,
                                   exactDateM: levels[.dateOfBirth]!.m[0], datedShare: Double(dated) / Double(n), records: n, &report)
        var model = MatchModel(levels: levels, prior: prior)
        model.setTermFrequencies(surnames: surnames, forenames: forenames, dates: dates)
        model.setNamesTogether(NamesTogether.bits(t, roots: roots, middleU: levels[.middleNames]!.u[0]))
        return (report, model)
    }

    // MARK: Pieces

    /// Log2 prior odds that two records are one person: the matching pairs among those sharing a date
    /// of birth (the EM's share of them), over the share of true matches that share a date and both
    /// have one, gives the matching pairs in all; over all pairs of a population of at least
    /// `minimumPopulation` records.
    static func prior(sameDateMatchShare: Double, sameDatePairs: Double, exactDateM: Double, datedShare: Double,
                      records n: Int, _ report: inout Report) -> Double {
        let matchingPairs = sameDateMatchShare * sameDatePairs / max(exactDateM, 0.01) / max(datedShare * datedShare, 0.01)
        // Shrunk towards the judgement (two matching records per record) by a thousand pseudo-records,
        // so an extract too small to have pairs sharing a date does not drive the prior to a bound.
        let perRecord = (2 * matchingPairs + judgementMatchesPerRecord * priorPseudoRecords) / (Double(n) + priorPseudoRecords)
        let bounded = min(max(perRecord, 0.05), 200)
        if bounded != perRecord { report.bounded.append("prior (\(String(format: "%.3f", perRecord)) matching records per record)") }
        report.expectedMatchesPerRecord = bounded
        // An extract smaller than a force's nominal index is a sample of one: a coincidence is as likely
        // as in the population it was drawn from, so the prior never assumes fewer records than this.
        let population = Double(max(n, minimumPopulation))
        let p = min(bounded / population, 0.5)
        return log2(p / (1 - p))
    }

    static func marginal(_ counts: [Double], _ c: Comparison) -> [Double] {
        var out = [Double](repeating: 0, count: c.levelCount)
        for p in 0..<patternCount where counts[p] > 0 { out[level(p, c)] += counts[p] }
        return out
    }

    static func normalise(_ values: inout [Double], _ c: Comparison) {
        var total = 0.0
        for l in 0..<c.missingLevel where c.applies(l) { total += values[l] }
        guard total > 0 else { return }
        for l in 0..<c.missingLevel where c.applies(l) { values[l] /= total }
    }

    static func bound(_ v: Double, around start: Double, bits: Double, label: String, _ report: inout Report) -> Double {
        let lo = start / exp2(bits), hi = min(0.9999, start * exp2(bits))
        let b = min(max(v, lo), hi)
        if b != v { report.bounded.append(label) }
        return b
    }

    /// Record indices sorted by their key's hash (then key): an order that is the same whatever order
    /// the extracts listed the records in.
    static func orderFree(_ t: LinkRecordTable) -> [Int32] {
        let n = t.count
        var indexBits = 1
        while (1 << indexBits) < n { indexBits += 1 }
        let low = (UInt64(1) << UInt64(indexBits)) - 1
        var packed = (0..<n).map { t.keyHash[$0] & ~low | UInt64($0) }
        RadixSort.sort(&packed, fromBit: 0)
        return packed.map { Int32(truncatingIfNeeded: $0 & low) }
    }

    /// Pattern counts of the pairs within blocks of `key` (nil: record left out), blocks visited in
    /// key order, until `pairBudget` pairs. Blocks over `sessionBlockLimit` records are left out.
    static func sample(_ t: LinkRecordTable, order: [Int32], pairBudget: Int, label: (Int, Int) -> Bool?, key: (Int) -> UInt64?) -> Sample {
        var entries: [(UInt64, Int32)] = []
        for r in order { if let k = key(Int(r)) { entries.append((k, r)) } }
        entries.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var out = Sample()
        var s = 0
        while s < entries.count, out.pairs < pairBudget {
            var e = s + 1
            while e < entries.count, entries[e].0 == entries[s].0 { e += 1 }
            if e - s <= sessionBlockLimit {
                for i in s..<e {
                    for j in (i + 1)..<e {
                        let a = Int(entries[i].1), b = Int(entries[j].1)
                        let p = pattern(t.compare(a, b)!.vector)
                        switch label(a, b) {
                        case true?: out.matches[p] += 1
                        case false?: out.nonMatches[p] += 1
                        case nil: out.counts[p] += 1
                        }
                        out.pairs += 1
                    }
                }
            }
            s = e
        }
        return out
    }

    /// What the identifiers settled about a pair: one person (same set), two (sets each holding a PNC
    /// nominal), or nothing.
    struct Labels: Sendable {
        let roots: [Int32]
        let holdsPNC: [Bool]
        func of(_ a: Int, _ b: Int) -> Bool? {
            let ra = Int(roots[a]), rb = Int(roots[b])
            if ra == rb { return true }
            return holdsPNC[ra] && holdsPNC[rb] ? false : nil
        }
    }

    /// Pattern counts of a session's pairs: unlabelled, and known from identifiers to be one person
    /// (joined on a PNC ID, CRO or prison number) or two (each joined to a different PNC nominal).
    struct Sample: Sendable {
        var counts = [Double](repeating: 0, count: patternCount)
        var matches = [Double](repeating: 0, count: patternCount)
        var nonMatches = [Double](repeating: 0, count: patternCount)
        var pairs = 0
    }

    struct SessionResult {
        var levels: [Comparison: MatchModel.Levels]
        var session: Report.Session
    }

    /// Two-class EM over pattern counts with u fixed: m of the `fitting` comparisons and the share of
    /// matches. Comparisons not fitted are left out of the likelihood (the block forced them). Pairs the
    /// identifiers already settled keep their label (semi-supervised): they anchor the fit, so a
    /// coincidence the names cannot tell apart does not pass for a match.
    static func expectationMaximisation(_ sample: Sample, fitting: [Comparison],
                                        levels start: [Comparison: MatchModel.Levels],
                                        judgement: [Comparison: MatchModel.Levels]) -> SessionResult {
        var levels = start
        var session = Report.Session(name: "", pairs: sample.pairs)
        let used = (0..<patternCount).filter { sample.counts[$0] > 0 || sample.matches[$0] > 0 || sample.nonMatches[$0] > 0 }
        guard !used.isEmpty else { return SessionResult(levels: levels, session: session) }
        // Where the identifiers settled enough matches, m is what those matches show (with the
        // pseudo-pairs), and EM fits only the share of matches: among unlabelled pairs a cluster of
        // coincidences (same surname and forename, born months apart) would otherwise pass for matches.
        // With few labels (a names-only extract) EM fits m too, starting from the labels it has.
        let labelled = used.reduce(0.0) { $0 + sample.matches[$1] }
        let supervised = labelled >= supervisedMatches
        session.labelledMatches = Int(labelled)
        if labelled >= 100 {
            for c in fitting {
                var seen = [Double](repeating: 0, count: c.levelCount), present = 0.0
                for p in used {
                    let l = level(p, c)
                    if l == c.missingLevel { continue }
                    seen[l] += sample.matches[p]; present += sample.matches[p]
                }
                guard present > 0 else { continue }
                for l in 0..<c.missingLevel where c.applies(l) {
                    levels[c]!.m[l] = (seen[l] + pseudoPairs * judgement[c]!.m[l]) / (present + pseudoPairs)
                }
                normalise(&levels[c]!.m, c)
            }
        }
        let total0 = used.reduce(0.0) { $0 + sample.counts[$1] + sample.matches[$1] + sample.nonMatches[$1] }
        var lambda = min(max(labelled / max(total0, 1), 0.001), 0.5)
        for iteration in 1...maximumIterations {
            var matched = [Comparison: [Double]](), present = [Comparison: Double]()
            for c in fitting { matched[c] = [Double](repeating: 0, count: c.levelCount); present[c] = 0 }
            var totalMatch = 0.0, total = 0.0
            for p in used {
                var pm = lambda, pu = 1 - lambda
                for c in fitting {
                    let l = level(p, c)
                    if l == c.missingLevel { continue }
                    pm *= levels[c]!.m[l]
                    pu *= levels[c]!.u[l]
                }
                let post = pm + pu > 0 ? pm / (pm + pu) : 0
                let w = post * sample.counts[p] + sample.matches[p]
                totalMatch += w
                total += sample.counts[p] + sample.matches[p] + sample.nonMatches[p]
                for c in fitting {
                    let l = level(p, c)
                    if l == c.missingLevel { continue }
                    matched[c]![l] += w
                    present[c]! += w
                }
            }
            var change = abs(totalMatch / total - lambda)
            lambda = min(max(totalMatch / total, 1e-9), 1 - 1e-9)
            for c in fitting where !supervised {
                var m = levels[c]!.m
                for l in 0..<c.missingLevel where c.applies(l) {
                    m[l] = (matched[c]![l] + pseudoPairs * judgement[c]!.m[l]) / (present[c]! + pseudoPairs)
                }
                // Compared once normalised, as they are kept: before, a share of pairs at a level the
                // comparison never reaches showed as a change every round and EM never settled.
                normalise(&m, c)
                for l in 0..<c.missingLevel where c.applies(l) { change = max(change, abs(m[l] - levels[c]!.m[l])) }
                levels[c]!.m = m
            }
            session.iterations = iteration
            if change < tolerance { session.converged = true; break }
        }
        session.matchShare = lambda
        return SessionResult(levels: levels, session: session)
    }
}

/// SplitMix64: a small deterministic generator for sampling.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
