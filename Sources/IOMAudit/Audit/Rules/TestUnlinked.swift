extension FindingRules {
    /// TEST-UNLINKED: a Cozart drug test whose subject cannot be linked to any nominal (their person holds no
    /// PNC, Niche, MiCase or JTrack record) and that the linker does not ask about either: a test with a
    /// probable match is an ID-REVIEW question, not a person to look for. A test the linker found probably
    /// one of many people says so and how many. Every drug-test subject is in scope for this rule.
    /// Attributed to the test site's division.
    public struct TestUnlinked: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.cozart, .pnc, .niche] }

        public func findings(in run: AuditRun) -> [FindingDraft] {
            let units = run.context.reference.unitDivisions
            return (run.inScope + run.drugTestSubjects).flatMap { s -> [FindingDraft] in
                let p = s.person
                guard !p.tests.isEmpty, p.pnc.isEmpty, p.niche.isEmpty, p.micase.isEmpty, p.jtrack.isEmpty else { return [] }
                // The linker may have found the subject probably one of many people (a common name without a
                // date of birth): no one to look for by name alone, but not "nobody" either.
                let many = p.tests.compactMap { run.matchingTooMany[$0.identity.key] }.max()
                return p.tests.filter { !run.testsInQuestion.contains($0.identity.key) }.map { t in
                    let site = t.testSite ?? "unknown site"
                    let when = t.testedAt.map { " on \($0.date.iso)" } ?? ""
                    let carried = t.identity.pncID.map { "carries PNC ID \($0.canonical), which no PNC nominal has" }
                        ?? (t.identity.invalidPNCID.map { "carries an invalid PNC ID \"\($0)\"" } ?? "has no PNC ID")
                    let detail = many.map { n in
                        "Cozart test \(t.identity.recordID) (\(site)\(when)) matches \(n) nominals on PNC or Niche about equally well, too many "
                            + "to ask about: check the subject's identity from the custody record and add their PNC ID and date of birth on Cozart."
                    } ?? ("Cozart test \(t.identity.recordID) (\(site)\(when)) cannot be linked to any nominal on PNC or "
                        + "Niche: check the subject's identity from the custody record and add their PNC ID on Cozart.")
                    let matched = many.map { "probably one of \($0) people on PNC or Niche by name, none likely enough to link or ask about" }
                        ?? "no PNC or Niche nominal matched by name and date of birth"
                    var d = FindingDraft(subject: s, anchor: t.identity.key, system: .cozart, owner: FindingOwner.custody,
                                         detail: detail,
                                         evidence: "test \(carried); \(matched)"
                                             + (p.prison.isEmpty ? "" : "; prison records: \(p.prison.count)"))
                    d.division = DivisionAttribution.attribute(test: t, units: units).division
                    return d
                }
            }
        }
    }
}
