/// The agreed PP marker texts (seed `pp_marker_wording.csv`), for telling Police what to write.
enum AgreedWording {
    /// Cohorts that carry a PP marker: those of the active agreed wordings (PPO and IOM).
    static func markerCohorts(_ w: PPMarkerWording) -> Set<CohortType> {
        Set(w.rules.filter(\.active).compactMap(\.cohort))
    }

    /// `Prolific Offender - IOM Contact …` for an active cohort; the inactive wordings otherwise.
    static func text(cohort: CohortType?, active: Bool, _ w: PPMarkerWording) -> String {
        let rules = w.rules.filter { $0.active == active && (!active || $0.cohort == cohort) }
        if rules.isEmpty { return "the agreed wording" }
        return rules.map { quote($0.standardText) }.joined(separator: " or ")
    }

    static func quote(_ standard: String) -> String {
        "\"" + standard + (standard.hasSuffix("Contact") ? " …" : "") + "\""
    }

    /// "Prolific Offender - IOM Contact Leeds (2025-01-02)"
    static func describe(_ m: PPMarker) -> String { "\"\(m.text)\"" + (m.date.map { " (\($0.iso))" } ?? "") }
}
