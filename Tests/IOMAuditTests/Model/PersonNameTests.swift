import Testing
@testable import IOMAudit

@Suite struct PersonNameTests {
    @Test(arguments: [
        ("smith", "SMITH"), ("Smith-Jones", "SMITH JONES"), ("O'Brien", "OBRIEN"), ("O’Neill", "ONEILL"),
        ("Mc Donald", "MCDONALD"), ("McDonald", "MCDONALD"), ("  Anne   Marie ", "ANNE MARIE"),
        ("Zoë", "ZOE"), ("NOT ENTERED", ""), ("unknown", ""), ("St. John", "ST JOHN"),
    ])
    func normalises(_ raw: String, _ expected: String) {
        #expect(PersonName.normalise(raw) == expected)
    }

    @Test func displayAndFirstForename() {
        let n = PersonName(forenames: "john paul", surname: "smith")
        #expect(n.display == "SMITH, JOHN PAUL")
        #expect(n.firstForename == "JOHN")
    }
}
