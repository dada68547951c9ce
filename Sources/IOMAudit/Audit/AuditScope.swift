/// Why a person is one the audit lists findings for (domain brief, "Scope").
public struct ScopeReasons: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A MiCase case active on the as-of date.
    public static let activeMember = ScopeReasons(rawValue: 1)
    /// A MiCase case deselected within `deselectedWithinMonths` months before the as-of date.
    public static let recentlyDeselected = ScopeReasons(rawValue: 2)
    /// An active PP marker in force on PNC.
    public static let activePPMarker = ScopeReasons(rawValue: 4)
    /// A cohort flag on a Niche nominal.
    public static let nicheCohortFlag = ScopeReasons(rawValue: 8)
    /// A JTrack record tracking them as active.
    public static let activeJTrack = ScopeReasons(rawValue: 16)
    /// Subject of a Cozart drug test: in scope for TEST-UNLINKED only.
    public static let drugTestSubject = ScopeReasons(rawValue: 32)

    /// Reasons that put a person in scope for every rule.
    public static let full: ScopeReasons = [.activeMember, .recentlyDeselected, .activePPMarker, .nicheCohortFlag, .activeJTrack]

    /// In scope for every rule (drug-test subjects alone are in scope for TEST-UNLINKED only).
    public var isInScope: Bool { !intersection(.full).isEmpty }

    /// Short names for logs and reports, e.g. "active member, active PP marker".
    public var names: [String] {
        let all: [(ScopeReasons, String)] = [
            (.activeMember, "active member"), (.recentlyDeselected, "recently deselected"), (.activePPMarker, "active PP marker"),
            (.nicheCohortFlag, "Niche cohort flag"), (.activeJTrack, "active JTrack"), (.drugTestSubject, "drug-test subject"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }
}

/// Decides who the audit is about. Everyone else is linked and counted in `DataQualitySummary`, never listed.
public enum AuditScope {
    public static func reasons(person: Person, activeCases: [MiCaseCase], recentlyDeselectedCases: [MiCaseCase],
                               markers: [PPMarkerState], context: AuditContext) -> ScopeReasons {
        var r: ScopeReasons = []
        if !activeCases.isEmpty { r.insert(.activeMember) }
        if !recentlyDeselectedCases.isEmpty { r.insert(.recentlyDeselected) }
        if markers.contains(where: { !$0.inForce.isEmpty }) { r.insert(.activePPMarker) }
        if person.niche.contains(where: { !$0.cohortFlags.isEmpty }) { r.insert(.nicheCohortFlag) }
        if person.jtrack.contains(where: { $0.isActive(on: context.asOf) }) { r.insert(.activeJTrack) }
        if !person.tests.isEmpty { r.insert(.drugTestSubject) }
        return r
    }

    /// Deselected on or after the cutoff and on or before the as-of date.
    public static func isRecentlyDeselected(_ c: MiCaseCase, context: AuditContext) -> Bool {
        guard let d = c.deselectedOn, !c.isActive(on: context.asOf) else { return false }
        return d >= context.deselectionCutoff && d <= context.asOf
    }
}
