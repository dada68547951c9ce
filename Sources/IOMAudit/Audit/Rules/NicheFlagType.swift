extension FindingRules {
    /// NICHE-FLAG-TYPE: the Niche cohort flag names another cohort than MiCase.
    public struct NicheFlagType: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.niche, .micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            subject.person.niche.compactMap { n in
                guard case .wrongType(let flags, let c) = NicheFlagReview.verdict(n, of: subject) else { return nil }
                let names = flags.map(\.rawValue).joined(separator: " and ")
                let fix: String
                if let cohort = c.cohort, NicheFlagReview.flaggedCohorts.contains(cohort) {
                    fix = "change the flag to \(cohort.rawValue) on Niche"
                } else {
                    fix = "remove the flag on Niche (\(CaseText.cohort(c.cohort)) members carry no Niche flag)"
                }
                return FindingDraft(subject: subject, anchor: n.identity.key, system: .niche, owner: FindingOwner.police,
                                    detail: "Niche nominal \(n.identity.recordID) is flagged \(names) but MiCase case \(c.identity.recordID) "
                                        + "is \(CaseText.cohort(c.cohort)): \(fix).",
                                    evidence: "Niche cohort flags: \(n.cohortFlags.map(\.rawValue).joined(separator: ", ")); " + CaseText.facts(c))
            }
        }
    }
}
