extension FindingRules {
    /// JTRACK-MISSING: active member of a cohort JTrack tracks (reference `jtrack_cohorts.csv`), not tracked
    /// as active on JTrack for that cohort. Anchored on the MiCase case.
    public struct JTrackMissing: FindingRule {
        public init() {}
        public var requiredSystems: Set<SourceSystem> { [.jtrack, .micase] }

        public func findings(for subject: AuditSubject, in run: AuditRun) -> [FindingDraft] {
            let asOf = run.context.asOf
            let tracked = run.context.reference.jtrackCohorts
            let active = subject.person.jtrack.filter { $0.isActive(on: asOf) }
            var seen = Set<CohortType>()
            return subject.activeCases.compactMap { c in
                guard let cohort = c.cohort, tracked.isTracked(cohort), seen.insert(cohort).inserted,
                      !active.contains(where: { $0.cohort == nil || $0.cohort == cohort }) else { return nil }
                let other = subject.person.jtrack.map { j in
                    "\(j.identity.recordID) \(CaseText.cohort(j.cohort)) \(j.status?.rawValue.lowercased() ?? "status unknown")"
                        + (j.trackedTo.map { " to \($0.iso)" } ?? "")
                }
                return FindingDraft(subject: subject, anchor: c.identity.key, system: .jtrack, owner: FindingOwner.jtrack,
                                    detail: "\(CaseText.sentence(CaseText.member(c))) is not tracked as active on JTrack: "
                                        + "start \(cohort.rawValue) tracking on JTrack"
                                        + (subject.pncID.map { " for PNC ID \($0.canonical)." } ?? "."),
                                    evidence: CaseText.facts(c) + "; JTrack records: " + CaseText.list(other))
            }
        }
    }
}
