extension FindingRules {
    /// NICHE-FLAG-STALE: a Niche cohort flag on someone who is not an active member of that cohort.
    public struct NicheFlagStale: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.niche, .micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            subject.person.niche.compactMap { n in
                guard case .stale(let flags) = NicheFlagReview.verdict(n, of: subject) else { return nil }
                let names = flags.map(\.rawValue).joined(separator: " and ")
                let cases = subject.activeCases.isEmpty ? subject.casesByRecency.prefix(1) : subject.activeCases[...]
                return FindingDraft(subject: subject, anchor: n.identity.key, system: .niche, owner: FindingOwner.police,
                                    detail: "Niche nominal \(n.identity.recordID) carries the \(names) cohort flag but is not an active "
                                        + "member of that cohort (\(CaseText.notMember(subject, of: flags.count == 1 ? flags[0] : nil))): "
                                        + "remove the flag on Niche.",
                                    evidence: "Niche cohort flags: \(n.cohortFlags.map(\.rawValue).joined(separator: ", ")); "
                                        + CaseText.list(cases.map(CaseText.facts)))
            }
        }
    }
}
