/// The whole synthetic force, decided before any file is written: people, cohort cases, tracking,
/// prison movements, drug tests, the injected findings and the junk rows.
struct SampleWorld {
    let options: SampleOptions
    let asOf: Int32
    /// Residents are people 0..<residents; visitors (drug-test subjects from outside) follow.
    let residents: Int
    let perCode: Int
    let names: SampleNames
    var people: [SamplePerson] = []
    var members: [SampleMember] = []
    var specials: [SampleSpecial] = []
    var trackings: [SampleTracking] = []
    var movements: [SampleMovement] = []
    var tests: [SampleTest] = []
    var junk: [SampleJunkRow] = []
    var findings: [SampleTruthFinding] = []
    /// Out-of-scope data-quality conditions, counted only (name, count), in a fixed order.
    var background: [(String, Int)] = []
    /// People with a second Niche nominal, in the order of the second nominal's id.
    var duplicates: [Int32] = []
    /// Drug-test subjects (in scope for TEST-UNLINKED; kept free of background issues).
    var tested: [Bool] = []
    var prisonMul: Int = 1
    var prisonAdd: Int = 0

    var stamp: String { SampleWorld.stamp(CalendarDate(dayNumber: Int(asOf))) }

    /// `yyyyMMdd`: the date in every extract's file name.
    static func stamp(_ d: CalendarDate) -> String { d.iso.replacingOccurrences(of: "-", with: "") }

    func special(_ p: SamplePerson) -> SampleSpecial? { p.special >= 0 ? specials[Int(p.special)] : nil }
    func member(_ p: SamplePerson) -> SampleMember? { p.member >= 0 ? members[Int(p.member)] : nil }

    static let prisonSpace = 25 * 10_000 * 26 * 26

    /// A unique prison number per person (first letter A–Y; Z is kept for junk rows).
    func prisonNumber(_ person: Int32) -> [UInt8] {
        var v = (prisonMul * Int(person) + prisonAdd) % SampleWorld.prisonSpace
        var out = [UInt8](repeating: 0, count: 7)
        out[6] = UInt8(65 + v % 26); v /= 26
        out[5] = UInt8(65 + v % 26); v /= 26
        for i in stride(from: 4, through: 1, by: -1) { out[i] = UInt8(48 + v % 10); v /= 10 }
        out[0] = UInt8(65 + v % 25)
        return out
    }

    /// Whether a person is one the audit lists findings for (see truth/README.md).
    func inScope(_ i: Int) -> Bool {
        let p = people[i]
        if p.has(SampleFlag.visitor) || tested[i] { return true }
        if let m = member(p) {
            if m.status != .deselectedOld { return true }
            switch m.marker {
            case .ppo, .iom, .ppoWording, .iomWording: return true
            default: break
            }
            if m.nicheFlag != nil { return true }
        }
        return false
    }
}

enum SampleAgeKind {
    case adult, juvenile, dyo, turned18, turning18, background, tested, visitor, youngAdult
}

enum SampleMemberRole {
    case plain, nearRelease, brokenDOB, brokenStrand
}

struct SampleMemberPlan {
    var code: SampleCode?
    var role: SampleMemberRole = .plain
    var cohort: CohortType
    var status: SampleStatus
    var age: SampleAgeKind = .adult
    var female: Bool? = nil
    var noPNC = false
    var needsCRO = false
    /// With `needsCRO`: draw from the main stream as if no CRO were forced and, when that draw gives
    /// none, give one from beside the stream, so forcing it changes nothing else in the set.
    var croBesideStream = false
    var variant = 0
    var deselectedAgo: ClosedRange<Int>? = nil
}

struct SampleWorldBuilder {
    var rng: SampleRNG
    let n: Int
    let a: Int32
    let asOfDate: CalendarDate
    let perCode: Int
    let perKind: Int
    let names: SampleNames
    /// Force-scale profiles, and sets of `longTailPeople` people or more, draw most residents' surnames
    /// from the synthetic long tail: with the name bank alone a million residents share names far more
    /// often than in any real force.
    let longTail: Bool
    static let longTailPeople = 100_000
    var people: [SamplePerson]
    var members: [SampleMember] = []
    var specials: [SampleSpecial] = []
    var trackings: [SampleTracking] = []
    var movements: [SampleMovement] = []
    var tests: [SampleTest] = []
    var pending: [SamplePendingFinding] = []
    var fullKeys = Set<UInt64>()
    var claimF = Set<UInt64>()
    var claimS = Set<UInt64>()
    var pncOrdinal = 0, croOrdinal = 0
    /// CRO ordinals handed out from the top of the space (`assignPNC(besideStream:)`).
    var croReserved = 0
    let pncPrime: Int, croPrime: Int
    let pncMul: Int, pncAdd: Int, croMul: Int, croAdd: Int
    var counts = [Int](repeating: 0, count: SampleWorldBuilder.backgroundNames.count)
    var tested: [Bool]
    let volumes: SampleVolumes
    /// Chance that someone given a PNC nominal also has a CRO number (lowered when a PNC target would
    /// need more CRO serials than the generator has).
    let croShare: Double

    static let backgroundNames = [
        "no PNC nominal (Niche only; normal, not an issue)", "Niche nominal without its PNC ID", "Niche nominal with an invalid PNC ID",
        "second Niche nominal (duplicate)", "PNC nominal with an invalid CRO number", "Niche nominal with an invalid CRO number",
    ]

    /// Niche nominal ids, PNC serials and prison numbers stay unique up to here.
    static let maxPeople = 10_000_000

    static let cohortWeights = [35, 45, 10, 10] // PPO, IOM, DYO, DIP
    static let cohorts: [CohortType] = [.ppo, .iom, .dyo, .dip]

    init(options: SampleOptions) throws {
        n = options.people
        guard n >= 200 else { throw SampleGeneratorError("--people must be at least 200 (got \(n))") }
        guard n <= SampleWorldBuilder.maxPeople else {
            throw SampleGeneratorError("--people must be at most \(SampleWorldBuilder.maxPeople) (got \(n))")
        }
        volumes = options.volumes
        longTail = !options.volumes.isDefault || n >= SampleWorldBuilder.longTailPeople
        names = SampleNames(longTail: longTail)
        for (name, v) in [("pnc", volumes.pncSubjects), ("cases", volumes.cases), ("tests", volumes.drugTests), ("movements", volumes.movements)] {
            if let v, v < 0 || v > n { throw SampleGeneratorError("--\(name) must be from 0 to the number of people (\(n)), not \(v)") }
        }
        rng = SampleRNG(seed: options.seed ^ 0x10A_0D17_5EED)
        asOfDate = options.asOf
        a = Int32(options.asOf.dayNumber)
        if let cases = volumes.cases {
            perCode = max(2, cases / 100)
        } else {
            perCode = n < 2000 ? max(1, n / 1000) : max(2, n / 2000)
        }
        perKind = 1 + n / 250_000
        people = [SamplePerson](repeating: SamplePerson(), count: n)
        tested = [Bool](repeating: false, count: n)
        pncPrime = SampleWorldBuilder.prime(atLeast: max(10_007, 8 * n), cap: 9_999_999)
        croPrime = SampleWorldBuilder.prime(atLeast: max(10_007, 8 * n), cap: 999_999)
        if let target = volumes.pncSubjects, target > 0 {
            croShare = min(0.7, 0.9 * Double(croPrime) / Double(target))
        } else {
            croShare = 0.7
        }
        fullKeys.reserveCapacity(n + n / 8 + 1024)
        pncMul = 1 + rng.below(pncPrime - 1); pncAdd = rng.below(pncPrime)
        croMul = 1 + rng.below(croPrime - 1); croAdd = rng.below(croPrime)
    }

    static func isPrime(_ v: Int) -> Bool {
        if v < 2 { return false }
        var d = 2
        while d * d <= v { if v % d == 0 { return false }; d += 1 }
        return true
    }

    /// Smallest prime ≥ `atLeast`, or the largest prime ≤ `cap` when that is smaller.
    static func prime(atLeast: Int, cap: Int) -> Int {
        var v = min(atLeast, cap)
        if v == cap { while !isPrime(v) { v -= 1 }; return v }
        while !isPrime(v) { v += 1 }
        return min(v, cap)
    }

    // MARK: Build

    mutating func build(options: SampleOptions) throws -> SampleWorld {
        // 1. Plans: k per finding code, near-misses, broken MiCase rows, then plain members.
        var plans: [SampleMemberPlan] = []
        for code in SampleCode.allCases where code != .testUnlinked {
            for _ in 0..<perCode { plans.append(plan(code)) }
        }
        for _ in 0..<max(1, perCode / 2) {
            var p = SampleMemberPlan(code: nil, cohort: drawCohort(), status: .active)
            p.role = .nearRelease
            p.age = ageKind(for: p.cohort)
            plans.append(p)
        }
        for role in [SampleMemberRole.brokenDOB, .brokenStrand] {
            for _ in 0..<perKind {
                var p = SampleMemberPlan(code: nil, cohort: drawCohort(), status: .deselectedOld)
                p.role = role
                p.age = p.cohort == .dyo ? .youngAdult : ageKind(for: p.cohort)
                plans.append(p)
            }
        }
        let total = max(volumes.cases ?? Int((Double(n) * 0.03).rounded()), 2 * plans.count)
        while plans.count < total {
            let c = drawCohort()
            let status: SampleStatus = [SampleStatus.active, .deselectedRecent, .deselectedOld][rng.weighted([65, 12, 23])]
            var p = SampleMemberPlan(code: nil, cohort: c, status: status)
            p.age = (status == .deselectedOld && c == .dyo) ? .youngAdult : ageKind(for: c)
            plans.append(p)
        }

        // 2. Resident roles over a random permutation.
        let activePlain = plans.filter { $0.code == nil && $0.role == .plain && $0.status == .active }.count
        let testedBackground: Int, prisonBackground: Int
        if let target = volumes.drugTests {
            // About 2 tests per tested background person, 1.5 for 15% of plain active members, 1 per
            // visitor and per broken row.
            testedBackground = max(2 * perKind + 2, (target - activePlain * 225 / 1000 - perCode - 2 * perKind) / 2)
        } else {
            testedBackground = max(2 * perKind + 2, Int((Double(n) * 0.02).rounded()) - activePlain * 15 / 100)
        }
        if let target = volumes.movements {
            // About 1.2 movements per background prisoner, 1 for 15% of plain active members, 2.5 per
            // finding code's worth of custody findings and near releases, 1 per broken row.
            prisonBackground = max(2, Int(Double(target - activePlain * 15 / 100 - 5 * perCode / 2 - 2 * perKind) / 1.2))
        } else {
            prisonBackground = max(2, Int((Double(n) * 0.01).rounded()) - activePlain * 15 / 100 - 3 * perCode)
        }
        let conflictTargets = perCode
        let needed = plans.count + testedBackground + prisonBackground + 2 * perKind + conflictTargets + 2 * perKind
        guard needed * 2 <= n else {
            throw SampleGeneratorError("--people \(n) is too small for the planned cohort and findings")
        }
        // Int32 slots: half the memory of Int at force scale (the draws are the same).
        var perm = Array(0..<Int32(n))
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = rng.below(i + 1)
            perm.swapAt(i, j)
        }
        var cursor = 0
        func take(_ count: Int) -> ArraySlice<Int32> {
            defer { cursor += count }
            return perm[cursor..<(cursor + count)]
        }
        let memberSlots = take(plans.count)
        let testedSlots = take(testedBackground)
        let brokenCozartSlots = take(2 * perKind)
        let prisonSlots = take(prisonBackground)
        let brokenPrisonSlots = take(2 * perKind)
        let conflictSlots = take(conflictTargets)
        let brokenNicheSlots = take(2 * perKind)
        let restSlots = perm[cursor...]

        // 3. Protected people first, so background people can be kept clear of their names and dates.
        var conflictMembers: [Int32] = []
        for (plan, slot) in zip(plans, memberSlots) {
            makeMember(plan, person: Int(slot))
            if plan.code == .idConflict { conflictMembers.append(slot) }
        }
        for j in 0..<perCode { makeVisitor(index: n + j) }
        for slot in testedSlots { makeTestedBackground(Int(slot), broken: 0) }
        for (j, slot) in brokenCozartSlots.enumerated() { makeTestedBackground(Int(slot), broken: UInt8(1 + j % 2)) }

        // 4. Background. With a PNC target, the rest of the residents get the PNC share that reaches it.
        var pncShare = 0.8
        if let target = volumes.pncSubjects {
            let forced = brokenPrisonSlots.count + conflictSlots.count + brokenNicheSlots.count
            let remaining = Double(target - pncOrdinal - forced) - 0.8 * Double(prisonSlots.count)
            pncShare = min(1, max(0, remaining / Double(max(1, restSlots.count))))
        }
        for raw in prisonSlots { let slot = Int(raw); makeBackground(slot, issues: true); addPrisonBackground(slot, broken: 0) }
        for (j, raw) in brokenPrisonSlots.enumerated() {
            let slot = Int(raw)
            makeBackground(slot, issues: false, forcePNC: true)
            addPrisonBackground(slot, broken: UInt8(1 + j % 2))
        }
        for (j, slot) in conflictSlots.enumerated() {
            makeConflictTarget(Int(slot), for: conflictMembers[j])
        }
        for (j, raw) in brokenNicheSlots.enumerated() {
            let slot = Int(raw)
            makeBackground(slot, issues: false, forcePNC: true)
            var s = SampleSpecial()
            if j % 2 == 0 { s.nicheDOBText = impossibleDate(slot) } else { s.nicheSexText = Array((j % 4 == 1 ? "Not Stated" : "X").utf8) }
            attach(s, to: slot)
        }
        for slot in restSlots { makeBackground(Int(slot), issues: true, pncShare: pncShare) }
        let nonLatin = options.effectiveNonLatinShare
        if nonLatin > 0 { giveNonLatinNames(share: nonLatin, seed: options.seed) }

        // 5. Identifiers, in file order.
        return finish(options: options)
    }

    // MARK: Plans

    mutating func drawCohort() -> CohortType { SampleWorldBuilder.cohorts[rng.weighted(SampleWorldBuilder.cohortWeights)] }

    mutating func ageKind(for c: CohortType) -> SampleAgeKind {
        switch c {
        case .dyo: return .dyo
        case .dip: return .adult
        case .ppo: return rng.chance(0.1) ? .juvenile : .adult
        case .iom: return rng.chance(0.08) ? .juvenile : .adult
        }
    }

    // MARK: Identity

    @inline(__always) static func key(_ name: UInt16, _ dob: Int32) -> UInt64 {
        UInt64(name) << 32 | UInt64(UInt32(bitPattern: dob))
    }

    @inline(__always) static func fullKey(_ s: UInt16, _ f: UInt16, _ dob: Int32) -> UInt64 {
        UInt64(s) << 48 | UInt64(f) << 32 | UInt64(UInt32(bitPattern: dob))
    }

    @inline(__always) mutating func skewed(_ count: Int) -> Int { min(rng.below(count), rng.below(count)) }

    mutating func drawDOB(_ kind: SampleAgeKind) -> Int32 {
        let day = 365
        while true {
            var dob: Int32
            switch kind {
            case .turned18, .turning18:
                let b18 = CalendarDate(dayNumber: Int(a) + (kind == .turned18 ? -rng.int(7...180) : rng.int(30...300)))
                guard let d = CalendarDate(year: b18.year - 18, month: b18.month, day: b18.day) else { continue }
                dob = Int32(d.dayNumber)
            default:
                let range: ClosedRange<Int>
                switch kind {
                case .adult: range = (18 * day + 40)...(58 * day)
                case .youngAdult: range = (19 * day)...(23 * day)
                case .juvenile: range = (14 * day)...(18 * day - 40)
                case .dyo: range = (11 * day)...(18 * day - 40)
                case .background: range = (10 * day + 5)...(70 * day)
                case .tested: range = (16 * day)...(58 * day)
                case .visitor: range = (18 * day + 30)...(55 * day)
                default: range = (20 * day)...(50 * day)
                }
                // Younger people are more common among offenders: take the smaller of two draws.
                let ageDays = kind == .background ? rng.int(range) : min(rng.int(range), rng.int(range))
                dob = a - Int32(ageDays)
            }
            let d = CalendarDate(dayNumber: Int(dob))
            if dob == 0 || (d.month == 2 && d.day == 29) { continue }
            let age = d.age(on: asOfDate)
            guard let b18 = CalendarDate(year: d.year + 18, month: d.month, day: d.day) else { continue }
            let toB18 = b18.dayNumber - Int(a)
            switch kind {
            case .adult, .youngAdult: if toB18 > -30 || age > 60 { continue }
            case .juvenile, .dyo: if toB18 < 30 || age < 10 { continue }
            case .background: if age < 10 || age > 70 { continue }
            case .tested, .visitor: if abs(toB18) < 30 { continue }
            default: break
            }
            return dob
        }
    }

    /// Draws names and a date of birth unique as a whole; protected people also claim their
    /// (forename, DOB) and (surname, DOB), transposed DOB included, so nobody else comes close.
    mutating func placeIdentity(_ p: inout SamplePerson, age: SampleAgeKind, protected: Bool, visitor: Bool = false) {
        while true {
            let s: UInt16
            if visitor {
                s = UInt16(2000 + rng.below(names.visitors.count))
            } else if longTail && !protected && rng.chance(0.9) {
                s = UInt16(SampleNames.tailBase + rng.below(names.tail.count))
            } else {
                s = UInt16(skewed(names.surnames.count))
            }
            let f = p.sex == 1 ? UInt16(SampleNames.femaleBase + skewed(names.female.count)) : UInt16(skewed(names.male.count))
            let dob = drawDOB(age)
            let fk = SampleWorldBuilder.fullKey(s, f, dob)
            // The small claim sets first, then one probe of the large full-key set that also inserts.
            if claimF.contains(SampleWorldBuilder.key(f, dob)) || claimS.contains(SampleWorldBuilder.key(s, dob)) { continue }
            if protected {
                let t = CalendarDate(dayNumber: Int(dob)).transposed.map { Int32($0.dayNumber) }
                if let t, claimF.contains(SampleWorldBuilder.key(f, t)) || claimS.contains(SampleWorldBuilder.key(s, t)) { continue }
                guard fullKeys.insert(fk).inserted else { continue }
                claimF.insert(SampleWorldBuilder.key(f, dob)); claimS.insert(SampleWorldBuilder.key(s, dob))
                if let t { claimF.insert(SampleWorldBuilder.key(f, t)); claimS.insert(SampleWorldBuilder.key(s, t)) }
            } else {
                guard fullKeys.insert(fk).inserted else { continue }
            }
            p.surname = s; p.forename = f; p.dob = dob
            if rng.chance(0.3) {
                let m = p.sex == 1 ? UInt16(SampleNames.femaleBase + rng.below(names.female.count)) : UInt16(rng.below(names.male.count))
                if m != f { p.middle = m }
            }
            return
        }
    }

    /// `forceCRO`: always a CRO number; `besideStream` (with it): see `SampleMemberPlan.croBesideStream`.
    mutating func assignPNC(_ p: inout SamplePerson, cro: Double, forceCRO: Bool = false, besideStream: Bool = false) {
        let birth = CalendarDate(dayNumber: Int(p.dob)).year
        // First arrest in their teens or twenties, never before ten.
        let lo = min(birth + 12, asOfDate.year)
        let year = rng.int(lo...max(lo, min(asOfDate.year, birth + 30)))
        p.pncYear = UInt16(year)
        p.pncSerial = UInt32(1 + (pncMul * pncOrdinal + pncAdd) % pncPrime)
        pncOrdinal += 1
        if ((forceCRO && !besideStream) || rng.chance(cro)), croOrdinal < croPrime - croReserved {
            p.croYear = UInt16(rng.int(year...asOfDate.year))
            p.croSerial = UInt32(1 + (croMul * croOrdinal + croAdd) % croPrime)
            croOrdinal += 1
        } else if forceCRO, besideStream, croOrdinal < croPrime - croReserved - 1 {
            // From the top of the serial space down, the year from the person's own seed: no draw
            // from the main stream, no serial anyone else gets.
            croReserved += 1
            let span = UInt64(asOfDate.year - year + 1)
            p.croYear = UInt16(year + Int(sampleMix(p.seed, 0xC40) % span))
            p.croSerial = UInt32(1 + (croMul * (croPrime - croReserved) + croAdd) % croPrime)
        }
    }

    mutating func basePerson(protected: Bool, clean: Bool, female: Bool? = nil) -> SamplePerson {
        var p = SamplePerson()
        p.sex = (female ?? rng.chance(0.2)) ? 1 : 0
        p.division = UInt8(rng.weighted(SampleUnits.weights))
        p.seed = rng.next()
        var flags: UInt16 = 0
        if protected { flags |= SampleFlag.protected }
        if clean { flags |= SampleFlag.clean }
        if rng.chance(0.6) { flags |= SampleFlag.nicheCRO }
        if rng.chance(0.12) { flags |= SampleFlag.infoMarker }
        if !clean {
            if rng.chance(0.06) { flags |= SampleFlag.alias }
            if rng.chance(0.1) {
                let kind = UInt8(1 + rng.below(3))
                p.mess = kind << 4 | UInt8(rng.below(5))
            }
        }
        p.flags = flags
        let units = SampleUnits.nicheByDivision[Int(p.division)]
        p.nicheUnit = UInt8(units[rng.below(units.count)])
        if rng.chance(0.05) { p.flags |= SampleFlag.historicalPNCUnit }
        return p
    }

    mutating func attach(_ s: SampleSpecial, to person: Int) {
        if people[person].special >= 0 {
            specials[Int(people[person].special)] = s
        } else {
            people[person].special = Int32(specials.count)
            specials.append(s)
        }
    }

    mutating func specialOf(_ person: Int) -> SampleSpecial {
        people[person].special >= 0 ? specials[Int(people[person].special)] : SampleSpecial()
    }

    // MARK: Members

    mutating func makeMember(_ plan: SampleMemberPlan, person idx: Int) {
        let female = plan.female ?? rng.chance(plan.cohort == .dyo ? 0.2 : 0.15)
        let young = [SampleAgeKind.juvenile, .dyo, .turned18, .turning18, .youngAdult].contains(plan.age)
        let clean = plan.code != nil || plan.role != .plain || young
        var p = basePerson(protected: true, clean: clean, female: female)
        placeIdentity(&p, age: plan.age, protected: true)
        if !plan.noPNC { assignPNC(&p, cro: croShare, forceCRO: plan.needsCRO, besideStream: plan.croBesideStream) }
        p.member = Int32(members.count)
        people[idx] = p

        var m = SampleMember(person: Int32(idx), cohort: plan.cohort, status: plan.status)
        let statP: Double = [CohortType.ppo: 0.6, .iom: 0.5, .dyo: 0.4, .dip: 0.5][plan.cohort]!
        m.statutory = rng.chance(statP)
        let dobDate = CalendarDate(dayNumber: Int(p.dob))
        let trueAge: AgeGroup = dobDate.age(on: asOfDate) < 18 ? .juvenile : .adult
        m.ageGroup = trueAge
        m.strand = [Strand.catchAndControl, .preventAndDeter, .rehabilitateAndResettle][rng.weighted([40, 30, 30])]
        m.hubDivision = p.division
        m.riskTier = UInt8(rng.below(3))
        let earliest = p.dob + 10 * 365 + 30
        switch plan.status {
        case .active:
            m.selected = max(a - Int32(rng.int(30...1800)), min(earliest, a - 30))
        case .deselectedRecent, .deselectedOld:
            let ago = plan.deselectedAgo ?? (plan.status == .deselectedRecent ? 20...330 : 400...2000)
            m.deselected = a - Int32(rng.int(ago))
            m.selected = max(m.deselected - Int32(rng.int(90...1200)), min(earliest, m.deselected - 30))
            m.reason = UInt8(rng.below(SampleText.deselectionReasons.count))
        }
        m.nicheRef = rng.chance(0.9)
        let active = plan.status == .active
        switch (plan.cohort, active) {
        case (.ppo, true): m.marker = .ppo
        case (.iom, true): m.marker = .iom
        case (.ppo, false), (.iom, false):
            m.marker = [SampleMarkerKind.removed, .deregistered, .none][rng.weighted([40, 40, 20])]
        default: m.marker = .none
        }
        if (m.marker == .ppo || m.marker == .iom), rng.chance(0.25) { m.markerVariant = UInt8(1 + rng.below(4)) }
        m.markerDate = active ? m.selected : m.deselected
        if active, plan.cohort != .dip { m.nicheFlag = plan.cohort }
        m.code = plan.code

        // JTrack tracks PPO and DYO.
        if plan.cohort == .ppo || plan.cohort == .dyo {
            if active {
                trackings.append(SampleTracking(person: Int32(idx), cohort: plan.cohort, active: true,
                                                start: min(a - 1, m.selected + Int32(rng.int(0...20)))))
                if plan.code == nil, plan.role == .plain, rng.chance(0.1), m.selected - earliest > 500 {
                    let end = m.selected - Int32(rng.int(60...400))
                    trackings.append(SampleTracking(person: Int32(idx), cohort: plan.cohort, active: false,
                                                    start: max(earliest, end - Int32(rng.int(100...700))), end: end))
                }
            } else if rng.chance(0.7) || (plan.code == .idPNCInvalid && plan.variant == 2) {
                trackings.append(SampleTracking(person: Int32(idx), cohort: plan.cohort, active: false,
                                                start: m.selected, end: m.deselected))
            }
        }

        let lead = { (mm: SampleMember) in sampleExpectedLead(mm.cohort, statutory: mm.statutory, age: mm.ageGroup, strand: mm.strand) }
        m.lead = lead(m)

        // Plain active members: some in custody, some released long ago, some drug-tested.
        if plan.code == nil, plan.role == .plain, active {
            let r = rng.below(100)
            if r < 5 {
                movements.append(SampleMovement(person: Int32(idx), received: a - Int32(rng.int(5...400)),
                                                establishment: establishment(p)))
                m.strand = .rehabilitateAndResettle
                m.lead = .prison
            } else if r < 15 {
                let released = a - Int32(rng.int(30...900))
                movements.append(SampleMovement(person: Int32(idx), received: released - Int32(rng.int(20...700)),
                                                released: released, releaseType: UInt8(rng.below(5)), establishment: establishment(p)))
            }
            if rng.chance(0.15) { addTests(idx, count: rng.int(1...2)) }
        }

        switch plan.role {
        case .nearRelease:
            let released = a - Int32(rng.int(3...13))
            movements.append(SampleMovement(person: Int32(idx), received: released - Int32(rng.int(30...500)),
                                            released: released, releaseType: UInt8(rng.below(5)), establishment: establishment(p)))
            m.strand = .rehabilitateAndResettle
            m.lead = .prison
        case .brokenDOB:
            var s = specialOf(idx); s.micaseDOBText = impossibleDate(idx); attach(s, to: idx)
        case .brokenStrand:
            var s = specialOf(idx); s.micaseStrandText = Array("Sideways".utf8); attach(s, to: idx)
        case .plain:
            break
        }

        if let code = plan.code { applyFinding(code, plan: plan, member: &m, person: idx, lead: lead) }
        members.append(m)
    }

    // MARK: Other people

    mutating func makeVisitor(index: Int) {
        var p = basePerson(protected: true, clean: true)
        p.flags |= SampleFlag.visitor | SampleFlag.finding
        placeIdentity(&p, age: .visitor, protected: true, visitor: true)
        people.append(p)
        tested.append(true)
        let sites = SampleUnits.cozartByDivision[Int(p.division)]
        var t = drawTest(person: index, site: sites[rng.below(sites.count)])
        t.carriesPNC = false
        tests.append(t)
        pending.append(SamplePendingFinding(code: .testUnlinked, person: Int32(index), anchor: .cozart(Int32(index))))
    }

    mutating func makeTestedBackground(_ idx: Int, broken: UInt8) {
        var p = basePerson(protected: true, clean: broken != 0)
        placeIdentity(&p, age: .tested, protected: true)
        if broken != 0 || rng.chance(0.8) { assignPNC(&p, cro: croShare) }
        people[idx] = p
        let count = broken != 0 ? 1 : rng.int(1...3)
        addTests(idx, count: count)
        if broken != 0 { tests[tests.count - 1].broken = broken }
    }

    mutating func addTests(_ idx: Int, count: Int) {
        tested[idx] = true
        let p = people[idx]
        for _ in 0..<count {
            let own = SampleUnits.cozartByDivision[Int(p.division)]
            let site = rng.chance(0.9) ? own[rng.below(own.count)] : rng.below(SampleUnits.cozart.count)
            var t = drawTest(person: idx, site: site)
            t.carriesPNC = p.hasPNC
            tests.append(t)
        }
    }

    mutating func drawTest(person: Int, site: Int) -> SampleTest {
        let offence = UInt8(rng.below(SampleText.offences.count))
        let opiates = UInt8(rng.weighted([62, 30, 8]))
        let cocaine = UInt8(rng.weighted([57, 35, 8]))
        var t = SampleTest(person: Int32(person), day: a - Int32(rng.int(1...700)), minute: Int16(rng.below(1440)),
                           site: UInt8(site), officer: UInt16(1000 + rng.below(120)), offence: offence,
                           opiates: opiates, cocaine: cocaine)
        if (opiates == 1 || cocaine == 1), rng.chance(0.08) {
            t.disputed = true
            if rng.chance(0.5) { t.overturned = UInt8(1 + rng.below(4)) }
        }
        t.failedChain = rng.chance(0.01)
        return t
    }

    mutating func makeBackground(_ idx: Int, issues: Bool, forcePNC: Bool = false, pncShare: Double = 0.8) {
        var p = basePerson(protected: false, clean: !issues)
        placeIdentity(&p, age: .background, protected: false)
        if forcePNC || rng.chance(pncShare) { assignPNC(&p, cro: croShare) } else { counts[0] += 1 }
        people[idx] = p
        guard issues else { return }
        let r = rng.below(1000)
        var s = SampleSpecial()
        var special = false
        switch r {
        case 0..<40 where p.hasPNC:
            people[idx].flags |= SampleFlag.nicheNoPNC; counts[1] += 1
        case 40..<45 where p.hasPNC:
            s.nichePNC = .literal(invalidPNCText(p)); special = true; counts[2] += 1
        case 45..<50:
            s.duplicate = true; special = true; counts[3] += 1
        case 50..<53 where p.hasCRO:
            s.pncCRO = invalidCROText(p); special = true; counts[4] += 1
        case 53..<56 where p.hasCRO:
            s.nicheCRO = invalidCROText(p); people[idx].flags |= SampleFlag.nicheCRO; special = true; counts[5] += 1
        default:
            break
        }
        if special { attach(s, to: idx) }
    }

    /// A clean out-of-scope person whose PNC ID an in-scope member's Niche nominal carries:
    /// dissimilar names, a date of birth years apart (and not a transposition).
    mutating func makeConflictTarget(_ idx: Int, for memberPerson: Int32) {
        let mp = people[Int(memberPerson)]
        var p: SamplePerson
        while true {
            p = basePerson(protected: false, clean: true)
            placeIdentity(&p, age: .background, protected: false)
            let sA = names.surnameKey(p.surname), sB = names.surname(mp.surname)
            let fA = names.forename(p.forename).asciiUpper, fB = names.forename(mp.forename).asciiUpper
            let far = abs(Int(p.dob) - Int(mp.dob)) > 3 * 365
            let different = sA.utf8.first != sB.asciiUpper.first && fA.first != fB.first && p.forename != mp.forename
            if far && different { break }
            fullKeys.remove(SampleWorldBuilder.fullKey(p.surname, p.forename, p.dob))
        }
        p.flags &= ~SampleFlag.alias
        p.flags |= SampleFlag.finding
        assignPNC(&p, cro: croShare)
        people[idx] = p
        var s = specialOf(Int(memberPerson))
        s.nichePNC = .literal(Array(p.pnc.canonical.utf8))
        attach(s, to: Int(memberPerson))
        if let k = pending.firstIndex(where: { $0.code == .idConflict && $0.person == memberPerson }) {
            pending[k].others = [.pnc(Int32(idx))]
        }
    }

    mutating func addPrisonBackground(_ idx: Int, broken: UInt8) {
        let p = people[idx]
        let count = broken != 0 ? 1 : (rng.chance(0.2) ? 2 : 1)
        var last = a - Int32(rng.int(200...2500))
        for k in 0..<count {
            var mv = SampleMovement(person: Int32(idx), received: last, establishment: establishment(p))
            let stillIn = k == count - 1 && broken != 2 && rng.chance(0.3)
            if !stillIn {
                let released = min(a - 2, last + Int32(rng.int(14...600)))
                mv.released = released
                mv.releaseType = UInt8(rng.below(5))
                last = min(a - 1, released + Int32(rng.int(30...400)))
            }
            mv.carriesPNC = p.hasPNC && (broken != 0 || rng.chance(0.9))
            mv.broken = broken
            movements.append(mv)
            if mv.released == Int32.min { break }
        }
    }

    mutating func establishment(_ p: SamplePerson) -> UInt8 {
        let age = CalendarDate(dayNumber: Int(p.dob)).age(on: asOfDate)
        if age < 18 { return 0 } // HMYOI Wetherby
        if p.sex == 1 { return UInt8([1, 2][rng.below(2)]) }
        return UInt8(3 + rng.below(SampleText.establishments.count - 3))
    }

    // MARK: Bad values

    mutating func invalidPNCText(_ p: SamplePerson) -> [UInt8] {
        let yy = Int(p.pncYear) % 100
        let year = yy < 10 ? "0\(yy)" : "\(yy)"
        let serial = String(p.pncSerial)
        let padded = String(repeating: "0", count: 7 - serial.count) + serial
        let body = rng.chance(0.5) ? padded : serial
        let expected = PNCIdentifier.expectedCheckLetter(year: yy, serial: Int(p.pncSerial))
        let letters = Array("ABCDEFGHJKLMNPQRTUVWXYZ")
        var wrong = expected
        while wrong == expected { wrong = letters[rng.below(letters.count)] }
        var text: String
        switch rng.below(10) {
        case 0...4: text = year + "/" + body + String(wrong)
        case 5, 6: text = year + "/" + body
        case 7: text = year + "-" + body + String(expected)
        case 8:
            if year.contains("0") {
                text = year.replacingFirstZeroWithO() + "/" + body + String(expected)
            } else {
                text = year + "/" + body
            }
        default: text = year + "/" + String(repeating: "0", count: 9 - serial.count) + serial + String(expected)
        }
        if PNCIdentifier(text) != nil { text = year + "/" + body + String(wrong) }
        return Array(text.utf8)
    }

    mutating func invalidCROText(_ p: SamplePerson) -> [UInt8] {
        let yy = Int(p.croYear) % 100
        let serial = String(p.croSerial)
        let expected = CRONumber.expectedCheckLetter(year: yy, serial: Int(p.croSerial))
        let letters = Array("ABCDEFGHJKLMNPQRTUVWXYZ")
        var wrong = expected
        while wrong == expected { wrong = letters[rng.below(letters.count)] }
        return Array((String(repeating: "0", count: 6 - serial.count) + serial + "/" + (yy < 10 ? "0\(yy)" : "\(yy)") + String(wrong)).utf8)
    }

    /// A date that does not exist, in the file's main layout, near the person's real one.
    mutating func impossibleDate(_ idx: Int) -> [UInt8] {
        let y = CalendarDate(dayNumber: Int(people[idx].dob)).year
        let options = ["31/02/", "30/02/", "31/04/", "31/06/", "31/09/", "31/11/"]
        return Array((options[rng.below(options.count)] + String(y)).utf8)
    }

    // MARK: Finish

    mutating func finish(options: SampleOptions) -> SampleWorld {
        // Niche nominal ids in person order; second nominals from a high range, after all others.
        let gap = max(1, min(30, 60_000_000 / max(n, 1)))
        var next: UInt32 = 10_000_000
        var dups: [Int32] = []
        for i in 0..<n {
            next += UInt32(1 + rng.below(gap))
            people[i].nicheId = next
            if people[i].special >= 0, specials[Int(people[i].special)].duplicate { dups.append(Int32(i)) }
        }
        var dupNext: UInt32 = 90_000_000
        for d in dups {
            dupNext += UInt32(1 + rng.below(9))
            specials[Int(people[Int(d)].special)].duplicateNicheId = dupNext
        }

        members.sort { $0.person < $1.person }
        let caseGap = max(1, min(9, 800_000 / max(members.count, 1)))
        var caseNext: UInt32 = 100_000
        for k in members.indices {
            caseNext += UInt32(1 + rng.below(caseGap))
            members[k].caseId = caseNext
            people[Int(members[k].person)].member = Int32(k)
        }
        trackings.sort { ($0.person, $0.start, $0.active ? 1 : 0) < ($1.person, $1.start, $1.active ? 1 : 0) }
        let trackGap = max(1, min(9, 800_000 / max(trackings.count, 1)))
        var trackNext: UInt32 = 100_000
        for k in trackings.indices { trackNext += UInt32(1 + rng.below(trackGap)); trackings[k].id = trackNext }
        tests.sort { ($0.person, $0.day, $0.minute, $0.site, $0.offence) < ($1.person, $1.day, $1.minute, $1.site, $1.offence) }
        let testGap = max(1, min(9, 8_000_000 / max(tests.count, 1)))
        var testNext: UInt32 = 1_000_000
        for k in tests.indices { testNext += UInt32(1 + rng.below(testGap)); tests[k].id = testNext }
        movements.sort { ($0.person, $0.received, $0.released) < ($1.person, $1.received, $1.released) }

        var world = SampleWorld(options: options, asOf: a, residents: n, perCode: perCode, names: names)
        world.people = people
        world.members = members
        world.specials = specials
        world.trackings = trackings
        world.movements = movements
        world.tests = tests
        world.duplicates = dups
        world.tested = tested
        world.prisonMul = 1 + rng.below(SampleWorld.prisonSpace - 1)
        while gcd(world.prisonMul, SampleWorld.prisonSpace) != 1 { world.prisonMul += 1 }
        world.prisonAdd = rng.below(SampleWorld.prisonSpace)
        world.background = zip(SampleWorldBuilder.backgroundNames, counts).map { ($0, $1) }
        world.findings = resolveFindings(world)
        world.junk = junkRows(world)
        return world
    }

    func gcd(_ x: Int, _ y: Int) -> Int { y == 0 ? x : gcd(y, x % y) }

    func resolveFindings(_ w: SampleWorld) -> [SampleTruthFinding] {
        // First record per person in the sorted lists.
        var firstTracking = [Int32: Int](), firstTest = [Int32: Int]()
        for (k, t) in w.trackings.enumerated() where firstTracking[t.person] == nil { firstTracking[t.person] = k }
        for (k, t) in w.tests.enumerated() where firstTest[t.person] == nil { firstTest[t.person] = k }
        func ref(_ r: SampleRef) -> String {
            switch r {
            case .pnc(let p): return "pnc:" + w.people[Int(p)].pnc.canonical
            case .niche(let p): return "niche:" + SampleText.nicheId(w.people[Int(p)].nicheId)
            case .nicheDuplicate(let p): return "niche:" + SampleText.nicheId(w.specials[Int(w.people[Int(p)].special)].duplicateNicheId)
            case .micase(let p): return "micase:" + SampleText.caseId(w.members[Int(w.people[Int(p)].member)].caseId)
            case .jtrack(let p): return "jtrack:" + SampleText.trackingId(w.trackings[firstTracking[p]!].id)
            case .cozart(let p): return "cozart:" + SampleText.testId(w.tests[firstTest[p]!].id)
            }
        }
        var out: [SampleTruthFinding] = []
        for f in pending {
            let p = w.people[Int(f.person)]
            let anchor = ref(f.anchor)
            let ids = ([anchor] + f.others.map(ref)).sorted()
            out.append(SampleTruthFinding(code: f.code.code, anchor: anchor, recordIds: ids,
                                          pncId: p.hasPNC ? p.pnc.canonical : "",
                                          division: SampleUnits.divisions[Int(p.division)]))
        }
        out.sort { ($0.code, $0.anchor) < ($1.code, $1.anchor) }
        return out
    }

    /// Quarantined junk rows: a ragged row and a row without its key, `perKind` of each per CSV file.
    mutating func junkRows(_ w: SampleWorld) -> [SampleJunkRow] {
        var out: [SampleJunkRow] = []
        let nicheRows = w.residents + w.duplicates.count
        let micaseRows = w.members.count, cozartRows = w.tests.count, prisonRows = w.movements.count
        for j in 0..<perKind {
            let surname = SampleNameBank.visitorSurnames[rng.below(SampleNameBank.visitorSurnames.count)]
            let up = String(decoding: SampleEncodedName.ascii(surname.uppercased()), as: UTF8.self)
            let year = 1960 + rng.below(45)
            out.append(SampleJunkRow(file: .niche, before: rng.below(nicheRows),
                                     bytes: Array("N\(80_000_000 + 2 * j),,\(surname),Ann".utf8),
                                     reason: "ragged row: 4 fields, header has 9"))
            out.append(SampleJunkRow(file: .niche, before: rng.below(nicheRows),
                                     bytes: Array(",,\(surname),Peter,03/07/\(year),M,LD,,".utf8),
                                     reason: "no Nominal ID"))
            out.append(SampleJunkRow(file: .micase, before: rng.below(micaseRows + 1),
                                     bytes: Array("MC\(900_000 + 2 * j),,,\(surname)".utf8),
                                     reason: "ragged row: 4 fields, header has 17"))
            out.append(SampleJunkRow(file: .micase, before: rng.below(micaseRows + 1),
                                     bytes: Array(",,,\(surname),Lee,14/05/\(year),M,IOM,N,Adult,C&C,Police,Leeds HUB,01/02/2023,01/03/2023,Moved out of force area,Green".utf8),
                                     reason: "no Case ID"))
            out.append(SampleJunkRow(file: .cozart, before: rng.below(cozartRows + 1),
                                     bytes: Array("CZ\(9_000_000 + 2 * j),13L4,DO 1001,02/03/2024 10:15,".utf8),
                                     reason: "ragged row: 5 fields, header has 17"))
            out.append(SampleJunkRow(file: .cozart, before: rng.below(cozartRows + 1),
                                     bytes: Array(",13B5,DO 1002,02/03/2024 11:40,,\(surname),Dean,09/09/\(year),Male,TH68010,Y,N,Negative,Positive,N,None,N".utf8),
                                     reason: "no Test ID"))
            out.append(SampleJunkRow(file: .prison, before: rng.below(prisonRows + 1),
                                     bytes: Array("Z\(1000 + j)ZZ,,\(up)".utf8),
                                     reason: "ragged row: 3 fields, header has 10"))
            out.append(SampleJunkRow(file: .prison, before: rng.below(prisonRows + 1),
                                     bytes: Array(",,\(up),MARK,\(year)-06-11,HMP Leeds,2024-01-05,2024-06-30,Licence,LEEDS".utf8),
                                     reason: "no Prison No"))
        }
        // Stable order within each file.
        out.sort { ($0.file.rawValue, $0.before) != ($1.file.rawValue, $1.before)
            ? ($0.file.rawValue, $0.before) < ($1.file.rawValue, $1.before)
            : $0.bytes.lexicographicallyPrecedes($1.bytes) }
        return out
    }
}

extension String {
    fileprivate func replacingFirstZeroWithO() -> String {
        guard let i = firstIndex(of: "0") else { return self }
        var s = self
        s.replaceSubrange(i...i, with: "O")
        return s
    }
}
