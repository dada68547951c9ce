import Foundation
import Testing
@testable import IOMAudit

/// Typed records made through the real mappings from short extract snippets, and a clean cohort member
/// to vary one fact at a time.
enum AuditRec {
    static let mappings: [SourceSystem: Mapping] = {
        var m: [SourceSystem: Mapping] = [:]
        for (s, name) in [(SourceSystem.pnc, "pnc-subjects-xml"), (.niche, "niche-nominals-csv"), (.micase, "micase-cases-csv"),
                          (.jtrack, "jtrack-tracking-xml"), (.cozart, "cozart-tests-csv"), (.prison, "prison-movements-csv")] {
            m[s] = try! Repo.mapping(name)
        }
        return m
    }()

    static func record(_ system: SourceSystem, _ text: String) -> CanonicalRecord {
        let out = try! outcomes(mappings[system]!, text)
        guard let r = out.first?.record else { fatalError("snippet did not load: \(text)") }
        return r
    }

    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    static func pnc(_ id: String, cro: String = "", surname: String = "SMITH", forenames: String = "JOHN", dob: String = "1990-11-03",
                    owner: String = "13LD", markers: [(String, String)] = []) -> PNCNominal {
        let m = markers.map { "<Marker date=\"\($0.1)\"><Text>\(xml($0.0))</Text></Marker>" }.joined()
        let text = "<PNCExtract xmlns=\"urn:wyp:iom:pnc-extract:1\"><Subject owner=\"\(owner)\"><PNCID>\(id)</PNCID>"
            + (cro.isEmpty ? "" : "<CRONumber>\(cro)</CRONumber>")
            + "<Name><Surname>\(surname)</Surname><Forenames>\(forenames)</Forenames></Name><DateOfBirth>\(dob)</DateOfBirth><Sex>M</Sex>"
            + (m.isEmpty ? "" : "<InformationMarkers>\(m)</InformationMarkers>") + "</Subject></PNCExtract>"
        return PNCNominal(record(.pnc, text))
    }

    static func niche(_ id: String, pnc: String = "", cro: String = "", surname: String = "Smith", forenames: String = "John",
                      dob: String = "03/11/1990", unit: String = "LD-NPT-CITY", flags: String = "") -> NicheNominal {
        let text = "Nominal ID,PNC ID,CRO No,Surname,Forename(s),DOB,Gender,Owning Unit,Cohort Flags\n"
            + "\(id),\(pnc),\(cro),\(surname),\(forenames),\(dob),M,\(unit),\(flags)\n"
        return NicheNominal(record(.niche, text))
    }

    static func micase(_ id: String, pnc: String = "", niche: String = "N1", dob: String = "03/11/1990", cohort: String = "IOM",
                       statutory: String = "N", age: String = "Adult", strand: String = "C&C", lead: String = "Police",
                       hub: String = "Leeds HUB", selected: String = "01/02/2025", deselected: String = "") -> MiCaseCase {
        let text = "Case ID,PNC Number,Niche Ref,Surname,First Name,Date of Birth,Gender,Cohort,Statutory,Adult/Juvenile,Strand,Lead Agency,Hub,Selected,Deselected,Deselection Reason,Risk Tier\n"
            + "\(id),\(pnc),\(niche),Smith,John,\(dob),M,\(cohort),\(statutory),\(age),\(strand),\(lead),\(hub),\(selected),\(deselected),"
            + (deselected.isEmpty ? "" : "Moved away") + ",Amber\n"
        return MiCaseCase(record(.micase, text))
    }

    static func jtrack(_ id: String, pnc: String = "", cohort: String = "PPO", status: String = "Active", start: String = "01/02/2025",
                       end: String = "", area: String = "WEST YORKSHIRE - LEEDS") -> JTrackRecord {
        let text = "<JTrackExport><TrackedOffender id=\"\(id)\">" + (pnc.isEmpty ? "" : "<PNCId>\(pnc)</PNCId>")
            + "<Surname>SMITH</Surname><Forename>JOHN</Forename><DOB>03/11/1990</DOB><Cohort>\(cohort)</Cohort><Status>\(status)</Status>"
            + "<TrackingStart>\(start)</TrackingStart>" + (end.isEmpty ? "" : "<TrackingEnd>\(end)</TrackingEnd>")
            + "<Area>\(area)</Area></TrackedOffender></JTrackExport>"
        return JTrackRecord(record(.jtrack, text))
    }

    static func test(_ id: String, site: String = "13B5", at: String = "2026-01-02 10:15:00", pnc: String = "") -> DrugTest {
        let text = "Test ID,Test Site,Detention Officer,Test Date/Time,PNC ID,Surname,Forename,DOB,Gender,Offence Code,Trigger Offence,Inspector Authority,Opiates,Cocaine,Disputed,Overturned,Failed Chain of Custody\n"
            + "\(id),\(site),DO 1001,\(at),\(pnc),Visitor,Vic,01/01/1990,M,TH68010,Y,N,Negative,Negative,N,None,N\n"
        return DrugTest(record(.cozart, text))
    }

    static func prison(_ number: String, pnc: String = "", received: String = "2026-01-05", released: String = "",
                       area: String = "Leeds") -> PrisonMovement {
        let text = "Prison No,PNC ID,Surname,Forenames,DOB,Establishment,Reception Date,Release Date,Release Type,Release District\n"
            + "\(number),\(pnc),SMITH,JOHN,1990-11-03,HMP Leeds,\(received),\(released),\(released.isEmpty ? "" : "Licence"),\(area)\n"
        return PrisonMovement(record(.prison, text))
    }
}

/// A person from records.
func auditPerson(_ id: String = "P:1", pnc: [PNCNominal] = [], niche: [NicheNominal] = [], micase: [MiCaseCase] = [],
            jtrack: [JTrackRecord] = [], tests: [DrugTest] = [], prison: [PrisonMovement] = []) -> Person {
    var p = Person(masterID: id)
    p.pnc = pnc[...]; p.niche = niche[...]; p.micase = micase[...]; p.jtrack = jtrack[...]; p.tests = tests[...]; p.prison = prison[...]
    return p
}

/// A clean active cohort member: change one field, expect one finding.
struct AuditMember {
    var pncID = "12/0001030B"
    var hasPNCNominal = true
    var pncCRO = ""
    var markers: [(String, String)] = [("Prolific Offender - IOM Contact Leeds IOM Hub", "2025-02-01")]
    var owner = "13LD"
    var nicheID = "N10000001"
    var nichePNC: String? = nil
    var nicheCRO = ""
    var nicheFlags = "IOM"
    var nicheUnit = "LD-NPT-CITY"
    var extraNiche: [NicheNominal] = []
    var caseID = "MC100001"
    var micasePNC: String? = nil
    var dob = "03/11/1990"
    var cohort = "IOM"
    var statutory = "N"
    var age = "Adult"
    var strand = "C&C"
    var lead = "Police"
    var hub = "Leeds HUB"
    var selected = "01/02/2025"
    var deselected = ""
    var jtrack: [JTrackRecord] = []
    var prison: [PrisonMovement] = []
    var tests: [DrugTest] = []

    /// An active PPO member, tracked on JTrack, with a PPO marker and flag.
    static var ppo: AuditMember {
        var m = AuditMember()
        m.cohort = "PPO"; m.nicheFlags = "PPO"
        m.markers = [("Prolific Offender - PPO Premium Service Required. Contact DOMU 01924 000000", "2025-02-01")]
        m.jtrack = [AuditRec.jtrack("JT100001", pnc: m.pncID, cohort: "PPO")]
        return m
    }

    /// Recently deselected: markers removed, flag gone, tracking ended.
    mutating func deselect(on date: String = "01/06/2026") {
        deselected = date
        markers = [("Prolific Offender - REMOVED", "2026-06-01")]
        nicheFlags = ""
    }

    var person: Person {
        let dobISO = String(dob.suffix(4)) + "-" + dob.dropFirst(3).prefix(2) + "-" + dob.prefix(2)
        return auditPerson("P:" + pncID,
            pnc: hasPNCNominal ? [AuditRec.pnc(pncID, cro: pncCRO, dob: dobISO, owner: owner, markers: markers)] : [],
            niche: [AuditRec.niche(nicheID, pnc: nichePNC ?? pncID, cro: nicheCRO, dob: dob, unit: nicheUnit, flags: nicheFlags)] + extraNiche,
            micase: [AuditRec.micase(caseID, pnc: micasePNC ?? pncID, niche: nicheID, dob: dob, cohort: cohort, statutory: statutory, age: age,
                                strand: strand, lead: lead, hub: hub, selected: selected, deselected: deselected)],
            jtrack: jtrack, tests: tests, prison: prison)
    }
}

enum AuditFixture {
    static let asOf = CalendarDate(iso: "2026-11-20")!
    static let reference: ReferenceData = try! ReferenceData.load(from: Repo.path("seeds"))

    static func context(evaluated: Set<SourceSystem> = Set(SourceSystem.allCases), grace: Int = 14) -> AuditContext {
        var settings = PipelineSettings()
        settings.releaseGracePeriodDays = grace
        return AuditContext(asOf: asOf, settings: settings, reference: reference, evaluatedSystems: evaluated)
    }

    static func audit(_ persons: [Person], questions: [IdentityQuestion] = [], links: [RecordLink] = [],
                      evaluated: Set<SourceSystem> = Set(SourceSystem.allCases), grace: Int = 14,
                      matchingTooMany: [String: Int] = [:]) -> AuditOutcome {
        var result = LinkResult(persons: persons, links: links, questions: questions)
        result.matchingTooMany = matchingTooMany
        return Auditor(context: context(evaluated: evaluated, grace: grace)).audit(result)
    }

    static func audit(_ p: Person, evaluated: Set<SourceSystem> = Set(SourceSystem.allCases), grace: Int = 14) -> AuditOutcome {
        audit([p], evaluated: evaluated, grace: grace)
    }
}

extension AuditOutcome {
    var codes: [String] { findings.map(\.code) }
    func only(_ code: String) -> Finding? {
        let f = findings.filter { $0.code == code }
        return f.count == 1 ? f[0] : nil
    }
}
