import Foundation
import Testing
@testable import IOMAudit

/// A person left on one system after the pair scores is weighed against all their candidates on how
/// this run's records of that system are held (`ExpectedPartner`).
@Suite struct LinkExpectedPartnerTests {
    typealias F = LinkFixture

    static let stems = ["Ack", "Barr", "Crab", "Dew", "Emp", "Fearn", "Green", "Hold", "Illing", "Jagg", "Kersh", "Lumb",
                        "Midg", "Nay", "Old", "Pick", "Quarm", "Red", "Sut", "Thew", "Ut", "Varl", "White", "Yead"]
    static let endings = ["royd", "worth", "cliffe", "shaw", "ley", "by", "ton", "field", "well", "thorpe", "house", "wood"]
    static let forenames = ["Aaron", "Bethany", "Callum", "Dawn", "Ewan", "Fiona", "Glen", "Holly", "Ian", "Jade", "Kyle", "Leanne"]

    /// Person k's names: every surname different, as in a force where few share both names.
    static func names(_ k: Int) -> (surname: String, forename: String) {
        (stems[k % stems.count] + endings[k / stems.count], forenames[(k * 5) % forenames.count])
    }

    static func pnc(_ k: Int) -> String {
        let serial = 40_000 + k
        return "98/\(serial)" + String(PNCIdentifier.expectedCheckLetter(year: 98, serial: serial))
    }

    /// 288 people: half held on PNC and Niche (by PNC ID), half on Niche only; every other PNC person
    /// has a drug test carrying their PNC ID. In this run a drug test nearly always belongs to someone
    /// held elsewhere, and a Niche nominal seldom to someone with another Niche nominal.
    static func background() -> [CanonicalRecord] {
        var records: [CanonicalRecord] = []
        for k in 0..<(stems.count * endings.count) {
            let (s, f) = names(k)
            let dob = "\(1960 + k % 40)-\(String(format: "%02d", 1 + k % 12))-\(String(format: "%02d", 1 + k % 28))"
            if k % 2 == 1 {
                records.append(F.record(.niche, id: "N9\(k)", surname: s, forenames: f, dob: dob, sex: .male))
                continue
            }
            records.append(F.record(.pnc, id: pnc(k), surname: s, forenames: f, dob: dob, sex: .male))
            records.append(F.record(.niche, id: "N9\(k)", pnc: pnc(k), surname: s, forenames: f, dob: dob, sex: .male))
            if k % 4 == 0 {
                records.append(F.record(.cozart, id: "CZ9\(k)", pnc: pnc(k), surname: s, forenames: f, dob: dob, sex: .male))
            }
        }
        return records
    }

    /// Three drug tests of one person, one with a date one digit out, and their Niche nominal without a
    /// date beside four namesakes with dates. Weighed one set at a time, the odd test takes the other
    /// tests as its likeliest partner and the nominal is never weighed against the three together; once
    /// joined they are weighed again, as one, and join the nominal.
    @Test func aPersonsDrugTestsJoinedOnThisStepAreWeighedAgainAsOne() throws {
        var records = Self.background()
        // Tested people mostly hold several tests.
        for k in stride(from: 0, to: 288, by: 4) {
            let (s, f) = Self.names(k)
            let dob = "\(1960 + k % 40)-\(String(format: "%02d", 1 + k % 12))-\(String(format: "%02d", 1 + k % 28))"
            records.append(F.record(.cozart, id: "CZ7\(k)", pnc: Self.pnc(k), surname: s, forenames: f, dob: dob, sex: .male))
        }
        for k in 0..<4 {
            records.append(F.record(.niche, id: "N5\(k)", surname: "Hepworth", forenames: "Adeel", dob: "\(1960 + k)-0\(1 + k)-1\(k)", sex: .male))
        }
        records += [
            F.record(.niche, id: "N1", surname: "Hepworth", forenames: "Adeel", dob: nil, sex: .male),
            F.record(.cozart, id: "CZ1", surname: "Hepworth", forenames: "Adeel", dob: "2003-08-13", sex: .male),
            F.record(.cozart, id: "CZ2", surname: "Hepworth", forenames: "Adeel", dob: "2003-08-18", sex: .male),
            F.record(.cozart, id: "CZ3", surname: "Hepworth", forenames: "Adeel", dob: "2003-08-18", sex: .male),
        ]
        let r = F.link(records)
        #expect(r.together("cozart:CZ1", "cozart:CZ2") && r.together("cozart:CZ2", "cozart:CZ3"))
        #expect(r.together("cozart:CZ1", "niche:N1"), "\(r.questions.map(\.evidence))")
        for k in 0..<4 { #expect(!r.together("cozart:CZ1", "niche:N5\(k)")) }
    }

    @Test func aDrugTestWithOneSlipJoinsTheOnlyPersonItCouldBe() throws {
        // Without the other tests' evidence the same pair is only a question (see the Niche case below).
        let r = F.link(Self.background() + [
            F.record(.niche, id: "N1", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-07", sex: .male),
            F.record(.cozart, id: "CZ1", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-05", sex: .male),
        ])
        #expect(r.together("cozart:CZ1", "niche:N1"), "\(r.questions.map(\.evidence))")
        // Whichever record is not the person's anchor carries the link.
        let link = try #require([r.link(of: "cozart:CZ1"), r.link(of: "niche:N1")].compactMap { $0 }.first { $0.method != .anchor })
        #expect(link.method == .probabilistic && link.score >= 0.95)
        // The explanation carries the record's own prior, and its total is the link's probability.
        #expect(link.evidence.contains("on one system only ("), "\(link.evidence)")
        #expect(link.evidence.contains("1 candidate)"))
        #expect(link.evidence.hasSuffix("→ probability " + MatchModel.decimals(link.score, 3)))
        #expect(r.questions.isEmpty)
    }

    /// A rival whose matching record has no date of birth is still one person with the dates their other
    /// records hold: a PNC nominal without a date, whose Niche record gives one years apart, is no
    /// rival to the Niche nominal one digit out.
    @Test func aRivalWithoutADateIsWeighedOnTheDatesTheirOtherRecordsHold() throws {
        let other = "98/39999" + String(PNCIdentifier.expectedCheckLetter(year: 98, serial: 39_999))
        let r = F.link(Self.background() + [
            F.record(.niche, id: "N1", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-07", sex: .male),
            F.record(.pnc, id: other, surname: "Hepworth", forenames: "Adeel", dob: nil, sex: .male),
            F.record(.niche, id: "N2", pnc: other, surname: "Hepworth", forenames: "Adeel", dob: "1971-09-30", sex: .male),
            F.record(.cozart, id: "CZ1", surname: "Hepworth", forenames: "Adeel", dob: "2005-03-07", sex: .male),
        ])
        #expect(r.together("cozart:CZ1", "niche:N1"), "\(r.questions.map(\.evidence))")
        #expect(!r.together("cozart:CZ1", "pnc:\(other)"))
        #expect(r.questions.isEmpty, "\(r.questions.map(\.evidence))")
        // Without the Niche record's date the PNC person is a real rival: the test is asked about.
        let without = F.link(Self.background() + [
            F.record(.niche, id: "N1", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-07", sex: .male),
            F.record(.pnc, id: other, surname: "Hepworth", forenames: "Adeel", dob: nil, sex: .male),
            F.record(.cozart, id: "CZ1", surname: "Hepworth", forenames: "Adeel", dob: "2005-03-07", sex: .male),
        ])
        let joined = without.together("cozart:CZ1", "niche:N1"), asked = without.questions.count
        #expect(!joined && asked > 0)
    }

    /// A Niche nominal matching its PNC nominal (two typing slips) and three drug tests (a date one day
    /// out), the tests not yet joined to each other: the tests are one person, and they and the PNC
    /// nominal are alike enough to be one too (short of accept, above review), so none is a rival for
    /// the Niche record: all five join, and no test is left TEST-UNLINKED.
    @Test func aPersonsRecordsAreNotRivalsForTheirOwnRecord() throws {
        let id = "98/39998" + String(PNCIdentifier.expectedCheckLetter(year: 98, serial: 39_998))
        let r = F.link(Self.background() + [
            F.record(.pnc, id: id, surname: "Hoewlls", forenames: "Ceristopher Mark", dob: "1994-07-06", sex: .male),
            F.record(.niche, id: "N1", surname: "Howells", forenames: "Christopher Mark", dob: "1994-07-06", sex: .male),
            F.record(.cozart, id: "CZ1", surname: "Howells", forenames: "Christopher", dob: "1994-07-07", sex: .male),
            F.record(.cozart, id: "CZ2", surname: "Howells", forenames: "Christopher", dob: "1994-07-07", sex: .male),
            F.record(.cozart, id: "CZ3", surname: "Howells", forenames: "Christopher", dob: "1994-07-07", sex: .male),
        ])
        let pnc = "pnc:" + (try PNCIdentifier.parse(id).get()).canonical
        let joined = ["niche:N1", "cozart:CZ1", "cozart:CZ2", "cozart:CZ3"].allSatisfy { r.together($0, pnc) }
        let questions = r.questions.map(\.evidence)
        #expect(joined, "\(questions)")
        #expect(questions.isEmpty)
    }

    @Test func withoutThatEvidenceTheSamePairIsAQuestion() {
        // Niche nominals here are as often alone as not: the pair model's prior stands.
        let r = F.link([
            F.record(.niche, id: "N1", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-07", sex: .male),
            F.record(.niche, id: "N2", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-05", sex: .male),
        ])
        #expect(!r.together("niche:N1", "niche:N2"))
        #expect(r.questions.count == 1 && r.questions.first?.kind == .review)
    }

    @Test func twoPeopleItCouldBeShareTheProbability() throws {
        let r = F.link(Self.background() + [
            F.record(.niche, id: "N1", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-07", sex: .male),
            F.record(.niche, id: "N2", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-03", sex: .male),
            F.record(.cozart, id: "CZ1", surname: "Hepworth", forenames: "Adeel", dob: "2005-02-05", sex: .male),
        ])
        #expect(!r.together("cozart:CZ1", "niche:N1") && !r.together("cozart:CZ1", "niche:N2"), "\(r.links.filter { $0.method == .probabilistic }.map(\.evidence))")
        let q = try #require(r.questions.first { $0.record == "cozart:CZ1" || $0.other == "cozart:CZ1" })
        #expect(q.kind == .review)
        #expect(q.evidence.contains("2 candidates)") || q.evidence.contains("has another likely match"), "\(q.evidence)")
    }

    @Test func aSecondNicheNominalForSomeoneIsWeighedOnHowRareThatIs() throws {
        // One day out from person 50, held on PNC and Niche. In this run no Niche nominal without a PNC
        // ID belongs to anyone held elsewhere, and a second Niche nominal for one person is rare: not
        // linked, and at most a question whose arithmetic shows the rarity. The same slip on a drug
        // test, which nearly always belongs to someone held elsewhere, is a link.
        let k = 50, (s, f) = Self.names(k)
        let dob = "\(1960 + k % 40)-03-24" // person 50 was born on the 23rd of March 1970
        let r = F.link(Self.background() + [F.record(.niche, id: "N1", surname: s, forenames: f, dob: dob, sex: .male)])
        #expect(!r.together("niche:N1", "niche:N950"))
        #expect(r.questions.count <= 1)
        for q in r.questions {
            #expect(q.record == "niche:N1" && q.score < 0.95)
            #expect(q.evidence.contains("on one system only (Niche records not joined to PNC on identifiers: "), "\(q.evidence)")
            #expect(q.evidence.contains("% held elsewhere, 1 candidate) −"), "\(q.evidence)")
        }
        let test = F.link(Self.background() + [F.record(.cozart, id: "CZ1", surname: s, forenames: f, dob: dob, sex: .male)])
        #expect(test.together("cozart:CZ1", "niche:N950"), "\(test.questions.map(\.evidence))")
        #expect(test.questions.isEmpty)
    }

    @Test func aTestOfSomeoneNobodyHoldsStaysOnItsOwn() {
        let r = F.link(Self.background() + [
            F.record(.cozart, id: "CZ1", surname: "Zygmunt", forenames: "Quinton", dob: "1999-12-31", sex: .male),
        ])
        #expect(r.link(of: "cozart:CZ1")?.method == .anchor)
        #expect(r.questions.isEmpty)
    }

    @Test func theRatesAreInTheManifest() {
        let records = Self.background() + [F.record(.cozart, id: "CZ1", surname: "Zygmunt", forenames: "Quinton", dob: "1999-12-31")]
        let (_, s) = MasterNominalIndex.buildWithStatistics(F.set(records), acceptScore: 0.95, reviewScore: 0.5)
        let held = s.json["how_records_are_held"]
        // Counted over the records that reached no PNC nominal on identifiers: of the tests, CZ1 alone.
        #expect(held?["cozart"]?["records_in_all"] == .int(73))
        #expect(held?["cozart"]?["records_not_joined_to_pnc_on_identifiers"] == .int(1))
        #expect(held?["cozart"]?["held_elsewhere"] == .int(0))
        #expect(held?["cozart"]?["alone"] == .int(1))
        #expect(held?["niche"]?["records_not_joined_to_pnc_on_identifiers"] == .int(144))
        #expect(held?["niche"]?["alone"] == .int(144))
        // One such test says little: the share used leans on all tests (72 of 73 held elsewhere).
        let used = (0 + ExpectedPartner.Rates.shrinkage * (72 + 1) / (73 + 3)) / (1 + ExpectedPartner.Rates.shrinkage)
        #expect(held?["cozart"]?["share_held_elsewhere_used"] == .number((used * 10000).rounded() / 10000))
    }
}

extension LinkExpectedPartnerTests {
    /// Every drug test without a PNC ID here (72) is one slip from its person, so the pair score links
    /// none of them: counted on its links alone, tests would look as if they were nobody's (with no
    /// re-estimation none is linked). How tests are held is estimated with the weighing itself, so
    /// they are linked and the rate says so.
    @Test func howTestsAreHeldIsEstimatedNotJustCounted() throws {
        var records = Self.background()
        var tests: [String] = []
        for k in stride(from: 2, to: Self.stems.count * Self.endings.count, by: 4) {
            let (s, f) = Self.names(k)
            let dob = "\(1960 + k % 40)-\(String(format: "%02d", 1 + k % 12))-\(String(format: "%02d", 2 + k % 28))" // a day out
            records.append(F.record(.cozart, id: "CZS\(k)", surname: s, forenames: f, dob: dob, sex: .male))
            tests.append("cozart:CZS\(k)")
        }
        let (r, stats) = MasterNominalIndex.buildWithStatistics(F.set(records), acceptScore: 0.95, reviewScore: 0.5)
        let joined = tests.filter { t in r.person(of: t).map { p in r.links.filter { $0.masterID == p }.count > 1 } ?? false }
        #expect(joined.count == tests.count, "\(tests.count - joined.count) of \(tests.count) tests left on their own")
        let held = try #require(stats.json["how_records_are_held"]?["cozart"])
        #expect(held["records_not_joined_to_pnc_on_identifiers"] == .int(tests.count))
        #expect(held["held_elsewhere"] == .int(tests.count), "\(held)")
    }
}

extension LinkExpectedPartnerTests {
    /// The background with every tested person tested three times, as drug-test subjects are: most tests
    /// belong to someone tested before.
    static func retested() -> [CanonicalRecord] {
        var records = background()
        for k in stride(from: 0, to: stems.count * endings.count, by: 4) {
            let (s, f) = names(k)
            let dob = "\(1960 + k % 40)-\(String(format: "%02d", 1 + k % 12))-\(String(format: "%02d", 1 + k % 28))"
            for n in 1...2 { records.append(F.record(.cozart, id: "CZ9\(k)R\(n)", pnc: pnc(k), surname: s, forenames: f, dob: dob, sex: .male)) }
        }
        return records
    }

    /// Eight Niche nominals of one name, no two born alike, one of them tested twice; then a test of that
    /// name without a date of birth. The man already tested is far likelier than the seven never tested
    /// (the share of tests whose person holds another is not also spread over everyone else), and the
    /// seven, each of whom would take the undated test as theirs, ask nothing: the test sees eight men.
    @Test func anUndatedTestLeansOnWhoIsAlreadyTested() throws {
        var records = Self.retested()
        for k in 0..<8 {
            records.append(F.record(.niche, id: "NW\(k)", surname: "Priestley", forenames: "Wayne", dob: "19\(60 + 3 * k)-05-17", sex: .male))
        }
        for n in 1...2 { records.append(F.record(.cozart, id: "CZT\(n)", surname: "Priestley", forenames: "Wayne", dob: "1960-05-17", sex: .male)) }
        records.append(F.record(.cozart, id: "CZU", surname: "Priestley", forenames: "Wayne", dob: nil, sex: .male))
        let r = F.link(records)
        #expect(r.together("cozart:CZT1", "niche:NW0") && r.together("cozart:CZT2", "niche:NW0"))
        let questions = r.questions.map { "\($0.record) ~ \($0.other): \($0.evidence)" }
        #expect(!(1..<8).contains { r.together("cozart:CZU", "niche:NW\($0)") }, "\(questions)")
        // Linked to the tested man, or asked about him alone.
        #expect(r.together("cozart:CZU", "niche:NW0") || r.questions.contains { Set([$0.record, $0.other]).contains("cozart:CZU") }, "\(questions)")
        for q in r.questions {
            #expect(!q.record.hasPrefix("niche:NW") && !(q.other.hasPrefix("niche:NW") && q.other != "niche:NW0"), "\(questions)")
        }
    }
}

extension LinkExpectedPartnerTests {
    /// Two Niche nominals without a date of birth, under the name of a PNC nominal who has no Niche
    /// record: each alone would take him, but at most one can be his only Niche nominal and a second is
    /// rare, so neither is linked on that view (at most they are asked about).
    @Test func twoRecordsTakingOnePersonAreWeighedAsIfTheOtherHadJoined() throws {
        let id = "98/39997" + String(PNCIdentifier.expectedCheckLetter(year: 98, serial: 39_997))
        let pnc = "pnc:" + (try PNCIdentifier.parse(id).get()).canonical
        let one = F.link(Self.background() + [
            F.record(.pnc, id: id, surname: "Hepworth", forenames: "Adeel", dob: "1980-04-12", sex: .male),
            F.record(.niche, id: "N1", surname: "Hepworth", forenames: "Adeel", dob: nil, sex: .male),
        ])
        let two = F.link(Self.background() + [
            F.record(.pnc, id: id, surname: "Hepworth", forenames: "Adeel", dob: "1980-04-12", sex: .male),
            F.record(.niche, id: "N1", surname: "Hepworth", forenames: "Adeel", dob: nil, sex: .male),
            F.record(.niche, id: "N2", surname: "Hepworth", forenames: "Adeel", dob: nil, sex: .male),
        ])
        #expect(one.together("niche:N1", pnc), "\(one.questions.map(\.evidence))")
        #expect(!two.together("niche:N1", pnc) && !two.together("niche:N2", pnc), "\(two.links.filter { $0.method == .probabilistic }.map(\.evidence))")
    }
}
