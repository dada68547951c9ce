import Foundation

/// The match model: a Fellegi–Sunter score. Each comparison level carries a weight, log2(m/u), where
/// m is how often the level is seen between records of the same person and u between records of
/// different people. Weights are summed with the prior and turned into a match probability.
/// The m and u figures in the comments are judgements for a force-sized nominal index
/// (≈ 20,000 distinct dates of birth in use, a few hundred common surnames, a hundred common forenames).
public enum LinkScore {
    /// Prior log-odds that two records sharing a block are the same person (about 1 in 130,000).
    /// Fixed rather than estimated per run, so a decision never depends on the size of the extract.
    public static let prior = -17.0

    // Surname. Changes on marriage make "different" milder than for forenames.
    /// m 0.88, u 0.0035 (about one pair in 280 shares a surname).
    public static let surnameExact = 8.0
    /// m 0.04 (a typo in a long name), u 0.0006.
    public static let surnameClose = 6.0
    /// m 0.02 (a typo in a short name), u 0.0018.
    public static let surnameSimilar = 3.5
    /// m 0.09 (marriage, deed poll, alias), u 0.99.
    public static let surnameDifferent = -3.5

    // First forename.
    /// m 0.93, u 0.01 (about one pair in a hundred shares a first forename).
    public static let forenameExact = 6.5
    /// m 0.02, u 0.0009.
    public static let forenameClose = 4.5
    /// m 0.01, u 0.0018.
    public static let forenameSimilar = 2.5
    /// m 0.008 (nicknames, a middle name used as first), u 0.99.
    public static let forenameDifferent = -7.0

    /// Surname and forename written the other way round, both equal. Replaces the two name weights.
    /// m 0.01, u 0.0000025 (a forename that is also someone's surname, both ways).
    public static let swappedExact = 12.0
    /// Swapped and both parts close or similar. m 0.002, u 0.000008.
    public static let swappedClose = 8.0

    /// Middle names, only when both records have some. Equal: m 0.6, u 0.15.
    public static let middleEqual = 2.0
    /// Both have middle names and they differ: m 0.2, u 0.85.
    public static let middleDifferent = -2.0

    // Date of birth (best over the PNC nominal's alias dates).
    /// m 0.90, u 0.00005 (one in 20,000).
    public static let dobExact = 14.0
    /// m 0.03, u 0.000021 (a day of 12 or less makes a transposition possible).
    public static let dobTransposed = 9.5
    /// m 0.02, u 0.0009 (about eighteen dates are one digit away).
    public static let dobOneDigitOff = 4.5
    /// m 0.01, u 0.016.
    public static let dobSameYear = -1.0
    /// m 0.03, u 0.98.
    public static let dobDifferent = -5.0

    /// m 0.98, u 0.55.
    public static let sexAgrees = 1.0
    /// m 0.015 (a keying slip), u 0.45.
    public static let sexDiffers = -5.0

    /// Both carry a valid PNC ID and they differ: m 0.0002, u 1. (Equal IDs join before scoring.)
    public static let pncDiffers = -12.0
    /// Both carry a valid CRO number and they differ: m 0.004, u 1.
    public static let croDiffers = -8.0

    /// The largest weight names can add: both parts exact plus equal middle names.
    static let maximumNameWeight = max(surnameExact + forenameExact, swappedExact) + middleEqual

    static func weight(_ l: NameComparison.Level, surname: Bool) -> Double {
        switch l {
        case .exact: return surname ? surnameExact : forenameExact
        case .close: return surname ? surnameClose : forenameClose
        case .similar: return surname ? surnameSimilar : forenameSimilar
        case .different: return surname ? surnameDifferent : forenameDifferent
        case .missing: return 0
        }
    }

    static func weight(_ l: DateOfBirthComparison.Level) -> Double {
        switch l {
        case .exact: return dobExact
        case .transposed: return dobTransposed
        case .oneDigitOff: return dobOneDigitOff
        case .sameYear: return dobSameYear
        case .different: return dobDifferent
        case .missing: return 0
        }
    }

    /// Match probability for a summed weight (prior included here).
    public static func probability(weight: Double) -> Double {
        1 / (1 + exp2(-(weight + prior)))
    }

    /// The summed weight at which the probability reaches `p` (−∞ / +∞ at 0 and 1).
    public static func weight(forProbability p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        return log2(p / (1 - p)) - prior
    }
}

/// The outcome of comparing two records field by field, and the weight it earns.
struct ComparisonVector: Hashable, Sendable {
    enum Middle: UInt8 { case none, equal, different }
    enum Swap: UInt8 { case none, exact, close }
    /// Equal identifiers carry no weight: they were used to join before scoring, and one that did not
    /// join there (another surname, or another person's ID) must not force a link here.
    enum Identifier: UInt8 { case none, equal, differs }

    var surname: NameComparison.Level = .missing
    var forename: NameComparison.Level = .missing
    var swapped: Swap = .none
    var middle: Middle = .none
    /// The best name came from one of the PNC nominal's aliases.
    var viaAlias = false
    var dob: DateOfBirthComparison.Level = .missing
    /// The best date came from one of the PNC nominal's alias dates of birth.
    var dobViaAlias = false
    var sex: Middle = .none
    var pnc: Identifier = .none
    var cro: Identifier = .none

    var nameWeight: Double {
        let parts: Double
        switch swapped {
        case .exact: parts = LinkScore.swappedExact
        case .close: parts = LinkScore.swappedClose
        case .none: parts = LinkScore.weight(surname, surname: true) + LinkScore.weight(forename, surname: false)
        }
        let m = middle == .equal ? LinkScore.middleEqual : middle == .different ? LinkScore.middleDifferent : 0
        return parts + m
    }

    var otherWeight: Double {
        var w = LinkScore.weight(dob)
        if sex == .equal { w += LinkScore.sexAgrees } else if sex == .different { w += LinkScore.sexDiffers }
        if pnc == .differs { w += LinkScore.pncDiffers }
        if cro == .differs { w += LinkScore.croDiffers }
        return w
    }

    var weight: Double { nameWeight + otherWeight }

    /// Every level in one integer (21 bits): equal codes, equal evidence.
    var code: UInt32 {
        var c = UInt32(surname.rawValue)
        c = c << 3 | UInt32(forename.rawValue)
        c = c << 2 | UInt32(swapped.rawValue)
        c = c << 2 | UInt32(middle.rawValue)
        c = c << 1 | (viaAlias ? 1 : 0)
        c = c << 3 | UInt32(dob.rawValue)
        c = c << 1 | (dobViaAlias ? 1 : 0)
        c = c << 2 | UInt32(sex.rawValue)
        c = c << 2 | UInt32(pnc.rawValue)
        c = c << 2 | UInt32(cro.rawValue)
        return c
    }
    var probability: Double { LinkScore.probability(weight: weight) }

    /// "surname equal; forename equal; dob day/month transposed; sex agrees".
    var evidence: String {
        func name(_ part: String, _ l: NameComparison.Level) -> String {
            switch l {
            case .exact: return part + " equal"
            case .close: return part + " close"
            case .similar: return part + " similar"
            case .different: return part + " differs"
            case .missing: return part + " missing"
            }
        }
        var parts: [String] = []
        switch swapped {
        case .exact: parts.append("forename and surname swapped")
        case .close: parts.append("forename and surname swapped, spelt alike")
        case .none: parts.append(name("surname", surname)); parts.append(name("forename", forename))
        }
        if middle == .equal { parts.append("middle names equal") } else if middle == .different { parts.append("middle names differ") }
        if viaAlias { parts.append("name matches a PNC alias") }
        switch dob {
        case .exact: parts.append("dob equal")
        case .transposed: parts.append("dob day/month transposed")
        case .oneDigitOff: parts.append("dob one digit off")
        case .sameYear: parts.append("dob same year only")
        case .different: parts.append("dob differs")
        case .missing: parts.append("dob missing")
        }
        if dobViaAlias { parts.append("dob matches a PNC alias date") }
        if sex == .equal { parts.append("sex agrees") } else if sex == .different { parts.append("sex differs") }
        if pnc == .equal { parts.insert("pnc id equal", at: 0) } else if pnc == .differs { parts.append("pnc id differs") }
        if cro == .equal { parts.insert("cro equal", at: pnc == .equal ? 1 : 0) } else if cro == .differs { parts.append("cro differs") }
        return parts.joined(separator: "; ")
    }
}
