/// Field-by-field comparison of two records of the table: the comparison vector the link score is
/// built from, and the "clearly a different person" test that stops a shared identifier joining.
extension LinkRecordTable {
    /// Compares records `a` and `b`. With `atLeast`, gives up (nil) as soon as the weight cannot reach it.
    /// With `excludeCloseDates`, pairs whose dates are equal or transposed are skipped (another
    /// block family finds them).
    func compare(_ a: Int, _ b: Int, atLeast: Double = -.infinity, excludeCloseDates: Bool = false) -> ComparisonVector? {
        var v = ComparisonVector()
        let x = identity[a], y = identity[b]
        if x.altDobCount == 0 && y.altDobCount == 0 {
            if x.dob != 0 && y.dob != 0 { v.dob = DateOfBirthComparison.compare(packed: x.dob, y.dob) }
        } else {
            var best = DateOfBirthComparison.Level.missing
            for i in 0..<dobVariants(a) {
                let da = dob(a, variant: i)
                if da == 0 { continue }
                for j in 0..<dobVariants(b) {
                    let db = dob(b, variant: j)
                    if db == 0 { continue }
                    let l = DateOfBirthComparison.compare(packed: da, db)
                    if l < best { best = l; v.dobViaAlias = i > 0 || j > 0 }
                }
            }
            v.dob = best
        }
        if excludeCloseDates, v.dob <= .transposed { return nil }
        if x.sex != 0, y.sex != 0 { v.sex = x.sex == y.sex ? .equal : .different }
        if x.pnc >= 0, y.pnc >= 0 { v.pnc = x.pnc == y.pnc ? .equal : .differs }
        if x.cro != 0, y.cro != 0 { v.cro = x.cro == y.cro ? .equal : .differs }
        let need = atLeast - v.otherWeight
        if need > LinkScore.maximumNameWeight { return nil }

        if x.aliasCount == 0 && y.aliasCount == 0 {
            guard let n = compareNames((x.surname, x.first, x.middle), (y.surname, y.first, y.middle), need: need) else { return nil }
            v.surname = n.surname; v.forename = n.forename; v.swapped = n.swapped; v.middle = n.middle
            return v.weight < atLeast ? nil : v
        }
        var bestWeight = -Double.infinity
        for i in 0..<nameVariants(a) {
            let x = name(a, variant: i)
            for j in 0..<nameVariants(b) {
                let y = name(b, variant: j)
                guard let n = compareNames(x, y, need: need) else { continue }
                let w = n.nameWeight
                if w > bestWeight {
                    bestWeight = w
                    v.surname = n.surname; v.forename = n.forename; v.swapped = n.swapped; v.middle = n.middle
                    v.viaAlias = i > 0 || j > 0
                }
            }
        }
        if bestWeight == -.infinity || v.weight < atLeast { return nil }
        return v
    }

    /// Name levels of two name variants; nil when they cannot reach `need`.
    @inline(__always)
    func compareNames(_ x: (s: Int32, f: Int32, m: Int32), _ y: (s: Int32, f: Int32, m: Int32), need: Double) -> ComparisonVector? {
        var v = ComparisonVector()
        var middleWeight = 0.0
        if x.m != 0, y.m != 0 {
            v.middle = x.m == y.m ? .equal : .different
            middleWeight = x.m == y.m ? LinkScore.middleEqual : LinkScore.middleDifferent
        }
        let needParts = need - middleWeight
        let swapExact = x.s != 0 && x.s == y.f && x.f != 0 && x.f == y.s
        let swapFuzzy = !swapExact && x.s != 0 && x.f != 0 && y.s != 0 && y.f != 0
            && names.initial(x.s) == names.initial(y.f) && names.initial(x.f) == names.initial(y.s)
        let swapMax = swapExact ? LinkScore.swappedExact : swapFuzzy ? LinkScore.swappedClose : -Double.infinity
        v.surname = names.level(x.s, y.s)
        let surnameWeight = LinkScore.weight(v.surname, surname: true)
        if surnameWeight + LinkScore.forenameExact < needParts && swapMax < needParts { return nil }
        v.forename = names.level(x.f, y.f)
        let normal = surnameWeight + LinkScore.weight(v.forename, surname: false)
        if swapExact, normal < LinkScore.swappedExact {
            v.swapped = .exact
        } else if swapFuzzy, normal < LinkScore.swappedClose, LinkScore.swappedClose >= needParts,
                  names.level(x.s, y.f).isAlike, names.level(x.f, y.s).isAlike {
            v.swapped = .close
        }
        return v
    }

    /// True when `a` is clearly not the person `b` describes: dates of birth differ (not transposed,
    /// not one digit off) and no name part is alike, nor are the names alike swapped. Missing dates
    /// or names never make a conflict. Aliases and alias dates of birth of a PNC nominal count.
    func clearlyDiffers(_ a: Int, _ b: Int) -> Bool {
        var dob = DateOfBirthComparison.Level.missing
        for i in 0..<dobVariants(a) where self.dob(a, variant: i) != 0 {
            for j in 0..<dobVariants(b) where self.dob(b, variant: j) != 0 {
                dob = min(dob, DateOfBirthComparison.compare(packed: self.dob(a, variant: i), self.dob(b, variant: j)))
            }
        }
        guard dob == .sameYear || dob == .different else { return false }
        for i in 0..<nameVariants(a) {
            let x = name(a, variant: i)
            for j in 0..<nameVariants(b) {
                let y = name(b, variant: j)
                let s = names.level(x.s, y.s), f = names.level(x.f, y.f)
                if s.isAlike || f.isAlike { return false }
                if s == .missing && f == .missing { return false }
                if names.level(x.s, y.f).isAlike && names.level(x.f, y.s).isAlike { return false }
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
                let s = names.level(x.s, y.s)
                if s.isAlike { return true }
                if s == .missing && names.level(x.f, y.f).isAlike { return true }
                if names.level(x.s, y.f).isAlike && names.level(x.f, y.s).isAlike { return true }
            }
        }
        return false
    }
}
