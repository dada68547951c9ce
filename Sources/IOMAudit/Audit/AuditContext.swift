/// Everything a rule may read besides the linked persons: the as-of date, the pipeline's settings,
/// the reference tables and which extracts loaded.
public struct AuditContext: Sendable {
    /// The reference date the audit is about (normally the extracts' date).
    public let asOf: CalendarDate
    public let settings: PipelineSettings
    public let reference: ReferenceData
    /// Systems whose extract loaded in this run. A rule that needs a system outside this set raises
    /// nothing, so a missing extract never reads as "corrected".
    public let evaluatedSystems: Set<SourceSystem>

    public init(asOf: CalendarDate, settings: PipelineSettings, reference: ReferenceData,
                evaluatedSystems: Set<SourceSystem> = Set(SourceSystem.allCases)) {
        self.asOf = asOf
        self.settings = settings
        self.reference = reference
        self.evaluatedSystems = evaluatedSystems
    }

    public func evaluated(_ systems: Set<SourceSystem>) -> Bool { systems.isSubset(of: evaluatedSystems) }

    /// Earliest deselection date that still counts as "deselected within the last N months":
    /// the as-of date moved back `deselectedWithinMonths` calendar months (day clamped to the month's end).
    public var deselectionCutoff: CalendarDate {
        let months = asOf.year * 12 + (asOf.month - 1) - settings.deselectedWithinMonths
        let y = months / 12, m = months % 12 + 1
        let d = min(asOf.day, CalendarDate.daysIn(month: m, year: y))
        return CalendarDate(year: y, month: m, day: d) ?? asOf
    }
}
