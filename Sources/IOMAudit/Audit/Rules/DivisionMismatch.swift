extension FindingRules {
    /// DIVISION-MISMATCH: the active case's MiCase hub and the Niche owning unit map to different divisions.
    /// Anchored on the case; Niche is the system to change (MiCase is the system of record for cohort
    /// members), unless the nominal has moved and the case should transfer: the detail says both.
    public struct DivisionMismatch: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.micase, .niche] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let units = run.context.reference.unitDivisions
            guard let c = subject.activeCases.first, let hub = c.hub, let hubDivision = units.division(system: .micase, unitCode: hub) else { return [] }
            let mapped = subject.person.niche.compactMap { n in
                n.owningUnit.flatMap { u in units.division(system: .niche, unitCode: u).map { (n, u, $0) } }
            }
            guard let (n, unit, nicheDivision) = mapped.first, !mapped.contains(where: { $0.2 == hubDivision }) else { return [] }
            return [FindingDraft(subject: subject, anchor: c.identity.key, records: [c.identity.key, n.identity.key], system: .niche,
                                 owner: FindingOwner.police,
                                 detail: "MiCase case \(c.identity.recordID) is managed by \(hub) (\(hubDivision.name)) but Niche nominal "
                                     + "\(n.identity.recordID) is owned by \(unit) (\(nicheDivision.name)): move the Niche nominal to a "
                                     + "\(hubDivision.name) unit, or, if the nominal has moved, transfer the case to the \(nicheDivision.name) HUB on MiCase.",
                                 evidence: "MiCase hub \(hub) → \(hubDivision.code); Niche owning unit \(unit) → \(nicheDivision.code)")]
        }
    }
}
