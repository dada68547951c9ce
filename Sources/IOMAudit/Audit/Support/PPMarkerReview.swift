/// What the PP markers of one PNC nominal say against MiCase. The four PNC-MARKER rules read this one
/// verdict, so a nominal gets at most one of MISSING, STALE and TYPE, and WORDING only when none applies.
enum PPMarkerVerdict {
    case consistent
    /// Active member of a marker cohort, and no marker in force on any of their PNC nominals.
    case missing(MiCaseCase)
    /// Markers in force for cohorts they are not an active member of.
    case stale([PPMarker])
    /// Markers in force name only cohorts other than the member's.
    case wrongType([PPMarker], MiCaseCase)
}

enum PPMarkerReview {
    /// Verdict for `state`, one of `subject.markers`. Without MiCase the audit cannot judge membership:
    /// `.consistent`.
    static func verdict(_ state: PPMarkerState, of subject: AuditSubject, context: AuditContext) -> PPMarkerVerdict {
        guard context.evaluated([.micase]) else { return .consistent }
        let markerCohorts = AgreedWording.markerCohorts(context.reference.markerWording)
        let expected = subject.activeCohorts.intersection(markerCohorts)
        let inForce = state.inForce

        if inForce.isEmpty {
            // MISSING is reported once, on the first PNC nominal, when no nominal has a marker in force.
            guard !expected.isEmpty, subject.markers.allSatisfy({ $0.inForce.isEmpty }),
                  state.nominal.identity == subject.markers.first?.nominal.identity,
                  let c = subject.activeCases.first(where: { $0.cohort.map(expected.contains) ?? false }) else { return .consistent }
            return .missing(c)
        }
        if expected.isEmpty { return .stale(inForce) }
        let known = Set(inForce.compactMap(\.cohort))
        if known.isEmpty { return .consistent } // type unreadable: PNC-MARKER-WORDING says so
        if known.isDisjoint(with: expected) {
            let c = subject.activeCases.first { $0.cohort.map(expected.contains) ?? false }!
            return .wrongType(inForce.filter { $0.cohort != nil }, c)
        }
        let extra = inForce.filter { $0.cohort.map { !expected.contains($0) } ?? false }
        return extra.isEmpty ? .consistent : .stale(extra)
    }
}
