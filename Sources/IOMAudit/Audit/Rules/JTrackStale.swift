extension FindingRules {
    /// JTRACK-STALE: tracked as active on JTrack, but not an active member of that cohort. Anchored on the
    /// JTrack record.
    public struct JTrackStale: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.jtrack, .micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let asOf = run.context.asOf
            let cohorts = subject.activeCohorts
            return subject.person.jtrack.compactMap { j in
                guard j.isActive(on: asOf), let cohort = j.cohort, !cohorts.contains(cohort) else { return nil }
                let cases = subject.activeCases.isEmpty ? subject.casesByRecency.prefix(1) : subject.activeCases[...]
                return FindingDraft(subject: subject, anchor: j.identity.key, system: .jtrack, owner: FindingOwner.jtrack,
                                    detail: "JTrack record \(j.identity.recordID) tracks the nominal as an active \(cohort.rawValue) but they are "
                                        + "not an active \(cohort.rawValue) member (\(CaseText.notMember(subject, of: cohort))): end the tracking on JTrack.",
                                    evidence: "JTrack \(j.identity.recordID): \(cohort.rawValue), active"
                                        + (j.trackedFrom.map { ", tracked from \($0.iso)" } ?? "") + (j.area.map { ", area \($0)" } ?? "")
                                        + "; " + CaseText.list(cases.map(CaseText.facts)))
            }
        }
    }
}
