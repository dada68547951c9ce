import Foundation

/// The Fellegi–Sunter match model a run links with. Each comparison (surname, forename, date of birth,
/// sex, middle names) has levels; each level has m (how often two records of one person reach it) and
/// u (how often two records of different people do), and earns log2(m/u). Exact agreement is weighted
/// by how common the agreeing value is in this force's data (term frequency): SMITH or 01/01 says less
/// than HOLROYD or 17/09. The weights and the prior summed give the match probability.
///
/// `MatchModel.judgement` holds the starting values; `ModelFit` fits m, u, the term frequencies and the
/// prior to the run's own records, within bounds, and the fitted model is written with the run.
public struct MatchModel: Sendable {
    public enum Comparison: String, CaseIterable, Sendable, Codable {
        case surname, forename, dateOfBirth = "date_of_birth", sex, middleNames = "middle_names", division

        var levelNames: [String] {
            switch self {
            case .surname, .forename: return NameComparison.Level.allCases.map { "\($0)" }
            case .dateOfBirth: return DateOfBirthComparison.Level.allCases.map { "\($0)" }
            case .sex, .middleNames, .division: return Agreement.allCases.map { "\($0)" }
            }
        }

        /// Levels that never occur for this comparison (weight fixed at 0).
        func applies(_ level: Int) -> Bool {
            switch self {
            case .surname: return level != Int(NameComparison.Level.variant.rawValue) && level != Int(NameComparison.Level.initial.rawValue)
                && level != Int(NameComparison.Level.middle.rawValue)
                && level != Int(NameComparison.Level.sameInitial.rawValue)
            case .forename: return level != Int(NameComparison.Level.part.rawValue)
            case .sex, .division: return level != Int(Agreement.partial.rawValue)
            default: return true
            }
        }

        /// The last level, missing. An integer switch: the EM asks for it per pattern and round, and
        /// `levelNames` builds strings.
        var missingLevel: Int {
            switch self {
            case .surname, .forename: return NameComparison.Level.allCases.count - 1
            case .dateOfBirth: return DateOfBirthComparison.Level.allCases.count - 1
            case .sex, .middleNames, .division: return Agreement.allCases.count - 1
            }
        }

        var levelCount: Int { missingLevel + 1 }
    }

    /// Agreement of sex and of middle names. `partial`: a middle name against its initial or nickname.
    public enum Agreement: UInt8, CaseIterable, Sendable, Codable {
        case equal, partial, different, missing
    }

    /// m and u of one comparison, by level (the last level, missing, is never weighed).
    public struct Levels: Sendable, Codable, Equatable {
        public var m: [Double]
        public var u: [Double]
    }

    public var levels: [Comparison: Levels]
    /// Log2 of the odds that two records of this extract, drawn at random, are one person.
    public var prior: Double

    // Judgements that are not fitted: identifiers are equal or differ too rarely among candidate pairs
    // to fit, and a swap is scored on its parts.
    /// Both carry a valid PNC ID and they differ: m 0.0002, u 1.
    public static let pncDiffers = -12.0
    /// Both carry a valid CRO number and they differ: m 0.004, u 1.
    public static let croDiffers = -8.0
    /// Both carry the same valid CRO number but the surname did not corroborate it (`DeterministicLinking`):
    /// strong, yet it only ever raises a question (a married name, or a number keyed on the wrong person).
    public static let croEqual = 10.0
    /// Surname and forename written the other way round: scored on the crossed parts, less this.
    public static let swapped = -1.0
    /// Term-frequency weights never fall below the level's own weight less this, nor rise above it
    /// plus `tfCeiling`: a value seen once in a small extract must not dominate.
    static let tfFloor = 6.0
    static let tfPseudoCount = 5.0
    static let tfCeiling = 10.0

    // Weights derived from the levels (index: level raw value) and the term frequencies.
    private(set) var weights: [Comparison: [Double]] = [:]
    private(set) var surnameWeight: [Double] = []
    private(set) var forenameWeight: [Double] = []
    private(set) var dobWeight: [Double] = []
    private(set) var sexWeight: [Double] = []
    private(set) var middleWeight: [Double] = []
    private(set) var divisionWeight: [Double] = []
    /// Weight of exact agreement on each name part (by `NamePartTable` id), as surname and as forename.
    private(set) var surnameExact: [Float] = []
    private(set) var forenameExact: [Float] = []
    /// Weight of exact agreement on each date of birth, by day number from `dayBase`.
    private(set) var dobExact: [Float] = []
    /// Per record: bits added when surname and forename both agree exactly (`NamesTogether`, ≤ 0),
    /// and when the middle names agree as well.
    private(set) var namesTogether: [Float] = []
    private(set) var namesTogetherWithMiddle: [Float] = []
    static let dayBase = DateOfBirthComparison.dayNumber(packed: 1800_01_01)
    static let dayCount = Int(DateOfBirthComparison.dayNumber(packed: 2100_01_01) - dayBase)

    init(levels: [Comparison: Levels], prior: Double) {
        self.levels = levels
        self.prior = prior
        deriveWeights()
    }

    mutating func deriveWeights() {
        for c in Comparison.allCases {
            let l = levels[c]!
            var w = [Double](repeating: 0, count: c.levelCount)
            for i in 0..<c.missingLevel where c.applies(i) { w[i] = log2(l.m[i] / l.u[i]) }
            weights[c] = w
        }
        surnameWeight = weights[.surname]!; forenameWeight = weights[.forename]!; dobWeight = weights[.dateOfBirth]!
        sexWeight = weights[.sex]!; middleWeight = weights[.middleNames]!; divisionWeight = weights[.division]!
        deriveMaximumNameWeight()
    }

    /// Exact-agreement weights from value frequencies: log2(m_exact / share of records holding the
    /// value), bounded around the level's own weight. Counts are per record, shrunk towards the level's
    /// u by `tfPseudoCount` occurrences: in a small extract the pair's own records are most of a
    /// value's count and say nothing about how common it is in the force.
    mutating func setTermFrequencies(surnames: [Int], forenames: [Int], dates: [Int]) {
        func table(_ counts: [Int], _ c: Comparison) -> [Float] {
            let base = weights[c]![0], m = levels[c]!.m[0], u = levels[c]!.u[0]
            let total = Double(counts.reduce(0, +)) + MatchModel.tfPseudoCount / u
            return counts.map { n in
                if n == 0 { return Float(base) }
                let w = log2(m / ((Double(n) + MatchModel.tfPseudoCount) / total))
                return Float(min(max(w, base - MatchModel.tfFloor), base + MatchModel.tfCeiling))
            }
        }
        surnameExact = table(surnames, .surname)
        forenameExact = table(forenames, .forename)
        dobExact = table(dates, .dateOfBirth)
        deriveMaximumNameWeight()
    }

    mutating func setNamesTogether(_ bits: (names: [Float], withMiddle: [Float])) {
        namesTogether = bits.names
        namesTogetherWithMiddle = bits.withMiddle
    }

    /// The model without its per-record names-together bits (millions of them at a force's size): all that
    /// explaining a link needs, since its comparison vector carries its own.
    var forExplaining: MatchModel {
        var m = self
        m.namesTogether = []
        m.namesTogetherWithMiddle = []
        return m
    }

    /// The names-together bits of record `i`, with its middle names when they agree too (0 when not fitted).
    @inline(__always) func namesTogether(_ i: Int, middleAgrees: Bool) -> Float {
        guard i < namesTogether.count else { return 0 }
        return middleAgrees ? namesTogetherWithMiddle[i] : namesTogether[i]
    }

    @inline(__always) static func dayIndex(_ packed: Int32) -> Int {
        let d = Int(DateOfBirthComparison.dayNumber(packed: packed) - dayBase)
        return d >= 0 && d < dayCount ? d : -1
    }

    // MARK: Weights of a comparison vector

    @inline(__always) func surname(_ v: ComparisonVector) -> Double {
        if v.surname == .exact, v.surnameValue > 0, Int(v.surnameValue) < surnameExact.count { return Double(surnameExact[Int(v.surnameValue)]) }
        return surnameWeight[Int(v.surname.rawValue)]
    }

    @inline(__always) func forename(_ v: ComparisonVector) -> Double {
        if v.forename == .exact, v.forenameValue > 0, Int(v.forenameValue) < forenameExact.count { return Double(forenameExact[Int(v.forenameValue)]) }
        return forenameWeight[Int(v.forename.rawValue)]
    }

    @inline(__always) func dateOfBirth(_ v: ComparisonVector) -> Double {
        if v.dob == .exact, v.dobValue != 0, !dobExact.isEmpty {
            let i = MatchModel.dayIndex(v.dobValue)
            if i >= 0 { return Double(dobExact[i]) }
        }
        return dobWeight[Int(v.dob.rawValue)]
    }

    @inline(__always) func names(_ v: ComparisonVector) -> Double {
        surname(v) + forename(v) + Double(v.namesTogether) + middleWeight[Int(v.middle.rawValue)] + (v.swapped ? MatchModel.swapped : 0)
    }

    @inline(__always) func others(_ v: ComparisonVector) -> Double {
        var w = dateOfBirth(v) + sexWeight[Int(v.sex.rawValue)] + divisionWeight[Int(v.division.rawValue)]
        if v.pnc == .differs { w += MatchModel.pncDiffers }
        if v.cro == .differs { w += MatchModel.croDiffers } else if v.cro == .equal { w += MatchModel.croEqual }
        return w
    }

    /// The summed weight (prior not included).
    @inline(__always) func weight(_ v: ComparisonVector) -> Double { names(v) + others(v) }

    /// Match probability for a summed weight (prior included here).
    public func probability(weight: Double) -> Double { 1 / (1 + exp2(-(weight + prior))) }

    /// The summed weight at which the probability reaches `p` (−∞ / +∞ at 0 and 1).
    public func weight(forProbability p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        return log2(p / (1 - p)) - prior
    }

    /// The largest weight names alone can add (for giving up on a pair early).
    private(set) var maximumNameWeight = 0.0

    /// Bounds used to give up on a pair early: the best forename level short of exact, the best middle
    /// names, the best crossed (swapped) names.
    private(set) var forenameInexactMaximum = 0.0
    private(set) var middleMaximum = 0.0
    private(set) var crossedMaximum = 0.0

    private mutating func deriveMaximumNameWeight() {
        let s = max(surnameWeight.max() ?? 0, Double(surnameExact.max() ?? 0))
        let f = max(forenameWeight.max() ?? 0, Double(forenameExact.max() ?? 0))
        middleMaximum = max(0, middleWeight.max() ?? 0)
        maximumNameWeight = s + f + middleMaximum
        forenameInexactMaximum = forenameWeight.dropFirst().max() ?? 0
        crossedMaximum = (surnameWeight.max() ?? 0) + (forenameWeight.max() ?? 0) + MatchModel.swapped + middleMaximum
    }

    /// The most the names of two records can weigh given their surname level and forename ids.
    @inline(__always) func nameBound(surname: NameComparison.Level, surnameValue: Int32, forenames a: Int32, _ b: Int32) -> Double {
        var v = ComparisonVector()
        v.surname = surname; v.surnameValue = surnameValue
        var f = forenameInexactMaximum
        if Int(a) < forenameExact.count { f = max(f, Double(forenameExact[Int(a)])) } else { f = max(f, forenameWeight[0]) }
        if Int(b) < forenameExact.count { f = max(f, Double(forenameExact[Int(b)])) }
        return max(self.surname(v) + f + middleMaximum, crossedMaximum)
    }

    // MARK: Explanation

    /// Every comparison's level, weight and term-frequency adjustment, then the prior, summing to the
    /// match probability: "surname equal +14.2 (+6.1 for a rare name); …; prior −21.9; total +3.4 → 0.91".
    /// A line the pair's comparisons do not give: bits added to the pair's weight, and why.
    struct Context: Sendable {
        /// All the bits the context adds, `part`'s included.
        var bits: Double
        var text: String
        /// A part of `bits` shown on a line of its own.
        var part: (text: String, bits: Double)? = nil
    }

    func waterfall(_ v: ComparisonVector, context: Context? = nil) -> String {
        func signed(_ w: Double) -> String { (w >= 0 ? "+" : "−") + MatchModel.decimals(abs(w), 1) }
        var parts: [String] = []
        func term(_ label: String, _ w: Double, base: Double) -> String {
            let adj = w - base
            return abs(adj) < 0.05 ? "\(label) \(signed(w))" : "\(label) \(signed(w)) (\(signed(adj)) for how common the value is)"
        }
        let sName = v.swapped ? "surname as forename" : "surname"
        let fName = v.swapped ? "forename as surname" : "forename"
        parts.append(term("\(sName) \(v.surname.text)", surname(v), base: surnameWeight[Int(v.surname.rawValue)]))
        parts.append(term("\(fName) \(v.forename.text)", forename(v), base: forenameWeight[Int(v.forename.rawValue)]))
        if v.namesTogether < -0.05 {
            parts.append((v.middle == .equal ? "these names often go together " : "surname and forename often go together ") + signed(Double(v.namesTogether)))
        }
        if v.swapped { parts.append("names swapped \(signed(MatchModel.swapped))") }
        if v.middle != .missing { parts.append("middle names \(MatchModel.agreementText(v.middle)) \(signed(middleWeight[Int(v.middle.rawValue)]))") }
        if v.viaAlias { parts.append("name matches a PNC alias") }
        parts.append(term("dob \(v.dob.text)", dateOfBirth(v), base: dobWeight[Int(v.dob.rawValue)]))
        if v.dobViaAlias { parts.append("dob matches a PNC alias date") }
        if v.sex != .missing { parts.append("sex \(v.sex == .equal ? "agrees" : "differs") \(signed(sexWeight[Int(v.sex.rawValue)]))") }
        if v.division != .missing {
            parts.append("division \(v.division == .equal ? "agrees" : "differs") \(signed(divisionWeight[Int(v.division.rawValue)]))")
        }
        if v.pnc == .differs { parts.append("pnc id differs \(signed(MatchModel.pncDiffers))") }
        if v.cro == .differs { parts.append("cro differs \(signed(MatchModel.croDiffers))") }
        if v.cro == .equal { parts.append("cro equal \(signed(MatchModel.croEqual))") }
        let w = weight(v) + (context?.bits ?? 0)
        parts.append("prior \(signed(prior))")
        if let c = context {
            parts.append("\(c.text) \(signed(c.bits - (c.part?.bits ?? 0)))")
            if let p = c.part { parts.append("\(p.text) \(signed(p.bits))") }
        }
        parts.append("total \(signed(w + prior)) → probability \(MatchModel.decimals(probability(weight: w), 3))")
        return parts.joined(separator: "; ")
    }

    /// `x` (not negative) with `places` decimals, rounded half up: String(format:) costs microseconds
    /// on Linux and every probabilistic link writes a dozen of these.
    static func decimals(_ x: Double, _ places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        // Never a trap, whatever a model or a setting gives: not a number, infinite, huge or negative.
        guard x.isFinite, abs(x) < 1e15 else { return x.isNaN ? "not a number" : x < 0 ? "−∞" : "∞" }
        if x < 0, (x * Double(scale)).rounded() != 0 { return "−" + decimals(-x, places) }
        let n = Int((abs(x) * Double(scale)).rounded())
        let whole = String(n / scale), frac = String(n % scale)
        return places == 0 ? whole : whole + "." + String(repeating: "0", count: places - frac.count) + frac
    }

    static func agreementText(_ a: Agreement) -> String {
        switch a {
        case .equal: return "equal"
        case .partial: return "agree by initial or nickname"
        case .different: return "differ"
        case .missing: return "missing"
        }
    }
}

extension MatchModel {
    /// Starting values: judgements for a force-sized nominal index (≈ 20,000 dates of birth in use,
    /// a few hundred common surnames, a hundred common forenames), refitted on every run.
    static let judgementLevels: [Comparison: Levels] = [
        //                 exact   variant middle  part    typo    close   similar initial sameInitial different missing
        .surname: Levels(m: [0.90, 1e-6, 1e-6, 0.01, 0.03, 0.02, 0.01, 1e-6, 1e-6, 0.03, 0],
                         u: [0.0035, 1e-6, 1e-6, 2e-5, 0.0003, 0.0006, 0.0012, 1e-6, 1e-6, 0.9944, 0]),
        .forename: Levels(m: [0.895, 0.04, 0.005, 1e-6, 0.02, 0.01, 0.005, 0.02, 0.005, 0.005, 0],
                          u: [0.01, 0.004, 0.003, 1e-6, 0.0009, 0.0009, 0.0018, 0.002, 0.07, 0.91, 0]),
        //                     exact  transposed oneDay oneDigit yearOne withinYear different missing
        .dateOfBirth: Levels(m: [0.90, 0.02, 0.015, 0.02, 0.01, 0.005, 0.03, 0],
                             u: [0.00005, 0.00002, 0.0001, 0.0009, 0.00005, 0.03, 0.96885, 0]),
        //              equal partial different missing
        .sex: Levels(m: [0.985, 1e-6, 0.015, 0], u: [0.6, 1e-6, 0.4, 0]),
        .middleNames: Levels(m: [0.6, 0.05, 0.35, 0], u: [0.1, 0.05, 0.85, 0]),
        // The division each record's unit code maps to (PNC owner, Niche owning unit, MiCase hub, JTrack
        // area, custody suite, release area): people are mostly arrested, tested and managed near home.
        .division: Levels(m: [0.85, 1e-6, 0.15, 0], u: [0.25, 1e-6, 0.75, 0]),
    ]

    /// The judgement model with a prior for `records` records: about one other record of the same
    /// person per record.
    public static func judgement(records: Int) -> MatchModel {
        MatchModel(levels: judgementLevels, prior: log2(2.0 / Double(max(records, ModelFit.minimumPopulation))))
    }

    /// What is written with the run (`link_model.json`): every level's m, u and weight, the prior,
    /// and how the fit went.
    func report(_ fit: ModelFit.Report) -> JSONValue {
        func r(_ x: Double) -> JSONValue { .number((x * 1000).rounded() / 1000) }
        var comparisons: [String: JSONValue] = [:]
        for c in Comparison.allCases {
            var rows: [JSONValue] = []
            let l = levels[c]!, w = weights[c]!
            for (i, name) in c.levelNames.enumerated() where i < c.missingLevel && c.applies(i) {
                rows.append(["level": .string(name), "m": .number(l.m[i]), "u": .number(l.u[i]), "weight": r(w[i])])
            }
            comparisons[c.rawValue] = .array(rows)
        }
        return [
            "prior_log2_odds": r(prior),
            "prior_probability": .number(exp2(prior)),
            "comparisons": .object(comparisons),
            "fixed_weights": ["pnc_id_differs": .number(MatchModel.pncDiffers), "cro_differs": .number(MatchModel.croDiffers),
                              "cro_equal_uncorroborated": .number(MatchModel.croEqual), "names_swapped": .number(MatchModel.swapped)],
            "term_frequency": ["applies_to": ["surname exact", "forename exact", "date_of_birth exact"],
                               "bits_below_level_at_most": .number(MatchModel.tfFloor), "bits_above_level_at_most": .number(MatchModel.tfCeiling)],
            "names_together": ["applies_to": "surname and forename both exact", "pseudo_count_people": .number(NamesTogether.pseudoCount),
                               "bits_at_least": .number(NamesTogether.floor), "bits_at_most": 0,
                               "records_adjusted": .int(namesTogether.filter { $0 < 0 }.count),
                               "records_adjusted_with_middle_names": .int(namesTogetherWithMiddle.filter { $0 < 0 }.count)],
            "fit": fit.json,
        ]
    }
}
