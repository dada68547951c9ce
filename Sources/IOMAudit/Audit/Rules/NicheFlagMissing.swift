extension FindingRules {
    /// NICHE-FLAG-MISSING: active PPO, IOM or DYO member and none of their Niche nominals carries a cohort flag.
    public struct NicheFlagMissing: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.niche, .micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            subject.person.niche.compactMap { n in
                guard case .missing(let cohorts, let c) = NicheFlagReview.verdict(n, of: subject) else { return nil }
                let flags = cohorts.map(\.rawValue).joined(separator: " and ")
                return FindingDraft(subject: subject, anchor: n.identity.key, system: .niche, owner: FindingOwner.police,
                                    detail: "Niche nominal \(n.identity.recordID) has no cohort flag but the nominal is an \(CaseText.member(c)): "
                                        + "add the \(flags) flag on Niche.",
                                    evidence: CaseText.facts(c) + "; Niche cohort flags: none")
            }
        }
    }
}
