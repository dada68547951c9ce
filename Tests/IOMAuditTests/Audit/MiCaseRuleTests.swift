import Testing
@testable import IOMAudit

@Suite struct MiCaseRuleTests {
    // MARK: LEAD-AGENCY

    @Test func leadAgencyAgainstTheTable() throws {
        var m = AuditMember()
        m.strand = "R&R"; m.lead = "Police" // adult non-statutory IOM R&R: Service provider
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("LEAD-AGENCY"))
        #expect(out.codes == ["LEAD-AGENCY"])
        #expect(f.anchor == "micase:MC100001" && f.system == .micase)
        #expect(f.owner == "Service provider") // the table's lead agency corrects MiCase
        #expect(f.evidence.contains("table expects Service provider"))
    }

    @Test func leadAgencySynonymMatchingTheTableIsFine() {
        var m = AuditMember()
        m.strand = "R&R"; m.lead = "Service Provider"
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    @Test func prisonLeadWithoutAnyPrisonRecordIsLeadAgency() {
        var m = AuditMember()
        m.strand = "R&R"; m.lead = "Prison"
        #expect(AuditFixture.audit(m.person).codes == ["LEAD-AGENCY"])
        // Without the prison extract the audit cannot tell.
        #expect(AuditFixture.audit(m.person, evaluated: [.pnc, .niche, .micase, .jtrack, .cozart]).findings.isEmpty)
    }

    // MARK: CUSTODY-STRAND

    @Test func inCustodyButNotRAndRIsCustodyStrandOnce() throws {
        var m = AuditMember()
        m.strand = "C&C"; m.lead = "Police" // both wrong for custody, and Police is right for C&C by the table
        m.prison = [AuditRec.prison("G0996BL", pnc: m.pncID, received: "2026-02-27")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("CUSTODY-STRAND"))
        #expect(out.codes == ["CUSTODY-STRAND"])
        #expect(f.owner == "Prison" && f.severity == .high)
        #expect(f.detail.contains("strand R&R and lead agency Prison"))
    }

    @Test func inCustodyWithWrongLeadOnlyIsCustodyStrandNotLeadAgency() {
        var m = AuditMember()
        m.strand = "R&R"; m.lead = "Probation" // also wrong by the table: still one finding
        m.prison = [AuditRec.prison("G0996BL", received: "2026-02-27", released: "2026-12-30")]
        #expect(AuditFixture.audit(m.person).codes == ["CUSTODY-STRAND"])
    }

    @Test func withoutThePrisonExtractCustodyIsNotJudged() {
        var m = AuditMember()
        m.prison = [AuditRec.prison("G0996BL", received: "2026-02-27")]
        let out = AuditFixture.audit(m.person, evaluated: [.pnc, .niche, .micase, .jtrack, .cozart])
        #expect(out.findings.isEmpty)
        #expect(out.skippedCodes.contains("CUSTODY-STRAND") && out.skippedCodes.contains("RELEASED-STILL-PRISON"))
    }

    @Test func inCustodyAndRAndRPrisonIsFine() {
        var m = AuditMember()
        m.strand = "R&R"; m.lead = "Prison"
        m.prison = [AuditRec.prison("G0996BL", received: "2026-02-27")]
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    // MARK: RELEASED-STILL-PRISON

    @Test func releasedLongAgoStillPrison() throws {
        var m = AuditMember()
        m.strand = "R&R"; m.lead = "Prison"
        m.prison = [AuditRec.prison("A1234BC", received: "2025-01-05", released: "2026-10-01")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("RELEASED-STILL-PRISON"))
        #expect(out.codes == ["RELEASED-STILL-PRISON"])
        #expect(f.owner == "Service provider") // adult non-statutory IOM R&R
        #expect(f.detail.contains("50 days ago"))
    }

    @Test func releasedTenDaysAgoStillPrisonIsWithinGrace() {
        var m = AuditMember()
        m.strand = "R&R"; m.lead = "Prison"
        m.prison = [AuditRec.prison("A1234BC", received: "2025-01-05", released: "2026-11-10")]
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    @Test func graceBoundaryFollowsTheSetting() {
        var m = AuditMember()
        m.strand = "R&R"; m.lead = "Prison"
        m.prison = [AuditRec.prison("A1234BC", received: "2025-01-05", released: "2026-11-06")] // 14 days
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
        #expect(AuditFixture.audit(m.person, grace: 13).codes == ["RELEASED-STILL-PRISON"])
        m.prison = [AuditRec.prison("A1234BC", received: "2025-01-05", released: "2026-11-05")] // 15 days
        #expect(AuditFixture.audit(m.person).codes == ["RELEASED-STILL-PRISON"])
    }

    // MARK: AGE-GROUP

    @Test func juvenileFlagAfterEighteenthBirthday() throws {
        var m = AuditMember()
        m.dob = "01/08/2008"; m.age = "Juvenile"
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("AGE-GROUP"))
        #expect(out.codes == ["AGE-GROUP"])
        #expect(f.detail.contains("change Adult/Juvenile to Adult"))
        #expect(!f.detail.contains("2008") && !f.evidence.contains("2008")) // no date of birth in the text
    }

    @Test func adultFlagBeforeEighteenthBirthday() {
        var m = AuditMember()
        m.dob = "01/01/2009"; m.age = "Adult"
        #expect(AuditFixture.audit(m.person).codes == ["AGE-GROUP"])
    }

    @Test func eighteenthBirthdayOnTheAsOfDateIsAdult() {
        var m = AuditMember()
        m.dob = "20/11/2008"; m.age = "Adult"
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
        m.dob = "21/11/2008"; m.age = "Juvenile"
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    // MARK: DIVISION-MISMATCH

    @Test func hubAndNicheUnitInDifferentDivisions() throws {
        var m = AuditMember()
        m.nicheUnit = "BD-NPT-CITY"
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("DIVISION-MISMATCH"))
        #expect(out.codes == ["DIVISION-MISMATCH"])
        #expect(f.anchor == "micase:MC100001" && f.recordIDs == ["micase:MC100001", "niche:N10000001"])
        #expect(f.division == "LD") // the MiCase hub decides
    }

    @Test func differentUnitsInTheSameDivisionAreFine() {
        var m = AuditMember()
        m.nicheUnit = "LD-NPT-NORTH"; m.hub = "LEEDS HUB"
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }
}
