import Foundation
import Testing
@testable import IOMAudit

/// The out-of-scope counts are what the identity rules would have listed for those people: the
/// summary counts them in one pass over the records, the rules build lists; both must agree.
@Suite struct DataQualitySummaryTests {
    /// The rules' own lists, counted the way the summary did before it counted in one pass.
    func byTheRules(_ p: Person) -> DataQualitySummary {
        var s = DataQualitySummary()
        s.outOfScopePersons = 1
        if p.pnc.isEmpty { s.add(.noPNCNominal) }
        for id in FindingRules.IDMissingPNC.records(in: p) { s.add(.missingPNCID, system: id.system) }
        for id in FindingRules.IDPNCInvalid.records(in: p) { s.add(.invalidPNCID, system: id.system) }
        for id in FindingRules.IDCROInvalid.records(in: p) { s.add(.invalidCRO, system: id.system) }
        for pair in FindingRules.IDDuplicate.pairs(in: p) { s.add(.duplicateRecord, system: pair.extra.system) }
        return s
    }

    @Test func countsEqualTheRulesListsPersonByPerson() {
        let people = [
            auditPerson(niche: [AuditRec.niche("N1")]),
            auditPerson(pnc: [AuditRec.pnc("90/1234567N")], niche: [AuditRec.niche("N1"), AuditRec.niche("N2", pnc: "90/1234567N")],
                        micase: [AuditRec.micase("C1")], jtrack: [AuditRec.jtrack("J1")], tests: [AuditRec.test("T1")], prison: [AuditRec.prison("A1234BC")]),
            auditPerson(pnc: [AuditRec.pnc("90/1234567N", cro: "123456/90Z"), AuditRec.pnc("91/7654321X")],
                        niche: [AuditRec.niche("N3", pnc: "90/1234567A", cro: "99/1X")]),
            auditPerson(niche: [AuditRec.niche("N4", pnc: "12/3", cro: "1/2"), AuditRec.niche("N5"), AuditRec.niche("N6")]),
            auditPerson(),
        ]
        var total = DataQualitySummary(), expected = DataQualitySummary()
        for p in people {
            var one = DataQualitySummary()
            one.count(outOfScope: p)
            #expect(one == byTheRules(p), "\(p.identities.map(\.key))")
            total.count(outOfScope: p)
            let e = byTheRules(p)
            for row in e.rows { expected.add(row.item.condition, system: row.item.system, count: row.count) }
            expected.outOfScopePersons += 1
        }
        #expect(total == expected)
        // The people above raise every condition the summary counts for them, so the test covers each.
        for c in [DataQualitySummary.Condition.noPNCNominal, .missingPNCID, .invalidPNCID, .invalidCRO, .duplicateRecord] {
            #expect(total.count(c) > 0, "\(c)")
        }
    }
}
