/// Field-by-field comparison of two records of the table: the comparison vector the match model
/// weighs, and the "clearly a different person" test that stops a shared identifier joining.
extension LinkRecordTable {
    /// Compares records `a` and `b` and weighs the result with the table's model. With `atLeast`,
    /// gives up (nil) as soon as the weight cannot reach it. With `excludeCloseDates`, pairs whose dates
    /// are equal or transposed are skipped (a date block finds them).
    func compare(_ a: Int, _ b: Int, atLeast: Double = -.infinity, excludeCloseDates: Bool = false) -> (vector: ComparisonVector, weight: Double)? {
        compare(a, b, identity[a], identity[b], atLeast: atLeast, excludeCloseDates: excludeCloseDates)
    }

    /// The same, with the two records' identities already read (`x` is `identity[a]`, `y` is `identity[b]`).
    @inline(__always)
    func compare(_ a: Int, _ b: Int, _ x: Identity, _ y: Identity, atLeast: Double, excludeCloseDates: Bool) -> (vector: ComparisonVector, weight: Double)? {
        var v = ComparisonVector()
        if x.altDobCount == 0 && y.altDobCount == 0 {
            if x.dob != 0 && y.dob != 0 { v.dob = DateOfBirthComparison.compare(packed: x.dob, y.dob); if v.dob == .exact { v.dobValue = x.dob } }
        } else {
            var best = DateOfBirthComparison.Level.missing
            for i in 0..<dobVariants(a) {
                let da = dob(a, variant: i)
                if da == 0 { continue }
                for j in 0..<dobVariants(b) {
                    let db = dob(b, variant: j)
                    if db == 0 { continue }
                    let l = DateOfBirthComparison.compare(packed: da, db)
                    if l < best { best = l; v.dobViaAlias = i > 0 || j > 0; v.dobValue = l == .exact ? da : 0 }
                }
            }
            v.dob = best
        }
        if excludeCloseDates, v.dob <= .transposed { return nil }
        if x.sex != 0, y.sex != 0 { v.sex = x.sex == y.sex ? .equal : .different }
        if x.division != 0, y.division != 0 { v.division = x.division == y.division ? .equal : .different }
        if x.pnc >= 0, y.pnc >= 0, !LinkRecordTable.isSet(blankedPNC, a), !LinkRecordTable.isSet(blankedPNC, b) {
            v.pnc = x.pnc == y.pnc ? .equal : .differs
        }
        if x.cro != 0, y.cro != 0, !LinkRecordTable.isSet(blankedCRO, a), !LinkRecordTable.isSet(blankedCRO, b) {
            v.cro = x.cro == y.cro ? .equal : .differs
        }
        let others = model.others(v)
        let need = atLeast - others
        if need > model.maximumNameWeight { return nil }

        if x.aliasCount == 0 && y.aliasCount == 0 {
            if need > -.infinity {
                // Most blocked pairs are strangers: stop once the surname shows the names cannot reach.
                let s = names.level(x.surname, y.surname, forename: false)
                if model.nameBound(surname: s, surnameValue: s == .exact ? x.surname : 0, forenames: x.first, y.first) < need { return nil }
            }
            var n = compareNames((x.surname, x.first, x.middle), (y.surname, y.first, y.middle))
            if n.surnameValue != 0 && n.forenameValue != 0 { n.namesTogether = model.namesTogether(a, middleAgrees: n.middle == .equal) }
            copyNames(n, into: &v)
            let w = others + model.names(v)
            return w < atLeast ? nil : (v, w)
        }
        var bestWeight = -Double.infinity
        for i in 0..<nameVariants(a) {
            let nx = name(a, variant: i)
            for j in 0..<nameVariants(b) {
                var n = compareNames(nx, name(b, variant: j))
                if i == 0 && j == 0 && n.surnameValue != 0 && n.forenameValue != 0 { n.namesTogether = model.namesTogether(a, middleAgrees: n.middle == .equal) }
                let w = model.names(n)
                if w > bestWeight {
                    bestWeight = w
                    copyNames(n, into: &v)
                    v.viaAlias = i > 0 || j > 0
                }
            }
        }
        let w = others + bestWeight
        return w < atLeast ? nil : (v, w)
    }

    @inline(__always) private func copyNames(_ n: ComparisonVector, into v: inout ComparisonVector) {
        v.surname = n.surname; v.forename = n.forename; v.swapped = n.swapped; v.middle = n.middle
        v.surnameValue = n.surnameValue; v.forenameValue = n.forenameValue; v.namesTogether = n.namesTogether
    }

    /// Name levels of two name variants: straight, or crossed when the crossed parts weigh more.
    @inline(__always)
    func compareNames(_ x: (s: Int32, f: Int32, m: Int32), _ y: (s: Int32, f: Int32, m: Int32)) -> ComparisonVector {
        var v = ComparisonVector()
        v.middle = middleAgreement(x.m, y.m)
        v.surname = names.level(x.s, y.s, forename: false)
        v.forename = names.level(x.f, y.f, forename: true)
        if v.surname == .exact { v.surnameValue = x.s }
        if v.forename == .exact { v.forenameValue = x.f }
        // Known by a middle name (PAUL on one system, KIERAN PAUL on another): a level of its own.
        if !v.forename.isAlike, x.f != 0, y.f != 0, x.f == y.m || y.f == x.m { v.forename = .middle }
        // Crossed only when neither straight part agrees exactly and both crossed parts are alike.
        if v.surname != .exact, v.forename != .exact, x.s != 0, x.f != 0, y.s != 0, y.f != 0 {
            let s = names.level(x.s, y.f, forename: false)
            if s.isAlike {
                let f = names.level(x.f, y.s, forename: true)
                if f.isAlike {
                    var c = v
                    c.swapped = true
                    c.surname = s; c.forename = f; c.surnameValue = 0; c.forenameValue = 0
                    if model.names(c) > model.names(v) { return c }
                }
            }
        }
        return v
    }

    /// Middle names (forenames after the first): equal, or one the initial or nickname of the other.
    @inline(__always) func middleAgreement(_ a: Int32, _ b: Int32) -> MatchModel.Agreement {
        if a == 0 || b == 0 { return .missing }
        if a == b { return .equal }
        let l = names.level(a, b, forename: true)
        return l == .variant || l == .initial ? .partial : .different
    }

    /// True when `a` is clearly not the person `b` describes: dates of birth differ (not transposed,
    /// not one digit or one day off) and the names are not alike: neither the forenames, nor the names
    /// swapped, nor the surname with a forename that is missing on one side, shares its first letter or
    /// is the other's middle name. A surname alike with a plainly different forename is a relative
    /// (SUNITA WILLIAMS keyed with RICHARD VAUGHAN WILLIAMS's PNC ID), not the same person.
    /// Missing dates or names never make a conflict. Aliases and alias dates of birth of a PNC nominal count.
    func clearlyDiffers(_ a: Int, _ b: Int) -> Bool {
        var dob = DateOfBirthComparison.Level.missing
        for i in 0..<dobVariants(a) where self.dob(a, variant: i) != 0 {
            for j in 0..<dobVariants(b) where self.dob(b, variant: j) != 0 {
                dob = min(dob, DateOfBirthComparison.compare(packed: self.dob(a, variant: i), self.dob(b, variant: j)))
            }
        }
        guard dob == .withinAYear || dob == .different else { return false }
        for i in 0..<nameVariants(a) {
            let x = name(a, variant: i)
            for j in 0..<nameVariants(b) {
                let y = name(b, variant: j)
                let s = names.level(x.s, y.s, forename: false), f = names.level(x.f, y.f, forename: true)
                if f.isAlike { return false }
                if s.isAlike, f == .missing || f == .sameInitial || (x.f != 0 && y.f != 0 && (x.f == y.m || y.f == x.m)) { return false }
                if s == .missing && f == .missing { return false }
                if names.level(x.s, y.f, forename: false).isAlike && names.level(x.f, y.s, forename: true).isAlike { return false }
            }
        }
        return true
    }

    /// True when some name of `a` has a surname alike one of `b`'s, or both parts alike swapped, or
    /// a surname is missing and the forenames are alike: what a CRO number needs to join on its own.
    func surnameCorroborates(_ a: Int, _ b: Int) -> Bool {
        for i in 0..<nameVariants(a) {
            let x = name(a, variant: i)
            for j in 0..<nameVariants(b) {
                let y = name(b, variant: j)
                let s = names.level(x.s, y.s, forename: false)
                if s.isAlike { return true }
                if s == .missing && names.level(x.f, y.f, forename: true).isAlike { return true }
                if names.level(x.s, y.f, forename: false).isAlike && names.level(x.f, y.s, forename: true).isAlike { return true }
            }
        }
        return false
    }
}
