extension FindingRules {
    /// PNC-MARKER-WORDING: a PP marker's text does not follow the agreed wording (case, dash type, spacing and
    /// contact details are tolerated; see `PPMarkerWording`). Not raised on a nominal whose marker is
    /// already MISSING, STALE or of the wrong TYPE: that finding replaces the marker anyway.
    public struct PNCMarkerWording: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.pnc] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let wording = run.context.reference.markerWording
            return subject.markers.compactMap { state in
                guard case .consistent = PPMarkerReview.verdict(state, of: subject, context: run.context) else { return nil }
                let odd = state.markers.filter { !$0.standardWording }
                guard let first = odd.first else { return nil }
                let id = state.nominal.identity
                let memberCohort = AgreedWording.markerCohorts(wording).intersection(subject.activeCohorts).sorted { $0.rawValue < $1.rawValue }.first
                let agreed = AgreedWording.text(cohort: first.cohort ?? memberCohort, active: first.active, wording)
                let what = first.active ? (first.cohort.map { "\($0.rawValue) PP marker" } ?? "PP marker (type unreadable)") : "inactive PP marker"
                return FindingDraft(subject: subject, anchor: id.key, system: .pnc, owner: FindingOwner.police,
                                    detail: "The \(what) on PNC nominal \(id.recordID) does not follow the agreed wording: "
                                        + "rewrite \"\(first.text)\" as \(agreed) on PNC.",
                                    evidence: "non-standard PP markers: " + CaseText.list(odd.map(AgreedWording.describe)))
            }
        }
    }
}
