import Testing
@testable import IOMAudit

@Suite struct PNCMarkerRuleTests {
    @Test func activeMemberWithoutMarkerIsMissing() throws {
        var m = AuditMember()
        m.markers = [("VI - VIOLENT", "2019-01-01")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("PNC-MARKER-MISSING"))
        #expect(out.codes == ["PNC-MARKER-MISSING"])
        #expect(f.anchor == "pnc:12/0001030B" && f.recordIDs == ["pnc:12/0001030B"])
        #expect(f.system == .pnc && f.owner == "Police" && f.severity == .high && f.division == "LD")
        #expect(f.detail.contains("Prolific Offender - IOM Contact"))
    }

    @Test func removedMarkerOnActiveMemberIsMissing() {
        var m = AuditMember()
        m.markers = [("Prolific Offender - REMOVED", "2024-01-01")]
        #expect(AuditFixture.audit(m.person).codes == ["PNC-MARKER-MISSING"])
    }

    @Test func activeMarkerReplacedByLaterRemovedMarkerIsMissing() {
        var m = AuditMember()
        m.markers = [("Prolific Offender - IOM Contact Leeds IOM Hub", "2023-01-01"), ("Prolific Offender - REMOVED", "2024-01-01")]
        #expect(AuditFixture.audit(m.person).codes == ["PNC-MARKER-MISSING"])
    }

    @Test func dyoMemberWithoutMarkerIsNotMissing() {
        var m = AuditMember()
        m.cohort = "DYO"; m.nicheFlags = "DYO"; m.markers = []; m.dob = "03/11/2010"; m.age = "Juvenile"
        m.jtrack = [AuditRec.jtrack("JT1", pnc: m.pncID, cohort: "DYO")]
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    @Test func activeMarkerOnDeselectedMemberIsStale() throws {
        var m = AuditMember()
        m.deselect(on: "01/03/2026")
        m.markers = [("Prolific Offender - IOM Contact Leeds IOM Hub", "2025-02-01")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("PNC-MARKER-STALE"))
        #expect(out.codes == ["PNC-MARKER-STALE"])
        #expect(f.detail.contains("deselected on 2026-03-01") && f.detail.contains("REMOVED"))
    }

    @Test func activeMarkerOnLongDeselectedPersonIsStaleAndBringsThemIntoScope() {
        var m = AuditMember()
        m.deselect(on: "01/01/2024")
        m.markers = [("Prolific Offender - IOM Contact Leeds IOM Hub", "2020-02-01")]
        let out = AuditFixture.audit(m.person)
        #expect(out.codes == ["PNC-MARKER-STALE"])
        #expect(out.inScopePersons == 1)
    }

    @Test func removedMarkerOnDeselectedMemberIsNotStale() {
        var m = AuditMember()
        m.deselect(on: "01/03/2026")
        m.markers = [("Prolific Offender - DEREGISTERED. No Premium Service Required. Contact DOMU 01924 000000", "2026-03-01")]
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    @Test func ppoMarkerOnIOMMemberIsWrongType() throws {
        var m = AuditMember()
        m.markers = [("Prolific Offender - PPO Premium Service Required. Contact DOMU", "2025-02-01")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("PNC-MARKER-TYPE"))
        #expect(out.codes == ["PNC-MARKER-TYPE"])
        #expect(f.detail.contains("PPO PP marker") && f.detail.contains("is IOM"))
    }

    @Test func iomMarkerOnIOMMemberIsNotWrongType() {
        #expect(AuditFixture.audit(AuditMember().person).findings.isEmpty)
    }

    @Test func nonStandardWordingRaisesWording() throws {
        var m = AuditMember.ppo
        m.markers = [("Prolific Offender - PPO Premuim Service Reqd", "2025-02-01")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("PNC-MARKER-WORDING"))
        #expect(out.codes == ["PNC-MARKER-WORDING"])
        #expect(f.severity == .low && f.detail.contains("Premuim"))
    }

    @Test func iomMarkerWithoutDashIsWording() {
        var m = AuditMember()
        m.markers = [("Prolific Offender IOM Contact Leeds IOM Hub", "2025-02-01")]
        #expect(AuditFixture.audit(m.person).codes == ["PNC-MARKER-WORDING"])
    }

    @Test(arguments: [
        "PROLIFIC OFFENDER - IOM CONTACT LEEDS IOM HUB",
        "Prolific Offender \u{2013} IOM Contact Leeds IOM Hub",
        "Prolific Offender - IOM Contact DOMU 01924 000000 & Leeds Hub",
        "Prolific Offender - IOM",
        "prolific offender -  iom.  contact leeds",
    ])
    func tolerableWordingIsNotWording(text: String) {
        var m = AuditMember()
        m.markers = [(text, "2025-02-01")]
        #expect(AuditFixture.audit(m.person).findings.isEmpty, "\(text)")
    }

    @Test func staleMarkerIsNotAlsoReportedForWording() {
        var m = AuditMember()
        m.deselect(on: "01/03/2026")
        m.markers = [("Prolific Offender IOM Contact Leeds", "2025-02-01")]
        #expect(AuditFixture.audit(m.person).codes == ["PNC-MARKER-STALE"])
    }

    @Test func withoutMiCaseNoMembershipFindings() {
        var m = AuditMember()
        m.markers = []
        let out = AuditFixture.audit(m.person, evaluated: [.pnc, .niche, .jtrack, .cozart, .prison])
        #expect(!out.codes.contains("PNC-MARKER-MISSING"))
        #expect(out.skippedCodes.contains("PNC-MARKER-MISSING"))
    }
}

@Suite struct NicheFlagRuleTests {
    @Test func activeMemberWithoutFlagIsMissing() throws {
        var m = AuditMember()
        m.nicheFlags = ""
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("NICHE-FLAG-MISSING"))
        #expect(out.codes == ["NICHE-FLAG-MISSING"])
        #expect(f.anchor == "niche:N10000001" && f.system == .niche && f.owner == "Police" && f.severity == .high)
        #expect(f.detail.contains("add the IOM flag"))
    }

    @Test func dipMemberWithoutFlagIsNotMissing() {
        var m = AuditMember()
        m.cohort = "DIP"; m.nicheFlags = ""; m.markers = []; m.lead = "DIP Police"
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    @Test func flagOnDeselectedMemberIsStale() throws {
        var m = AuditMember()
        m.deselect()
        m.nicheFlags = "IOM"
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("NICHE-FLAG-STALE"))
        #expect(out.codes == ["NICHE-FLAG-STALE"])
        #expect(f.detail.contains("remove the flag"))
    }

    @Test func flagSynonymOnActiveMemberIsNotStale() {
        var m = AuditMember()
        m.nicheFlags = "Integrated Offender Management"
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    @Test func flagForAnotherCohortIsWrongType() throws {
        var m = AuditMember()
        m.nicheFlags = "PPO"
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("NICHE-FLAG-TYPE"))
        #expect(out.codes == ["NICHE-FLAG-TYPE"])
        #expect(f.detail.contains("change the flag to IOM"))
    }

    @Test func ppoFlagOnPPOMemberIsNotWrongType() {
        #expect(AuditFixture.audit(AuditMember.ppo.person).findings.isEmpty)
    }
}

@Suite struct JTrackRuleTests {
    @Test func activePPOMemberNotTrackedIsMissing() throws {
        var m = AuditMember.ppo
        m.jtrack = [AuditRec.jtrack("JT9", pnc: m.pncID, status: "Ended", start: "01/01/2019", end: "01/01/2020")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("JTRACK-MISSING"))
        #expect(out.codes == ["JTRACK-MISSING"])
        #expect(f.anchor == "micase:MC100001" && f.system == .jtrack && f.owner == FindingOwner.jtrack)
    }

    @Test func iomMemberNeedsNoJTrackRecord() {
        #expect(AuditFixture.audit(AuditMember().person).findings.isEmpty)
    }

    @Test func trackingPastItsEndDateIsNotActive() {
        var m = AuditMember.ppo
        m.jtrack = [AuditRec.jtrack("JT9", pnc: m.pncID, status: "Active", start: "01/01/2019", end: "01/01/2026")]
        #expect(AuditFixture.audit(m.person).codes == ["JTRACK-MISSING"])
    }

    @Test func activeTrackingOfDeselectedMemberIsStale() throws {
        var m = AuditMember.ppo
        m.deselect()
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("JTRACK-STALE"))
        #expect(out.codes == ["JTRACK-STALE"])
        #expect(f.anchor == "jtrack:JT100001" && f.system == .jtrack)
        #expect(f.detail.contains("end the tracking"))
    }

    @Test func endedTrackingOfDeselectedMemberIsNotStale() {
        var m = AuditMember.ppo
        m.deselect()
        m.jtrack = [AuditRec.jtrack("JT100001", pnc: m.pncID, status: "Closed", start: "01/02/2025", end: "01/06/2026")]
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }
}
