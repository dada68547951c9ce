extension FindingRules {
    /// PNC-MARKER-MISSING: active PPO/IOM member with no PP marker in force on PNC. DYO and DIP need none.
    public struct PNCMarkerMissing: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.pnc, .micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let wording = run.context.reference.markerWording
            return subject.markers.compactMap { state in
                guard case .missing(let c) = PPMarkerReview.verdict(state, of: subject, context: run.context) else { return nil }
                let id = state.nominal.identity
                let pp = state.markers.map(AgreedWording.describe)
                return FindingDraft(subject: subject, anchor: id.key, system: .pnc, owner: FindingOwner.police,
                                    detail: "\(CaseText.sentence(CaseText.member(c))) has no active PP marker on PNC nominal \(id.recordID): "
                                        + "add \(AgreedWording.text(cohort: c.cohort, active: true, wording)) on PNC.",
                                    evidence: CaseText.facts(c) + "; PNC PP markers: " + CaseText.list(pp))
            }
        }
    }
}
