import Foundation
import Testing
@testable import IOMAudit

/// Each shipped mapping reads a small extract in its layout into the expected canonical values.
@Suite struct RecordBuilderTests {
    func value(_ r: CanonicalRecord?, _ field: String) -> String? { r?[field]?.description }

    @Test func pncSubjectWithAliasesAndMarkers() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <PNCExtract xmlns="urn:wyp:iom:pnc-extract:1">
          <Subject owner="13ld">
            <PNCID>2000/1082A</PNCID><CRONumber>1082/00A</CRONumber>
            <Name><Surname>O'Brien</Surname><Forenames>Sean Paul</Forenames></Name>
            <DateOfBirth>1985-03-11</DateOfBirth><Sex>Male</Sex>
            <Aliases>
              <Alias><Surname>Brien</Surname><Forenames>Sean</Forenames><DateOfBirth>1985-11-03</DateOfBirth></Alias>
              <Alias><Surname>Smith</Surname></Alias>
            </Aliases>
            <InformationMarkers>
              <Marker date="2024-02-01"><Text>Prolific Offender - PPO Premium Service Required. Contact DOMU</Text></Marker>
            </InformationMarkers>
          </Subject>
          <Subject owner="13BD"><PNCID>00/1082B</PNCID><Name><Surname>X</Surname></Name><DateOfBirth>31/02/1990</DateOfBirth></Subject>
        </PNCExtract>
        """
        let out = try outcomes(try Repo.mapping("pnc-subjects-xml"), xml)
        #expect(out.count == 2)
        let r = out[0].record
        #expect(r?.recordID == "00/0001082A")
        #expect(value(r, "croNumber") == "001082/00A")
        #expect(value(r, "surname") == "O'Brien", "names are kept as written")
        #expect(value(r, "forenames") == "Sean Paul")
        #expect(value(r, "dateOfBirth") == "1985-03-11")
        #expect(value(r, "sex") == "M")
        #expect(value(r, "ownerUnit") == "13LD")
        #expect(r?.groups[0].count == 2)
        #expect(r?.groups[0][0].map { $0?.description } == ["Brien", "Sean", "1985-11-03"])
        #expect(r?.groups[0][1].map { $0?.description } == ["Smith", nil, nil])
        #expect(r?.groups[1].first?.map { $0?.description } == ["Prolific Offender - PPO Premium Service Required. Contact DOMU", "2024-02-01"])
        // A bad PNC ID as the key is kept (the bad ID is itself a finding), never "fixed".
        let bad = out[1].record
        #expect(bad?.recordID == "00/1082B")
        #expect(bad?["pncId"] == nil)
        #expect(bad?.issues.map(\.code).sorted() == ["BAD-DATE", "ID-PNC-INVALID"])
    }

    @Test func nicheWindows1252WithCRLFAndFlags() throws {
        var bytes = Array("Nominal ID,PNC ID,CRO No,Surname,Forename(s),DOB,Gender,Owning Unit,Cohort Flags\r\n".utf8)
        bytes += Array("N00000001,04/12345\(PNCIdentifier(year: 4, serial: 12345).checkLetter)".utf8)
        bytes += Array(",,O".utf8) + [0x92] + Array("Neill,Zo".utf8) + [0xEB] + Array(",03/11/1990,Female,ld-npt-north,IOM; Prolific and Priority Offender\r\n".utf8)
        bytes += Array("N00000002,,1082/00B,Smith,John,1990-11-03,M,BD,\r\n".utf8)
        let out = try outcomes(try Repo.mapping("niche-nominals-csv"), "", bytes: bytes)
        let r = out[0].record
        #expect(value(r, "surname") == "O’Neill", "Windows-1252 0x92 is the typographic apostrophe")
        #expect(value(r, "forenames") == "Zoë")
        #expect(value(r, "owningUnit") == "LD-NPT-NORTH")
        #expect(value(r, "cohortFlags") == "IOM;PPO")
        #expect(value(r, "pncId") == "04/0012345" + String(PNCIdentifier(year: 4, serial: 12345).checkLetter))
        let second = out[1].record
        #expect(second?["croNumber"] == nil)
        #expect(second?.issues.first?.code == "ID-CRO-INVALID")
        #expect(value(second, "dateOfBirth") == "1990-11-03")
    }

    @Test func micaseValueMapsAndBOM() throws {
        let csv = "\u{FEFF}Case ID,PNC Number,Niche Ref,Surname,First Name,Date of Birth,Gender,Cohort,Statutory,Adult/Juvenile,Strand,Lead Agency,Hub,Selected,Deselected,Deselection Reason,Risk Tier\n"
            + "MC000001,00/1082A,N1,Smith,John,03/11/1990,Male,Prolific and Priority Offender,Yes,Adult,Catch and Convict,National Probation Service,Leeds HUB,01/02/2025,,,High\n"
            + "MC000002,,,Jones,Ann,03/11/2009,F,IOM,N,Juvenile,Sideways,YOT,Bradford HUB,01/02/2025,01/09/2026,Stopped offending,\n"
            + "MC000003,,,Brown,Al,03/11/1990,M,,N,Adult,R&R,Police,Leeds HUB,01/02/2025,,,\n"
        let out = try outcomes(try Repo.mapping("micase-cases-csv"), csv)
        let r = out[0].record
        #expect(value(r, "cohort") == "PPO")
        #expect(value(r, "statutory") == "Y")
        #expect(value(r, "ageGroup") == "ADULT")
        #expect(value(r, "strand") == "C&C")
        #expect(value(r, "leadAgency") == "PROBATION")
        #expect(value(r, "hub") == "LEEDS HUB")
        #expect(value(r, "selectedOn") == "2025-02-01")
        let two = out[1].record
        #expect(two?["strand"] == nil)
        #expect(two?.issues.map(\.code) == ["BAD-VALUE"])
        #expect(value(two, "deselectedOn") == "2026-09-01")
        #expect(value(two, "leadAgency") == "YOS")
        // Cohort is required by the mapping: an empty one quarantines the row, naming the field.
        #expect(out[2].quarantined?.field == "cohort")
        #expect(out[2].quarantined?.line == 4)
    }

    @Test func jtrackWithoutNamespace() throws {
        let xml = """
        <JTrackExport><TrackedOffender id="JT000001"><PNCId>00/1082A</PNCId><Surname>Smith</Surname><Forename>John</Forename>
        <DOB>03/11/1990</DOB><Cohort>Prolific and other Priority Offender</Cohort><Status>Active</Status>
        <TrackingStart>01/02/2025</TrackingStart><Area>West Yorkshire - Leeds</Area></TrackedOffender>
        <TrackedOffender><Status>Active</Status></TrackedOffender></JTrackExport>
        """
        let out = try outcomes(try Repo.mapping("jtrack-tracking-xml"), xml)
        #expect(value(out[0].record, "cohort") == "PPO")
        #expect(value(out[0].record, "status") == "ACTIVE")
        #expect(value(out[0].record, "area") == "WEST YORKSHIRE - LEEDS")
        #expect(out[1].quarantined?.field == "trackingId")
        #expect(out[1].quarantined?.line == 4)
    }

    @Test func cozartTest() throws {
        let csv = "Test ID,Test Site,Detention Officer,Test Date/Time,PNC ID,Surname,Forename,DOB,Gender,Offence Code,Trigger Offence,Inspector Authority,Opiates,Cocaine,Disputed,Overturned,Failed Chain of Custody\n"
            + "CZ0000001,13L4,DO 4512,03/11/2026 14:05,,Smith,John,03/11/1990,M,TH68036,Y,N,Positive,Negative,Y,Other - Operator Error,N\n"
        let r = try outcomes(try Repo.mapping("cozart-tests-csv"), csv)[0].record
        #expect(value(r, "testedAt") == "2026-11-03T14:05:00")
        #expect(value(r, "offenceCode") == "TH68036")
        #expect(value(r, "trigger") == "Y")
        #expect(value(r, "opiates") == "POSITIVE")
        #expect(value(r, "overturnedReason") == "OPERATOR-ERROR")
        #expect(value(r, "failedChainOfCustody") == "N")
    }

    @Test func prisonLatin1AndCompositeKey() throws {
        var bytes = Array("Prison No,PNC ID,Surname,Forenames,DOB,Establishment,Reception Date,Release Date,Release Type,Release District\n".utf8)
        bytes += Array("a1234bc,00/1082A,Ren".utf8) + [0xE9] + Array(",Jos".utf8) + [0xE9] + Array(",1990-11-03,HMP Leeds,2026-01-05,2026-10-01,Conditional Release on Licence,Leeds\n".utf8)
        bytes += Array("A12BC,,X,Y,1990-11-03,HMP Leeds,2026-01-05,,,\n".utf8)
        let out = try outcomes(try Repo.mapping("prison-movements-csv"), "", bytes: bytes)
        let r = out[0].record
        #expect(r?.recordID == "A1234BC@2026-01-05")
        #expect(value(r, "surname") == "René")
        #expect(value(r, "releaseType") == "LICENCE")
        #expect(out[1].quarantined?.field == "prisonNumber")
    }

    @Test func raggedRowIsQuarantinedWithLine() throws {
        let csv = "Test ID,Test Site,Detention Officer,Test Date/Time,PNC ID,Surname,Forename,DOB,Gender,Offence Code,Trigger Offence,Inspector Authority,Opiates,Cocaine,Disputed,Overturned,Failed Chain of Custody\n"
            + "CZ1,13L4,DO,03/11/2026 14:05\n"
        let q = try outcomes(try Repo.mapping("cozart-tests-csv"), csv)[0].quarantined
        #expect(q?.line == 2)
        #expect(q?.reason.contains("4 fields, the header has 17") == true)
    }

    @Test func headerProblemsAreReportedBeforeAnyRow() throws {
        let csv = "Test ID,Test Site,test site,Surname\nCZ1,13L4,13L4,Smith\n"
        do {
            _ = try outcomes(try Repo.mapping("cozart-tests-csv"), csv)
            Issue.record("expected a header error")
        } catch let e as IngestError {
            #expect(e.line == 1)
            #expect(e.message.contains("column \"Test Site\" (for testSite) appears 2 times"))
            #expect(e.message.contains("column \"Detention Officer\" (for officer) is missing"))
        }
    }

    @Test func headerMatchingIgnoresCaseAndSpaces() throws {
        let csv = "test id,TEST SITE,Detention  Officer,Test Date/Time,PNC ID,Surname,Forename,DOB,Gender,OffenceCode,Trigger Offence,Inspector Authority,Opiates,Cocaine,Disputed,Overturned,Failed Chain of Custody\n"
            + "CZ1,13L4,DO,03/11/2026 14:05,,Smith,John,03/11/1990,M,TH68010,Y,N,Negative,Negative,N,,N\n"
        #expect(try outcomes(try Repo.mapping("cozart-tests-csv"), csv)[0].record?.recordID == "CZ1")
    }
}

extension RecordBuilderTests {
    /// A force that keeps one field in several columns (Niche's FORENAME_1 and FORENAME_2) maps them all:
    /// joined by a space, or the first non-blank. Before, FORENAME_2 could not reach the record.
    @Test func aFieldTakesSeveralColumns() throws {
        let json = #"""
        {"mapping":"force-y-niche","system":"niche","format":"csv","files":"n_*.csv",
         "fields":{"nominalId":{"column":"ID"},"surname":{"column":"SURNAME"},
                   "forenames":{"column":["FORENAME_1","FORENAME_2"]},
                   "owningUnit":{"column":["UNIT","OLD_UNIT"],"combine":"first"}}}
        """#
        let m = try Mapping.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)), file: "force-y.json")
        let csv = "ID,SURNAME,FORENAME_1,FORENAME_2,UNIT,OLD_UNIT\nN1,Holroyd,James,Arthur,,ld-npt\nN2,Kaur,Simran, ,BD,LD\nN3,Smith,,John,,\n"
        let out = try outcomes(m, csv)
        #expect(value(out[0].record, "forenames") == "James Arthur")
        #expect(value(out[0].record, "owningUnit") == "LD-NPT", "the first non-blank unit")
        #expect(value(out[1].record, "forenames") == "Simran", "a blank second column adds nothing")
        #expect(value(out[1].record, "owningUnit") == "BD")
        #expect(value(out[2].record, "forenames") == "John")
        #expect(value(out[2].record, "owningUnit") == nil)
        // A missing one of the columns is named like any missing column.
        #expect(throws: IngestError.self) { try outcomes(m, "ID,SURNAME,FORENAME_1,UNIT,OLD_UNIT\nN1,A,B,C,D\n") }
        // Several paths in XML, and combine without several columns, are refused naming the field.
        let xml = #"{"mapping":"x","system":"pnc","format":"xml","files":"p_*.xml","record":"S","fields":{"pncId":{"path":"ID"},"forenames":{"path":["F1","F2"]}}}"#
        #expect(throws: MappingError.self) { try Mapping.parse(try JSONSerialization.jsonObject(with: Data(xml.utf8)), file: "x.json") }
        let lone = #"{"mapping":"x","system":"niche","format":"csv","files":"n_*.csv","fields":{"nominalId":{"column":"ID"},"surname":{"column":"S","combine":"first"}}}"#
        #expect(throws: MappingError.self) { try Mapping.parse(try JSONSerialization.jsonObject(with: Data(lone.utf8)), file: "x.json") }
    }
}
