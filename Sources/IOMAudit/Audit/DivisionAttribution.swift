/// Which division a person's findings go to, and from which system's unit code.
/// Order (domain brief): MiCase hub for cohort members (their active, else most recent, case), else
/// Niche owning unit, PNC owner unit, prison release area, JTrack area, Cozart test site; `UNKNOWN` when
/// no code maps. Unit codes map through `reference.unitDivisions`, never through code.
public struct DivisionAttribution: Hashable, Sendable {
    public let division: Division
    /// The system whose unit code decided; nil when `UNKNOWN`.
    public let system: SourceSystem?
    public let unitCode: String?

    public static let unknown = DivisionAttribution(division: .unknown, system: nil, unitCode: nil)

    /// `person`'s records are expected in `RecordOrder`; `leadingCase` is their active or most recent case.
    public static func attribute(_ person: Person, leadingCase: MiCaseCase?, units: UnitDivisionMap) -> DivisionAttribution {
        var candidates: [(SourceSystem, String?)] = []
        candidates.append((.micase, leadingCase?.hub))
        candidates += person.niche.map { (.niche, $0.owningUnit) }
        candidates += person.pnc.map { (.pnc, $0.ownerUnit) }
        let movements = person.prison.sorted { a, b in
            let x = a.receivedOn ?? earliest, y = b.receivedOn ?? earliest
            return x != y ? x > y : RecordOrder.less(a.identity, b.identity)
        }
        candidates += movements.map { (.prison, $0.releaseArea) }
        let tracking = person.jtrack.sorted { a, b in
            let aa = a.status == .active, ba = b.status == .active
            if aa != ba { return aa }
            let x = a.trackedFrom ?? earliest, y = b.trackedFrom ?? earliest
            return x != y ? x > y : RecordOrder.less(a.identity, b.identity)
        }
        candidates += tracking.map { (.jtrack, $0.area) }
        let tests = person.tests.sorted { a, b in
            let x = a.testedAt?.date ?? earliest, y = b.testedAt?.date ?? earliest
            return x != y ? x > y : RecordOrder.less(a.identity, b.identity)
        }
        candidates += tests.map { (.cozart, $0.testSite) }
        for (system, code) in candidates {
            guard let code, let d = units.division(system: system, unitCode: code) else { continue }
            return DivisionAttribution(division: d, system: system, unitCode: code)
        }
        return .unknown
    }

    /// A single Cozart test's site (TEST-UNLINKED: the division where the test was taken).
    public static func attribute(test: DrugTest, units: UnitDivisionMap) -> DivisionAttribution {
        guard let code = test.testSite, let d = units.division(system: .cozart, unitCode: code) else { return .unknown }
        return DivisionAttribution(division: d, system: .cozart, unitCode: code)
    }
}

private let earliest = CalendarDate(year: 1800, month: 1, day: 1)!
