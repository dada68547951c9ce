/// The lead-agency table applied to a MiCase case.
enum LeadAgencyCheck {
    /// The table's lead agency for the case (with `ageGroup` in place of the recorded one when given);
    /// nil when a field is missing or the table has no such cell.
    static func expected(_ c: MiCaseCase, ageGroup: AgeGroup? = nil, strand: Strand? = nil, _ table: LeadAgencyTable) -> LeadAgency? {
        guard let cohort = c.cohort, let statutory = c.statutory, let age = ageGroup ?? c.ageGroup, let s = strand ?? c.strand else { return nil }
        return table.expected(cohort: cohort, statutory: statutory, ageGroup: age, strand: s)
    }

    /// "IOM, non-statutory, adult, R&R"
    static func cell(_ c: MiCaseCase, ageGroup: AgeGroup? = nil) -> String {
        "\(CaseText.cohort(c.cohort)), \(CaseText.statutory(c.statutory)), \(CaseText.ageGroup(ageGroup ?? c.ageGroup)), \(CaseText.strand(c.strand))"
    }

    /// "released 2026-08-01 from HMP Leeds (A1234BC)"
    static func movement(_ m: PrisonMovement) -> String {
        var s = m.prisonNumber?.canonical ?? m.identity.recordID
        if let e = m.establishment { s += ", \(e)" }
        if let r = m.receivedOn { s += ", received \(r.iso)" }
        if let r = m.releasedOn { s += ", released \(r.iso)" }
        if let t = m.releaseType { s += " (\(t.rawValue.lowercased()))" }
        return s
    }
}
