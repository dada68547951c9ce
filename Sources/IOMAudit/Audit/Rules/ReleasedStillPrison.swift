extension FindingRules {
    /// RELEASED-STILL-PRISON: released more than `releaseGracePeriodDays` days before the as-of date, but the
    /// active case still has lead agency Prison. Within the grace period nothing is raised.
    public struct ReleasedStillPrison: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.micase, .prison] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            guard subject.custody == nil, let m = subject.lastRelease, let released = m.releasedOn else { return [] }
            let days = run.context.asOf.days(since: released)
            let grace = run.context.settings.releaseGracePeriodDays
            guard days > grace else { return [] }
            return subject.activeCases.compactMap { c in
                guard c.leadAgency == LeadAgencyTable.custodyLeadAgency else { return nil }
                let expected = LeadAgencyCheck.expected(c, run.context.reference.leadAgency)
                let fix = expected.map { "set the lead agency to \($0.displayName) (the table's lead agency for \(LeadAgencyCheck.cell(c)))" }
                    ?? "set the lead agency for the nominal's strand"
                return FindingDraft(subject: subject, anchor: c.identity.key, system: .micase,
                                    owner: FindingOwner.micase(recorded: c.leadAgency, expected: expected),
                                    detail: "The nominal was released from prison on \(released.iso), \(days) days ago, but MiCase case "
                                        + "\(c.identity.recordID) still has lead agency Prison: \(fix) on MiCase, and review the strand.",
                                    evidence: "prison: \(LeadAgencyCheck.movement(m)); grace period \(grace) days; " + CaseText.facts(c))
            }
        }
    }
}
