import Testing
@testable import IOMAudit

/// A force with a different layout onboards by writing a mapping file only: the same cases in the
/// shipped MiCase CSV layout and in another force's XML layout give identical canonical records, but
/// for names, which each layout keeps as it wrote them and which match through one key.
@Suite struct TwoLayoutsTests {
    let csv = "\u{FEFF}Case ID,PNC Number,Niche Ref,Surname,First Name,Date of Birth,Gender,Cohort,Statutory,Adult/Juvenile,Strand,Lead Agency,Hub,Selected,Deselected,Deselection Reason,Risk Tier\r\n"
        + "MC000001,2000/1082A,N00000001,O'Brien,Sean,11/03/1985,Male,PPO,Yes,Adult,Catch and Control,Probation,Leeds HUB,01/02/2025,,,High\r\n"
        + "MC000002,00/1082B,N00000002,Smith-Jones,Ann Marie,03/11/2009,Female,IOM,No,Juvenile,Prevent and Deter,Police,Bradford HUB,15/06/2024,01/09/2026,Stopped offending,Medium\r\n"
        + "MC000003,,,Mc Donald,Ian,29/02/1988,Male,IOM,No,Adult,Rehabilitate and Resettle,YOT,Wakefield HUB,01/01/2026,,,\r\n"

    let xml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Cases xmlns="http://example.org/micase/2">
      <Case ref="MC000001">
        <Subject rms="N00000001" sex="1"><PNC>00/0001082A</PNC><FamilyName>O’BRIEN</FamilyName><GivenName>SEAN</GivenName><BirthDate>1985-03-11</BirthDate></Subject>
        <Scheme age="A">PPO</Scheme><Supervision>STAT</Supervision><Strand>CC</Strand><Lead>NPS</Lead><Hub>LEEDS HUB</Hub>
        <Dates selected="2025-02-01"/><Risk>HIGH</Risk>
      </Case>
      <Case ref="MC000002">
        <Subject rms="N00000002" sex="2"><PNC>00/1082B</PNC><FamilyName>Smith Jones</FamilyName><GivenName>Ann-Marie</GivenName><BirthDate>2009-11-03</BirthDate></Subject>
        <Scheme age="J">IOM</Scheme><Supervision>NONSTAT</Supervision><Strand>PD</Strand><Lead>POL</Lead><Hub>Bradford  HUB</Hub>
        <Dates selected="2024-06-15" deselected="2026-09-01"/><DeselectionReason>Stopped offending</DeselectionReason><Risk>Medium</Risk>
      </Case>
      <Case ref="MC000003">
        <Subject sex="1"><FamilyName>McDonald</FamilyName><GivenName>Ian</GivenName><BirthDate>1988-02-29</BirthDate></Subject>
        <Scheme age="A">IOM</Scheme><Supervision>NONSTAT</Supervision><Strand>RR</Strand><Lead>YOT</Lead><Hub>Wakefield HUB</Hub>
        <Dates selected="2026-01-01"/>
      </Case>
    </Cases>
    """

    @Test func sameCasesInTwoLayoutsGiveIdenticalCanonicalRecords() throws {
        let fromCSV = try outcomes(try Repo.mapping("micase-cases-csv"), csv).compactMap(\.record)
        let other = try Mapping.load(path: Repo.fixture("other-force-micase-xml.json"))
        let fromXML = try outcomes(other, xml).compactMap(\.record)
        #expect(fromCSV.count == 3)
        let schema = CanonicalSchema.of(.micase)
        let nameSlots = schema.fields.indices.filter { if case .name = schema.fields[$0].kind { true } else { false } }
        func keyed(_ r: CanonicalRecord) -> CanonicalContent {
            var values = r.values
            for i in nameSlots { values[i] = values[i]?.text.map { .text(PersonName.normalise($0)) } }
            return CanonicalContent(system: r.system, recordID: r.recordID, values: values, groups: r.groups, issues: r.issues)
        }
        #expect(fromCSV.map(keyed) == fromXML.map(keyed))
        #expect(fromCSV.map { $0["surname"]?.text } == ["O'Brien", "Smith-Jones", "Mc Donald"])
        #expect(fromXML.map { $0["surname"]?.text } == ["O’BRIEN", "Smith Jones", "McDonald"])
        // The invalid PNC ID is kept as a field-level finding in both layouts.
        #expect(fromXML[1].issues.map(\.code) == ["ID-PNC-INVALID"])
    }
}
