import Testing
@testable import IOMAudit

/// Agreeing on a surname and forename that go together (a community's names) says less than the two
/// frequencies apart claim (`NamesTogether`).
@Suite struct LinkNamesTogetherTests {
    typealias F = LinkFixture

    /// 200 people with names that do not go together, six Radulescus all called Madalina, one person
    /// with five records, and one rare pair of names.
    static func records() -> [CanonicalRecord] {
        var r: [CanonicalRecord] = []
        let surnames = ["Ackroyd", "Barraclough", "Crowther", "Dewhirst", "Eastwood", "Firth", "Greenwood", "Haigh", "Jowett", "Kershaw"]
        let forenames = ["Wayne", "Darren", "Craig", "Lee", "Dean", "Kelly", "Joanne", "Gemma", "Stacey", "Lisa",
                         "Paul", "Mark", "Gary", "Neil", "Scott", "Emma", "Claire", "Donna", "Tracy", "Julie"]
        for (k, (s, f)) in surnames.flatMap({ s in forenames.map { (s, $0) } }).enumerated() {
            r.append(F.record(.niche, id: "N\(k)", surname: s, forenames: f, dob: "19\(50 + k % 50)-0\(1 + k % 9)-1\(k % 10)"))
        }
        for k in 0..<6 { r.append(F.record(.niche, id: "R\(k)", surname: "Radulescu", forenames: "Madalina", dob: "19\(60 + k)-05-0\(1 + k)")) }
        // Four more who share the middle name too, and one whose middle name is her own.
        for k in 0..<4 { r.append(F.record(.niche, id: "RC\(k)", surname: "Radulescu", forenames: "Madalina Catalina", dob: "19\(70 + k)-06-0\(1 + k)")) }
        r.append(F.record(.niche, id: "RO", surname: "Radulescu", forenames: "Madalina Ofelia", dob: "1980-07-01"))
        for k in 0..<5 { r.append(F.record(.cozart, id: "T\(k)", surname: "Holroyd", forenames: "Quentin", dob: "1977-09-17")) }
        r.append(F.record(.niche, id: "Q1", surname: "Oddie", forenames: "Ptolemy", dob: "1981-02-03"))
        return r
    }

    func bits(sameSetFor prefix: String? = nil) -> (t: LinkRecordTable, bits: [Float], withMiddle: [Float]) {
        let t = LinkRecordTable(F.set(Self.records()))
        var roots = (0..<t.count).map { Int32($0) }
        // The five tests as one person (their PNC ID joined them), or as five.
        if let prefix {
            let members = (0..<t.count).filter { t.keys[$0].hasPrefix(prefix) }
            for i in members { roots[i] = Int32(members[0]) }
        }
        let b = NamesTogether.bits(t, roots: roots, middleU: 0.005)
        return (t, b.names, b.withMiddle)
    }

    func index(_ t: LinkRecordTable, _ key: String) -> Int { t.keys.firstIndex(of: key)! }

    @Test func namesThatGoTogetherWeighLess() {
        let (t, b, _) = bits(sameSetFor: "cozart:T")
        let radulescu = b[index(t, "niche:R0")]
        // Six people share both names where the parts apart predict well under one: about −1.4 bits.
        #expect(radulescu < -1 && radulescu >= Float(NamesTogether.floor))
        // Names that do not go together, and a rare pair, are left as the parts weigh them.
        #expect(b[index(t, "niche:N0")] == 0)
        #expect(b[index(t, "niche:Q1")] == 0)
        // A person's own records do not make their name look common.
        #expect(b[index(t, "cozart:T0")] == 0)
        // Counted as five people, they would.
        let (t5, b5, _) = bits()
        #expect(b5[index(t5, "cozart:T0")] < 0)
    }

    @Test func middleNamesThatGoWithThemWeighLessAgain() {
        let (t, b, m) = bits()
        let shared = index(t, "niche:RC0"), own = index(t, "niche:RO")
        // Four share Catalina among eleven Madalina Radulescus, where the model expects 0.05 of one.
        #expect(m[shared] < b[shared] - 0.5)
        #expect(m[own] == b[own])
        #expect(m[index(t, "niche:R0")] == 0) // no middle names: never used
    }

    @Test func theAdjustmentIsInTheComparisonAndItsExplanation() throws {
        let records = Self.records() + [F.record(.cozart, id: "CZ1", surname: "Radulescu", forenames: "Madalina", dob: "1960-05-01"),
                                        F.record(.cozart, id: "CZ2", surname: "Ackroyd", forenames: "Wayne", dob: "1950-01-10")]
        var t = LinkRecordTable(F.set(records))
        let (_, model) = ModelFit.fit(t, roots: (0..<t.count).map { Int32($0) })
        t = t.with(model: model)
        let (v, w) = try #require(t.compare(index(t, "cozart:CZ1"), index(t, "niche:R0")))
        #expect(v.namesTogether < -1)
        let text = t.model.waterfall(v)
        #expect(text.contains("surname and forename often go together −"), "\(text)")
        // The line is part of the sum: without it the weight is that much more.
        var apart = v
        apart.namesTogether = 0
        #expect(abs(t.model.weight(apart) - Double(-v.namesTogether) - w) < 1e-9)
        // Never for names that do not go together.
        let (plain, _) = try #require(t.compare(index(t, "cozart:CZ2"), index(t, "niche:N0")))
        #expect(plain.namesTogether == 0)
        #expect(!t.model.waterfall(plain).contains("go together"))
    }
}
