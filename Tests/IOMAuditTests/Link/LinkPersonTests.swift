import Testing
@testable import IOMAudit

/// Persons share the run's record arrays; a change to one person (by hand, or the audit's ordering)
/// is that person's alone.
@Suite struct LinkPersonTests {
    typealias F = LinkFixture

    @Test func personsHoldTheirOwnRecordsAndAChangeStaysWithOne() throws {
        let r = F.link([
            F.record(.niche, id: "N2", surname: "Holroyd", forenames: "Ann", dob: "1970-01-02", sex: .female),
            F.record(.niche, id: "N1", surname: "Holroyd", forenames: "Ann", dob: "1970-01-02", sex: .female),
            F.record(.cozart, id: "CZ1", surname: "Sutcliffe", forenames: "Dean", dob: "1981-05-06", sex: .male),
        ])
        #expect(r.persons.map(\.recordCount).sorted() == [1, 2])
        let ann = try #require(r.persons.first { $0.niche.count == 2 })
        let dean = try #require(r.persons.first { $0.tests.count == 1 })
        #expect(ann.tests.isEmpty && dean.niche.isEmpty && dean.tests.first?.identity.recordID == "CZ1")

        // Ordered by record id: one copy of Ann's records, Dean untouched.
        let ordered = ann.sortingRecords { $0.recordID < $1.recordID }
        #expect(ordered.niche.map(\.identity.recordID) == ["N1", "N2"])
        var changed = ordered
        changed.niche.removeLast()
        changed.tests = dean.tests
        #expect(changed.niche.map(\.identity.recordID) == ["N1"] && changed.tests.count == 1 && changed.masterID == ann.masterID)
        #expect(ordered.niche.count == 2 && ann.niche.count == 2 && dean.tests.count == 1)
        #expect(r.persons.map(\.recordCount).sorted() == [1, 2])
    }

    @Test func aPersonPutTogetherByHand() {
        var p = Person(masterID: "M:TEST")
        #expect(p.recordCount == 0 && p.systems.isEmpty)
        let tests = F.set(["CZ9", "CZ8"].map { F.record(.cozart, id: $0, surname: "Sutcliffe", forenames: "Dean", dob: "1981-05-06") }).tests
        p.tests.append(tests[0])
        p.tests.append(tests[1])
        #expect(p.systems == [.cozart] && p.tests.map(\.identity.recordID) == ["CZ9", "CZ8"])
        #expect(p.sortingRecords { $0.recordID < $1.recordID }.tests.map(\.identity.recordID) == ["CZ8", "CZ9"])
    }
}
