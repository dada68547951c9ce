import Testing
@testable import IOMAudit

/// People known by a middle name: PNC holds KIERAN PAUL AKHTAR, the custody suite keys PAUL AKHTAR.
/// Compared as forenames the two differed and the drug test stayed unlinked (a TEST-UNLINKED finding
/// sending a sergeant after someone on PNC); it is a level of its own, with its own fitted weight.
@Suite struct LinkMiddleAsForenameTests {
    typealias F = LinkFixture

    @Test func aForenameThatIsTheOthersMiddleNameIsALevelOfItsOwn() throws {
        let records = [
            F.record(.niche, id: "N1", surname: "Akhtar", forenames: "Kieran Paul", dob: "2009-06-17"),
            F.record(.cozart, id: "CZ1", surname: "Akhtar", forenames: "Paul", dob: "2009-06-17"),
            F.record(.cozart, id: "CZ2", surname: "Akhtar", forenames: "Kieran", dob: "2009-06-17"),
            F.record(.cozart, id: "CZ3", surname: "Akhtar", forenames: "Imran", dob: "2009-06-17"),
            F.record(.cozart, id: "CZ4", surname: "Akhtar", forenames: "Paul Kieran", dob: "2009-06-17"),
        ]
        let t = LinkRecordTable(F.set(records))
        func index(_ key: String) -> Int { t.keys.firstIndex(of: key)! }
        let (v, _) = try #require(t.compare(index("cozart:CZ1"), index("niche:N1")))
        #expect(v.forename == .middle)
        #expect(v.evidence.contains("forename is the other's middle name"))
        #expect(t.model.waterfall(v).contains("forename is the other's middle name +"), "\(t.model.waterfall(v))")
        // Either way round; the plain first forename is exact as before; another name still differs.
        let (w, _) = try #require(t.compare(index("cozart:CZ4"), index("niche:N1")))
        #expect(w.forename == .middle)
        let (exact, _) = try #require(t.compare(index("cozart:CZ2"), index("niche:N1")))
        #expect(exact.forename == .exact)
        let (other, _) = try #require(t.compare(index("cozart:CZ3"), index("niche:N1")))
        #expect(other.forename == .different)
        #expect(v.code != exact.code)
    }
}
