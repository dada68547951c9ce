import Testing
@testable import IOMAudit

private typealias F = LinkFixture

/// The division comparison: each record's unit code (PNC owner, Niche owning unit, MiCase hub, JTrack
/// area, custody suite, release area) mapped to its division through the force's seed, as the audit
/// attributes findings, and weighed like any other comparison.
@Suite struct LinkDivisionTests {
    static let calderdale = Division(code: "CD", name: "Calderdale"), leeds = Division(code: "LD", name: "Leeds")

    static func units(reversed: Bool = false) -> UnitDivisionMap {
        var entries = [
            UnitDivisionEntry(system: .niche, unitCode: "CD-NPT-HALIFAX", division: calderdale, unitName: "Halifax", basis: "test"),
            UnitDivisionEntry(system: .cozart, unitCode: "13C3", division: calderdale, unitName: "Halifax custody", basis: "test"),
            UnitDivisionEntry(system: .cozart, unitCode: "13L4", division: leeds, unitName: "Leeds custody", basis: "test"),
            UnitDivisionEntry(system: .pnc, unitCode: "13XX", division: .unknown, unitName: "headquarters", basis: "test"),
            UnitDivisionEntry(system: .pnc, unitCode: "13C3", division: calderdale, unitName: "Halifax", basis: "test"),
            UnitDivisionEntry(system: .pnc, unitCode: "13L4", division: leeds, unitName: "Leeds", basis: "test"),
            UnitDivisionEntry(system: .niche, unitCode: "LD-NPT-LEEDS", division: leeds, unitName: "Leeds", basis: "test"),
        ]
        if reversed { entries.reverse() }
        return UnitDivisionMap(entries: entries)
    }

    static func records() -> [CanonicalRecord] {
        [
            F.record(.niche, id: "N1", surname: "Holroyd", forenames: "James", dob: "1985-08-17", sex: .male,
                     fields: ["owningUnit": .text("CD-NPT-HALIFAX")]),
            F.record(.cozart, id: "CZ1", surname: "Holroyd", forenames: "James", dob: "1985-08-17", sex: .male, fields: ["testSite": .text("13C3")]),
            F.record(.cozart, id: "CZ2", surname: "Holroyd", forenames: "James", dob: "1985-08-17", sex: .male, fields: ["testSite": .text("13L4")]),
            F.record(.cozart, id: "CZ3", surname: "Holroyd", forenames: "James", dob: "1985-08-17", sex: .male),
            F.record(.cozart, id: "CZ4", surname: "Holroyd", forenames: "James", dob: "1985-08-17", sex: .male, fields: ["testSite": .text("13Z9")]),
        ]
    }

    @Test func sameDivisionAgreesAnotherDiffersNoneOrUnmappedIsMissing() {
        let t = LinkRecordTable(F.set(Self.records()), units: Self.units())
        let key = Dictionary(uniqueKeysWithValues: (0..<t.count).map { (t.keys[$0], $0) })
        let niche = key["niche:N1"]!
        func compared(_ k: String) -> (vector: ComparisonVector, weight: Double) { t.compare(niche, key[k]!)! }
        #expect(compared("cozart:CZ1").vector.division == .equal)
        #expect(compared("cozart:CZ2").vector.division == .different)
        #expect(compared("cozart:CZ3").vector.division == .missing)     // no custody suite
        #expect(compared("cozart:CZ4").vector.division == .missing)     // a suite the seed does not map
        // Agreement adds, disagreement takes away, nothing to compare leaves the score alone.
        let agree = compared("cozart:CZ1").weight, differ = compared("cozart:CZ2").weight, none = compared("cozart:CZ3").weight
        #expect(agree > none && none > differ)
        #expect(abs(agree - none - t.model.divisionWeight[0]) < 1e-9)
        #expect(compared("cozart:CZ1").vector.evidence.contains("division agrees"))
        #expect(t.model.waterfall(compared("cozart:CZ2").vector).contains("division differs −"))
        // Without the force's unit seed nothing is compared.
        let bare = LinkRecordTable(F.set(Self.records()))
        #expect((0..<bare.count).allSatisfy { bare.identity[$0].division == 0 })
    }

    @Test func divisionNumbersFollowTheCodesNotTheSeedsOrder() {
        let a = LinkRecordTable.divisionNumbers(Self.units()), b = LinkRecordTable.divisionNumbers(Self.units(reversed: true))
        #expect(a == [1, 1, 2, 0, 1, 2, 2])
        #expect(b == Array(a.reversed()))
    }

    /// A force whose units always agree between records of one person must not make a disagreement
    /// count as much as a name: the division's m stays within about one bit of its starting value.
    @Test func aForceWhoseUnitsAlwaysAgreeStillBoundsTheDisagreement() {
        // Half the people in Calderdale, half in Leeds, on both systems; every tenth at a PNC unit the seed
        // leaves unmapped. Every pair of one person's records with two divisions agrees.
        let records = LinkModelFitTests.population(2_000, surnames: 600) { i in
            (i % 10 == 9 ? "13XX" : i % 2 == 0 ? "13C3" : "13L4", i % 2 == 0 ? "CD-NPT-HALIFAX" : "LD-NPT-LEEDS")
        }
        let table = LinkRecordTable(F.set(records), units: Self.units())
        var det = DeterministicLinking(table, micase: [])
        let model = ModelFit.fit(table, roots: det.sets.roots()).model
        let m0 = MatchModel.judgementLevels[.division]!.m, m = model.levels[.division]!.m
        // Held at half its start, then normalised with agreement (m summing to one).
        #expect(m[2] >= m0[2] / 2 / (1 + m0[2] / 2) * 0.999 && m[2] <= m0[2] * 2 * 1.001, "division different m \(m[2])")
        #expect(model.divisionWeight[2] > -4)
        #expect(model.divisionWeight[0] > 0 && model.divisionWeight[2] < 0)
    }
}
