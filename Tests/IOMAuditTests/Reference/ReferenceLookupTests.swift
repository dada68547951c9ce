import Testing
@testable import IOMAudit

@Suite("Reference: unit → division")
struct ReferenceUnitDivisionMapTests {
    let map: UnitDivisionMap

    init() throws { map = try ReferenceSeeds.load().unitDivisions }

    @Test func districtUnits() {
        #expect(map.division(system: .pnc, unitCode: "13LD")?.code == "LD")
        #expect(map.division(system: .pnc, unitCode: "13BD")?.code == "BD")
        #expect(map.entry(system: .pnc, unitCode: "13LD")?.basis == "district")
    }

    @Test func historicalReferences() {
        #expect(map.division(system: .pnc, unitCode: "13AA")?.code == "LD")   // HISTORICAL REFER TO 13LD
        #expect(map.division(system: .pnc, unitCode: "13BA")?.code == "LD")   // HISTORICAL (REFER TO 13LD)
        #expect(map.division(system: .pnc, unitCode: "13DC")?.code == "WD")   // HISTORIC (REFER TO 13WD)
        #expect(map.entry(system: .pnc, unitCode: "13AA")?.basis == "historical refer to 13LD")
        // Chain: 13B2 → 13A2 (Stainbeck custody overflow) → Leeds.
        #expect(map.division(system: .pnc, unitCode: "13B2")?.code == "LD")
    }

    @Test func custodySuitesAndPlaceNames() {
        #expect(map.division(system: .pnc, unitCode: "13H1")?.code == "BD")   // Keighley custody
        #expect(map.division(system: .pnc, unitCode: "13C3")?.code == "CD")   // Halifax
        #expect(map.division(system: .pnc, unitCode: "13K2")?.code == "KD")   // Dewsbury
        #expect(map.division(system: .pnc, unitCode: "13JD")?.code == "WD")   // Wakefield CJSU
        #expect(map.division(system: .cozart, unitCode: "13L6")?.code == "LD") // Stainbeck custody
        #expect(map.division(system: .cozart, unitCode: "13D4")?.code == "WD")
        #expect(map.entry(system: .cozart, unitCode: "13L6")?.unitName == "STAINBECK CUSTODY")
    }

    /// Codes already in normal form are returned as they are; every other spelling folds to it.
    @Test(arguments: [
        (SourceSystem.pnc, "13LD", "13LD"), (.pnc, " 13ld ", "13LD"), (.pnc, "13 LD", "13LD"), (.cozart, "13B5\t", "13B5"),
        (.micase, "LEEDS HUB", "LEEDS HUB"), (.micase, "Leeds HUB", "LEEDS HUB"), (.micase, "LEEDS  HUB", "LEEDS HUB"),
        (.micase, " LEEDS HUB", "LEEDS HUB"), (.micase, "LEEDS HUB ", "LEEDS HUB"), (.micase, "LEEDS\tHUB", "LEEDS HUB"),
        (.niche, "KD-NPT-DEWSBURY", "KD-NPT-DEWSBURY"), (.prison, "WAKEFIELD\u{A0}", "WAKEFIELD"), (.jtrack, "", ""),
        (.prison, "ÅLESUND", "ÅLESUND"), (.prison, "ålesund", "ÅLESUND"),
    ])
    func normalForm(_ system: SourceSystem, _ code: String, _ normal: String) {
        #expect(UnitDivisionMap.normalise(code, system: system) == normal)
    }

    @Test func codesMatchTrimmedAndCaseInsensitive() {
        #expect(map.division(system: .pnc, unitCode: " 13ld ")?.code == "LD")
        #expect(map.division(system: .pnc, unitCode: "13 LD")?.code == "LD")
        #expect(map.division(system: .micase, unitCode: "leeds  hub")?.code == "LD")
        #expect(map.division(system: .niche, unitCode: "kd-npt-dewsbury")?.code == "KD")
        #expect(map.division(system: .jtrack, unitCode: "West Yorkshire - Calderdale")?.code == "CD")
        #expect(map.division(system: .prison, unitCode: "wakefield")?.code == "WD")
    }

    @Test func unknownUnits() {
        #expect(map.division(system: .pnc, unitCode: "LD") == nil)        // force prefix required
        #expect(map.division(system: .pnc, unitCode: "13ZZ") == nil)
        #expect(map.division(system: .pnc, unitCode: "13HQ") == nil)      // force-wide
        #expect(map.division(system: .pnc, unitCode: "13P2") == nil)      // HMP Leeds
        #expect(map.division(system: .prison, unitCode: "SHEFFIELD") == nil)
        #expect(map.division(system: .niche, unitCode: "13LD") == nil)     // systems do not share codes
        #expect(map.divisionOrUnknown(system: .micase, unitCode: "YORK HUB") == .unknown)
        #expect(map.divisionOrUnknown(system: .micase, unitCode: nil) == .unknown)
    }
}

@Suite("Reference: lead agency")
struct ReferenceLeadAgencyTableTests {
    let table: LeadAgencyTable

    init() throws { table = try ReferenceSeeds.load().leadAgency }

    func expect(_ cohort: CohortType, _ statutory: Bool, _ age: AgeGroup,
                _ agencies: [LeadAgency], sourceLocation: SourceLocation = #_sourceLocation) {
        let strands: [Strand] = [.catchAndControl, .preventAndDeter, .rehabilitateAndResettle]
        for (strand, agency) in zip(strands, agencies) {
            #expect(table.expected(cohort: cohort, statutory: statutory, ageGroup: age, strand: strand) == agency,
                    "\(cohort) statutory=\(statutory) \(age) \(strand)", sourceLocation: sourceLocation)
        }
    }

    @Test func namedCells() {
        #expect(table.expected(cohort: .ppo, statutory: false, ageGroup: .adult, strand: .rehabilitateAndResettle) == .probation)
        #expect(table.expected(cohort: .ppo, statutory: false, ageGroup: .juvenile, strand: .rehabilitateAndResettle) == .youngPeopleServiceProvider)
        #expect(table.expected(cohort: .iom, statutory: false, ageGroup: .adult, strand: .rehabilitateAndResettle) == .serviceProvider)
        #expect(table.expected(cohort: .dip, statutory: false, ageGroup: .adult, strand: .catchAndControl) == .dipPolice)
        #expect(table.expected(cohort: .dip, statutory: false, ageGroup: .adult, strand: .preventAndDeter) == .dip)
    }

    @Test func wholeTable() {
        for cohort in [CohortType.ppo, .iom] {
            expect(cohort, true, .adult, [.probation, .probation, .probation])
            expect(cohort, true, .juvenile, [.yos, .yos, .yos])
        }
        expect(.ppo, false, .adult, [.police, .police, .probation])
        expect(.ppo, false, .juvenile, [.police, .police, .youngPeopleServiceProvider])
        expect(.iom, false, .adult, [.police, .police, .serviceProvider])
        expect(.iom, false, .juvenile, [.police, .police, .youngPeopleServiceProvider])
        for age in AgeGroup.allCases {
            expect(.dip, true, age, [.probation, .probation, .probation])
            expect(.dip, false, age, [.dipPolice, .dip, .dip])
            expect(.dyo, true, age, [.yos, .yos, .yos])
            expect(.dyo, false, age, [.police, .police, .youngPeopleServiceProvider])
        }
    }

    @Test func custodyIsARule() {
        #expect(LeadAgencyTable.custodyStrand == .rehabilitateAndResettle)
        #expect(LeadAgencyTable.custodyLeadAgency == .prison)
        #expect(!table.rules.contains { $0.leadAgency == .prison })
    }
}

@Suite("Reference: offences")
struct ReferenceOffenceCatalogueTests {
    let offences: OffenceCatalogue

    init() throws { offences = try ReferenceSeeds.load().offences }

    @Test func burglaryDwelling() {
        #expect(offences.isTrigger(cjsCode: "TH68036"))
        #expect(offences.isBurglary(cjsCode: "TH68036"))
        #expect(offences.title(cjsCode: "th68036 ") == "Burglary dwelling and theft - no violence")
    }

    @Test func shopTheft() {
        #expect(offences.isTrigger(cjsCode: "TH68010"))
        #expect(!offences.isBurglary(cjsCode: "TH68010"))
        #expect(offences.isTrigger(cjsCode: "TH68010A"))        // attempt theft
        #expect(!offences.isTrigger(cjsCode: "TH68010C"))       // conspiracy is not a trigger
    }

    @Test func burglaryFamily() {
        #expect(offences.isBurglary(cjsCode: "TH68081"))        // going equipped for burglary
        #expect(offences.isTrigger(cjsCode: "TH68081"))
        #expect(!offences.isBurglary(cjsCode: "TH68078"))       // going equipped for theft
        #expect(offences.isBurglary(cjsCode: "TH68045"))        // aggravated burglary
        #expect(offences.isBurglary(cjsCode: "TH68026A"))       // attempted burglary
        #expect(offences.isBurglary(cjsCode: "TH68026C"))       // conspiracy to burgle
        #expect(!offences.isTrigger(cjsCode: "TH68026C"))
    }

    @Test func neitherTriggerNorBurglary() {
        for code in ["CJ88001", "OF61102", "TH68058", "TH68071", "TH68049", "MD71132", "MD71215", "MD71343", "MD71130A",
                     "FA06007", "VG24017", "TH68036A", ""] {
            #expect(!offences.isTrigger(cjsCode: code), "\(code)")
            #expect(!offences.isBurglary(cjsCode: code), "\(code)")
        }
        #expect(offences.title(cjsCode: "CJ88001") == nil)
    }

    @Test func otherActs() {
        for code in ["MD71130", "MD71211", "MD71234", "MD71219", "FA06001", "FA06004", "FA06005", "FA06003A",
                     "VG24005", "VG24047", "TH68050", "TH68141", "TH68073", "TH68025"] {
            #expect(offences.isTrigger(cjsCode: code), "\(code)")
        }
    }
}
