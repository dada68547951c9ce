/// The outcome of comparing two records field by field: one level per comparison, the values that
/// agreed exactly (for their term-frequency weight), and how identifiers relate. `MatchModel` weighs it.
struct ComparisonVector: Hashable, Sendable {
    /// Equal identifiers carry no weight except a CRO number the surname did not corroborate:
    /// they were used to join before scoring, and one that did not join there must not force a link here.
    enum Identifier: UInt8 { case none, equal, differs }

    var surname: NameComparison.Level = .missing
    var forename: NameComparison.Level = .missing
    /// The parts compared were the surname of one and the forename of the other, both ways.
    var swapped = false
    var middle: MatchModel.Agreement = .missing
    /// The best name came from one of the PNC nominal's aliases.
    var viaAlias = false
    var dob: DateOfBirthComparison.Level = .missing
    /// The best date came from one of the PNC nominal's alias dates of birth.
    var dobViaAlias = false
    var sex: MatchModel.Agreement = .missing
    /// Both records' unit codes map to a division: the same one or not.
    var division: MatchModel.Agreement = .missing
    var pnc: Identifier = .none
    var cro: Identifier = .none
    /// Name part ids (`NamePartTable`) and packed date that agreed exactly; 0 otherwise or when swapped.
    var surnameValue: Int32 = 0
    var forenameValue: Int32 = 0
    var dobValue: Int32 = 0
    /// Surname and forename both exact on the records' own names: how much less that says because the
    /// two names go together (`NamesTogether`); 0 otherwise.
    var namesTogether: Float = 0

    /// Every level in one integer: equal codes, equal evidence text.
    var code: UInt32 {
        var c = UInt32(surname.rawValue)
        c = c << 4 | UInt32(forename.rawValue)
        c = c << 1 | (swapped ? 1 : 0)
        c = c << 2 | UInt32(middle.rawValue)
        c = c << 1 | (viaAlias ? 1 : 0)
        c = c << 3 | UInt32(dob.rawValue)
        c = c << 1 | (dobViaAlias ? 1 : 0)
        c = c << 2 | UInt32(sex.rawValue)
        c = c << 2 | UInt32(division.rawValue)
        c = c << 2 | UInt32(pnc.rawValue)
        c = c << 2 | UInt32(cro.rawValue)
        return c
    }

    /// A surname that plainly differs (not a part, a typo or an alias): the pattern of a married name.
    var surnameDiffers: Bool { !swapped && surname == .different }

    /// "surname equal; forename nickname or short form; dob one day out; sex agrees".
    var evidence: String {
        var parts: [String] = []
        if swapped {
            parts.append("forename and surname swapped" + (surname == .exact && forename == .exact ? "" : ", spelt alike"))
        } else {
            parts.append("surname " + surname.text)
            parts.append("forename " + forename.text)
        }
        switch middle {
        case .equal: parts.append("middle names equal")
        case .partial: parts.append("middle names agree by initial or nickname")
        case .different: parts.append("middle names differ")
        case .missing: break
        }
        if viaAlias { parts.append("name matches a PNC alias") }
        parts.append("dob " + dob.text)
        if dobViaAlias { parts.append("dob matches a PNC alias date") }
        if sex == .equal { parts.append("sex agrees") } else if sex == .different { parts.append("sex differs") }
        if division == .equal { parts.append("division agrees") } else if division == .different { parts.append("division differs") }
        if pnc == .equal { parts.insert("pnc id equal", at: 0) } else if pnc == .differs { parts.append("pnc id differs") }
        if cro == .equal { parts.insert("cro equal", at: pnc == .equal ? 1 : 0) } else if cro == .differs { parts.append("cro differs") }
        return parts.joined(separator: "; ")
    }
}
