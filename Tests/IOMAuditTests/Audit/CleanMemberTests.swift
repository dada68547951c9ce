import Testing
@testable import IOMAudit

/// The fixtures themselves: a clean member of each cohort raises nothing.
@Suite struct CleanMemberTests {
    @Test func cleanIOMMemberRaisesNothing() {
        let out = AuditFixture.audit(AuditMember().person)
        #expect(out.findings.isEmpty, "\(out.findings.map { "\($0.code) \($0.detail)" })")
        #expect(out.inScopePersons == 1)
    }

    @Test func cleanPPOMemberRaisesNothing() {
        let out = AuditFixture.audit(AuditMember.ppo.person)
        #expect(out.findings.isEmpty, "\(out.findings.map { "\($0.code) \($0.detail)" })")
    }

    @Test func recentlyDeselectedMemberWithRemovedMarkerRaisesNothing() {
        var m = AuditMember.ppo
        m.deselect()
        m.jtrack = [AuditRec.jtrack("JT100001", pnc: m.pncID, status: "Ended", start: "01/02/2025", end: "01/06/2026"),
                    AuditRec.jtrack("JT100002", pnc: m.pncID, status: "Ended", start: "01/02/2020", end: "01/06/2021")]
        let out = AuditFixture.audit(m.person)
        #expect(out.findings.isEmpty, "\(out.findings.map { "\($0.code) \($0.detail)" })")
        #expect(out.inScopePersons == 1)
    }

    @Test func dyoMemberNeedsNoPPMarker() {
        var m = AuditMember()
        m.cohort = "DYO"; m.nicheFlags = "DYO"; m.markers = []; m.dob = "03/11/2010"; m.age = "Juvenile"; m.lead = "Police"
        m.jtrack = [AuditRec.jtrack("JT100001", pnc: m.pncID, cohort: "DYO")]
        let out = AuditFixture.audit(m.person)
        #expect(out.findings.isEmpty, "\(out.findings.map { "\($0.code) \($0.detail)" })")
    }

    @Test func dipMemberNeedsNoMarkerFlagOrTracking() {
        var m = AuditMember()
        m.cohort = "DIP"; m.nicheFlags = ""; m.markers = []; m.lead = "DIP Police"
        let out = AuditFixture.audit(m.person)
        #expect(out.findings.isEmpty, "\(out.findings.map { "\($0.code) \($0.detail)" })")
    }

    @Test func harmlessVariationRaisesNothing() {
        var m = AuditMember.ppo
        // Upper-case agreed wording with an en dash, PNC ID in long form with spaces, hub in lower case,
        // historical PNC owner unit, a non-PP information marker.
        m.markers = [("PROLIFIC OFFENDER \u{2013} PPO PREMIUM SERVICE REQUIRED. CONTACT LEEDS DIU", "2025-02-01"), ("VI - VIOLENT", "2020-01-01")]
        m.nichePNC = "2012/0001030 b"
        m.hub = "leeds hub"
        m.owner = "13AA"
        let out = AuditFixture.audit(m.person)
        #expect(out.findings.isEmpty, "\(out.findings.map { "\($0.code) \($0.detail)" })")
    }
}
