/// Vocabularies as the source systems write them (the "values" maps of the mappings), marker
/// wordings, record id layouts.
enum SampleText {
    static func nicheId(_ v: UInt32) -> String { "N" + pad(Int(v), 8) }
    static func caseId(_ v: UInt32) -> String { "MC" + pad(Int(v), 6) }
    static func trackingId(_ v: UInt32) -> String { "JT" + pad(Int(v), 6) }
    static func testId(_ v: UInt32) -> String { "CZ" + pad(Int(v), 7) }

    static func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }

    static func bytes(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    // MARK: MiCase

    static let cohort: [CohortType: [[UInt8]]] = [
        .ppo: bytes(["PPO", "Prolific and Priority Offender"]),
        .iom: bytes(["IOM", "Integrated Offender Management"]),
        .dyo: bytes(["DYO", "Deter Young Offender"]),
        .dip: bytes(["DIP"]),
    ]
    static let strand: [Strand: [[UInt8]]] = [
        .catchAndControl: bytes(["C&C", "Catch and Control", "Catch and Convict", "C and C"]),
        .preventAndDeter: bytes(["P&D", "Prevent and Deter", "P and D"]),
        .rehabilitateAndResettle: bytes(["R&R", "Rehabilitate and Resettle", "Rehabilitation and Resettlement", "R and R"]),
    ]
    static let ageGroup: [AgeGroup: [[UInt8]]] = [
        .adult: bytes(["Adult", "A"]),
        .juvenile: bytes(["Juvenile", "J", "Youth"]),
    ]
    static let lead: [LeadAgency: [[UInt8]]] = [
        .probation: bytes(["Probation", "National Probation Service", "NPS"]),
        .yos: bytes(["YOS", "Youth Offending Service", "YOT"]),
        .police: bytes(["Police", "WYP", "West Yorkshire Police"]),
        .serviceProvider: bytes(["Service Provider"]),
        .youngPeopleServiceProvider: bytes(["Young People Service Provider", "Young people service provider"]),
        .dip: bytes(["DIP"]),
        .dipPolice: bytes(["DIP Police"]),
        .prison: bytes(["Prison", "Prison Service", "HMPS", "HMPPS Prison"]),
    ]
    static let statutory = [bytes(["N", "No"]), bytes(["Y", "Yes"])]
    static let sex = [bytes(["M", "Male"]), bytes(["F", "Female"])]
    static let riskTier = bytes(["Red", "Amber", "Green"])
    static let hubs: [[[UInt8]]] = SampleUnits.divisionNames.enumerated().map { i, name in
        bytes([SampleUnits.hubs[i], name + " HUB", name + " Hub"])
    }
    static let deselectionReasons = bytes([
        "Reduced offending", "Moved out of force area", "Long term custody", "Deceased",
        "No longer meets selection criteria", "Stable, engaged with treatment", "Transferred to adult services",
        "Reduced risk, stepped down",
    ])

    // MARK: Niche and JTrack

    static let nicheFlag: [CohortType: [[UInt8]]] = [
        .ppo: bytes(["PPO", "Prolific and Priority Offender", "Prolific and other Priority Offender"]),
        .iom: bytes(["IOM", "Integrated Offender Management"]),
        .dyo: bytes(["DYO", "Deter Young Offender"]),
        .dip: bytes(["DIP"]),
    ]
    static let jtrackCohort: [CohortType: [[UInt8]]] = [
        .ppo: bytes(["PPO", "Prolific and other Priority Offender"]),
        .dyo: bytes(["DYO", "Deter Young Offender"]),
        .iom: bytes(["IOM"]),
        .dip: bytes(["DIP"]),
    ]
    static let jtrackStatus = [bytes(["Ended", "Closed", "De-registered"]), bytes(["Active", "Open", "Tracked"])]
    static let jtrackAreas = bytes(SampleUnits.jtrackAreas)

    // MARK: Prison

    static let establishments = bytes([
        "HMYOI Wetherby", "HMP New Hall", "HMP Askham Grange", "HMP Leeds", "HMP Wakefield", "HMP Doncaster",
        "HMP Hull", "HMP Wealstun", "HMP Lindholme", "HMP Moorland", "HMP Humber", "HMP Hatfield",
    ])
    static let releaseTypes = bytes(["Licence", "Conditional Release on Licence", "HDC", "Sentence Expiry", "Remand Ended"])
    static let districts: [[[UInt8]]] = SampleUnits.divisionNames.enumerated().map { i, name in
        bytes([SampleUnits.prisonDistricts[i], name])
    }

    // MARK: Cozart

    /// CJS offence codes: trigger offences (seeds/offences.csv) and three that need an Inspector's Authority.
    static let offences: [(code: [UInt8], trigger: Bool)] = [
        ("TH68010", true), ("TH68001", true), ("TH68007", true), ("TH68023", true), ("TH68036", true),
        ("TH68037", true), ("TH68046", true), ("TH68010A", true), ("MD71211", true), ("MD71231", true),
        ("FA06001", true), ("TH68010", true), ("CJ88001", false), ("CJ88116", false), ("PU86003", false),
    ].map { (Array($0.0.utf8), $0.1) }
    static let results = [bytes(["Negative"]), bytes(["Positive"]), bytes(["Not Tested", "N/T"])]
    static let overturned = [
        bytes(["", "None"]),
        bytes(["Disputed", "Overturned - Disputed"]),
        bytes(["Medical", "Overturned - Medical"]),
        bytes(["Quality Assurance", "Overturned - Quality Assurance"]),
        bytes(["Other - Operator Error", "Operator Error", "Overturned - Other"]),
    ]

    // MARK: PNC markers

    static let ppoContacts = ["Contact DOMU 01924 000000", "Contact DOMU on 01924 000001", "Contact %D DIU 01924 000002"]
    static let iomContacts = ["Contact %D IOM Hub", "Contact DOMU 01924 000000 & %D Hub", "Contact %D IOM Hub 01924 000003"]
    static let ppoWording = [
        "PROLIFIC OFFENDER PPO - CONTACT DOMU",
        "Prolific Offender - PPO Premuim Service Reqd",
        "Prolific Offender PPO Premium Service Required. Contact DOMU 01924 000000",
        "Prolific Offenders - PPO Premium Service Required. Contact DOMU",
        "Prolific Offender - PPO",
    ]
    static let iomWording = [
        "Prolific Offender IOM Contact %D IOM Hub",
        "PROLIFIC OFFENDER - IOM CASE - CONTACT HUB",
        "Prolific Offender (IOM) Contact %D Hub",
        "Prolific Offender - IOM Cohort Member. Contact DOMU",
    ]
    static let infoMarkers = [
        "VI - VIOLENT", "WE - WEAPONS", "DR - DRUGS", "SH - SELF HARM", "ES - ESCAPER", "MH - MENTAL HEALTH",
        "SU - SUICIDAL & SELF HARM", "AT - ALERT <VERIFY BEFORE ACTION>", "FI - FIREARMS", "CO - CONTAGIOUS",
    ]

    /// The PP marker text. `variant` 0 is the agreed wording; 1–4 are harmless near-misses
    /// (upper case, en dash, other contact, no contact); wording kinds index their own lists.
    static func marker(_ kind: SampleMarkerKind, variant: Int, division: Int) -> String {
        let place = SampleUnits.divisionNames[division]
        func fill(_ s: String) -> String { s.replacingPlaceholder(place) }
        switch kind {
        case .none: return ""
        case .removed: return "Prolific Offender - REMOVED"
        case .deregistered: return "Prolific Offender - DEREGISTERED. No Premium Service Required. Contact DOMU 01924 000000"
        case .ppoWording: return fill(ppoWording[variant % ppoWording.count])
        case .iomWording: return fill(iomWording[variant % iomWording.count])
        case .ppo, .iom:
            let head = kind == .ppo ? "PPO Premium Service Required." : "IOM"
            let contacts = kind == .ppo ? ppoContacts : iomContacts
            switch variant {
            case 1: return ("Prolific Offender - " + head + " " + fill(contacts[0])).uppercased()
            case 2: return "Prolific Offender \u{2013} " + head + " " + fill(contacts[0])
            case 3: return "Prolific Offender - " + head + " " + fill(contacts[1 + division % 2])
            case 4: return "Prolific Offender - " + head
            default: return "Prolific Offender - " + head + " " + fill(contacts[0])
            }
        }
    }
}

extension String {
    fileprivate func replacingPlaceholder(_ place: String) -> String {
        var out = ""
        var it = makeIterator()
        while let c = it.next() {
            if c == "%" {
                if let d = it.next() {
                    if d == "D" { out += place } else { out.append(c); out.append(d) }
                } else { out.append(c) }
            } else {
                out.append(c)
            }
        }
        return out
    }
}
