import Testing
@testable import IOMAudit

/// Candidate pairs grow with the data, not with its square, and every slip kind still meets its
/// record in some block.
@Suite struct LinkBlockingTests {
    typealias F = LinkFixture

    /// Twice the people (and, as in a real force, more distinct surnames): the candidate pairs at most
    /// about double, so the pairs per record stay flat.
    @Test func pairsGrowLinearly() {
        func pairs(_ people: Int) -> (pairs: Int, records: Int, largest: Int) {
            let records = LinkModelFitTests.population(people, surnames: people / 3, seed: 11)
            let (_, s) = MasterNominalIndex.buildWithStatistics(F.set(records), acceptScore: 0.95, reviewScore: 0.5)
            return (s.pairsVisited, s.records, s.largestBlockScanned)
        }
        let small = pairs(3_000), large = pairs(6_000)
        #expect(large.records == 2 * small.records)
        #expect(Double(large.pairs) <= 2.2 * Double(small.pairs), "\(small.pairs) → \(large.pairs)")
        #expect(Double(large.pairs) / Double(large.records) < 5)   // twenty forenames only: dense forename codes
        #expect(large.largest < 50)
    }

    /// One record of each slip kind, without identifiers, against its PNC nominal: each pair meets in a
    /// block and is scored; the clear ones join.
    @Test func everySlipMeetsItsRecord() throws {
        let variants = GivenNameVariants(pairs: [("JAMES", "JIM"), ("ANDREW", "ANDY")])
        let pnc = "04/12345" + String(PNCIdentifier.expectedCheckLetter(year: 4, serial: 12345))
        let nominal = F.record(.pnc, id: pnc, surname: "Holroyd", forenames: "James Arthur", dob: "1985-08-17", sex: .male)
        let key = "pnc:" + PNCIdentifier(pnc)!.canonical
        let slips: [(String, String, String?, Bool)] = [
            ("Holroyd", "Jim", "1985-08-17", true),          // nickname
            ("Holroyd", "J", "1985-08-17", true),            // initial
            ("Holryod", "James", "1985-08-17", true),        // surname typo
            ("James", "Holroyd", "1985-08-17", true),        // swapped
            ("Holroyd", "James", "1985-08-18", true),        // one day out
            ("Holroyd", "James", "1984-08-17", false),       // year one out (a question on a tiny extract)
            ("Holroyd", "James", "1985-08-27", false),       // one digit off
            ("Holroyd", "James", nil, false),                // date missing
            ("Holroyd Smith", "James", "1985-08-17", true),  // double-barrelled
        ]
        for (k, slip) in slips.enumerated() {
            let test = F.record(.cozart, id: "CZ\(k)", surname: slip.0, forenames: slip.1, dob: slip.2, sex: .male)
            let (r, s) = MasterNominalIndex.buildWithStatistics(F.set([nominal, test]), acceptScore: 0.95, reviewScore: 0.5, variants: variants)
            #expect(s.pairsVisited > 0, "\(slip) never met its nominal in a block")
            if slip.3 { #expect(r.together(key, "cozart:CZ\(k)"), "\(slip) did not join") }
        }
    }
}

extension LinkBlockingTests {
    /// A drug test with a typing slip in both names that changes both name codes shares no block of
    /// the name families with its person; the initials family finds it, for the small systems only.
    @Test func aTestWithSlipsInBothNamesStillFindsItsPerson() {
        typealias F = LinkFixture
        let pnc = "03/4567" + String(PNCIdentifier.expectedCheckLetter(year: 3, serial: 4567))
        let person = [F.record(.pnc, id: pnc, surname: "Rhodes", forenames: "Jessica Abbie", dob: "1989-08-08", sex: .female),
                      F.record(.niche, id: "N1", pnc: pnc, surname: "Rhodes", forenames: "Jessica Abbie", dob: "1989-08-08", sex: .female)]
        let test = F.record(.cozart, id: "CZ1", surname: "Rhoses", forenames: "Jessiwa", dob: "1989-08-08", sex: .female)
        let t = LinkRecordTable(F.set(LinkExpectedPartnerTests.background() + person + [test]))
        let probe = Int32(t.keys.firstIndex(of: "cozart:CZ1")!), target = Int32(t.keys.firstIndex(of: "pnc:" + PNCIdentifier(pnc)!.canonical)!)
        let blocking = Blocking(table: t, maximumBlock: 500)
        func found(_ family: Blocking.Family, _ p: Int32) -> Bool {
            var stats = Blocking.Statistics(), hit = false
            blocking.forEachPair(family, probes: [p], statistics: &stats) { a, b in if a == p && b == target { hit = true } }
            return hit
        }
        #expect(Blocking.Family.allCases.filter { $0 != .dateAndInitialsForSmallSystems }.allSatisfy { !found($0, probe) })
        #expect(found(.dateAndInitialsForSmallSystems, probe))
        // A Niche nominal with the same slips does not look there: Niche probes are millions.
        let niche = F.record(.niche, id: "N2", surname: "Rhoses", forenames: "Jessiwa", dob: "1989-08-08", sex: .female)
        let t2 = LinkRecordTable(F.set(LinkExpectedPartnerTests.background() + person + [niche]))
        let b2 = Blocking(table: t2, maximumBlock: 500)
        var stats = Blocking.Statistics(), pairs = 0
        b2.forEachPair(.dateAndInitialsForSmallSystems, probes: [Int32(t2.keys.firstIndex(of: "niche:N2")!)], statistics: &stats) { _, _ in pairs += 1 }
        #expect(pairs == 0)
        // And the run links the test to its person.
        let r = F.link(LinkExpectedPartnerTests.background() + person + [test])
        #expect(r.together("cozart:CZ1", "pnc:" + PNCIdentifier(pnc)!.canonical), "\(r.questions.map(\.evidence))")
    }
}

extension LinkBlockingTests {
    /// Records with one name and one date take a short path to their block keys (`SimpleName`, read in
    /// order instead of through the name tables); it must give exactly the general path's keys, in
    /// every family, filed and looking: otherwise pairs would silently go unseen.
    @Test func theShortPathGivesTheGeneralKeys() {
        typealias F = LinkFixture
        let variants = GivenNameVariants(pairs: [("JAMES", "JIM"), ("JAMES", "JIMMY"), ("ANDREW", "ANDY")])
        let records = LinkExpectedPartnerTests.background() + [
            F.record(.niche, id: "N1", surname: "Holroyd", forenames: "Jim", dob: "1985-08-07", sex: .male),
            F.record(.niche, id: "N2", surname: "Holroyd", forenames: "James Arthur", dob: "1985-11-03", sex: .male),
            F.record(.niche, id: "N3", surname: "", forenames: "Andy", dob: "1990-01-01", sex: .male),
            F.record(.niche, id: "N4", surname: "Smith", forenames: "", dob: nil, sex: nil),
            F.record(.cozart, id: "CZ1", surname: "Rhodes", forenames: "J", dob: "1989-08-08", sex: .female),
            F.record(.niche, id: "N5", surname: "Smith Jones", forenames: "Ann", dob: "1970-02-03", sex: .female),
        ]
        let t = LinkRecordTable(F.set(records), variants: variants)
        let blocking = Blocking(table: t, maximumBlock: 500)
        var simple = 0
        for i in 0..<t.count where blocking.simple[i].isSimple {
            simple += 1
            for f in Blocking.Family.allCases {
                for query in [false, true] {
                    var fast: [UInt64] = [], general: [UInt64] = [], sc: [UInt32] = [], fc: [UInt32] = []
                    blocking.simpleKeys(i, blocking.simple[i], f, query: query, into: &fast)
                    blocking.generalKeys(i, f, query: query, into: &general, &sc, &fc)
                    #expect(fast == general, "\(t.keys[i]) \(f.name) query \(query)")
                }
            }
        }
        #expect(simple > records.count / 2)
        #expect(!blocking.simple[t.keys.firstIndex(of: "niche:N5")!].isSimple, "a two-word surname takes the general path")
        #expect(MemoryLayout<Blocking.SimpleName>.stride == 24, "a value per record, nine million at a force's size")
    }
}
