/// Plain-English pieces findings share. No names or dates of birth: those stay in the source systems.
enum CaseText {
    static func cohort(_ c: CohortType?) -> String { c?.rawValue ?? "unknown cohort" }

    static func statutory(_ s: Bool?) -> String { s.map { $0 ? "statutory" : "non-statutory" } ?? "statutory unknown" }

    static func ageGroup(_ a: AgeGroup?) -> String {
        switch a {
        case .adult?: return "adult"
        case .juvenile?: return "juvenile"
        case nil: return "age group unknown"
        }
    }

    static func strand(_ s: Strand?) -> String { s?.rawValue ?? "strand unknown" }

    static func lead(_ l: LeadAgency?) -> String { l?.displayName ?? "no lead agency" }

    /// "MiCase: IOM, non-statutory, adult, R&R, lead agency Police, hub LEEDS HUB, selected 2025-01-02"
    static func facts(_ c: MiCaseCase) -> String {
        var s = "MiCase \(c.identity.recordID): \(cohort(c.cohort)), \(statutory(c.statutory)), \(ageGroup(c.ageGroup)), "
            + "\(strand(c.strand)), lead agency \(lead(c.leadAgency))"
        if let h = c.hub { s += ", hub \(h)" }
        if let d = c.selectedOn { s += ", selected \(d.iso)" }
        if let d = c.deselectedOn { s += ", deselected \(d.iso)" }
        if let r = c.deselectionReason, c.deselectedOn != nil { s += " (\(r))" }
        return s
    }

    /// "active PPO member (MiCase case MC1)"
    static func member(_ c: MiCaseCase) -> String { "active \(cohort(c.cohort)) member (MiCase case \(c.identity.recordID))" }

    /// Why someone is not an active member of `cohort`, for stale markers, flags and tracking.
    static func notMember(_ s: AuditSubject, of cohort: CohortType?) -> String {
        let other = s.activeCases.filter { cohort == nil || $0.cohort != cohort }
        if !other.isEmpty {
            return "their active MiCase case" + (other.count > 1 ? "s are " : " is ")
                + other.map { "\($0.identity.recordID) (\(Self.cohort($0.cohort)))" }.joined(separator: ", ")
        }
        if let c = cohort.flatMap({ s.latestCase($0) }) ?? s.leadingCase {
            if let d = c.deselectedOn { return "MiCase case \(c.identity.recordID) (\(Self.cohort(c.cohort))) was deselected on \(d.iso)" }
            return "MiCase case \(c.identity.recordID) (\(Self.cohort(c.cohort))) is not active"
        }
        return "they have no MiCase case"
    }

    /// "a PPO", "an IOM".
    static func article(_ word: String) -> String {
        (["A", "E", "I", "O", "U"].contains(word.prefix(1).uppercased()) ? "an " : "a ") + word
    }

    /// "active PPO member" → "Active PPO member".
    static func sentence(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    static func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: "; ") }
}
