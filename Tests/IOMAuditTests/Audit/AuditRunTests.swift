import Foundation
import Testing
@testable import IOMAudit

/// The audit works out a whole subject only for people who could be in scope; for the rest it works
/// out their division and out-of-scope counts alone. Both ways must agree on everything they share.
@Suite struct AuditRunTests {
    let context = AuditFixture.context()

    var people: [Person] {
        [
            auditPerson(niche: [AuditRec.niche("N1", unit: "KD-NPT-DEWSBURY")]),
            auditPerson(niche: [AuditRec.niche("N2", unit: "XX-UNKNOWN"), AuditRec.niche("N1", unit: "LD-NPT-CITY")]),
            auditPerson(pnc: [AuditRec.pnc("90/1234567N", owner: "13BD")], niche: [AuditRec.niche("N3", pnc: "90/1234567N", unit: "")]),
            auditPerson(pnc: [AuditRec.pnc("90/1234567N", owner: "13CD"), AuditRec.pnc("91/7654321X", owner: "13WD")],
                        prison: [AuditRec.prison("A1234BC", released: "2026-01-10", area: "Wakefield")]),
            auditPerson(prison: [AuditRec.prison("B1234BC", area: "Leeds"), AuditRec.prison("C1234BC", received: "2025-01-01", released: "2025-06-01", area: "Bradford")]),
            auditPerson(),
            // Each of these holds something the scope looks at.
            auditPerson(niche: [AuditRec.niche("N4", flags: "IOM")]),
            auditPerson(pnc: [AuditRec.pnc("90/1234567N", markers: [("PPO - Prolific and Priority Offender", "2025-01-01")])]),
            auditPerson(micase: [AuditRec.micase("C1")]),
            auditPerson(micase: [AuditRec.micase("C2", deselected: "01/03/2020")]),
            auditPerson(jtrack: [AuditRec.jtrack("J1", status: "Closed")]),
            auditPerson(tests: [AuditRec.test("T1")]),
        ]
    }

    @Test func theShortWayAgreesWithTheWholeSubject() {
        var short = 0
        for p in people {
            let subject = AuditSubject(person: p, context: context)
            guard AuditRun.cannotBeInScope(p) else { continue }
            short += 1
            #expect(!subject.inScope, "\(p.identities.map(\.key))")
            let sorted = p.sortingRecords(by: RecordOrder.less)
            #expect(DivisionAttribution.attribute(sorted, leadingCase: nil, units: context.reference.unitDivisions) == subject.attribution,
                    "\(p.identities.map(\.key))")
            var a = DataQualitySummary(), b = DataQualitySummary()
            a.count(outOfScope: sorted)
            b.count(outOfScope: subject.person)
            #expect(a == b)
        }
        #expect(short == 6, "the first six people hold nothing the scope looks at")
    }

    @Test func theRunsDivisionsAndCountsAreThoseOfTheWholeSubjects() {
        let run = AuditRun(context: context, result: LinkResult(persons: people, links: [RecordLink](), questions: []))
        var summary = DataQualitySummary()
        var codes: [String] = []
        for p in people {
            let s = AuditSubject(person: p, context: context)
            codes.append(s.division.code)
            if !s.inScope { summary.count(outOfScope: s.person) }
        }
        #expect(run.divisionCodes == codes)
        #expect(run.outOfScope == summary)
    }
}
