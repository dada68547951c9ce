/// What the cohort flags of one Niche nominal say against MiCase. The three NICHE-FLAG rules read this
/// one verdict, so a nominal gets at most one of them.
enum NicheFlagVerdict {
    case consistent
    /// Active member of a flagged cohort, and no Niche nominal of theirs carries any of the expected flags.
    case missing([CohortType], MiCaseCase)
    /// Flags for cohorts they are not an active member of.
    case stale([CohortType])
    /// Flags name only cohorts other than the member's.
    case wrongType([CohortType], MiCaseCase)
}

enum NicheFlagReview {
    /// Cohorts a Niche nominal is flagged for (domain brief: IOM, PPO, DYO); DIP members need no flag.
    static let flaggedCohorts: Set<CohortType> = [.ppo, .iom, .dyo]

    static func verdict(_ nominal: NicheNominal, of subject: AuditSubject) -> NicheFlagVerdict {
        let active = subject.activeCohorts
        let expected = active.intersection(flaggedCohorts)
        let flags = Set(nominal.cohortFlags)
        if flags.isEmpty {
            // MISSING is reported once, on the first Niche nominal, when none of their nominals has a flag;
            // a nominal flagged for another cohort is that nominal's NICHE-FLAG-TYPE instead.
            guard !expected.isEmpty, subject.person.niche.allSatisfy({ $0.cohortFlags.isEmpty }),
                  nominal.identity == subject.person.niche.first?.identity,
                  let c = subject.activeCases.first(where: { $0.cohort.map(expected.contains) ?? false }) else { return .consistent }
            return .missing(order(expected), c)
        }
        if active.isEmpty { return .stale(order(flags)) }
        if flags.isDisjoint(with: active) {
            let c = subject.activeCases.first { $0.cohort.map(expected.contains) ?? false } ?? subject.activeCases[0]
            return .wrongType(order(flags), c)
        }
        let extra = flags.subtracting(active)
        return extra.isEmpty ? .consistent : .stale(order(extra))
    }

    static func order(_ s: Set<CohortType>) -> [CohortType] { CohortType.allCases.filter(s.contains) }
}
