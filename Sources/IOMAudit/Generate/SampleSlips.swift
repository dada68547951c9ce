/// Hand-entry slips: with `--slip-rate R`, each record in every system (PNC, Niche, MiCase, JTrack,
/// Cozart, prison), whether or not it carries a PNC ID, independently gets one slip with probability R.
/// The kind is drawn at the fixed relative weights below, among the kinds that can apply to that record
/// (a nickname needs a forename with one, a surname part needs a double-barrelled surname, a day/month
/// transposition a day of 12 or less, and so on); the weights of the kinds that cannot apply are left out.
///
/// | kind | weight | what the record shows |
/// |---|---:|---|
/// | `forename-nickname` | 14 | a nickname or short form of the first forename (Jim for James, Peggy for Margaret) |
/// | `forename-initial` | 6 | the first forename (and a written middle name) reduced to initials |
/// | `surname-typo` | 17 | one typo in the surname: a wrong, transposed, dropped or doubled letter |
/// | `forename-typo` | 11 | one typo in the first forename, the same way |
/// | `both-typo` | 3 | one typo in the surname and one in the first forename |
/// | `surname-part` | 3 | only one part of a double-barrelled surname |
/// | `surname-hyphenation` | 3 | a hyphen written as a space or left out, a space as a hyphen, an apostrophe left out or a space, Mc/Mac split off |
/// | `name-swap` | 6 | surname and forenames swapped |
/// | `dob-day` | 7 | date of birth one day out (across month and year ends) |
/// | `dob-year` | 5 | birth year one out, same day and month |
/// | `dob-day-month` | 5 | day and month transposed (only where that is a different valid date) |
/// | `dob-digit` | 7 | one digit of the date of birth wrong (a valid date) |
/// | `dob-missing` | 4 | date of birth left empty |
/// | `middle-dropped` | 5 | the middle name left out where the record would have written it |
/// | `middle-as-forename` | 4 | the middle name given as the only forename |
///
/// Typos are the commonest hand-entry error, then familiar forms of forenames, then the date of birth;
/// the weights follow that order. A date-of-birth slip never moves the date across the person's 18th
/// birthday on the as-of date, or to under five or over a hundred years old (the audit's AGE-GROUP rule
/// reads the date, and the truth must stay exactly right).
///
/// No slip is put on a record of a person who carries an injected finding or is the other side of one
/// (`SampleFlag.finding`), nor on a deliberately broken row. Records that already carry the generator's
/// long-standing harmless variation (a surname typo, a swap or a transposed date on a record with the
/// right PNC ID) get no second slip; with slips on, `truth/slips.csv` lists them too, under the same kinds.
enum SampleSlipKind: Int, CaseIterable, Sendable {
    case forenameNickname, forenameInitial, surnameTypo, forenameTypo, bothTypo, surnamePart, surnameHyphenation, nameSwap
    case dobDay, dobYear, dobDayMonth, dobDigit, dobMissing, middleDropped, middleAsForename

    var name: String {
        switch self {
        case .forenameNickname: return "forename-nickname"
        case .forenameInitial: return "forename-initial"
        case .surnameTypo: return "surname-typo"
        case .forenameTypo: return "forename-typo"
        case .bothTypo: return "both-typo"
        case .surnamePart: return "surname-part"
        case .surnameHyphenation: return "surname-hyphenation"
        case .nameSwap: return "name-swap"
        case .dobDay: return "dob-day"
        case .dobYear: return "dob-year"
        case .dobDayMonth: return "dob-day-month"
        case .dobDigit: return "dob-digit"
        case .dobMissing: return "dob-missing"
        case .middleDropped: return "middle-dropped"
        case .middleAsForename: return "middle-as-forename"
        }
    }

    /// Relative weights, in case order (they sum to 100).
    static let weights = [14, 6, 17, 11, 3, 3, 3, 6, 7, 5, 5, 7, 4, 5, 4]

    /// Typo operations inside one name and their weights: a wrong letter, two adjacent letters
    /// transposed, a letter dropped, a letter doubled.
    static let typoWeights = [40, 25, 20, 15]
}

/// A slip drawn for one record, from the person's seed with a salt per system (and the record's own
/// key where a person has several records in a system), never from write order.
struct SampleSlipDraw {
    var bits: SampleBits
}

extension SampleWorld {
    /// Salts for the slip draws, one per system (the Niche duplicate nominal has its own).
    static let slipSaltPNC: UInt64 = 0x511_9001, slipSaltNiche: UInt64 = 0x511_9002, slipSaltMiCase: UInt64 = 0x511_9003
    static let slipSaltJTrack: UInt64 = 0x511_9004, slipSaltCozart: UInt64 = 0x511_9005, slipSaltPrison: UInt64 = 0x511_9006
    static let slipSaltDuplicate: UInt64 = 0x511_9007

    /// Whether this record gets a slip (probability `slipRate`), and the bits to shape it with.
    func slipDraw(_ p: SamplePerson, salt: UInt64, key: UInt64) -> SampleSlipDraw? {
        let rate = options.slipRate
        guard rate > 0, !p.has(SampleFlag.finding) else { return nil }
        let u = Double(sampleMix(p.seed ^ key, salt) >> 11) * 0x1p-53
        guard u < rate else { return nil }
        return SampleSlipDraw(bits: SampleBits(p.seed ^ key, salt &+ 0x100))
    }
}

extension SampleWorldBuilder {
    /// Gives a share of people (never one involved in an injected finding) a name outside Latin-1, from a
    /// stream of its own so that everything else about the set is what it would be without. Names and
    /// date of birth stay unique as a whole (on the diacritic-free reading too), and people in scope
    /// claim their new names as they claimed their old ones.
    mutating func giveNonLatinNames(share: Double, seed: UInt64) {
        var r = SampleRNG(seed: seed ^ 0x4E4F_4E2D_4C41_5431)
        let cultures = SampleNonLatinNames.cultures
        let weights = cultures.map(\.weight)
        for i in 0..<n {
            guard r.chance(share) else { continue }
            var p = people[i]
            if p.has(SampleFlag.finding) || p.has(SampleFlag.visitor) { continue }
            let female = p.sex == 1
            let protected = p.has(SampleFlag.protected)
            for _ in 0..<20 {
                let c = r.weighted(weights)
                let culture = cultures[c]
                let surnames = female ? culture.femaleSurnames : culture.maleSurnames
                var sk = SampleNonLatinNames.surnameStart[c] + r.below(surnames.count)
                if female { sk += culture.maleSurnames.count }
                let forenames = female ? culture.female : culture.male
                let fBase = female ? SampleNames.nonLatinFemaleBase + SampleNonLatinNames.femaleStart[c]
                                   : SampleNames.nonLatinMaleBase + SampleNonLatinNames.maleStart[c]
                let fk = fBase + r.below(forenames.count)
                let middles = female ? culture.femaleMiddle : culture.maleMiddle
                var middle: UInt16 = 0xFFFF
                if !middles.isEmpty {
                    if r.chance(0.7) { middle = UInt16(fBase + forenames.count + r.below(middles.count)) }
                } else if p.middle != 0xFFFF {
                    let m = fBase + r.below(forenames.count)
                    if m != fk { middle = UInt16(m) }
                }
                let s = UInt16(SampleNames.nonLatinSurnameBase + sk), f = UInt16(fk)
                let cs = names.claimSurname(s), cf = names.claimForename(f)
                let dob = p.dob
                if claimF.contains(SampleWorldBuilder.key(cf, dob)) || claimS.contains(SampleWorldBuilder.key(cs, dob)) { continue }
                let t = CalendarDate(dayNumber: Int(dob)).transposed.map { Int32($0.dayNumber) }
                if protected, let t, claimF.contains(SampleWorldBuilder.key(cf, t)) || claimS.contains(SampleWorldBuilder.key(cs, t)) { continue }
                guard fullKeys.insert(SampleWorldBuilder.fullKey(cs, cf, dob)).inserted else { continue }
                if protected {
                    claimF.insert(SampleWorldBuilder.key(cf, dob)); claimS.insert(SampleWorldBuilder.key(cs, dob))
                    if let t { claimF.insert(SampleWorldBuilder.key(cf, t)); claimS.insert(SampleWorldBuilder.key(cs, t)) }
                }
                p.surname = s; p.forename = f; p.middle = middle
                p.flags |= SampleFlag.nonLatin
                people[i] = p
                break
            }
        }
    }
}

extension SampleExtractWriters {
    /// Applies one slip to a record's names and date of birth; returns the kind, or nil when none of
    /// the kinds can apply. `first` and `middle` are the forenames as this record encodes them;
    /// `middleWritten`: the record writes the middle name.
    func applySlip(_ draw: SampleSlipDraw, _ p: SamplePerson, _ id: inout Identity, first: [UInt8], middle: [UInt8]?,
                   middleWritten: Bool, _ cs: Charset, upper: Bool) -> SampleSlipKind? {
        var b = draw.bits
        var weights = SampleSlipKind.weights
        let nicknames = w.names.nicknames[p.forename]
        let compound = id.surname.contains(32) || id.surname.contains(45)
        func off(_ k: SampleSlipKind) { weights[k.rawValue] = 0 }
        if nicknames == nil { off(.forenameNickname) }
        if !compound { off(.surnamePart) }
        if middle == nil { off(.middleAsForename) }
        if !middleWritten { off(.middleDropped) }
        func joined(_ f: [UInt8], _ m: [UInt8]?) -> [UInt8] {
            guard let m else { return f }
            return f + [32] + m
        }
        let writtenMiddle = middleWritten ? middle : nil
        while true {
            var total = 0
            for v in weights { total += v }
            guard total > 0 else { return nil }
            var pick = b.take(total)
            var kind = SampleSlipKind.forenameNickname
            for (k, v) in weights.enumerated() {
                if pick < v { kind = SampleSlipKind(rawValue: k)!; break }
                pick -= v
            }
            var done = false
            switch kind {
            case .forenameNickname:
                let forms = nicknames!
                id.forenames = joined(name(forms[b.take(forms.count)], cs, upper: upper), writtenMiddle)
                done = true
            case .forenameInitial:
                var f = SampleExtractWriters.firstCharacter(first, cs)
                if let m = writtenMiddle { f.append(32); f.append(contentsOf: SampleExtractWriters.firstCharacter(m, cs)) }
                id.forenames = f
                done = true
            case .surnameTypo:
                if let s = SampleExtractWriters.slipTypo(id.surname, &b) { id.surname = s; done = true }
            case .forenameTypo:
                if let f = SampleExtractWriters.slipTypo(first, &b) { id.forenames = joined(f, writtenMiddle); done = true }
            case .bothTypo:
                if let s = SampleExtractWriters.slipTypo(id.surname, &b), let f = SampleExtractWriters.slipTypo(first, &b) {
                    id.surname = s; id.forenames = joined(f, writtenMiddle); done = true
                }
            case .surnamePart:
                let parts = id.surname.split(whereSeparator: { $0 == 32 || $0 == 45 }).map(Array.init)
                if parts.count >= 2 { id.surname = parts[b.take(parts.count)]; done = true }
            case .surnameHyphenation:
                if let s = hyphenationVariant(p, id.surname, cs, &b) { id.surname = s; done = true }
            case .nameSwap:
                swap(&id.surname, &id.forenames)
                done = true
            case .dobDay, .dobYear, .dobDayMonth, .dobDigit:
                if let d = slippedDOB(kind, p.dob, &b) { id.dob = d; done = true }
            case .dobMissing:
                id.dob = Int32.min
                done = true
            case .middleDropped:
                id.forenames = first
                done = true
            case .middleAsForename:
                id.forenames = middle!
                done = true
            }
            if done { return kind }
            off(kind)
        }
    }

    /// The bytes of the first character of an encoded name (one byte, or a UTF-8 sequence).
    static func firstCharacter(_ s: [UInt8], _ cs: Charset) -> [UInt8] {
        guard let lead = s.first else { return [] }
        guard cs == .utf8, lead >= 0xC0 else { return [lead] }
        var out = [lead]
        for c in s.dropFirst() {
            guard c & 0xC0 == 0x80 else { break }
            out.append(c)
        }
        return out
    }

    /// One typo inside a name, never at its first letter and only between ASCII letters (so a UTF-8
    /// sequence is never cut): a wrong letter, two adjacent letters transposed, one dropped, one doubled.
    /// Nil when the name is too short for any.
    static func slipTypo(_ s: [UInt8], _ b: inout SampleBits) -> [UInt8]? {
        var inner: [Int] = []      // i ≥ 1 with letters at i-1 and i
        for i in 1..<max(1, s.count) where isLetter(s[i]) && isLetter(s[i - 1]) { inner.append(i) }
        guard inner.count >= 2 else { return nil }
        var ops = SampleSlipKind.typoWeights
        while true {
            var total = 0
            for v in ops { total += v }
            guard total > 0 else { return nil }
            var pick = b.take(total), op = 0
            for (k, v) in ops.enumerated() {
                if pick < v { op = k; break }
                pick -= v
            }
            var out = s
            switch op {
            case 0:
                out = typo(s, &b)
            case 1:
                let pairs = inner.filter { $0 + 1 < s.count && isLetter(s[$0 + 1]) && (s[$0] | 32) != (s[$0 + 1] | 32) }
                if !pairs.isEmpty {
                    let i = pairs[b.take(pairs.count)]
                    out.swapAt(i, i + 1)
                }
            case 2:
                out.remove(at: inner[b.take(inner.count)])
            default:
                let i = inner[b.take(inner.count)]
                out.insert(s[i], at: i)
            }
            if out != s { return out }
            ops[op] = 0
        }
    }

    /// A hyphen written as a space or left out; a space as a hyphen or left out; an apostrophe left
    /// out or written as a space; Mc or Mac split from the rest. Nil when the surname has none of these.
    func hyphenationVariant(_ p: SamplePerson, _ s: [UInt8], _ cs: Charset, _ b: inout SampleBits) -> [UInt8]? {
        if let i = s.firstIndex(of: 45) {
            var out = s
            if b.percent(50) { out[i] = 32 } else { out.remove(at: i) }
            return out
        }
        if let i = s.firstIndex(of: 32) {
            var out = s
            if b.percent(70) { out[i] = 45 } else { out.remove(at: i) }
            return out
        }
        // Apostrophes: ' in ASCII and ISO-8859-1, 0x92 (’) in Windows-1252, E2 80 99 (’) in UTF-8.
        var apostrophe: Range<Int>? = nil
        for i in s.indices {
            if s[i] == 39 || (cs == .cp1252 && s[i] == 0x92) { apostrophe = i..<(i + 1); break }
            if cs == .utf8, s[i] == 0xE2, i + 2 < s.count, s[i + 1] == 0x80, s[i + 2] == 0x99 { apostrophe = i..<(i + 3); break }
        }
        if let a = apostrophe {
            var out = s
            out.replaceSubrange(a, with: b.percent(60) ? [] : [32])
            return out
        }
        // Mc / Mac followed by a capital (McDonald, MacLeod), read from the bank's own spelling.
        let mixed = w.names.surname(p.surname).mixedUTF8
        var prefix = 0
        if mixed.count > 3, mixed[0] == 77, mixed[1] == 99, mixed[2] >= 65, mixed[2] <= 90 { prefix = 2 }
        if mixed.count > 4, mixed[0] == 77, mixed[1] == 97, mixed[2] == 99, mixed[3] >= 65, mixed[3] <= 90 { prefix = 3 }
        if prefix > 0, s.count > prefix {
            var out = s
            out.insert(32, at: prefix)
            return out
        }
        return nil
    }

    /// A slipped date of birth of one of the date kinds, or nil when the kind gives none here (see
    /// `SampleSlipKind`: never across the 18th birthday on the as-of date, under five or over a hundred).
    func slippedDOB(_ kind: SampleSlipKind, _ dob: Int32, _ b: inout SampleBits) -> Int32? {
        let asOf = w.options.asOf
        let real = CalendarDate(dayNumber: Int(dob))
        let adult = real.age(on: asOf) >= 18
        func ok(_ c: CalendarDate?) -> Int32? {
            guard let c else { return nil }
            let d = Int32(c.dayNumber)
            let age = c.age(on: asOf)
            guard d != dob, age >= 5, age <= 100, (age >= 18) == adult else { return nil }
            return d
        }
        switch kind {
        case .dobDay:
            let sign: Int32 = b.percent(50) ? 1 : -1
            return ok(CalendarDate(dayNumber: Int(dob + sign))) ?? ok(CalendarDate(dayNumber: Int(dob - sign)))
        case .dobYear:
            let sign = b.percent(50) ? 1 : -1
            return ok(CalendarDate(year: real.year + sign, month: real.month, day: real.day))
                ?? ok(CalendarDate(year: real.year - sign, month: real.month, day: real.day))
        case .dobDayMonth:
            return ok(real.transposed)
        default:
            // One digit of dd/MM/yyyy: day tens or units, month units, year tens or units.
            for _ in 0..<8 {
                var d = real.day, m = real.month, y = real.year
                let digit = b.take(10)
                switch b.take(5) {
                case 0: d = digit * 10 + d % 10
                case 1: d = d / 10 * 10 + digit
                case 2: m = m / 10 * 10 + digit
                case 3: y = y / 100 * 100 + digit * 10 + y % 10
                default: y = y / 10 * 10 + digit
                }
                if let r = ok(CalendarDate(year: y, month: m, day: d)) { return r }
            }
            return nil
        }
    }
}
