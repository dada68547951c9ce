extension FindingRules {
    /// ID-UNMATCHED: an active cohort member cannot be found on PNC (no PNC nominal in their person).
    public struct IDUnmatched: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.micase, .pnc] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            guard subject.person.pnc.isEmpty else { return [] }
            return subject.activeCases.map { c in
                let carried = c.identity.pncID.map { "carries PNC ID \($0.canonical), but no PNC nominal has it" }
                    ?? (c.identity.invalidPNCID.map { "carries an invalid PNC ID \"\($0)\"" } ?? "has no PNC ID")
                return FindingDraft(subject: subject, anchor: c.identity.key, system: .micase, owner: FindingOwner.of(.micase, micase: c),
                                    detail: "\(CaseText.sentence(CaseText.member(c))) cannot be found on PNC: find the nominal on PNC "
                                        + "and record their PNC ID on MiCase, or confirm they have no PNC record.",
                                    evidence: "MiCase case \(c.identity.recordID) \(carried); no PNC nominal matched by PNC ID, CRO, "
                                        + "name or date of birth; records linked: \(subject.person.systems.map(\.displayName).joined(separator: ", "))")
            }
        }
    }
}
