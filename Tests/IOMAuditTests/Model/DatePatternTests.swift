import Testing
@testable import IOMAudit

@Suite struct DatePatternTests {
    func parse(_ pattern: String, _ text: String) throws -> String? {
        try DatePattern(pattern).parse(text)?.description
    }

    @Test func commonLayouts() throws {
        #expect(try parse("dd/MM/yyyy", "03/11/1990") == "1990-11-03T00:00:00")
        #expect(try parse("dd/MM/yyyy", "3/1/1990") == "1990-01-03T00:00:00")
        #expect(try parse("yyyy-MM-dd", "1990-11-03") == "1990-11-03T00:00:00")
        #expect(try parse("yyyyMMdd", "19901103") == "1990-11-03T00:00:00")
        #expect(try parse("dd-MMM-yyyy", "03-Nov-1990") == "1990-11-03T00:00:00")
        #expect(try parse("dd-MMM-yyyy", "03-NOV-1990") == "1990-11-03T00:00:00")
        #expect(try parse("dd/MM/yyyy HH:mm", "03/11/2026 14:05") == "2026-11-03T14:05:00")
        #expect(try parse("yyyy-MM-dd'T'HH:mm:ss", "2026-11-03T14:05:09") == "2026-11-03T14:05:09")
        #expect(try parse("dd/MM/yy", "03/11/90") == "1990-11-03T00:00:00")
        #expect(try parse("dd/MM/yy", "03/11/07") == "2007-11-03T00:00:00")
    }

    @Test func surroundingSpacesIgnored() throws {
        #expect(try parse("dd/MM/yyyy", "  03/11/1990 ") == "1990-11-03T00:00:00")
    }

    @Test(arguments: ["31/02/2020", "00/00/0000", "29/02/2021", "32/01/2020", "01/13/2020", "1990-11-03", "03/11/1990x", "", "03/11"])
    func impossibleOrWrongLayoutIsNil(_ text: String) throws {
        #expect(try parse("dd/MM/yyyy", text) == nil)
    }

    @Test func leapDay() throws {
        #expect(try parse("dd/MM/yyyy", "29/02/2020") == "2020-02-29T00:00:00")
    }

    @Test func firstMatchingPatternWins() throws {
        let patterns = try ["dd/MM/yyyy", "yyyy-MM-dd"].map(DatePattern.init)
        let v = "1990-11-03".withBytes { patterns.parse($0) }
        #expect(v?.date.iso == "1990-11-03")
    }

    @Test(arguments: ["dd/MM/yyyyy", "dd/MM", "qq/MM/yyyy", "'dd/MM/yyyy"])
    func badPatternsAreRejected(_ p: String) {
        #expect(throws: DatePattern.InvalidPattern.self) { try DatePattern(p) }
    }
}

@Suite struct CalendarDateTests {
    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -30000, to: 30000, by: 37) {
            #expect(CalendarDate(dayNumber: n).dayNumber == n)
        }
        #expect(CalendarDate(iso: "1970-01-01")?.dayNumber == 0)
        #expect(CalendarDate(iso: "2026-11-20")!.days(since: CalendarDate(iso: "2026-11-06")!) == 14)
    }

    @Test func ageOnReferenceDate() {
        let dob = CalendarDate(iso: "2008-11-21")!
        #expect(dob.age(on: CalendarDate(iso: "2026-11-20")!) == 17)
        #expect(dob.age(on: CalendarDate(iso: "2026-11-21")!) == 18)
    }

    @Test func transposition() {
        #expect(CalendarDate(iso: "1990-03-11")!.transposed == CalendarDate(iso: "1990-11-03"))
        #expect(CalendarDate(iso: "1990-03-25")!.transposed == nil)
        #expect(CalendarDate(iso: "1990-03-03")!.transposed == nil)
    }
}
