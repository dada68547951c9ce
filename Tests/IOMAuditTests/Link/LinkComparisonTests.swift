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

    /// One case per level, surnames and forenames.
    @Test func everyLevel() {
        typealias N = NameComparison
        #expect(N.level("SMITH", "SMITH") == .exact)
        #expect(N.level("SMITH", "SMITH JONES") == .part)            // double-barrelled
        #expect(N.level("ACKERLEY PROUT", "PROUT") == .part)
        #expect(N.level("SMITH", "SMIHT") == .typo)                  // neighbours swapped
        #expect(N.level("SMITH", "SMYTH") == .typo)                  // one letter changed
        #expect(N.level("HINCHLIFFE", "HINCHLIFE") == .typo)         // one letter dropped
        #expect(N.level("HINCHLIFFE", "HINCHCLIFFEE") == .close)     // two slips in a long name
        #expect(N.level("MARTINEZ", "MARTNIEZZ") == .similar || N.level("MARTINEZ", "MARTNIEZZ") == .close)
        #expect(N.level("SMITH", "UNDERWOOD") == .different)
        #expect(N.level("", "SMITH") == .missing)
        // Forenames: short forms and initials.
        #expect(N.level("CHRIS", "CHRISTOPHER", forename: true) == .variant)
        #expect(N.level("J", "JAMES", forename: true) == .initial)
        #expect(N.level("K", "JAMES", forename: true) == .different)
        // A forename unlike the other but with its first letter: a nickname no table holds, or a stranger.
        #expect(N.level("JIMBO", "JAMES", forename: true) == .sameInitial)
        #expect(N.level("NIKKI", "NICOLA", forename: true) == .sameInitial)
        #expect(N.level("JOHN", "PETER", forename: true) == .different)
        #expect(N.level("SMITH", "SANDERSON") == .different)          // surnames: no such level
        #expect(!N.Level.sameInitial.isAlike && N.Level.initial.isAlike)
        #expect(N.level("CHRIS", "CHRISTOPHER") != .variant)          // not for surnames
        #expect(N.level("SMITH", "SMITH JONES", forename: true) != .part)
    }

    @Test func withinOneEdit() {
        func one(_ a: String, _ b: String) -> Bool {
            var a = a, b = b
            return a.withUTF8 { x in b.withUTF8 { y in NameComparison.withinOneEdit(x, y) } }
        }
        #expect(one("SMITH", "SMITH"))
        #expect(one("SMITH", "SMTIH"))
        #expect(one("SMITH", "SMITHS"))
        #expect(one("SMITH", "MITH"))
        #expect(!one("SMITH", "SMYTHE"))
        #expect(!one("SMITH", "MSITHX"))
    }

    @Test func nicknamesFromTheSeedTable() {
        let v = GivenNameVariants(pairs: [("JAMES", "JIM"), ("JAMES", "JIMMY"), ("ANDREW", "ANDY"), ("NATHAN", "NATE"), ("AARON", "RON"), ("RONALD", "RON")])
        #expect(v.related("JIM", "JAMES"))
        #expect(v.related("JIM", "JIMMY"))      // through the root
        #expect(v.related("ANDY", "ANDREW"))
        #expect(v.related("RON", "RONALD") && v.related("RON", "AARON"))
        #expect(!v.related("AARON", "RONALD"))   // a shared nickname does not make two full names one
        #expect(!v.related("JAMES", "ANDREW"))
        var names = NamePartTable()
        let jim = names.intern("JIM"), james = names.intern("JAMES"), andy = names.intern("ANDY")
        names.attach(v)
        #expect(names.level(jim, james, forename: true) == .variant)
        #expect(names.level(jim, andy, forename: true) == .different)
        #expect(names.level(jim, james, forename: false) != .variant)
        var codes: [UInt32] = []
        names.forenameCodes(jim, into: &codes)
        #expect(codes.contains(NameCode.soundex("JAMES")))      // JIM blocks with JAMES
    }

    /// The shipped seed is loaded with the rest of the reference data and knows the common short forms.
    @Test func shippedSeedKnowsCommonShortForms() throws {
        let reference = try ReferenceData.load(from: Repo.path("seeds"))
        for (a, b) in [("JIM", "JAMES"), ("ANDY", "ANDREW"), ("NATE", "NATHAN"), ("BILL", "WILLIAM"), ("PEGGY", "MARGARET")] {
            #expect(reference.givenNameVariants.related(a, b), "\(a) / \(b)")
        }
    }

    @Test func soundexCodes() {
        #expect(NameCode.text(NameCode.soundex("ROBERT")) == "R163")
        #expect(NameCode.text(NameCode.soundex("RUPERT")) == "R163")
        #expect(NameCode.text(NameCode.soundex("ASHCRAFT")) == "A261")   // H does not separate
        #expect(NameCode.text(NameCode.soundex("TYMCZAK")) == "T522")
        #expect(NameCode.soundex("SMITH") == NameCode.soundex("SMYTH"))
        #expect(NameCode.soundex("") == 0)
        #expect(NameCode.soundex("ŁÓDŹ".uppercased()) != 0)               // bytes outside A–Z still get a code
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

    /// One case per level.
    @Test func everyLevel() {
        #expect(level("1990-03-11", "1990-03-11") == .exact)
        #expect(level("1990-03-11", "1990-11-03") == .transposed)
        #expect(level("1990-03-11", "1990-03-12") == .oneDayOut)
        #expect(level("1990-03-31", "1990-04-01") == .oneDayOut)     // across a month end
        #expect(level("1989-12-31", "1990-01-01") == .oneDayOut)     // and a year end
        #expect(level("1990-03-11", "1990-03-21") == .oneDigitOff)
        #expect(level("1990-03-11", "1980-03-11") == .oneDigitOff)
        #expect(level("1990-03-11", "1989-03-11") == .yearOneOut)    // four digits differ, one year
        #expect(level("1990-03-11", "1990-07-25") == .withinAYear)
        #expect(level("1990-12-20", "1991-02-03") == .withinAYear)
        #expect(level("1990-03-11", "1991-11-03") == .different)
        #expect(level("1990-03-11", "1985-06-20") == .different)
        #expect(level("1990-03-11", nil) == .missing)
    }

    @Test func dayNumbersMatchTheCalendar() {
        for iso in ["1970-01-01", "1900-03-01", "2000-02-29", "1985-08-17", "1850-12-31"] {
            let d = CalendarDate(iso: iso)!
            #expect(Int(DateOfBirthComparison.dayNumber(packed: DateOfBirthComparison.packed(d) == 0 ? 1970_01_01 : DateOfBirthComparison.packed(d))) == (iso == "1970-01-01" ? 0 : d.dayNumber))
        }
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

extension LinkNameComparisonTests {
    /// The figures written into explanations and tables never stop a run, whatever the model gives.
    @Test func figuresAreWrittenForAnyNumber() {
        #expect(MatchModel.decimals(2.345, 1) == "2.3")
        #expect(MatchModel.decimals(0.05, 3) == "0.050")
        #expect(MatchModel.decimals(-2.7, 1) == "−2.7")
        #expect(MatchModel.decimals(-0.01, 1) == "0.0")
        #expect(MatchModel.decimals(.nan, 1) == "not a number")
        #expect(MatchModel.decimals(-.infinity, 1) == "−∞")
        #expect(MatchModel.decimals(1e300, 3) == "∞")
        #expect(ReconciledTables.threeDecimals(0.9734) == "0.973")
        #expect(ReconciledTables.threeDecimals(.nan) == "not a number")
    }
}
