/// Which people carry each injected finding, and what is changed on their records to make it.
extension SampleWorldBuilder {
    /// DIP active (nothing else expected of them) or recently deselected: an identity finding there
    /// cannot spill into a flag, marker or tracking finding if a linker keeps the record apart.
    mutating func safeIdentityPlan(_ code: SampleCode) -> SampleMemberPlan {
        if rng.chance(0.5) {
            return SampleMemberPlan(code: code, cohort: .dip, status: .active, age: .adult)
        }
        let c = drawCohort()
        return SampleMemberPlan(code: code, cohort: c, status: .deselectedRecent, age: ageKind(for: c))
    }

    mutating func plan(_ code: SampleCode) -> SampleMemberPlan {
        func ppoOrIOM() -> CohortType { rng.chance(0.45) ? .ppo : .iom }
        var p: SampleMemberPlan
        switch code {
        case .idPNCInvalid:
            let v = rng.below(3)
            if v == 2 {
                let c: CohortType = rng.chance(0.6) ? .ppo : .dyo
                p = SampleMemberPlan(code: code, cohort: c, status: .deselectedRecent, age: ageKind(for: c))
            } else {
                p = safeIdentityPlan(code)
            }
            p.variant = v
        case .idCROInvalid:
            let c = drawCohort()
            p = SampleMemberPlan(code: code, cohort: c, status: rng.chance(0.7) ? .active : .deselectedRecent, age: ageKind(for: c))
            p.needsCRO = true
            p.variant = rng.below(2)
        case .idConflict, .idDuplicate:
            p = safeIdentityPlan(code)
        case .idMissingPNC:
            let c = drawCohort()
            p = SampleMemberPlan(code: code, cohort: c, status: rng.chance(0.7) ? .active : .deselectedRecent, age: ageKind(for: c))
            p.variant = rng.below(2)
        case .idUnmatched:
            let c: CohortType = rng.chance(0.6) ? .dip : .dyo
            p = SampleMemberPlan(code: code, cohort: c, status: .active, age: ageKind(for: c))
            p.noPNC = true
        case .idReview:
            p = safeIdentityPlan(code)
            p.female = rng.chance(0.85)
            // The married-surname Niche nominal carries the person's own CRO number: the corroboration
            // a linker needs before it asks a data manager (forename and date of birth alone, under
            // another surname, are more often a coincidence than a marriage at a force's size).
            p.needsCRO = true
            p.croBesideStream = true
        case .markerMissing, .markerType, .markerWording:
            let c = ppoOrIOM()
            p = SampleMemberPlan(code: code, cohort: c, status: .active, age: ageKind(for: c))
        case .markerStale:
            let c = ppoOrIOM()
            if rng.chance(0.75) {
                p = SampleMemberPlan(code: code, cohort: c, status: .deselectedRecent, age: ageKind(for: c))
                p.deselectedAgo = 60...330
            } else {
                p = SampleMemberPlan(code: code, cohort: c, status: .deselectedOld, age: .adult)
                p.deselectedAgo = 400...1000
            }
        case .flagMissing, .flagType:
            let c = [CohortType.ppo, .iom, .dyo][rng.weighted([40, 45, 15])]
            p = SampleMemberPlan(code: code, cohort: c, status: .active, age: ageKind(for: c))
        case .flagStale:
            let c = [CohortType.ppo, .iom, .dyo][rng.weighted([40, 45, 15])]
            p = SampleMemberPlan(code: code, cohort: c, status: .deselectedRecent, age: ageKind(for: c))
        case .jtrackMissing:
            let c: CohortType = rng.chance(0.7) ? .ppo : .dyo
            p = SampleMemberPlan(code: code, cohort: c, status: .active, age: ageKind(for: c))
            p.variant = rng.chance(0.35) ? 1 : 0
        case .jtrackStale:
            let c: CohortType = rng.chance(0.7) ? .ppo : .dyo
            p = SampleMemberPlan(code: code, cohort: c, status: .deselectedRecent, age: ageKind(for: c))
        case .leadAgency, .divisionMismatch, .releasedStillPrison:
            let c = drawCohort()
            p = SampleMemberPlan(code: code, cohort: c, status: .active, age: ageKind(for: c))
        case .custodyStrand:
            let c = drawCohort()
            p = SampleMemberPlan(code: code, cohort: c, status: .active, age: ageKind(for: c))
            p.variant = rng.below(3)
        case .ageGroup:
            let c = [CohortType.ppo, .iom, .dyo][rng.weighted([35, 40, 25])]
            p = SampleMemberPlan(code: code, cohort: c, status: .active)
            p.variant = (c != .dyo && rng.chance(0.25)) ? 1 : 0
            p.age = p.variant == 0 ? .turned18 : .turning18
        case .testUnlinked:
            preconditionFailure("TEST-UNLINKED is planned as a visitor")
        }
        return p
    }

    mutating func applyFinding(_ code: SampleCode, plan: SampleMemberPlan, member m: inout SampleMember, person idx: Int,
                               lead: (SampleMember) -> LeadAgency) {
        let pid = Int32(idx)
        var s = specialOf(idx)
        var anchor: SampleRef = .micase(pid)
        var others: [SampleRef] = []
        switch code {
        case .idPNCInvalid:
            let text = invalidPNCText(people[idx])
            switch plan.variant {
            case 0: s.nichePNC = .literal(text); anchor = .niche(pid)
            case 1: s.micasePNC = .literal(text); anchor = .micase(pid)
            default: s.jtrackPNC = .literal(text); anchor = .jtrack(pid)
            }
        case .idCROInvalid:
            let text = invalidCROText(people[idx])
            if plan.variant == 0 {
                s.pncCRO = text; anchor = .pnc(pid)
            } else {
                s.nicheCRO = text; people[idx].flags |= SampleFlag.nicheCRO; anchor = .niche(pid)
            }
        case .idConflict:
            anchor = .niche(pid) // the other PNC nominal is added when the target is made
        case .idDuplicate:
            s.duplicate = true
            anchor = .nicheDuplicate(pid); others = [.niche(pid)]
        case .idMissingPNC:
            if plan.variant == 0 { s.nichePNC = .missing; anchor = .niche(pid) } else { s.micasePNC = .missing; anchor = .micase(pid) }
        case .idUnmatched:
            anchor = .micase(pid)
        case .idReview:
            // A married surname on Niche, no PNC ID, no Niche reference on MiCase, but the person's own
            // CRO number on the Niche nominal: a link to confirm.
            var married: UInt16 = 0
            let dob = people[idx].dob
            repeat {
                married = UInt16(3000 + rng.below(names.married.count))
            } while claimS.contains(SampleWorldBuilder.key(married, dob))
            claimS.insert(SampleWorldBuilder.key(married, dob))
            if let t = CalendarDate(dayNumber: Int(dob)).transposed { claimS.insert(SampleWorldBuilder.key(married, Int32(t.dayNumber))) }
            s.nicheSurname = married
            s.nichePNC = .missing
            people[idx].flags |= SampleFlag.nicheCRO
            m.nicheRef = false
            anchor = .niche(pid)
        case .markerMissing:
            m.marker = rng.chance(0.75) ? .none : (rng.chance(0.5) ? .removed : .deregistered)
            m.markerVariant = 0
            anchor = .pnc(pid)
        case .markerStale:
            m.marker = m.cohort == .ppo ? .ppo : .iom
            m.markerVariant = 0
            m.markerDate = m.selected
            anchor = .pnc(pid)
        case .markerType:
            m.marker = m.cohort == .ppo ? .iom : .ppo
            m.markerVariant = 0
            anchor = .pnc(pid)
        case .markerWording:
            m.marker = m.cohort == .ppo ? .ppoWording : .iomWording
            m.markerVariant = UInt8(rng.below(m.cohort == .ppo ? SampleText.ppoWording.count : SampleText.iomWording.count))
            anchor = .pnc(pid)
        case .flagMissing:
            m.nicheFlag = nil; anchor = .niche(pid)
        case .flagStale:
            m.nicheFlag = m.cohort; anchor = .niche(pid)
        case .flagType:
            m.nicheFlag = m.cohort == .ppo ? .iom : .ppo; anchor = .niche(pid)
        case .jtrackMissing:
            trackings.removeAll { $0.person == pid }
            if plan.variant == 1 {
                let end = max(m.selected - Int32(rng.int(30...300)), people[idx].dob + 10 * 365 + 60)
                trackings.append(SampleTracking(person: pid, cohort: m.cohort, active: false,
                                                start: end - Int32(rng.int(60...400)), end: end))
            }
            anchor = .micase(pid)
        case .jtrackStale:
            trackings.removeAll { $0.person == pid }
            trackings.append(SampleTracking(person: pid, cohort: m.cohort, active: true, start: m.selected))
            anchor = .jtrack(pid)
        case .leadAgency:
            let expected = lead(m)
            var wrong = expected
            while wrong == expected || wrong == .prison { wrong = LeadAgency.allCases[rng.below(LeadAgency.allCases.count)] }
            m.lead = wrong
        case .custodyStrand:
            var mv = SampleMovement(person: pid, received: a - Int32(rng.int(5...300)), establishment: establishment(people[idx]))
            if rng.chance(0.25) { mv.released = a + Int32(rng.int(5...60)); mv.releaseType = UInt8(rng.below(2)) }
            movements.append(mv)
            switch plan.variant {
            case 0:
                m.strand = rng.chance(0.5) ? .catchAndControl : .preventAndDeter; m.lead = lead(m)
            case 1:
                m.strand = .rehabilitateAndResettle; m.lead = lead(m)
            default:
                m.strand = rng.chance(0.5) ? .catchAndControl : .preventAndDeter; m.lead = .prison
            }
        case .releasedStillPrison:
            let released = a - Int32(rng.int(15...150))
            movements.append(SampleMovement(person: pid, received: released - Int32(rng.int(60...700)), released: released,
                                            releaseType: UInt8(rng.below(5)), establishment: establishment(people[idx])))
            m.strand = .rehabilitateAndResettle
            m.lead = .prison
        case .ageGroup:
            m.ageGroup = plan.variant == 0 ? .juvenile : .adult
            m.lead = lead(m)
        case .divisionMismatch:
            let d = Int(people[idx].division)
            var other = d
            while other == d { other = rng.below(5) }
            let units = SampleUnits.nicheByDivision[other]
            people[idx].nicheUnit = UInt8(units[rng.below(units.count)])
            others = [.niche(pid)]
        case .testUnlinked:
            break
        }
        attach(s, to: idx)
        people[idx].flags |= SampleFlag.finding
        pending.append(SamplePendingFinding(code: code, person: pid, anchor: anchor, others: others))
    }
}
