/// What a canonical field holds, and so how a mapping's raw text is turned into it.
public enum FieldKind: Hashable, Sendable {
    case text            // free text, trimmed
    case code            // a unit, hub, site or area code: trimmed, upper case, spaces collapsed
    case name            // a name part as written (PersonName.written); matching keys it apart
    case date
    case dateTime
    case bool
    case pncID
    case croNumber
    case prisonNumber
    case choice([String]) // one of a fixed vocabulary (CohortType, Strand, …)

    var needsFormats: Bool { self == .date || self == .dateTime }
}

public struct CanonicalField: Hashable, Sendable {
    public let name: String
    public let kind: FieldKind
    /// Several values in one record (Niche cohort flags).
    public let multiValued: Bool

    init(_ name: String, _ kind: FieldKind, multiValued: Bool = false) {
        self.name = name; self.kind = kind; self.multiValued = multiValued
    }

    /// Column name in the store.
    public var column: String { snakeCase(name) }
}

/// A repeated part of a record: a PNC subject's aliases or information markers.
public struct CanonicalGroup: Hashable, Sendable {
    public let name: String
    public let fields: [CanonicalField]
    public var table: String { snakeCase(name) }
}

/// The canonical record layout of one source system. Mappings name these fields; the store's
/// tables follow them; nothing downstream sees a source's own column names.
public struct CanonicalSchema: Sendable {
    public let system: SourceSystem
    public let table: String
    public let fields: [CanonicalField]
    public let groups: [CanonicalGroup]
    /// Fields whose values make the record id (`system:id`); the first is the record key.
    public let idFields: [String]

    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// The field whose code maps to a division through the reference data's unit table.
    public var unitCodeField: String? {
        switch system {
        case .pnc: "ownerUnit"
        case .niche: "owningUnit"
        case .micase: "hub"
        case .jtrack: "area"
        case .cozart: "testSite"
        case .prison: "releaseArea"
        }
    }
    public func groupIndex(_ name: String) -> Int? { groups.firstIndex { $0.name == name } }

    public static func of(_ system: SourceSystem) -> CanonicalSchema { all[system]! }

    static let sexChoices = Sex.allCases.map(\.rawValue)
    static let cohortChoices = CohortType.allCases.map(\.rawValue)
    static let identity: [CanonicalField] = [
        CanonicalField("pncId", .pncID),
        CanonicalField("surname", .name),
        CanonicalField("forenames", .name),
        CanonicalField("dateOfBirth", .date),
    ]

    public static let all: [SourceSystem: CanonicalSchema] = [
        .pnc: CanonicalSchema(
            system: .pnc, table: "pnc_nominals",
            fields: identity + [
                CanonicalField("croNumber", .croNumber),
                CanonicalField("sex", .choice(sexChoices)),
                CanonicalField("ownerUnit", .code),
            ],
            groups: [
                CanonicalGroup(name: "pncAliases", fields: [
                    CanonicalField("surname", .name), CanonicalField("forenames", .name), CanonicalField("dateOfBirth", .date),
                ]),
                CanonicalGroup(name: "pncMarkers", fields: [
                    CanonicalField("text", .text), CanonicalField("date", .date),
                ]),
            ],
            idFields: ["pncId"]),
        .niche: CanonicalSchema(
            system: .niche, table: "niche_nominals",
            fields: [CanonicalField("nominalId", .code)] + identity + [
                CanonicalField("croNumber", .croNumber),
                CanonicalField("sex", .choice(sexChoices)),
                CanonicalField("owningUnit", .code),
                CanonicalField("cohortFlags", .choice(cohortChoices), multiValued: true),
            ],
            groups: [], idFields: ["nominalId"]),
        .micase: CanonicalSchema(
            system: .micase, table: "micase_cases",
            fields: [CanonicalField("caseId", .code)] + identity + [
                CanonicalField("nicheId", .code),
                CanonicalField("sex", .choice(sexChoices)),
                CanonicalField("cohort", .choice(cohortChoices)),
                CanonicalField("statutory", .bool),
                CanonicalField("ageGroup", .choice(AgeGroup.allCases.map(\.rawValue))),
                CanonicalField("strand", .choice(Strand.allCases.map(\.rawValue))),
                CanonicalField("leadAgency", .choice(LeadAgency.allCases.map(\.rawValue))),
                CanonicalField("hub", .code),
                CanonicalField("selectedOn", .date),
                CanonicalField("deselectedOn", .date),
                CanonicalField("deselectionReason", .text),
                CanonicalField("riskTier", .code),
            ],
            groups: [], idFields: ["caseId"]),
        .jtrack: CanonicalSchema(
            system: .jtrack, table: "jtrack_tracking",
            fields: [CanonicalField("trackingId", .code)] + identity + [
                CanonicalField("cohort", .choice(cohortChoices)),
                CanonicalField("status", .choice(TrackingStatus.allCases.map(\.rawValue))),
                CanonicalField("trackedFrom", .date),
                CanonicalField("trackedTo", .date),
                CanonicalField("area", .code),
            ],
            groups: [], idFields: ["trackingId"]),
        .cozart: CanonicalSchema(
            system: .cozart, table: "drug_tests",
            fields: [CanonicalField("testId", .code)] + identity + [
                CanonicalField("sex", .choice(sexChoices)),
                CanonicalField("testSite", .code),
                CanonicalField("officer", .text),
                CanonicalField("testedAt", .dateTime),
                CanonicalField("offenceCode", .code),
                CanonicalField("trigger", .bool),
                CanonicalField("inspectorsAuthority", .bool),
                CanonicalField("opiates", .choice(DrugResult.allCases.map(\.rawValue))),
                CanonicalField("cocaine", .choice(DrugResult.allCases.map(\.rawValue))),
                CanonicalField("disputed", .bool),
                CanonicalField("overturnedReason", .choice(OverturnReason.allCases.map(\.rawValue))),
                CanonicalField("failedChainOfCustody", .bool),
            ],
            groups: [], idFields: ["testId"]),
        .prison: CanonicalSchema(
            system: .prison, table: "prison_movements",
            fields: [CanonicalField("prisonNumber", .prisonNumber)] + identity + [
                CanonicalField("establishment", .text),
                CanonicalField("receivedOn", .date),
                CanonicalField("releasedOn", .date),
                CanonicalField("releaseType", .choice(ReleaseType.allCases.map(\.rawValue))),
                CanonicalField("releaseArea", .code),
            ],
            groups: [], idFields: ["prisonNumber", "receivedOn"]),
    ]
}

/// `dateOfBirth` → `date_of_birth`, for store columns.
func snakeCase(_ s: String) -> String {
    var out = ""
    for c in s {
        if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
    }
    return out
}
