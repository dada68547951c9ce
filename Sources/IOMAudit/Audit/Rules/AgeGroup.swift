extension FindingRules {
    /// AGE-GROUP: the adult/juvenile flag of an active case disagrees with the date of birth on the as-of date
    /// (under 18 is juvenile). The case's own date of birth is used, else the PNC nominal's.
    public struct AgeGroup: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let asOf = run.context.asOf
            return subject.activeCases.compactMap { c in
                guard let recorded = c.ageGroup,
                      let dob = c.identity.dateOfBirth ?? subject.person.pnc.first?.identity.dateOfBirth else { return nil }
                let age = dob.age(on: asOf)
                let actual: IOMAudit.AgeGroup = age < 18 ? .juvenile : .adult
                guard actual != recorded else { return nil }
                let expected = c.leadAgency == .prison ? nil : LeadAgencyCheck.expected(c, ageGroup: actual, run.context.reference.leadAgency)
                var fix = "change Adult/Juvenile to \(actual == .adult ? "Adult" : "Juvenile") on MiCase"
                if let e = expected, e != c.leadAgency { fix += " and the lead agency to \(e.displayName)" }
                let source = c.identity.dateOfBirth != nil ? "MiCase" : "PNC"
                return FindingDraft(subject: subject, anchor: c.identity.key, system: .micase,
                                    owner: FindingOwner.micase(recorded: c.leadAgency, expected: expected),
                                    detail: "MiCase case \(c.identity.recordID) says \(CaseText.ageGroup(recorded)) but the nominal is "
                                        + (actual == .adult ? "18 or over" : "under 18") + " on \(asOf.iso): \(fix).",
                                    evidence: "age \(age) on \(asOf.iso) from the \(source) date of birth; " + CaseText.facts(c))
            }
        }
    }
}
