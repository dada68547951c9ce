extension FindingRules {
    /// PNC-MARKER-STALE: a PP marker in force on PNC for someone who is not an active member of its cohort
    /// (deselected, never selected, or in a cohort that carries no PP marker).
    public struct PNCMarkerStale: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.pnc, .micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let wording = run.context.reference.markerWording
            return subject.markers.compactMap { state in
                guard case .stale(let markers) = PPMarkerReview.verdict(state, of: subject, context: run.context) else { return nil }
                let id = state.nominal.identity
                let cohorts = Set(markers.compactMap(\.cohort))
                let cohort = cohorts.count == 1 ? cohorts.first : nil
                let kind = cohort.map { "an active \($0.rawValue) PP marker" } ?? "an active PP marker"
                let cases = subject.activeCases.isEmpty ? subject.casesByRecency.prefix(1) : subject.activeCases[...]
                return FindingDraft(subject: subject, anchor: id.key, system: .pnc, owner: FindingOwner.police,
                                    detail: "PNC nominal \(id.recordID) carries \(kind) but is not an active member of that cohort "
                                        + "(\(CaseText.notMember(subject, of: cohort))): "
                                        + "change it to \(AgreedWording.text(cohort: nil, active: false, wording)) on PNC.",
                                    evidence: "PNC PP markers in force: " + CaseText.list(markers.map(AgreedWording.describe))
                                        + "; " + CaseText.list(cases.map(CaseText.facts)))
            }
        }
    }
}
