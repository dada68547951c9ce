extension FindingRules {
    /// CUSTODY-STRAND: in custody per the prison extract, but the active case is not R&R with lead agency Prison.
    /// Reported once per case, whether the strand, the lead agency or both are wrong (never also LEAD-AGENCY).
    public struct CustodyStrand: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.micase, .prison] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            guard let m = subject.custody else { return [] }
            let strand = LeadAgencyTable.custodyStrand, lead = LeadAgencyTable.custodyLeadAgency
            return subject.activeCases.compactMap { c in
                guard c.strand != strand || c.leadAgency != lead else { return nil }
                var change: [String] = []
                if c.strand != strand { change.append("strand \(strand.rawValue)") }
                if c.leadAgency != lead { change.append("lead agency \(lead.displayName)") }
                return FindingDraft(subject: subject, anchor: c.identity.key, system: .micase,
                                    owner: FindingOwner.micase(recorded: c.leadAgency, expected: lead),
                                    detail: "The nominal is in prison custody (\(m.prisonNumber?.canonical ?? m.identity.recordID)"
                                        + (m.receivedOn.map { ", received \($0.iso)" } ?? "") + ") but MiCase case \(c.identity.recordID) is "
                                        + "\(CaseText.strand(c.strand)) with lead agency \(CaseText.lead(c.leadAgency)): set "
                                        + change.joined(separator: " and ") + " on MiCase until release.",
                                    evidence: "prison: \(LeadAgencyCheck.movement(m)), in custody on \(run.context.asOf.iso); " + CaseText.facts(c))
            }
        }
    }
}
