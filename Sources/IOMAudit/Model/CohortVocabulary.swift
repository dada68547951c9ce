/// Canonical vocabularies shared by mappings, seeds and findings.
/// Raw values are what mapping value maps produce and what the store holds.

public enum CohortType: String, CaseIterable, Codable, Sendable {
    case ppo = "PPO", iom = "IOM", dyo = "DYO", dip = "DIP"
}

public enum Strand: String, CaseIterable, Codable, Sendable {
    case catchAndControl = "C&C", preventAndDeter = "P&D", rehabilitateAndResettle = "R&R"
}

public enum AgeGroup: String, CaseIterable, Codable, Sendable {
    case adult = "ADULT", juvenile = "JUVENILE"
}

/// Who leads on a cohort member, and so who must correct MiCase (seed 004).
public enum LeadAgency: String, CaseIterable, Codable, Sendable {
    case probation = "PROBATION"
    case yos = "YOS"
    case police = "POLICE"
    case serviceProvider = "SERVICE-PROVIDER"
    case youngPeopleServiceProvider = "YP-SERVICE-PROVIDER"
    case dip = "DIP"
    case dipPolice = "DIP-POLICE"
    case prison = "PRISON"

    public var displayName: String {
        switch self {
        case .probation: return "Probation"
        case .yos: return "YOS"
        case .police: return "Police"
        case .serviceProvider: return "Service provider"
        case .youngPeopleServiceProvider: return "Young people service provider"
        case .dip: return "DIP"
        case .dipPolice: return "DIP Police"
        case .prison: return "Prison"
        }
    }
}

public enum Sex: String, CaseIterable, Codable, Sendable {
    case male = "M", female = "F", unknown = "U"
}

/// Status of a JTrack tracking record.
public enum TrackingStatus: String, CaseIterable, Codable, Sendable {
    case active = "ACTIVE", ended = "ENDED"
}

/// Result of one drug on a Cozart oral-fluid test.
public enum DrugResult: String, CaseIterable, Codable, Sendable {
    case positive = "POSITIVE", negative = "NEGATIVE", notTested = "NOT-TESTED"
}

/// Why a disputed or reviewed test was overturned (Cozart outcome codes).
public enum OverturnReason: String, CaseIterable, Codable, Sendable {
    case disputed = "DISPUTED", medical = "MEDICAL", qualityAssurance = "QUALITY-ASSURANCE", operatorError = "OPERATOR-ERROR"
}

/// How a prisoner left custody.
public enum ReleaseType: String, CaseIterable, Codable, Sendable {
    case licence = "LICENCE", noLicence = "NO-LICENCE", remandEnded = "REMAND-ENDED", transfer = "TRANSFER"
}
