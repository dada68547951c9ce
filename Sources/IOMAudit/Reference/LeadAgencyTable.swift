/// One cell of the lead-agency table (seed 004, "Strand Clarification").
public struct LeadAgencyRule: Hashable, Sendable {
    public let cohort: CohortType
    public let statutory: Bool
    public let ageGroup: AgeGroup
    public let strand: Strand
    public let leadAgency: LeadAgency

    public init(cohort: CohortType, statutory: Bool, ageGroup: AgeGroup, strand: Strand, leadAgency: LeadAgency) {
        self.cohort = cohort
        self.statutory = statutory
        self.ageGroup = ageGroup
        self.strand = strand
        self.leadAgency = leadAgency
    }
}

/// Expected lead agency by cohort, statutory, age group and strand (seed `lead_agency.csv`).
/// Custody is a rule, not a cell: anyone in custody is R&R with lead agency Prison.
public struct LeadAgencyTable: Sendable {
    public let rules: [LeadAgencyRule]
    private let index: [Key: LeadAgency]

    private struct Key: Hashable, Sendable {
        let cohort: CohortType
        let statutory: Bool
        let ageGroup: AgeGroup
        let strand: Strand
    }

    public static let custodyStrand: Strand = .rehabilitateAndResettle
    public static let custodyLeadAgency: LeadAgency = .prison

    /// Later duplicates are ignored; `ReferenceData.load` rejects them before they get here.
    public init(rules: [LeadAgencyRule]) {
        self.rules = rules
        var index: [Key: LeadAgency] = [:]
        for r in rules {
            let key = Key(cohort: r.cohort, statutory: r.statutory, ageGroup: r.ageGroup, strand: r.strand)
            if index[key] == nil { index[key] = r.leadAgency }
        }
        self.index = index
    }

    /// The table's lead agency, or nil when the table has no such cell.
    public func expected(cohort: CohortType, statutory: Bool, ageGroup: AgeGroup, strand: Strand) -> LeadAgency? {
        index[Key(cohort: cohort, statutory: statutory, ageGroup: ageGroup, strand: strand)]
    }
}
