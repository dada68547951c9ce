import Testing
@testable import IOMAudit

@Suite struct IdentityRuleTests {
    // MARK: ID-PNC-INVALID

    @Test func invalidPNCIDOnJTrackRaisesOnThatRecord() throws {
        var m = AuditMember.ppo
        m.jtrack = [AuditRec.jtrack("JT100070", pnc: "12/0001030C", cohort: "PPO")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("ID-PNC-INVALID"))
        #expect(out.codes == ["ID-PNC-INVALID"])
        #expect(f.anchor == "jtrack:JT100070" && f.recordIDs == ["jtrack:JT100070"])
        #expect(f.pncID == "12/0001030B") // the ID they really have
        #expect(f.system == .jtrack && f.owner == FindingOwner.jtrack && f.severity == .medium)
        #expect(f.detail.contains("12/0001030C") && f.detail.contains("12/0001030B"))
    }

    @Test func validPNCIDInOtherFormsIsNotInvalid() {
        var m = AuditMember()
        m.nichePNC = "2012/1030b"
        m.micasePNC = "12/ 0001030B"
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    // MARK: ID-CRO-INVALID

    @Test func invalidCROOnPNCRaises() throws {
        var m = AuditMember()
        m.pncCRO = "1082/00B"
        let f = try #require(AuditFixture.audit(m.person).only("ID-CRO-INVALID"))
        #expect(f.anchor == "pnc:12/0001030B" && f.system == .pnc && f.owner == "Police")
        #expect(AuditFixture.audit(m.person).codes == ["ID-CRO-INVALID"])
    }

    @Test func validAndOldStyleCROAreNotInvalid() {
        var m = AuditMember()
        m.pncCRO = "1082/00A"
        m.nicheCRO = "SF85/12345K"
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    @Test func outOfScopePersonWithInvalidCROIsCountedNotListed() {
        let p = auditPerson("P:2", pnc: [AuditRec.pnc("12/0001030B", cro: "1082/00B")],
                            niche: [AuditRec.niche("N2", pnc: "12/0001030B", cro: "1082/00B")])
        let out = AuditFixture.audit(p)
        #expect(out.findings.isEmpty)
        #expect(out.inScopePersons == 0)
        #expect(out.dataQuality.outOfScopePersons == 1)
        #expect(out.dataQuality.count(.invalidCRO) == 2)
        #expect(out.dataQuality.count(.invalidCRO, system: .pnc) == 1)
        #expect(out.dataQuality.count(.invalidCRO, system: .niche) == 1)
    }

    // MARK: ID-CONFLICT

    static let otherPNC = "92/0011842W"

    func conflictCase(kind: IdentityQuestion.Kind) -> AuditOutcome {
        var m = AuditMember()
        m.cohort = "DIP"; m.nicheFlags = ""; m.markers = []; m.lead = "DIP Police"
        m.nichePNC = Self.otherPNC // carried by the member's Niche nominal
        let other = auditPerson("P:" + Self.otherPNC, pnc: [AuditRec.pnc(Self.otherPNC, surname: "JONES", forenames: "ALAN", dob: "1970-01-05")])
        let q = IdentityQuestion(kind: kind, record: "niche:N10000001", other: "pnc:" + Self.otherPNC, score: 0,
                                 evidence: "pnc id equal; surname dissimilar; dob 20 years apart")
        return AuditFixture.audit([m.person, other], questions: [q])
    }

    @Test func conflictQuestionRaisesIDConflict() throws {
        let out = conflictCase(kind: .conflict)
        let f = try #require(out.only("ID-CONFLICT"))
        #expect(out.codes == ["ID-CONFLICT"])
        #expect(f.anchor == "niche:N10000001")
        #expect(f.recordIDs == ["niche:N10000001", "pnc:92/0011842W"])
        #expect(f.pncID == "12/0001030B") // their own, not the one carried
        #expect(f.severity == .high && f.system == .niche)
        #expect(!f.detail.contains("SMITH") && !f.detail.contains("JONES"))
    }

    @Test func reviewQuestionIsNotAConflict() {
        #expect(conflictCase(kind: .review).codes == ["ID-REVIEW"])
    }

    @Test func sharedPNCIDWithoutAConflictQuestionIsNotIDConflict() {
        // A one-letter typo under a shared PNC ID is the linker's to merge: no question, no finding.
        var m = AuditMember()
        m.extraNiche = []
        let p = auditPerson("P:12/0001030B", pnc: [AuditRec.pnc("12/0001030B", markers: m.markers)],
                            niche: [AuditRec.niche("N10000001", pnc: "12/0001030B", surname: "Smyth", flags: "IOM")],
                            micase: [AuditRec.micase("MC100001", pnc: "12/0001030B", niche: "N10000001")])
        #expect(AuditFixture.audit(p).findings.isEmpty)
    }

    // MARK: ID-REVIEW

    @Test func reviewQuestionRaisesIDReviewOnTheUnconfirmedRecord() throws {
        var m = AuditMember()
        m.cohort = "DIP"; m.nicheFlags = ""; m.markers = []; m.lead = "DIP Police"
        let married = auditPerson("M:N10003148", niche: [AuditRec.niche("N10003148", surname: "Marsden", unit: "KD-NPT-DEWSBURY")])
        let q = IdentityQuestion(kind: .review, record: "niche:N10003148", other: "micase:MC100001", score: 0.71,
                                 evidence: "forename equal; dob equal; surname different")
        let out = AuditFixture.audit([m.person, married], questions: [q])
        let f = try #require(out.only("ID-REVIEW"))
        #expect(f.anchor == "niche:N10003148" && f.recordIDs == ["niche:N10003148"])
        #expect(f.pncID == "12/0001030B")
        #expect(f.division == "LD") // the in-scope member's division
        #expect(f.detail.contains("confirm"))
    }

    @Test func reviewBetweenTwoOutOfScopePeopleIsCountedOnly() {
        let a = auditPerson("M:N1", niche: [AuditRec.niche("N1")]), b = auditPerson("M:N2", niche: [AuditRec.niche("N2", surname: "Smyth")])
        let q = IdentityQuestion(kind: .review, record: "niche:N2", other: "niche:N1", score: 0.6, evidence: "")
        let out = AuditFixture.audit([a, b], questions: [q])
        #expect(out.findings.isEmpty)
        #expect(out.dataQuality.count(.identityReview) == 1)
    }

    // MARK: ID-DUPLICATE

    @Test func secondNicheNominalIsADuplicateAnchoredOnTheLaterID() throws {
        var m = AuditMember()
        m.nicheID = "N10019782"
        m.extraNiche = [AuditRec.niche("N90000046", pnc: "12/0001030B", flags: "IOM")]
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("ID-DUPLICATE"))
        #expect(out.codes == ["ID-DUPLICATE"])
        #expect(f.anchor == "niche:N90000046")
        #expect(f.recordIDs == ["niche:N10019782", "niche:N90000046"])
        #expect(f.system == .niche && f.owner == "Police")
    }

    @Test func numericOrderDecidesWhichNominalIsSecond() throws {
        var m = AuditMember()
        m.nicheID = "N10"
        m.extraNiche = [AuditRec.niche("N9", pnc: "12/0001030B", flags: "IOM")]
        let f = try #require(AuditFixture.audit(m.person).only("ID-DUPLICATE"))
        #expect(f.anchor == "niche:N10")
    }

    @Test func severalCasesAndTrackingRecordsAreNotDuplicates() {
        var m = AuditMember.ppo
        m.jtrack.append(AuditRec.jtrack("JT000002", pnc: m.pncID, status: "Ended", start: "01/01/2019", end: "01/01/2020"))
        var p = m.person
        p.micase.append(AuditRec.micase("MC000002", pnc: m.pncID, cohort: "PPO", lead: "Police", selected: "01/01/2019", deselected: "01/01/2020"))
        #expect(AuditFixture.audit(p).findings.isEmpty)
    }

    // MARK: ID-MISSING-PNC

    @Test func nicheNominalWithoutPNCIDRaises() throws {
        var m = AuditMember()
        m.nichePNC = ""
        let out = AuditFixture.audit(m.person)
        let f = try #require(out.only("ID-MISSING-PNC"))
        #expect(out.codes == ["ID-MISSING-PNC"])
        #expect(f.anchor == "niche:N10000001" && f.system == .niche)
        #expect(f.detail.contains("add PNC ID 12/0001030B"))
    }

    @Test func micaseCaseWithoutPNCIDRaisesOwnedByLeadAgency() throws {
        var m = AuditMember()
        m.micasePNC = ""
        let f = try #require(AuditFixture.audit(m.person).only("ID-MISSING-PNC"))
        #expect(f.anchor == "micase:MC100001" && f.owner == "Police" && f.system == .micase)
    }

    @Test func testsAndPrisonRecordsWithoutPNCIDAreNormal() {
        var m = AuditMember()
        m.tests = [AuditRec.test("CZ1")]
        m.prison = [AuditRec.prison("A1234BC", received: "2024-01-05", released: "2024-06-01")]
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    @Test func noPNCNominalMeansNothingIsMissing() {
        // Without a PNC nominal there is no PNC ID to add; an active member is ID-UNMATCHED instead.
        var m = AuditMember()
        m.hasPNCNominal = false; m.nichePNC = ""; m.micasePNC = ""
        #expect(AuditFixture.audit(m.person).codes == ["ID-UNMATCHED"])
    }

    // MARK: ID-UNMATCHED

    @Test func activeMemberWithoutPNCNominalIsUnmatched() throws {
        var m = AuditMember()
        m.cohort = "DIP"; m.nicheFlags = ""; m.markers = []; m.lead = "DIP Police"
        m.hasPNCNominal = false; m.nichePNC = ""; m.micasePNC = ""
        let f = try #require(AuditFixture.audit(m.person).only("ID-UNMATCHED"))
        #expect(f.anchor == "micase:MC100001" && f.pncID == nil && f.owner == "DIP Police")
    }

    @Test func deselectedMemberWithoutPNCNominalIsNotUnmatched() {
        var m = AuditMember()
        m.cohort = "DIP"; m.lead = "DIP Police"
        m.deselect(); m.markers = []
        m.hasPNCNominal = false; m.nichePNC = ""; m.micasePNC = ""
        #expect(AuditFixture.audit(m.person).findings.isEmpty)
    }

    // MARK: TEST-UNLINKED

    @Test func testOfSomeoneWithNoNominalIsUnlinked() throws {
        let visitor = auditPerson("M:CZ1000394", tests: [AuditRec.test("CZ1000394", site: "13B5")])
        let out = AuditFixture.audit([visitor])
        let f = try #require(out.only("TEST-UNLINKED"))
        #expect(f.anchor == "cozart:CZ1000394" && f.division == "BD" && f.owner == FindingOwner.custody)
        #expect(out.inScopePersons == 0) // in scope for TEST-UNLINKED only
    }

    /// A test the linker asks about (a probable match below the accept score) is a question for a data
    /// manager, not a person for custody to look for: ID-REVIEW, never TEST-UNLINKED.
    @Test func testWithAProbableMatchIsAQuestionNotUnlinked() throws {
        let test = auditPerson("M:CZ7", tests: [AuditRec.test("CZ7", site: "13B5")])
        let nominal = auditPerson("M:N7", niche: [AuditRec.niche("N7")])
        let q = IdentityQuestion(kind: .review, record: "cozart:CZ7", other: "niche:N7", score: 0.8,
                                 evidence: "surname equal +13.9; forename equal +7.3; dob one digit off +1.1; prior −20.7; total +1.6 → probability 0.800")
        let out = AuditFixture.audit([test, nominal], questions: [q])
        #expect(!out.codes.contains("TEST-UNLINKED"))
        let f = try #require(out.only("ID-REVIEW"))
        #expect(f.anchor == "cozart:CZ7" && f.system == .cozart)
        // Without the question the same test is unlinked.
        #expect(AuditFixture.audit([test, nominal]).codes == ["TEST-UNLINKED"])
    }

    /// A test the linker found probably one of many people (a common name without a date of birth) is
    /// still for custody to resolve, but the finding says how many it matches instead of "no nominal".
    @Test func testMatchingTooManyPeopleSaysSo() throws {
        let test = auditPerson("M:CZ8", tests: [AuditRec.test("CZ8", site: "13B5")])
        let f = try #require(AuditFixture.audit([test], matchingTooMany: ["cozart:CZ8": 12]).only("TEST-UNLINKED"))
        #expect(f.detail.contains("matches 12 nominals on PNC or Niche about equally well, too many to ask about"), "\(f.detail)")
        #expect(f.detail.contains("add their PNC ID and date of birth on Cozart"))
        #expect(f.evidence.contains("probably one of 12 people"))
        let plain = try #require(AuditFixture.audit([test]).only("TEST-UNLINKED"))
        #expect(plain.detail.contains("cannot be linked to any nominal") && !plain.detail.contains("matches"))
        // The same finding either way: its id does not depend on the wording.
        #expect(plain.findingID == f.findingID)
    }

    @Test func testLinkedToANicheNominalIsNotUnlinked() {
        let p = auditPerson("M:N5", niche: [AuditRec.niche("N5")], tests: [AuditRec.test("CZ5")])
        #expect(AuditFixture.audit(p).findings.isEmpty)
    }
}
