import Foundation
import Testing
@testable import IOMAudit

/// The match model fitted to the run's own records: EM, u from random pairs, term frequencies, prior.
@Suite struct LinkModelFitTests {
    typealias C = MatchModel.Comparison
    typealias F = LinkFixture

    /// Expected pattern counts of a known two-class model over surname and forename (no noise).
    func counts(m: [C: [Double]], u: [C: [Double]], matchShare: Double, pairs: Double) -> [Double] {
        var out = [Double](repeating: 0, count: ModelFit.patternCount)
        let missing = NameComparison.Level.missing.rawValue
        for s in 0..<missing {
            for f in 0..<missing {
                var v = ComparisonVector()
                v.surname = NameComparison.Level(rawValue: s)!
                v.forename = NameComparison.Level(rawValue: f)!
                let pm = matchShare * m[.surname]![Int(s)] * m[.forename]![Int(f)]
                let pu = (1 - matchShare) * u[.surname]![Int(s)] * u[.forename]![Int(f)]
                out[ModelFit.pattern(v)] += pairs * (pm + pu)
            }
        }
        return out
    }

    @Test func expectationMaximisationRecoversAKnownModelAndConverges() {
        var truthM = MatchModel.judgementLevels
        //                      exact variant middle part typo close similar initial sameInitial different missing
        truthM[.surname]!.m = [0.80, 0, 0, 0.02, 0.05, 0.03, 0.02, 0, 0, 0.08, 0]
        truthM[.forename]!.m = [0.74, 0.10, 0.01, 0, 0.04, 0.02, 0.01, 0.03, 0.02, 0.03, 0]
        let levels = MatchModel.judgementLevels
        let sample = counts(m: [.surname: truthM[.surname]!.m, .forename: truthM[.forename]!.m],
                            u: [.surname: levels[.surname]!.u, .forename: levels[.forename]!.u], matchShare: 0.02, pairs: 5_000_000)
        var input = ModelFit.Sample()
        input.counts = sample
        input.pairs = 5_000_000
        let r = ModelFit.expectationMaximisation(input, fitting: [.surname, .forename], levels: levels, judgement: levels)
        #expect(r.session.converged, "\(r.session.iterations)")
        #expect(r.session.iterations < ModelFit.maximumIterations)
        #expect(abs(r.session.matchShare - 0.02) < 0.001)
        for c in [C.surname, .forename] {
            for l in 0..<c.missingLevel where c.applies(l) {
                #expect(abs(r.levels[c]!.m[l] - truthM[c]!.m[l]) < 0.01, "\(c) level \(l): \(r.levels[c]!.m[l])")
            }
        }
        // The same input gives the same numbers, bit for bit.
        let again = ModelFit.expectationMaximisation(input, fitting: [.surname, .forename], levels: levels, judgement: levels)
        #expect(again.levels == r.levels && again.session.matchShare == r.session.matchShare)
    }

    /// Pairs the identifiers settled keep their label: a coincidence cluster the names alone would call
    /// a match (same forename, surname differs) stays a non-match when identifiers say so.
    @Test func labelledPairsAnchorTheFit() {
        let levels = MatchModel.judgementLevels
        var v = ComparisonVector(); v.surname = .exact; v.forename = .exact
        var w = ComparisonVector(); w.surname = .different; w.forename = .exact
        var x = ComparisonVector(); x.surname = .different; x.forename = .different
        var unlabelled = ModelFit.Sample()
        unlabelled.counts[ModelFit.pattern(v)] = 1_000
        unlabelled.counts[ModelFit.pattern(w)] = 3_000
        unlabelled.counts[ModelFit.pattern(x)] = 100_000
        var labelled = unlabelled
        labelled.matches[ModelFit.pattern(v)] = labelled.counts[ModelFit.pattern(v)]
        labelled.counts[ModelFit.pattern(v)] = 0
        labelled.nonMatches[ModelFit.pattern(w)] = labelled.counts[ModelFit.pattern(w)]
        labelled.counts[ModelFit.pattern(w)] = 0
        let a = ModelFit.expectationMaximisation(unlabelled, fitting: [.surname, .forename], levels: levels, judgement: levels)
        let b = ModelFit.expectationMaximisation(labelled, fitting: [.surname, .forename], levels: levels, judgement: levels)
        let different = Int(NameComparison.Level.different.rawValue)
        #expect(b.levels[.surname]!.m[different] < 0.05)
        #expect(b.levels[.surname]!.m[different] < a.levels[.surname]!.m[different])
    }

    /// With enough identifier-settled matches, m is what they show and EM fits only the match share.
    @Test func plentyOfLabelsGiveMFromTheLabels() {
        let levels = MatchModel.judgementLevels
        var v = ComparisonVector(); v.surname = .exact; v.forename = .exact
        var t = ComparisonVector(); t.surname = .typo; t.forename = .exact
        var x = ComparisonVector(); x.surname = .different; x.forename = .different
        var sample = ModelFit.Sample()
        sample.matches[ModelFit.pattern(v)] = 9_000
        sample.matches[ModelFit.pattern(t)] = 1_000
        sample.counts[ModelFit.pattern(x)] = 500_000
        let r = ModelFit.expectationMaximisation(sample, fitting: [.surname, .forename], levels: levels, judgement: levels)
        let typo = Int(NameComparison.Level.typo.rawValue)
        // 1,000 of 10,000 labelled matches, with 500 pseudo-pairs at the judgement's 0.03.
        let expected: Double = (1_000.0 + 500.0 * 0.03) / 10_500.0
        let got: Double = r.levels[.surname]!.m[typo]
        #expect(abs(got - expected) < 1e-5)
        #expect(r.session.labelledMatches == 10_000)
        #expect(r.session.converged, "\(r.session.iterations)")
        let share: Double = 10_000.0 / 510_000.0
        #expect(abs(r.session.matchShare - share) < 0.002)
    }

    @Test func boundsHoldAWildValueNearItsStart() {
        var report = ModelFit.Report()
        #expect(ModelFit.bound(0.9, around: 0.01, bits: 3, label: "x", &report) == 0.08)
        #expect(ModelFit.bound(1e-9, around: 0.01, bits: 3, label: "y", &report) == 0.01 / 8)
        #expect(ModelFit.bound(0.02, around: 0.01, bits: 3, label: "z", &report) == 0.02)
        #expect(report.bounded == ["x", "y"])
    }

    /// A population of `people` with two records each (a PNC nominal and a Niche record without the ID).
    /// `units`: the PNC owner unit and Niche owning unit of person `i`.
    static func population(_ people: Int, surnames: Int, seed: UInt64 = 7,
                           units: ((Int) -> (pnc: String, niche: String))? = nil) -> [CanonicalRecord] {
        var rng = SplitMix(seed: seed)
        let forenames = ["JAMES", "OLIVER", "WENDY", "SARAH", "MOHAMMED", "JACK", "AMELIA", "HARRY", "PRIYA", "TOMASZ",
                         "GEORGE", "ISLA", "NOAH", "LEO", "FREYA", "ARTHUR", "ZARA", "OSCAR", "RUBY", "ADAM"]
        var out: [CanonicalRecord] = []
        for i in 0..<people {
            let s = "S" + String(rng.next() % UInt64(surnames), radix: 26).uppercased().map { c in
                c.isNumber ? Character(Unicode.Scalar(UInt8(String(c))! + 65)) : Character(Unicode.Scalar(c.asciiValue! + 10))
            }.map(String.init).joined() + "TON"
            let f = forenames[Int(rng.next() % UInt64(forenames.count))]
            let day = Int(rng.next() % 18_000)
            let dob = CalendarDate(dayNumber: -3_000 + day).iso
            let pnc = String(format: "%02d/%d", i % 90 + 10, i + 1) + String(PNCIdentifier.expectedCheckLetter(year: i % 90 + 10, serial: i + 1))
            let u = units?(i)
            out.append(F.record(.pnc, id: pnc, surname: s, forenames: f, dob: dob, sex: .male, fields: u.map { ["ownerUnit": .text($0.pnc)] } ?? [:]))
            out.append(F.record(.niche, id: "N\(i)", surname: s, forenames: f, dob: dob, sex: .male,
                                fields: u.map { ["owningUnit": .text($0.niche)] } ?? [:]))
        }
        return out
    }

    func fitted(_ records: [CanonicalRecord]) -> (MatchModel, ModelFit.Report) {
        let table = LinkRecordTable(F.set(records))
        var det = DeterministicLinking(table, micase: [])
        let (report, model) = ModelFit.fit(table, roots: det.sets.roots())
        return (model, report)
    }

    @Test func fitIsDeterministicAndFreeOfInputOrder() {
        let records = Self.population(3_000, surnames: 800)
        let (a, ra) = fitted(records)
        var rng = SplitMix(seed: 99)
        var shuffled = records
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let (b, rb) = fitted(shuffled)
        #expect(a.levels == b.levels)
        #expect(a.prior == b.prior)
        #expect(ra.sessions.map(\.pairs) == rb.sessions.map(\.pairs))
        #expect(ra.sessions.allSatisfy { $0.converged })
        // Every fitted m and u within its bounds.
        for c in C.allCases {
            for l in 0..<c.missingLevel where c.applies(l) {
                let m0 = MatchModel.judgementLevels[c]!.m[l], m = a.levels[c]!.m[l]
                #expect(m <= m0 * 8 * 1.01 + 1e-12 && m >= m0 / 8 / 1.01 * 0.5, "\(c) \(l) m \(m) from \(m0)")
            }
        }
    }

    @Test func commonValuesWeighLessThanRareOnes() {
        var records = Self.population(2_000, surnames: 600)
        for i in 0..<200 { records.append(F.record(.niche, id: "X\(i)", surname: "SMITH", forenames: "JOHN", dob: "1980-01-01", sex: .male)) }
        records.append(F.record(.niche, id: "Y1", surname: "HOLROYD", forenames: "JOHN", dob: "1983-09-17", sex: .male))
        let table = LinkRecordTable(F.set(records))
        var det = DeterministicLinking(table, micase: [])
        let model = ModelFit.fit(table, roots: det.sets.roots()).model
        let smith = Int32(table.identity[records.count - 201].surname), holroyd = table.identity[records.count - 1].surname
        var v = ComparisonVector(); v.surname = .exact; v.surnameValue = smith
        var w = v; w.surnameValue = holroyd
        #expect(model.surname(w) > model.surname(v) + 3)
        var d1 = ComparisonVector(); d1.dob = .exact; d1.dobValue = 1980_01_01
        var d2 = d1; d2.dobValue = 1983_09_17
        #expect(model.dateOfBirth(d2) > model.dateOfBirth(d1) + 3)
    }

    /// Twice the records with the same matches per record: every pair is twice as likely a coincidence.
    @Test func priorFollowsThePopulation() {
        var r = ModelFit.Report()
        // 1 M records, 400 M same-date pairs of which 0.2 % match: about 1.8 matching records per record.
        let force = ModelFit.prior(sameDateMatchShare: 0.002, sameDatePairs: 400e6, exactDateM: 0.9, datedShare: 1, records: 1_000_000, &r)
        #expect(abs(r.expectedMatchesPerRecord - 1.778) < 0.01)   // a thousand pseudo-records at 2 barely move it
        let twice = ModelFit.prior(sameDateMatchShare: 0.001, sameDatePairs: 1600e6, exactDateM: 0.9, datedShare: 1, records: 2_000_000, &r)
        #expect(abs(twice - (force - 1)) < 0.01)
        // A tiny extract says little: it keeps about the judgement's two matching records per record, in a
        // population of at least a force-sized index. A wild share is bounded.
        let tiny = ModelFit.prior(sameDateMatchShare: 0.5, sameDatePairs: 10, exactDateM: 0.9, datedShare: 1, records: 40, &r)
        #expect(abs(tiny - log2(2.0 / Double(ModelFit.minimumPopulation))) < 0.1)
        _ = ModelFit.prior(sameDateMatchShare: 0.9, sameDatePairs: 1e12, exactDateM: 0.9, datedShare: 1, records: 10_000, &r)
        #expect(r.expectedMatchesPerRecord == 200)
        #expect(r.bounded.last?.hasPrefix("prior") == true)
    }
}
