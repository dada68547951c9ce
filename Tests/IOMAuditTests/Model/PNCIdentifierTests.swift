import Testing
@testable import IOMAudit

@Suite struct PNCIdentifierTests {
    @Test func seedExampleChecks() {
        // 1082 mod 23 = 1 → 'A' (domain brief).
        let id = PNCIdentifier("00/1082A")
        #expect(id != nil)
        #expect(id?.canonical == "00/0001082A")
    }

    @Test(arguments: ["00/1082A", "2000/1082A", "00/0001082A", "2000/0001082A", " 00/1082a ", "00 / 1082 A"])
    func everyFormNormalisesToOne(_ form: String) {
        #expect(PNCIdentifier(form)?.canonical == "00/0001082A")
    }

    @Test func wrongCheckLetterIsReportedNotFixed() {
        guard case .failure(.wrongCheckLetter(let expected)) = PNCIdentifier.parse("00/1082B") else {
            Issue.record("a wrong check letter must fail"); return
        }
        #expect(expected == "A")
    }

    @Test(arguments: ["", "1082A", "00/A", "00/12345678A", "0/1082A", "00/1082", "00/10X2A", "200/1082A"])
    func malformedIsRejected(_ text: String) {
        #expect(PNCIdentifier.parse(text) == .failure(.malformed))
    }

    @Test func longFormUsesTwoDigitYearForTheCheck() {
        let generated = PNCIdentifier(year: 2004, serial: 12345)
        #expect(generated.year == 4)
        #expect(PNCIdentifier("2004/0012345\(generated.checkLetter)") == generated)
        #expect(PNCIdentifier("04/12345\(generated.checkLetter)") == generated)
    }

    @Test func alphabetLeavesOutIOS() {
        for serial in 1...500 {
            let c = PNCIdentifier.expectedCheckLetter(year: 99, serial: serial)
            #expect(!["I", "O", "S"].contains(c))
        }
    }
}

@Suite struct CRONumberTests {
    @Test func seedExampleChecks() {
        #expect(CRONumber("1082/00A")?.canonical == "001082/00A")
    }

    @Test func wrongCheckLetterFails() {
        #expect(CRONumber.parse("1082/00B") == .failure(.wrongCheckLetter(expected: "A")))
    }

    @Test func olderSFFormIsWellFormedWithoutCheck() {
        #expect(CRONumber("SF95/12345X")?.canonical == "SF95/12345X")
    }

    @Test func placeholderCarriesNoIdentity() {
        #expect(CRONumber.parse("000000/00Z") == .failure(.placeholder))
    }

    @Test(arguments: ["1082", "1234567/00A", "1082/0A", "ABC/00A", "SF9/12345X"])
    func malformedIsRejected(_ text: String) {
        #expect(CRONumber.parse(text) == .failure(.malformed))
    }

    @Test func generatedNumbersValidate() {
        let c = CRONumber(serial: 4711, year: 98)
        #expect(CRONumber(c.canonical) == c)
    }
}

@Suite struct PrisonNumberTests {
    @Test func shape() {
        #expect(PrisonNumber("a1234bc")?.canonical == "A1234BC")
        #expect(PrisonNumber("A123BC") == nil)
        #expect(PrisonNumber("11234BC") == nil)
    }
}
