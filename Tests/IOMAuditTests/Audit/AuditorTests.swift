import Foundation
import Testing
@testable import IOMAudit

@Suite struct AuditorTests {
    @Test func catalogueRegistersEveryCodeOnce() {
        let codes = RuleCatalogue.codes
        #expect(codes.count == 22)
        #expect(Set(codes).count == 22)
        #expect(Set(codes) == ["ID-PNC-INVALID", "ID-CRO-INVALID", "ID-CONFLICT", "ID-DUPLICATE", "ID-MISSING-PNC", "ID-UNMATCHED",
                               "ID-REVIEW", "PNC-MARKER-MISSING", "PNC-MARKER-STALE", "PNC-MARKER-TYPE", "PNC-MARKER-WORDING",
                               "NICHE-FLAG-MISSING", "NICHE-FLAG-STALE", "NICHE-FLAG-TYPE", "JTRACK-MISSING", "JTRACK-STALE",
                               "LEAD-AGENCY", "CUSTODY-STRAND", "RELEASED-STILL-PRISON", "AGE-GROUP", "DIVISION-MISMATCH", "TEST-UNLINKED"])
        #expect(RuleCatalogue.helpText.split(separator: "\n").count == 22)
    }

    @Test func eachRuleLivesInAFileNamedAfterItsCode() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Repo.path("Sources/IOMAudit/Audit/Rules"))
        for code in RuleCatalogue.codes {
            let name = code.split(separator: "-").map { part -> String in
                let p = String(part)
                return ["ID", "PNC", "CRO"].contains(p) ? p : p.prefix(1) + p.dropFirst().lowercased()
            }.joined().replacingOccurrences(of: "Jtrack", with: "JTrack")
            #expect(files.contains(name + ".swift"), "\(code) → \(name).swift")
        }
    }

    func mixedRun() -> [Person] {
        var a = AuditMember(); a.nicheFlags = ""                                        // LD, NICHE-FLAG-MISSING
        var b = AuditMember.ppo; b.pncID = "08/0015521R"; b.caseID = "MC2"; b.nicheID = "N2"
        b.jtrack = [AuditRec.jtrack("JT2", pnc: b.pncID, cohort: "PPO")]
        b.markers = []; b.hub = "Bradford HUB"; b.nicheUnit = "BD"                      // BD, PNC-MARKER-MISSING
        var c = AuditMember(); c.pncID = "12/0009481M"; c.caseID = "MC3"; c.nicheID = "N3"; c.strand = "R&R"
        c.hub = "Nowhere HUB"; c.nicheUnit = "XX"; c.owner = "99ZZ"                     // UNKNOWN, LEAD-AGENCY
        return [c.person, b.person, a.person]
    }

    @Test func findingsSortedByDivisionCodeAnchorWithUnknownLast() {
        let out = AuditFixture.audit(mixedRun())
        #expect(out.findings.map(\.division) == ["BD", "LD", "UNKNOWN"])
        #expect(out.codes == ["PNC-MARKER-MISSING", "NICHE-FLAG-MISSING", "LEAD-AGENCY"])
        #expect(out.inScopePersons == 3)
    }

    @Test func sameInputSameIDsAndOrder() {
        let one = AuditFixture.audit(mixedRun()), two = AuditFixture.audit(mixedRun().reversed())
        #expect(one.findings.map(\.findingID) == two.findings.map(\.findingID))
        #expect(one.findings == two.findings)
    }

    @Test func differentAnchorsDifferentIDs() {
        var a = AuditMember(); a.nicheFlags = ""
        var b = AuditMember(); b.nicheFlags = ""; b.pncID = "08/0015521R"; b.nicheID = "N2"; b.caseID = "MC2"
        let out = AuditFixture.audit([a.person, b.person])
        #expect(out.findings.count == 2)
        #expect(Set(out.findings.map(\.findingID)).count == 2)
        #expect(out.findings.allSatisfy { $0.findingID.hasPrefix("NICHE-FLAG-MISSING-") })
    }

    @Test func aRuleNeedingAMissingExtractRaisesNothing() {
        var m = AuditMember()
        m.nicheFlags = ""
        let out = AuditFixture.audit(m.person, evaluated: [.pnc, .micase, .jtrack, .cozart, .prison])
        #expect(out.findings.isEmpty)
        #expect(out.skippedCodes.contains("NICHE-FLAG-MISSING"))
    }

    @Test func detailsCarryNoNamesOrDatesOfBirth() {
        var people = mixedRun()
        var d = AuditMember(); d.pncID = "22/0010991F"; d.nicheID = "N4"; d.caseID = "MC4"; d.dob = "01/08/2008"; d.age = "Juvenile"
        d.nichePNC = ""; d.nicheFlags = "PPO"
        people.append(d.person)
        let out = AuditFixture.audit(people)
        #expect(out.findings.count >= 5)
        for f in out.findings {
            for word in ["SMITH", "Smith", "JOHN", "John", "1990", "03/11", "2008-08-01", "01/08/2008"] {
                #expect(!f.detail.contains(word) && !f.evidence.contains(word), "\(f.code): \(f.detail) | \(f.evidence)")
            }
        }
    }
}

@Suite struct AuditScopeTests {
    @Test func deselectionWindowIsTwelveCalendarMonths() {
        let ctx = AuditFixture.context()
        #expect(ctx.deselectionCutoff == CalendarDate(iso: "2025-11-20"))
        var m = AuditMember()
        m.deselect(on: "21/11/2025")
        m.nicheFlags = "IOM"
        #expect(AuditFixture.audit(m.person).codes == ["NICHE-FLAG-STALE"])
        m.deselect(on: "19/11/2025")
        m.markers = [("VI - VIOLENT", "2020-01-01")]
        m.nichePNC = "" // a condition, but the person is out of scope now
        let out = AuditFixture.audit(m.person)
        #expect(out.findings.isEmpty)
        #expect(out.dataQuality.count(.missingPNCID, system: .niche) == 1)
    }

    @Test func scopeReasons() {
        var m = AuditMember.ppo
        m.tests = [AuditRec.test("CZ1", pnc: m.pncID)]
        let s = AuditSubject(person: m.person, context: AuditFixture.context())
        #expect(s.scope == [.activeMember, .activePPMarker, .nicheCohortFlag, .activeJTrack, .drugTestSubject])
        let tested = AuditSubject(person: auditPerson(niche: [AuditRec.niche("N1")], tests: [AuditRec.test("CZ2")]), context: AuditFixture.context())
        #expect(tested.scope == [.drugTestSubject] && !tested.inScope)
    }

    @Test func backgroundConditionsAreCounted() {
        let noPNC = auditPerson("M:N1", niche: [AuditRec.niche("N1")])
        let missing = auditPerson("P:12/0001030B", pnc: [AuditRec.pnc("12/0001030B")], niche: [AuditRec.niche("N2")])
        let invalid = auditPerson("P:08/0015521R", pnc: [AuditRec.pnc("08/0015521R")], niche: [AuditRec.niche("N3", pnc: "08/0015521A")])
        let dup = auditPerson("P:12/0009481M", pnc: [AuditRec.pnc("12/0009481M")],
                              niche: [AuditRec.niche("N4", pnc: "12/0009481M"), AuditRec.niche("N95", pnc: "12/0009481M")])
        let out = AuditFixture.audit([noPNC, missing, invalid, dup])
        #expect(out.findings.isEmpty && out.inScopePersons == 0)
        let dq = out.dataQuality
        #expect(dq.outOfScopePersons == 4)
        #expect(dq.count(.noPNCNominal) == 1)
        #expect(dq.count(.missingPNCID, system: .niche) == 1)
        #expect(dq.count(.invalidPNCID, system: .niche) == 1)
        #expect(dq.count(.duplicateRecord, system: .niche) == 1)
        #expect(dq.rows.count == 4)
    }
}

@Suite struct DivisionAttributionTests {
    let units = AuditFixture.reference.unitDivisions

    @Test func hubFirstThenNicheThenOthers() {
        var m = AuditMember(); m.hub = "Kirklees Hub"; m.nicheUnit = "BD"
        var s = AuditSubject(person: m.person, context: AuditFixture.context())
        #expect(s.division.code == "KD" && s.attribution.system == .micase)
        let nicheOnly = auditPerson(pnc: [AuditRec.pnc("12/0001030B", owner: "13WD")], niche: [AuditRec.niche("N1", unit: "CD-NPT-HALIFAX")])
        s = AuditSubject(person: nicheOnly, context: AuditFixture.context())
        #expect(s.division.code == "CD")
        let pncOnly = auditPerson(pnc: [AuditRec.pnc("12/0001030B", owner: "13GA")])
        #expect(AuditSubject(person: pncOnly, context: AuditFixture.context()).attribution.system == .pnc)
        let prisonOnly = auditPerson(prison: [AuditRec.prison("A1234BC", area: "Wakefield")])
        #expect(AuditSubject(person: prisonOnly, context: AuditFixture.context()).division.code == "WD")
        let nothing = auditPerson(niche: [AuditRec.niche("N1", unit: "ELSEWHERE")])
        #expect(AuditSubject(person: nothing, context: AuditFixture.context()).division == .unknown)
    }

    @Test func unmappedHubFallsThroughToNiche() {
        var m = AuditMember(); m.hub = "Nowhere HUB"; m.nicheUnit = "WD-NPT-WAKEFIELD"
        #expect(AuditSubject(person: m.person, context: AuditFixture.context()).division.code == "WD")
    }

    @Test func testOnlyPersonGoesToTheTestSite() {
        let t = AuditRec.test("CZ1", site: "13B5")
        #expect(DivisionAttribution.attribute(test: t, units: units).division.code == "BD")
        #expect(AuditSubject(person: auditPerson(tests: [t]), context: AuditFixture.context()).division.code == "BD")
    }
}
