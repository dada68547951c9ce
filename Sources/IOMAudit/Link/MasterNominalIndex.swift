import Foundation

/// The master nominal index: every record of a run grouped into persons, with how each record joined
/// and the identity questions a person must settle (ID-CONFLICT, ID-REVIEW).
///
/// 1. Identifiers: equal valid PNC ID, then CRO number (unless the record clearly describes someone
///    other than the PNC nominal: a conflict), equal prison number, MiCase's Niche reference.
/// 2. Probabilistic: the match model is fitted to this run's records (`ModelFit`); records whose set
///    holds no PNC nominal are blocked and scored (`MatchModel`) against everyone; accept → join,
///    review band → question, ambiguity → question.
/// 3. Persons: `P:` + PNC ID, else `M:` + digest of the smallest record key; sorted by that id.
/// The output depends only on the records, never on their order.
public enum MasterNominalIndex {
    /// Blocks with more filed records than this are skipped (counted in `Statistics`).
    public static let maximumBlock = 500

    public struct Statistics: Sendable {
        public var records = 0
        public var persons = 0
        /// Records that reached no PNC nominal on identifiers.
        public var probes = 0
        /// Pairs looked at in blocks, and pairs that scored at least the review weight.
        public var pairsVisited = 0
        public var pairsScored = 0
        public var blocksSkipped = 0
        public var probeLookupsSkipped = 0
        public var largestBlockScanned = 0
        /// Pairs visited and largest block scanned, per blocking family.
        public var pairsByFamily: [(family: String, pairs: Int, largestBlock: Int)] = []
        public var identifierJoins = 0
        /// CRO numbers matching a PNC nominal's under another surname, left to the score.
        public var uncorroboratedCRO = 0
        public var probabilisticJoins = 0
        /// Joins made on the record's own prior (`ExpectedPartner`), and how each system's records are held.
        public var partnerJoins = 0
        public var partnerRates: JSONValue = .null
        public var conflicts = 0
        public var reviews = 0
        /// Records matching more people, about equally, than a person could choose between.
        public var tooCommonToAsk = 0
        /// Seconds per stage: table, identifiers, model, probabilistic, assembly, questions.
        public var stageSeconds: [(stage: String, seconds: Double)] = []
        /// The process's peak resident memory (MiB) at the end of each stage: which step made the link stage's peak.
        public var stagePeakMiB: [(stage: String, mib: Double)] = []
        /// Resident memory (MiB) at the end of each stage: what the stage left held, beside what it peaked at.
        public var stageResidentMiB: [(stage: String, mib: Double)] = []
        /// The fitted model, as written to `link_model.json`.
        public var model: JSONValue = .null
        public var priorLog2Odds = 0.0

        /// Candidate pairs visited per record (all records, probes or not).
        public var pairsPerRecord: Double { records == 0 ? 0 : Double(pairsVisited) / Double(records) }

        /// For the run manifest.
        public var json: JSONValue {
            func r(_ x: Double) -> JSONValue { .number((x * 1000).rounded() / 1000) }
            return [
                "records": .int(records), "persons": .int(persons), "probes": .int(probes),
                "candidate_pairs": .int(pairsVisited), "candidate_pairs_per_record": r(pairsPerRecord),
                "pairs_at_or_above_review": .int(pairsScored), "largest_block_scanned": .int(largestBlockScanned),
                "blocks_skipped_as_too_large": .int(blocksSkipped), "probe_lookups_skipped": .int(probeLookupsSkipped),
                "blocking": .array(pairsByFamily.map { ["rule": .string($0.family), "candidate_pairs": .int($0.pairs), "largest_block": .int($0.largestBlock)] }),
                "identifier_joins": .int(identifierJoins), "probabilistic_joins": .int(probabilisticJoins),
                "joins_on_the_records_own_prior": .int(partnerJoins), "how_records_are_held": partnerRates,
                "cro_left_to_the_score": .int(uncorroboratedCRO), "conflicts": .int(conflicts), "review_questions": .int(reviews),
                "records_matching_too_many_people_to_ask": .int(tooCommonToAsk),
                "prior_log2_odds": r(priorLog2Odds),
                "seconds": .object(Dictionary(stageSeconds.map { ($0.stage, r($0.seconds)) }, uniquingKeysWith: { a, _ in a })),
                "peak_mib_after": .object(Dictionary(stagePeakMiB.map { ($0.stage, .int(Int($0.mib))) }, uniquingKeysWith: { a, _ in a })),
                "resident_mib_after": .object(Dictionary(stageResidentMiB.map { ($0.stage, .int(Int($0.mib))) }, uniquingKeysWith: { a, _ in a })),
            ]
        }
    }

    /// Takes `records` over: they are put in person order in place and shared by the persons.
    public static func build(_ records: consuming SourceRecordSet, acceptScore: Double, reviewScore: Double,
                             variants: GivenNameVariants = GivenNameVariants(pairs: []), units: UnitDivisionMap? = nil) -> LinkResult {
        buildWithStatistics(consume records, acceptScore: acceptScore, reviewScore: reviewScore, variants: variants, units: units).result
    }

    /// `units`: each record's unit code to its division, for the division comparison (none: not compared).
    public static func buildWithStatistics(_ records: consuming SourceRecordSet, acceptScore: Double, reviewScore: Double,
                                           variants: GivenNameVariants = GivenNameVariants(pairs: []),
                                           units: UnitDivisionMap? = nil) -> (result: LinkResult, statistics: Statistics) {
        var stats = Statistics()
        var clock = ContinuousClock.now
        func lap(_ stage: String) {
            let now = ContinuousClock.now, d = (now - clock).components
            stats.stageSeconds.append((stage, Double(d.seconds) + Double(d.attoseconds) * 1e-18))
            stats.stagePeakMiB.append((stage, ProcessMemory.peakMiB))
            stats.stageResidentMiB.append((stage, ProcessMemory.currentMiB))
            clock = now
        }
        var records = consume records  // moved, not copied: the arrays stay uniquely held for the in-place reorder
        var table = LinkRecordTable(records, variants: variants, units: units)
        lap("table")
        var deterministic = DeterministicLinking(table, micase: records.micase)
        lap("identifiers")
        var sets = deterministic.sets
        let (fit, fitted) = ModelFit.fit(table, roots: sets.roots())
        table = table.with(model: fitted)
        stats.model = table.model.report(fit)
        stats.priorLog2Odds = table.model.prior
        lap("model")
        let acceptWeight = table.model.weight(forProbability: acceptScore)
        let reviewWeight = min(acceptWeight, table.model.weight(forProbability: reviewScore))
        let probabilistic = ProbabilisticLinking(table, sets: &sets, pncUsable: deterministic.pncUsable,
                                                 croUsable: deterministic.croUsable, croPairs: deterministic.croLeftToScore, acceptWeight: acceptWeight,
                                                 reviewWeight: reviewWeight, maximumBlock: maximumBlock)
        lap("probabilistic")
        deterministic.sets = UnionFind(count: 0)
        let edges = deterministic.edges + probabilistic.edges
        let assembly = PersonAssembly(table, &records, sets: &sets, edges: edges, context: probabilistic.edgeContext)
        lap("assembly")

        // Questions with the persons of both records.
        var asked: [(question: IdentityQuestion, persons: (record: Int32, other: Int32))] = []
        var seen = Set<[Int32]>()
        for c in deterministic.conflicts where seen.insert([c.record, c.other]).inserted {
            let v = table.compare(Int(c.record), Int(c.other))!.vector
            asked.append((IdentityQuestion(kind: .conflict, record: table.keys[Int(c.record)], other: table.keys[Int(c.other)],
                                           score: table.model.probability(weight: table.model.weight(v)),
                                           evidence: c.identifier.conflictText + "; " + v.evidence),
                          (assembly.personOf[Int(c.record)], assembly.personOf[Int(c.other)])))
        }
        // Each question shows the model's arithmetic for its pair.
        for r in probabilistic.reviews {
            let v = table.compare(Int(r.record), Int(r.other))!.vector
            let evidence = table.model.waterfall(v, context: r.context) + (r.note.map { "; " + $0 } ?? "")
            asked.append((IdentityQuestion(kind: .review, record: table.keys[Int(r.record)], other: table.keys[Int(r.other)],
                                           score: table.model.probability(weight: r.weight), evidence: evidence),
                          (assembly.personOf[Int(r.record)], assembly.personOf[Int(r.other)])))
        }
        asked.sort { x, y in
            let a = x.question, b = y.question
            if a.kind != b.kind { return a.kind == .conflict }
            if a.record != b.record { return a.record.utf8.lexicographicallyPrecedes(b.record.utf8) }
            return a.other.utf8.lexicographicallyPrecedes(b.other.utf8)
        }
        let questions = asked.map(\.question)
        let questionPersons = asked.map(\.persons)
        asked = []

        lap("questions")
        var s = stats
        s.records = table.count
        s.persons = assembly.persons.count
        s.probes = probabilistic.probes
        s.pairsVisited = probabilistic.statistics.pairsVisited
        s.pairsScored = probabilistic.scoredPairs
        s.blocksSkipped = probabilistic.statistics.blocksSkipped
        s.probeLookupsSkipped = probabilistic.statistics.probeLookupsSkipped
        s.largestBlockScanned = probabilistic.statistics.largestBlockScanned
        s.pairsByFamily = Blocking.Family.allCases.compactMap { f in
            probabilistic.statistics.pairsByFamily[f].map { (f.name, $0, probabilistic.statistics.largestBlockByFamily[f] ?? 0) }
        }
        s.identifierJoins = deterministic.edges.count
        s.probabilisticJoins = probabilistic.edges.count
        s.partnerJoins = probabilistic.partnerLinks
        s.tooCommonToAsk = probabilistic.tooCommonToAsk
        s.partnerRates = probabilistic.partner.json
        s.uncorroboratedCRO = deterministic.uncorroboratedCRO
        s.conflicts = questions.filter { $0.kind == .conflict }.count
        s.reviews = questions.count - s.conflicts
        var result = LinkResult(persons: assembly.persons, links: assembly.links, questions: questions)
        result.questionPersons = questionPersons
        for (r, people) in probabilistic.matchingTooMany {
            let key = table.keys[Int(r)]
            result.matchingTooMany[key] = max(result.matchingTooMany[key] ?? 0, people)
        }
        return (result, s)
    }
}
