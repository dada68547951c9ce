/// The finding codes the generator injects (the domain catalogue), in catalogue order.
enum SampleCode: Int, CaseIterable, Sendable {
    case idPNCInvalid, idCROInvalid, idConflict, idDuplicate, idMissingPNC, idUnmatched, idReview
    case markerMissing, markerStale, markerType, markerWording
    case flagMissing, flagStale, flagType
    case jtrackMissing, jtrackStale
    case leadAgency, custodyStrand, releasedStillPrison, ageGroup, divisionMismatch, testUnlinked

    var code: String {
        switch self {
        case .idPNCInvalid: return "ID-PNC-INVALID"
        case .idCROInvalid: return "ID-CRO-INVALID"
        case .idConflict: return "ID-CONFLICT"
        case .idDuplicate: return "ID-DUPLICATE"
        case .idMissingPNC: return "ID-MISSING-PNC"
        case .idUnmatched: return "ID-UNMATCHED"
        case .idReview: return "ID-REVIEW"
        case .markerMissing: return "PNC-MARKER-MISSING"
        case .markerStale: return "PNC-MARKER-STALE"
        case .markerType: return "PNC-MARKER-TYPE"
        case .markerWording: return "PNC-MARKER-WORDING"
        case .flagMissing: return "NICHE-FLAG-MISSING"
        case .flagStale: return "NICHE-FLAG-STALE"
        case .flagType: return "NICHE-FLAG-TYPE"
        case .jtrackMissing: return "JTRACK-MISSING"
        case .jtrackStale: return "JTRACK-STALE"
        case .leadAgency: return "LEAD-AGENCY"
        case .custodyStrand: return "CUSTODY-STRAND"
        case .releasedStillPrison: return "RELEASED-STILL-PRISON"
        case .ageGroup: return "AGE-GROUP"
        case .divisionMismatch: return "DIVISION-MISMATCH"
        case .testUnlinked: return "TEST-UNLINKED"
        }
    }
}

enum SampleStatus: UInt8 {
    case active, deselectedRecent, deselectedOld
}

enum SampleMarkerKind: UInt8 {
    case none
    case ppo, iom            // agreed wording or a harmless near-miss (variant)
    case removed, deregistered
    case ppoWording, iomWording // non-standard wording (PNC-MARKER-WORDING)
}

/// Text of a PNC ID field on a non-PNC record.
enum SamplePNCText {
    case normal           // the person's own PNC ID (if any), in some valid form
    case missing
    case literal([UInt8]) // exactly these bytes (invalid, or another person's ID)
}

/// Bit flags on a person.
enum SampleFlag {
    static let protected: UInt16 = 1 << 0  // in scope (or drug-tested): only harmless messiness
    static let clean: UInt16 = 1 << 1      // no semantic messiness at all
    static let nicheCRO: UInt16 = 1 << 2   // the Niche nominal carries the CRO number
    static let visitor: UInt16 = 1 << 3    // not resident: no Niche nominal
    static let alias: UInt16 = 1 << 4      // PNC nominal has an alias
    static let infoMarker: UInt16 = 1 << 5 // PNC nominal has a non-PP information marker
    static let nicheNoPNC: UInt16 = 1 << 6 // background: Niche nominal lacks the PNC ID
    static let historicalPNCUnit: UInt16 = 1 << 7 // PNC owner is the division's historical unit code
    static let finding: UInt16 = 1 << 8    // carries an injected finding or is the other side of one: no slips
    static let nonLatin: UInt16 = 1 << 9   // given a name outside Latin-1
}

/// Harmless semantic messiness on one record that carries the PNC ID.
enum SampleMess {
    static let none: UInt8 = 0
    static let typo: UInt8 = 1
    static let swap: UInt8 = 2
    static let transpose: UInt8 = 3
    // Systems, low nibble.
    static let niche: UInt8 = 0, micase: UInt8 = 1, jtrack: UInt8 = 2, cozart: UInt8 = 3, prison: UInt8 = 4
}

struct SamplePerson {
    var seed: UInt64 = 0
    var pncSerial: UInt32 = 0
    var croSerial: UInt32 = 0
    var nicheId: UInt32 = 0
    var member: Int32 = -1
    var special: Int32 = -1
    var dob: Int32 = 0
    var surname: UInt16 = 0
    var forename: UInt16 = 0
    var middle: UInt16 = 0xFFFF
    var pncYear: UInt16 = 0   // full year of the PNC ID; 0 = no PNC nominal
    var croYear: UInt16 = 0   // full year; 0 = no CRO number
    var flags: UInt16 = 0
    var sex: UInt8 = 0        // 0 male, 1 female
    var division: UInt8 = 0
    var nicheUnit: UInt8 = 0
    var mess: UInt8 = 0       // kind << 4 | system

    /// PNC owner unit: 0..4 the division's district code, 5..9 its historical code. Kept in `flags`
    /// so the struct is 48 bytes (7 M of them at force scale).
    var pncUnit: UInt8 { has(SampleFlag.historicalPNCUnit) ? division + 5 : division }

    var hasPNC: Bool { pncYear != 0 }
    var hasCRO: Bool { croYear != 0 }
    func has(_ f: UInt16) -> Bool { flags & f != 0 }
    var pnc: PNCIdentifier { PNCIdentifier(year: Int(pncYear) % 100, serial: Int(pncSerial)) }
    var cro: CRONumber { CRONumber(serial: Int(croSerial), year: Int(croYear) % 100) }
}

struct SampleMember {
    var person: Int32
    var caseId: UInt32 = 0
    var selected: Int32 = 0
    var deselected: Int32 = Int32.min
    var markerDate: Int32 = 0
    var cohort: CohortType
    var status: SampleStatus
    var statutory = false
    var ageGroup: AgeGroup = .adult   // as recorded on MiCase
    var strand: Strand = .catchAndControl
    var lead: LeadAgency = .police
    var hubDivision: UInt8 = 0
    var reason: UInt8 = 0
    var nicheRef = true
    var marker: SampleMarkerKind = .none
    var markerVariant: UInt8 = 0
    var nicheFlag: CohortType? = nil
    var code: SampleCode? = nil
    var riskTier: UInt8 = 0

    var isDeselected: Bool { deselected != Int32.min }
}

struct SampleTracking {
    var person: Int32
    var id: UInt32 = 0
    var cohort: CohortType
    var active: Bool
    var start: Int32
    var end: Int32 = Int32.min
}

struct SampleMovement {
    var person: Int32
    var received: Int32
    var released: Int32 = Int32.min
    var releaseType: UInt8 = 0
    var establishment: UInt8 = 0
    var carriesPNC = true
    var broken: UInt8 = 0     // 0 none, 1 bad DOB, 2 bad release type
}

struct SampleTest {
    var person: Int32
    var id: UInt32 = 0
    var day: Int32
    var minute: Int16
    var site: UInt8
    var officer: UInt16
    var offence: UInt8
    var opiates: UInt8        // 0 negative, 1 positive, 2 not tested
    var cocaine: UInt8
    var disputed = false
    var overturned: UInt8 = 0 // 0 none, 1... OverturnReason
    var failedChain = false
    var carriesPNC = true
    var broken: UInt8 = 0     // 0 none, 1 bad DOB, 2 bad result value
}

struct SampleSpecial {
    var nichePNC: SamplePNCText = .normal
    var micasePNC: SamplePNCText = .normal
    var jtrackPNC: SamplePNCText = .normal
    var pncCRO: [UInt8]? = nil
    var nicheCRO: [UInt8]? = nil
    var nicheSurname: UInt16? = nil
    var duplicate = false
    var duplicateNicheId: UInt32 = 0
    var nicheDOBText: [UInt8]? = nil
    var nicheSexText: [UInt8]? = nil
    var micaseDOBText: [UInt8]? = nil
    var micaseStrandText: [UInt8]? = nil
}

/// A junk row not tied to any person (quarantined on load).
struct SampleJunkRow {
    var file: SampleFile
    var before: Int        // written before this record ordinal of the file
    var bytes: [UInt8]
    var reason: String
}

enum SampleFile: Int, CaseIterable {
    case pnc, niche, micase, jtrack, cozart, prison

    func name(_ stamp: String) -> String {
        switch self {
        case .pnc: return "pnc_subjects_\(stamp).xml"
        case .niche: return "niche_nominals_\(stamp).csv"
        case .micase: return "micase_cases_\(stamp).csv"
        case .jtrack: return "jtrack_tracking_\(stamp).xml"
        case .cozart: return "cozart_tests_\(stamp).csv"
        case .prison: return "prison_movements_\(stamp).csv"
        }
    }
}

struct SampleBrokenRow {
    var file: String
    var line: Int
    var outcome: String   // quarantined | loaded-with-issue
    var reason: String
}

/// Where a finding points, resolved to `system:id` once ids are assigned.
enum SampleRef {
    case pnc(Int32), niche(Int32), nicheDuplicate(Int32), micase(Int32), jtrack(Int32), cozart(Int32)
}

struct SamplePendingFinding {
    var code: SampleCode
    var person: Int32
    var anchor: SampleRef
    var others: [SampleRef] = []
}

struct SampleTruthFinding {
    var code: String
    var anchor: String
    var recordIds: [String]
    var pncId: String
    var division: String
}

/// Unit codes per system and division (the same codes as seeds/unit_divisions.csv).
enum SampleUnits {
    static let divisions = ["BD", "CD", "KD", "LD", "WD"]
    static let divisionNames = ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"]
    static let weights = [22, 9, 19, 35, 15]
    /// PNC owner units: 0..4 district, 5..9 historical code of the same division.
    static let pnc = ["13BD", "13CD", "13KD", "13LD", "13WD", "13GA", "13FA", "13EA", "13AA", "13DA"]
    static let niche: [(code: String, division: Int)] = [
        ("BD", 0), ("BD-NPT-CITY", 0), ("BD-NPT-AIRE", 0),
        ("CD", 1), ("CD-NPT-HALIFAX", 1),
        ("KD", 2), ("KD-NPT-HUDDERSFIELD", 2), ("KD-NPT-DEWSBURY", 2),
        ("LD", 3), ("LD-NPT-NORTH", 3), ("LD-NPT-CITY", 3), ("LD-NPT-SOUTH", 3),
        ("WD", 4), ("WD-NPT-WAKEFIELD", 4), ("WD-NPT-FIVETOWNS", 4),
    ]
    static let nicheByDivision: [[Int]] = (0..<5).map { d in niche.indices.filter { niche[$0].division == d } }
    static let cozart: [(code: String, division: Int)] = [
        ("13L4", 3), ("13L7", 3), ("13B5", 0), ("13B7", 0), ("13C3", 1), ("13K1", 2), ("13D4", 4),
    ]
    static let cozartByDivision: [[Int]] = (0..<5).map { d in cozart.indices.filter { cozart[$0].division == d } }
    static let hubs = ["BRADFORD HUB", "CALDERDALE HUB", "KIRKLEES HUB", "LEEDS HUB", "WAKEFIELD HUB"]
    static let prisonDistricts = ["BRADFORD", "CALDERDALE", "KIRKLEES", "LEEDS", "WAKEFIELD"]
    static let jtrackAreas = ["WEST YORKSHIRE - BRADFORD", "WEST YORKSHIRE - CALDERDALE", "WEST YORKSHIRE - KIRKLEES",
                              "WEST YORKSHIRE - LEEDS", "WEST YORKSHIRE - WAKEFIELD"]
}

/// The lead-agency table of the domain brief (seed 004; seeds/lead_agency.csv holds the same cells).
/// DYO is treated as juvenile whatever the age group.
func sampleExpectedLead(_ c: CohortType, statutory: Bool, age: AgeGroup, strand: Strand) -> LeadAgency {
    switch c {
    case .ppo, .iom:
        if statutory { return age == .adult ? .probation : .yos }
        if strand != .rehabilitateAndResettle { return .police }
        if age == .juvenile { return .youngPeopleServiceProvider }
        return c == .ppo ? .probation : .serviceProvider
    case .dyo:
        if statutory { return .yos }
        return strand == .rehabilitateAndResettle ? .youngPeopleServiceProvider : .police
    case .dip:
        if statutory { return .probation }
        return strand == .catchAndControl ? .dipPolice : .dip
    }
}
