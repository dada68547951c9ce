extension FindingRules {
    /// LEAD-AGENCY: the lead agency does not match the table for cohort, statutory, age group and strand.
    /// Someone in custody is CUSTODY-STRAND instead; "Prison" after a release is RELEASED-STILL-PRISON (or
    /// within the grace period, nothing), so a case is never reported twice.
    public struct LeadAgency: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let prisonKnown = run.context.evaluated([.prison])
            if prisonKnown, subject.custody != nil { return [] }
            return subject.activeCases.compactMap { c in
                if c.leadAgency == .prison {
                    // Prison without custody: only a case with no prison record at all is wrong here.
                    guard prisonKnown, subject.person.prison.isEmpty else { return nil }
                }
                guard let expected = LeadAgencyCheck.expected(c, run.context.reference.leadAgency),
                      expected != c.leadAgency else { return nil }
                let recorded = c.leadAgency.map { "records lead agency \($0.displayName)" } ?? "records no lead agency"
                return FindingDraft(subject: subject, anchor: c.identity.key, system: .micase,
                                    owner: FindingOwner.micase(recorded: c.leadAgency, expected: expected),
                                    detail: "MiCase case \(c.identity.recordID) \(recorded) but the lead-agency table gives "
                                        + "\(expected.displayName) for \(LeadAgencyCheck.cell(c)): change the lead agency to "
                                        + "\(expected.displayName) on MiCase.",
                                    evidence: "MiCase: \(LeadAgencyCheck.cell(c)), lead agency \(CaseText.lead(c.leadAgency)); "
                                        + "table expects \(expected.displayName)"
                                        + (c.leadAgency == .prison ? "; no prison record for the nominal" : ""))
            }
        }
    }
}
