/// One person as the rules see them: their records (each system's in `RecordOrder`) and the facts several
/// rules share, worked out once.
public struct AuditSubject: Sendable {
    public let person: Person
    public let scope: ScopeReasons
    public let attribution: DivisionAttribution
    /// Cases active on the as-of date, most recently selected first.
    public let activeCases: [MiCaseCase]
    /// Cases deselected within the scope window, most recently deselected first.
    public let recentlyDeselectedCases: [MiCaseCase]
    /// The case that places them: the latest active case, else the most recent one.
    public let leadingCase: MiCaseCase?
    /// The movement that has them in prison custody on the as-of date, if any.
    public let custody: PrisonMovement?
    /// Their latest release on or before the as-of date, when not in custody.
    public let lastRelease: PrisonMovement?
    /// PP markers per PNC nominal.
    public let markers: [PPMarkerState]
    /// Every case, most recent (deselection, else selection, date) first.
    public let casesByRecency: [MiCaseCase]

    public init(person raw: Person, context: AuditContext) {
        let p = raw.sortingRecords(by: RecordOrder.less)
        person = p
        let asOf = context.asOf
        let early = CalendarDate(year: 1800, month: 1, day: 1)!

        activeCases = p.micase.filter { $0.isActive(on: asOf) }.sorted { a, b in
            let x = a.selectedOn ?? early, y = b.selectedOn ?? early
            return x != y ? x > y : RecordOrder.less(a.identity, b.identity)
        }
        func latest(_ c: MiCaseCase) -> CalendarDate { c.deselectedOn ?? c.selectedOn ?? early }
        casesByRecency = p.micase.sorted { a, b in
            latest(a) != latest(b) ? latest(a) > latest(b) : RecordOrder.less(a.identity, b.identity)
        }
        recentlyDeselectedCases = casesByRecency.filter { AuditScope.isRecentlyDeselected($0, context: context) }
        leadingCase = activeCases.first ?? casesByRecency.first

        custody = p.prison.first { $0.inCustody(on: asOf) }
        if custody == nil {
            lastRelease = p.prison.filter { m in m.releasedOn.map { $0 <= asOf } ?? false }
                .max { a, b in a.releasedOn! != b.releasedOn! ? a.releasedOn! < b.releasedOn! : RecordOrder.less(b.identity, a.identity) }
        } else {
            lastRelease = nil
        }

        markers = p.pnc.map { PPMarkerState($0, wording: context.reference.markerWording) }
        scope = AuditScope.reasons(person: p, activeCases: activeCases, recentlyDeselectedCases: recentlyDeselectedCases,
                                   markers: markers, context: context)
        attribution = DivisionAttribution.attribute(p, leadingCase: leadingCase, units: context.reference.unitDivisions)
    }

    public var division: Division { attribution.division }
    public var inScope: Bool { scope.isInScope }
    public var masterID: String { person.masterID }
    public var pncID: PNCIdentifier? { person.pncID }

    /// Cohorts of the active cases.
    public var activeCohorts: Set<CohortType> { Set(activeCases.compactMap(\.cohort)) }

    /// Their most recent case of `cohort`, active or not.
    public func latestCase(_ cohort: CohortType) -> MiCaseCase? {
        activeCases.first { $0.cohort == cohort } ?? casesByRecency.first { $0.cohort == cohort }
    }
}
