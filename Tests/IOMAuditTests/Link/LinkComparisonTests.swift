import Testing
@testable import IOMAudit

@Suite struct LinkNameComparisonTests {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.0015 }

    @Test func jaroWinklerKnownValues() {
        #expect(close(NameComparison.jaroWinkler("MARTHA", "MARHTA"), 0.961))
        #expect(close(NameComparison.jaroWinkler("DWAYNE", "DUANE"), 0.84))
        #expect(close(NameComparison.jaroWinkler("DIXON", "DICKSONX"), 0.813))
        #expect(NameComparison.jaroWinkler("SMITH", "SMITH") == 1)
        #expect(NameComparison.jaroWinkler("ABC", "XYZ") == 0)
        #expect(NameComparison.jaroWinkler("", "") == 1)
        #expect(NameComparison.jaroWinkler("A", "") == 0)
    }

    @Test func levels() {
        #expect(NameComparison.level("SMITH", "SMITH") == .exact)
        #expect(NameComparison.level("MARTHA", "MARHTA") == .close)
        #expect(NameComparison.level("SMITH", "SMYTH") == .similar)   // one letter changed
        #expect(NameComparison.level("SMITH", "UNDERWOOD") == .different)
        #expect(NameComparison.level("", "SMITH") == .missing)
    }

    /// The married surnames of the sample generator must not look like any bank surname.
    @Test func marriedSurnamesAreNotAlike() {
        for m in SampleNameBank.marriedSurnames {
            for s in SampleNameBank.surnames {
                let l = NameComparison.level(PersonName.normalise(m), PersonName.normalise(s))
                #expect(!l.isAlike, "\(m) / \(s)")
            }
        }
    }
}

@Suite struct LinkDateOfBirthComparisonTests {
    func level(_ a: String?, _ b: String?) -> DateOfBirthComparison.Level {
        DateOfBirthComparison.compare(a.flatMap { CalendarDate(iso: $0) }, b.flatMap { CalendarDate(iso: $0) })
    }

    @Test func levels() {
        #expect(level("1990-03-11", "1990-03-11") == .exact)
        #expect(level("1990-03-11", "1990-11-03") == .transposed)
        #expect(level("1990-03-11", "1990-03-12") == .oneDigitOff)
        #expect(level("1990-03-11", "1980-03-11") == .oneDigitOff)
        #expect(level("1990-03-11", "1990-07-25") == .sameYear)
        #expect(level("1990-03-11", "1991-11-03") == .different)
        #expect(level("1990-03-11", "1985-06-20") == .different)
        #expect(level("1990-03-11", nil) == .missing)
    }

    @Test func sentinelDatesCarryNoIdentity() {
        #expect(level("1900-01-01", "1900-01-01") == .missing)
        #expect(level("1970-01-01", "1990-03-11") == .missing)
        #expect(!DateOfBirthComparison.carriesIdentity(CalendarDate(iso: "1970-01-01")))
        #expect(DateOfBirthComparison.carriesIdentity(CalendarDate(iso: "1970-01-02")))
    }

    @Test func sameDayAndMonthIsNotATransposition() {
        #expect(level("1990-05-05", "1990-05-05") == .exact)
        #expect(level("1990-13-05", "1990-05-13") == .missing) // not a date
    }
}

@Suite struct LinkScoreTests {
    @Test func probabilityAndWeightAreInverse() {
        for p in [0.01, 0.5, 0.95, 0.999] {
            #expect(abs(LinkScore.probability(weight: LinkScore.weight(forProbability: p)) - p) < 1e-9)
        }
    }

    /// The decisions the weights are chosen for (accept 0.95, review 0.5).
    @Test func decisions() {
        func p(_ v: ComparisonVector) -> Double { v.probability }
        var exact = ComparisonVector(surname: .exact, forename: .exact, dob: .exact, sex: .equal)
        #expect(p(exact) >= 0.95)
        exact.dob = .transposed
        #expect(p(exact) >= 0.95)
        exact.dob = .oneDigitOff
        #expect(p(exact) >= 0.5 && p(exact) < 0.95)
        exact.dob = .different
        #expect(p(exact) < 0.5)
        let married = ComparisonVector(surname: .different, forename: .exact, dob: .exact, sex: .equal)
        #expect(p(married) >= 0.5 && p(married) < 0.95)
        var marriedMiddle = married
        marriedMiddle.middle = .equal
        #expect(p(marriedMiddle) >= 0.5 && p(marriedMiddle) < 0.95)
        let sibling = ComparisonVector(surname: .exact, forename: .different, dob: .exact, sex: .equal)
        #expect(p(sibling) < 0.5)
        let swapped = ComparisonVector(swapped: .exact, dob: .exact, sex: .equal)
        #expect(p(swapped) >= 0.95)
        let typo = ComparisonVector(surname: .similar, forename: .exact, dob: .exact, sex: .equal)
        #expect(p(typo) >= 0.95)
    }
}
