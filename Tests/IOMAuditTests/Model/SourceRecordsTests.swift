import Testing
@testable import IOMAudit

@Suite struct SourceRecordsTests {
    @Test func pncNominalView() throws {
        let xml = """
        <PNCExtract xmlns="urn:wyp:iom:pnc-extract:1"><Subject owner="13LD"><PNCID>00/1082A</PNCID><CRONumber>1082/00B</CRONumber>
        <Name><Surname>Smith</Surname><Forenames>John</Forenames></Name><DateOfBirth>1990-11-03</DateOfBirth><Sex>M</Sex>
        <Aliases><Alias><Surname>Smyth</Surname><Forenames>Jon</Forenames><DateOfBirth>1990-03-11</DateOfBirth></Alias></Aliases>
        <InformationMarkers><Marker date="2025-01-02"><Text>Prolific Offender - IOM Contact Leeds</Text></Marker></InformationMarkers>
        </Subject></PNCExtract>
        """
        let r = try #require(try outcomes(try Repo.mapping("pnc-subjects-xml"), xml).first?.record)
        let n = PNCNominal(r)
        #expect(n.identity.key == "pnc:00/0001082A")
        #expect(n.identity.pncID == PNCIdentifier("00/1082A"))
        #expect(n.identity.cro == nil)
        #expect(n.identity.invalidCRO == "1082/00B")
        #expect(n.identity.name.display == "Smith, John", "as the extract writes it")
        #expect(n.identity.sex == .male)
        #expect(n.aliases == [PersonName(forenames: "Jon", surname: "Smyth")])
        #expect(n.aliasDatesOfBirth == [CalendarDate(iso: "1990-03-11")!])
        #expect(n.markers == [InformationMarker(text: "Prolific Offender - IOM Contact Leeds", date: CalendarDate(iso: "2025-01-02"))])
        #expect(n.ownerUnit == "13LD")
    }

    @Test func micaseActiveOnReferenceDate() throws {
        let csv = "Case ID,PNC Number,Niche Ref,Surname,First Name,Date of Birth,Gender,Cohort,Statutory,Adult/Juvenile,Strand,Lead Agency,Hub,Selected,Deselected,Deselection Reason,Risk Tier\n"
            + "MC1,,N1,Smith,John,03/11/1990,M,IOM,No,Adult,R&R,Service Provider,Leeds HUB,01/02/2025,20/11/2026,Moved away,\n"
        let c = MiCaseCase(try #require(try outcomes(try Repo.mapping("micase-cases-csv"), csv).first?.record))
        #expect(c.cohort == .iom && c.statutory == false && c.strand == .rehabilitateAndResettle && c.leadAgency == .serviceProvider)
        #expect(c.isActive(on: CalendarDate(iso: "2026-11-19")!))
        #expect(!c.isActive(on: CalendarDate(iso: "2026-11-20")!))
        #expect(!c.isActive(on: CalendarDate(iso: "2025-01-31")!))
    }

    @Test func custodyAndTracking() throws {
        let csv = "Prison No,PNC ID,Surname,Forenames,DOB,Establishment,Reception Date,Release Date,Release Type,Release District\n"
            + "A1234BC,,X,Y,1990-11-03,HMP Leeds,2026-01-05,2026-10-01,Licence,Leeds\n"
        let m = PrisonMovement(try #require(try outcomes(try Repo.mapping("prison-movements-csv"), csv).first?.record))
        #expect(m.inCustody(on: CalendarDate(iso: "2026-09-30")!))
        #expect(!m.inCustody(on: CalendarDate(iso: "2026-10-01")!))
        #expect(m.prisonNumber?.canonical == "A1234BC")
    }

    /// A force's night holds millions of these: the identity and the biggest views stay compact (the
    /// failed identifier texts are held apart), and those texts still read back.
    @Test func viewsStayCompact() {
        #expect(MemoryLayout<RecordIdentity>.stride <= 88)
        #expect(MemoryLayout<NicheNominal>.stride <= 112)
        #expect(MemoryLayout<PNCNominal>.stride <= 128)
        let bad = AuditRec.niche("N9", pnc: "90/1234567A", cro: "123456/90A")
        #expect(bad.identity.invalidPNCID == "90/1234567A")
        #expect(bad.identity.invalidCRO == "123456/90A")
        let good = AuditRec.niche("N8")
        #expect(good.identity.invalidPNCID == nil && good.identity.invalidCRO == nil)
        #expect(bad.identity != good.identity)
    }
}
