extension FindingRules {
    /// PNC-MARKER-TYPE: the PP marker says PPO where MiCase says IOM, or the reverse.
    public struct PNCMarkerType: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.pnc, .micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let wording = run.context.reference.markerWording
            return subject.markers.compactMap { state in
                guard case .wrongType(let markers, let c) = PPMarkerReview.verdict(state, of: subject, context: run.context) else { return nil }
                let id = state.nominal.identity
                let said = Set(markers.compactMap(\.cohort)).map(\.rawValue).sorted().joined(separator: " and ")
                return FindingDraft(subject: subject, anchor: id.key, system: .pnc, owner: FindingOwner.police,
                                    detail: "PNC nominal \(id.recordID) carries \(CaseText.article(said)) PP marker but MiCase case \(c.identity.recordID) is "
                                        + "\(CaseText.cohort(c.cohort)): replace it with \(AgreedWording.text(cohort: c.cohort, active: true, wording)) on PNC.",
                                    evidence: "PNC PP markers in force: " + CaseText.list(markers.map(AgreedWording.describe)) + "; " + CaseText.facts(c))
            }
        }
    }
}
