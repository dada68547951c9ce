import Testing
@testable import IOMAudit

@Suite struct LinkMasterNominalIndexTests {
    typealias F = LinkFixture

    static let pncA = "04/12345" + String(PNCIdentifier.expectedCheckLetter(year: 4, serial: 12345))
    static let pncB = "10/777" + String(PNCIdentifier.expectedCheckLetter(year: 10, serial: 777))
    static let pncC = "15/4242" + String(PNCIdentifier.expectedCheckLetter(year: 15, serial: 4242))

    func nominal(_ id: String = pncA, surname: String = "Hinchliffe", forenames: String = "Oliver James",
                 dob: String = "1985-08-17", sex: Sex = .male, cro: String? = nil, aliases: [F.Alias] = []) -> CanonicalRecord {
        F.record(.pnc, id: id, cro: cro, surname: surname, forenames: forenames, dob: dob, sex: sex, aliases: aliases)
    }

    var pncKey: String { "pnc:" + PNCIdentifier(Self.pncA)!.canonical }

    @Test func oneLetterTypoUnderSharedPNCIDLinks() {
        let r = F.link([nominal(), F.record(.niche, id: "N1", pnc: Self.pncA, surname: "Hinchlifge", forenames: "Oliver", dob: "1985-08-17")])
        #expect(r.together(pncKey, "niche:N1"))
        #expect(r.questions.isEmpty)
        #expect(r.link(of: "niche:N1")?.method == .pncID)
        #expect(r.link(of: "niche:N1")?.evidence.contains("surname one typing slip") == true)
        let short = F.link([nominal(surname: "Smith"), F.record(.niche, id: "N1", pnc: Self.pncA, surname: "Smxth", forenames: "Oliver", dob: "1985-08-17")])
        #expect(short.together(pncKey, "niche:N1") && short.questions.isEmpty)
        #expect(short.link(of: "niche:N1")?.evidence.contains("surname one typing slip") == true)
    }

    @Test func transposedDateOfBirthLinks() {
        let r = F.link([nominal(dob: "1985-03-11"), F.record(.jtrack, id: "JT1", pnc: Self.pncA, surname: "Hinchliffe", forenames: "Oliver", dob: "1985-11-03"),
                        F.record(.cozart, id: "CZ1", pnc: Self.pncA, surname: "Hinchliffe", forenames: "Oliver", dob: "1985-03-12"),
                        F.record(.micase, id: "MC1", pnc: Self.pncA, surname: "Zebedee", forenames: "Quentin", dob: "1985-11-03")])
        #expect(r.together(pncKey, "jtrack:JT1"))
        #expect(r.together(pncKey, "micase:MC1")) // transposed date: no conflict despite other names
        #expect(r.together(pncKey, "cozart:CZ1")) // one digit off
        #expect(r.questions.isEmpty)
        #expect(r.link(of: "micase:MC1")?.evidence.contains("dob day and month transposed") == true)
    }

    @Test func swappedForenameAndSurnameLinks() {
        let r = F.link([nominal(), F.record(.niche, id: "N1", pnc: Self.pncA, surname: "Oliver", forenames: "Hinchliffe", dob: "1979-01-30")])
        #expect(r.together(pncKey, "niche:N1"))
        #expect(r.questions.isEmpty)
        // Without the PNC ID, the swap still links on the score.
        let s = F.link([nominal(), F.record(.niche, id: "N2", surname: "Oliver", forenames: "Hinchliffe", dob: "1985-08-17", sex: .male)])
        #expect(s.together(pncKey, "niche:N2"))
        #expect(s.link(of: "niche:N2")?.method == .probabilistic)
        #expect(s.link(of: "niche:N2")?.evidence.contains("swapped") == true)
    }

    @Test func clearlyDifferentIdentityUnderSharedPNCIDIsAConflict() {
        let r = F.link([nominal(), F.record(.niche, id: "N1", pnc: Self.pncA, surname: "Quarmby", forenames: "Wendy", dob: "1962-02-11", sex: .female)])
        #expect(!r.together(pncKey, "niche:N1"))
        let q = r.questions.filter { $0.kind == .conflict }
        #expect(q.count == 1)
        #expect(q.first?.record == "niche:N1")
        #expect(q.first?.other == pncKey)
        #expect(r.persons.count == 2)
        #expect(r.link(of: "niche:N1")?.method == .anchor)
    }

    /// A relative's PNC ID: the surname (or a part of it) is shared, but the forename, the date of birth
    /// and the sex are not. The same surname with a nickname, the other's middle name or a forename
    /// missing still joins on the ID.
    @Test func aRelativesPNCIDUnderTheFamilyNameIsAConflict() {
        let father = F.record(.pnc, id: Self.pncA, surname: "Vaughan Williams", forenames: "Richard", dob: "1979-05-30", sex: .male)
        let daughter = F.record(.niche, id: "N1", pnc: Self.pncA, surname: "Williams", forenames: "Sunita", dob: "1994-01-29", sex: .female)
        let r = F.link([father, daughter])
        #expect(r.questions.map(\.kind) == [.conflict])
        #expect(!r.together("niche:N1", pncKey))
        for (forenames, joins) in [("Rich", true), ("Thomas Richard", true), ("", true), ("Robert", true), ("Sunita", false)] {
            let n = F.record(.niche, id: "N2", pnc: Self.pncA, surname: "Williams", forenames: forenames, dob: "1994-01-29", sex: .male)
            #expect(F.link([father, n]).together("niche:N2", pncKey) == joins, "\(forenames)")
        }
    }

    /// The record carrying someone else's PNC ID still joins its real person on name and date of birth.
    @Test func conflictingRecordJoinsItsRealPerson() {
        let r = F.link([nominal(), nominal(Self.pncB, surname: "Quarmby", forenames: "Wendy", dob: "1962-02-11", sex: .female),
                        F.record(.niche, id: "N1", pnc: Self.pncA, surname: "Quarmby", forenames: "Wendy", dob: "1962-02-11", sex: .female)])
        #expect(r.questions.map(\.kind) == [.conflict])
        #expect(r.together("niche:N1", "pnc:" + PNCIdentifier(Self.pncB)!.canonical))
        #expect(r.link(of: "niche:N1")?.method == .probabilistic)
        #expect(!r.together("niche:N1", pncKey))
    }

    @Test func sameNameAndDateWithoutPNCIDLinksOnTheScore() throws {
        let r = F.link([nominal(), F.record(.niche, id: "N1", surname: "HINCHLIFFE", forenames: "oliver james", dob: "1985-08-17", sex: .male)])
        #expect(r.together(pncKey, "niche:N1"))
        let l = try #require(r.link(of: "niche:N1"))
        #expect(l.method == .probabilistic)
        #expect(l.score >= 0.95)
        #expect(l.matchedTo == pncKey)
        // The link shows the model's arithmetic: each comparison's weight, the prior and the total.
        #expect(l.evidence.hasPrefix("surname equal +"))
        for part in ["; forename equal +", "; middle names equal +", "; dob equal +", "; sex agrees +", "; prior −", "→ probability "] {
            #expect(l.evidence.contains(part), "\(part) in \(l.evidence)")
        }
        #expect(r.questions.isEmpty)
        #expect(r.persons.count == 1 && r.persons[0].masterID == "P:" + PNCIdentifier(Self.pncA)!.canonical)
    }

    @Test func marriedNameIsAQuestionNotALink() throws {
        let r = F.link([nominal(surname: "Cook", forenames: "Joanne", dob: "1997-05-05", sex: .female, cro: "008954/23G"),
                        F.record(.niche, id: "N1", cro: "008954/23G", surname: "Quested", forenames: "Joanne", dob: "1997-05-05", sex: .female)])
        #expect(r.persons.count == 2)
        let q = try #require(r.questions.first)
        #expect(r.questions.count == 1)
        #expect(q.kind == .review && q.record == "niche:N1")
        #expect(q.score >= 0.5)
        #expect(q.evidence.contains("surname differs"))
        // The CRO number agrees under another surname: asked, never joined, whatever the score.
        #expect(q.evidence.contains("cro equal under another surname: confirm before linking"))
    }

    @Test func sameNameDifferentDateOfBirthIsNotLinked() {
        let r = F.link([nominal(), F.record(.niche, id: "N1", surname: "Hinchliffe", forenames: "Oliver James", dob: "1991-04-23", sex: .male),
                        F.record(.niche, id: "N2", surname: "Hinchliffe", forenames: "Oliver", dob: "1985-08-27", sex: .male)])
        #expect(!r.together(pncKey, "niche:N1"))
        #expect(r.persons.count == 3)
        // One digit off with surname and forename equal is a question, not a link.
        #expect(r.questions.map(\.record) == ["niche:N2"])
        #expect(r.questions.first?.kind == .review)
    }

    @Test func siblingsAreNotLinked() {
        let r = F.link([nominal(), F.record(.niche, id: "N1", surname: "Hinchliffe", forenames: "Gary", dob: "1985-08-17", sex: .male)])
        #expect(r.persons.count == 2 && r.questions.isEmpty)
    }

    /// Two PNC nominals both match above the accept score: a person decides.
    @Test func ambiguityIsAQuestion() throws {
        let r = F.link([nominal(cro: nil), nominal(Self.pncB, surname: "Hinchliffe", forenames: "Oliver James", dob: "1985-08-17"),
                        F.record(.cozart, id: "CZ1", surname: "Hinchliffe", forenames: "Oliver James", dob: "1985-08-17", sex: .male)])
        #expect(r.persons.count == 3)
        let q = try #require(r.questions.first)
        #expect(q.kind == .review && q.record == "cozart:CZ1" && q.other == pncKey)
        #expect(q.evidence.contains("2 people match it and cannot be one person"))
    }

    @Test func identifiersJoin() {
        let r = F.link([
            nominal(cro: "1082/00A"),
            F.record(.niche, id: "N1", cro: "001082/00A", surname: "Hinchliffe", forenames: "Oliver", dob: nil),
            F.record(.micase, id: "MC1", surname: "Hinchliffe", forenames: "Oliver", dob: nil, fields: ["nicheId": .text("N1")]),
            F.record(.prison, id: "A1234BC", surname: "Smith", forenames: "John", dob: "1970-05-05", fields: ["receivedOn": .date(CalendarDate(iso: "2024-01-05")!)]),
            F.record(.prison, id: "A1234BC", surname: "Smith", forenames: "John", dob: "1970-05-05", fields: ["receivedOn": .date(CalendarDate(iso: "2025-03-01")!)]),
            // A PNC ID no PNC nominal holds: the records holding it still join.
            F.record(.niche, id: "N7", pnc: Self.pncC, surname: "Lister", forenames: "Amy", dob: "2001-01-01"),
            F.record(.jtrack, id: "JT7", pnc: Self.pncC, surname: "Lister", forenames: "Amy", dob: "2001-01-01"),
        ])
        #expect(r.link(of: "niche:N1")?.method == .croNumber)
        #expect(r.link(of: "micase:MC1")?.method == .crossReference)
        #expect(r.together(pncKey, "micase:MC1"))
        #expect(r.together("prison:A1234BC@2024-01-05", "prison:A1234BC@2025-03-01"))
        #expect(r.link(of: "prison:A1234BC@2025-03-01")?.method == .prisonNumber)
        #expect(r.together("niche:N7", "jtrack:JT7"))
        #expect(r.link(of: "jtrack:JT7")?.method == .pncID)
        #expect(r.persons.count == 3)
        #expect(r.questions.isEmpty)
    }

    @Test func aliasesCount() {
        let r = F.link([nominal(aliases: [F.Alias(surname: "Smyth", forenames: "Jon", dob: "1986-01-01")]),
                        F.record(.cozart, id: "CZ1", surname: "Smyth", forenames: "Jon", dob: "1986-01-01", sex: .male)])
        #expect(r.together(pncKey, "cozart:CZ1"))
        #expect(r.link(of: "cozart:CZ1")?.evidence.contains("PNC alias") == true)
    }

    @Test func masterIDs() throws {
        let r = F.link([nominal(), F.record(.cozart, id: "CZ9", surname: "Nutbrown", forenames: "Ian", dob: "1990-02-03"),
                        F.record(.niche, id: "N9", surname: "Nutbrown", forenames: "Ian", dob: "1990-02-03")])
        #expect(r.persons.map(\.masterID).count == 2)
        var h = SHA256()
        h.update(Array("cozart:CZ9".utf8))
        let digest = String(SHA256.hex(of: h.finalize()).prefix(12)).uppercased()
        #expect(r.person(of: "niche:N9") == "M:" + digest)
        // The anchor is the first record in system order (the Niche nominal), the id from the smallest key.
        #expect(r.link(of: "niche:N9")?.method == .anchor)
        #expect(r.link(of: "cozart:CZ9")?.matchedTo == "niche:N9")
    }

    /// The same records in another order give the same persons, links and questions.
    @Test func orderDoesNotMatter() {
        var records = [
            nominal(cro: "1082/00A"),
            nominal(Self.pncB, surname: "Quarmby", forenames: "Wendy", dob: "1962-02-11", sex: .female),
            nominal(Self.pncC, surname: "Cook", forenames: "Joanne", dob: "1997-05-05", sex: .female),
            F.record(.niche, id: "N1", pnc: Self.pncA, surname: "Quarmby", forenames: "Wendy", dob: "1962-02-11", sex: .female),
            F.record(.niche, id: "N2", surname: "Quested", forenames: "Joanne", dob: "1997-05-05", sex: .female),
            F.record(.niche, id: "N3", surname: "Nutbrown", forenames: "Ian", dob: "1990-02-03"),
            F.record(.cozart, id: "CZ1", surname: "Nutbrown", forenames: "Ian", dob: "1990-02-03"),
            F.record(.cozart, id: "CZ2", surname: "Nutbrown", forenames: "Ian", dob: "1990-03-02"),
            F.record(.prison, id: "A1234BC", surname: "Nutbrown", forenames: "Ian", dob: "1990-02-03", fields: ["receivedOn": .date(CalendarDate(iso: "2024-01-05")!)]),
            F.record(.micase, id: "MC1", pnc: Self.pncA, surname: "Hinchliffe", forenames: "Oliver", dob: "1985-08-17", fields: ["nicheId": .text("N9")]),
            F.record(.niche, id: "N9", surname: "Hinchliffe", forenames: "Oliver", dob: "1985-08-17"),
            F.record(.jtrack, id: "JT1", surname: "Hinchliffe", forenames: "Olivier", dob: "1985-08-17"),
        ]
        func snapshot(_ r: LinkResult) -> [String] {
            r.persons.map { $0.masterID + "=" + $0.identities.map(\.key).joined(separator: ",") }
                + r.links.map { "\($0.record) \($0.masterID) \($0.method.rawValue) \($0.score) \($0.evidence) \($0.matchedTo ?? "-")" }
                + r.questions.map { "\($0.kind.rawValue) \($0.record) \($0.other) \($0.score) \($0.evidence)" }
        }
        let first = snapshot(F.link(records))
        #expect(first.count > records.count)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<6 {
            records.shuffle(using: &rng)
            #expect(snapshot(F.link(records)) == first)
        }
        records.reverse()
        #expect(snapshot(F.link(records)) == first)
    }
}

extension LinkMasterNominalIndexTests {
    /// Two Niche-only sets both match a drug test above accept but not each other: a question, no join.
    @Test func ambiguityWithoutPNCIsAQuestion() throws {
        let r = F.link([F.record(.niche, id: "N1", surname: "Lister", forenames: "John Paul", dob: "1990-03-19", sex: .male),
                        F.record(.niche, id: "N2", surname: "Lister", forenames: "John Paul", dob: "1990-03-21", sex: .male),
                        F.record(.cozart, id: "CZ1", surname: "Lister", forenames: "John Paul", dob: "1990-03-20", sex: .male)])
        #expect(r.persons.count == 3)
        let q = try #require(r.questions.first { $0.record == "cozart:CZ1" })
        #expect(q.kind == .review)
        #expect(q.evidence.contains("2 people match it and cannot be one person"))
    }
}

extension LinkMasterNominalIndexTests {
    /// Two PNC nominals match a drug test above accept, one exactly and one a day out: the exact one is
    /// far likelier, so the test joins it and nobody is asked.
    @Test func ambiguityWithAClearFavouriteJoinsIt() {
        let r = F.link([nominal(), nominal(Self.pncB, dob: "1985-08-18"),
                        F.record(.cozart, id: "CZ1", surname: "Hinchliffe", forenames: "Oliver James", dob: "1985-08-17", sex: .male)])
        #expect(r.together(pncKey, "cozart:CZ1"))
        #expect(r.questions.isEmpty)
    }

    /// A drug test matching four PNC nominals of the same name and date of birth (duplicates on PNC)
    /// equally: no one could choose from the test alone, so it is neither joined nor asked about, and
    /// counted. Two such nominals are a choice a person can make: both are asked about.
    @Test func tooManyEqualCandidatesAreNotAQuestion() throws {
        let ids = [Self.pncA, Self.pncB, Self.pncC, "19/31" + String(PNCIdentifier.expectedCheckLetter(year: 19, serial: 31))]
        let namesakes = LinkExpectedPartnerTests.background() + ids.map { nominal($0) }
        let test = F.record(.cozart, id: "CZ1", surname: "Hinchliffe", forenames: "Oliver James", dob: "1985-08-17", sex: .male)

        let (four, stats) = MasterNominalIndex.buildWithStatistics(F.set(namesakes + [test]), acceptScore: 0.95, reviewScore: 0.5)
        #expect(four.link(of: "cozart:CZ1")?.method == .anchor)
        #expect(four.questions.isEmpty, "\(four.questions.map(\.evidence))")
        #expect(stats.tooCommonToAsk == 1)
        #expect(stats.json["records_matching_too_many_people_to_ask"] == .int(1))

        let (two, twoStats) = MasterNominalIndex.buildWithStatistics(F.set(namesakes.dropLast(2) + [test]), acceptScore: 0.95, reviewScore: 0.5)
        #expect(Set(two.questions.filter { $0.record == "cozart:CZ1" }.map(\.other)) == ["pnc:" + PNCIdentifier(Self.pncA)!.canonical, "pnc:" + PNCIdentifier(Self.pncB)!.canonical])
        #expect(twoStats.tooCommonToAsk == 0)
    }

    /// The rule itself: link a clear favourite, ask about two or three, never about more.
    @Test func choosingBetweenPeopleWhoCannotBeOne() {
        typealias P = ProbabilisticLinking
        #expect(P.choose([12, 2], accept: 0.95, review: 0.5).choice == .link)
        #expect(P.choose([12, 12], accept: 0.95, review: 0.5).choice == .ask(2))
        #expect(P.choose([12, 12, 12], accept: 0.95, review: 0.5).choice == .ask(3))
        #expect(P.choose([12, 12, 12, 12], accept: 0.95, review: 0.5).choice == .tooMany)
        #expect(P.choose([1, -6], accept: 0.95, review: 0.5).choice == .ask(1))
        #expect(P.choose([-3, -3, -3, -3], accept: 0.95, review: 0.5).choice == .nothing)
        let p = P.choose([3, 3], accept: 0.95, review: 0.5).probabilities
        #expect(abs(p[0] + p[1] + 1 / (1 + 2 * 8) - 1) < 1e-12)
    }
}
