/// One PP ("Prolific Offender") marker on a PNC nominal, as the agreed wording reads it.
public struct PPMarker: Hashable, Sendable {
    public let text: String
    public let date: CalendarDate?
    /// PPO or IOM; nil for REMOVED / DEREGISTERED and for markers whose type cannot be read.
    public let cohort: CohortType?
    /// The wording says the marker is active (not REMOVED / DEREGISTERED).
    public let active: Bool
    public let standardWording: Bool
    /// Active, and not replaced by a later-dated REMOVED / DEREGISTERED marker on the same nominal.
    public let inForce: Bool
}

/// The PP markers of one PNC nominal.
public struct PPMarkerState: Sendable {
    public let nominal: PNCNominal
    /// PP markers only, in the order PNC lists them; other information markers are left out.
    public let markers: [PPMarker]

    public init(_ nominal: PNCNominal, wording: PPMarkerWording) {
        self.nominal = nominal
        var read: [(InformationMarker, CohortType?, Bool, Bool)] = []
        for m in nominal.markers {
            if case .marker(let cohort, let active, let standard) = wording.read(m.text) { read.append((m, cohort, active, standard)) }
        }
        markers = read.map { m, cohort, active, standard in
            let superseded = active && read.contains { other in
                guard !other.2, let d = other.0.date, let own = m.date else { return false }
                return d >= own
            }
            return PPMarker(text: m.text, date: m.date, cohort: cohort, active: active, standardWording: standard,
                            inForce: active && !superseded)
        }
    }

    public var inForce: [PPMarker] { markers.filter(\.inForce) }
    /// Cohorts named by markers in force (markers of unknown type left out).
    public var inForceCohorts: Set<CohortType> { Set(inForce.compactMap(\.cohort)) }
}
