/// Namespace of the finding rules: one type per code, each in `Rules/<Code>.swift`.
public enum FindingRules {}

/// Which system a rule's findings ask to change.
public enum ChangeTarget: Hashable, Sendable, CustomStringConvertible {
    case system(SourceSystem)
    /// The system of the record the finding is about (identity findings).
    case anchorRecord

    public var description: String {
        switch self {
        case .system(let s): return s.displayName
        case .anchorRecord: return "the record's system"
        }
    }
}

/// One registered rule: its code, severity, the system to change, a one-line description and the rule.
public struct RuleEntry: Sendable {
    public let code: String
    public let severity: Finding.Severity
    public let changes: ChangeTarget
    /// Who usually changes it (display form; MiCase findings go to the case's lead agency).
    public let owner: String
    public let summary: String
    public let rule: any FindingRule
}

/// Every finding rule, registered in one place (for the auditor, reports and `--help`).
///
/// Severity: HIGH where a system tells officers or partners the wrong thing about cohort membership or
/// custody today (markers and flags missing or stale, custody strand, released but still Prison) and where
/// a record points at another person (ID-CONFLICT); MEDIUM for the other identity, tracking, lead-agency,
/// age-group, division and drug-test discrepancies; LOW for marker wording.
public enum RuleCatalogue {
    public static let entries: [RuleEntry] = [
        RuleEntry(code: "ID-PNC-INVALID", severity: .medium, changes: .anchorRecord, owner: "record's owner",
                  summary: "a record's PNC ID is malformed or fails its check letter", rule: FindingRules.IDPNCInvalid()),
        RuleEntry(code: "ID-CRO-INVALID", severity: .medium, changes: .anchorRecord, owner: "record's owner",
                  summary: "a CRO number is malformed or fails its check letter", rule: FindingRules.IDCROInvalid()),
        RuleEntry(code: "ID-CONFLICT", severity: .high, changes: .anchorRecord, owner: "record's owner",
                  summary: "a record carries the PNC ID of a clearly different person", rule: FindingRules.IDConflict()),
        RuleEntry(code: "ID-DUPLICATE", severity: .medium, changes: .anchorRecord, owner: FindingOwner.police,
                  summary: "Niche or PNC holds two or more nominals for the same person", rule: FindingRules.IDDuplicate()),
        RuleEntry(code: "ID-MISSING-PNC", severity: .medium, changes: .anchorRecord, owner: "record's owner",
                  summary: "a MiCase, Niche or JTrack record of someone on PNC does not carry their PNC ID", rule: FindingRules.IDMissingPNC()),
        RuleEntry(code: "ID-UNMATCHED", severity: .medium, changes: .system(.micase), owner: "lead agency",
                  summary: "an active cohort member cannot be found on PNC", rule: FindingRules.IDUnmatched()),
        RuleEntry(code: "ID-REVIEW", severity: .medium, changes: .anchorRecord, owner: "record's owner",
                  summary: "a probable link too weak to accept automatically: a person must confirm it", rule: FindingRules.IDReview()),
        RuleEntry(code: "PNC-MARKER-MISSING", severity: .high, changes: .system(.pnc), owner: FindingOwner.police,
                  summary: "active PPO/IOM member with no active PP marker on PNC", rule: FindingRules.PNCMarkerMissing()),
        RuleEntry(code: "PNC-MARKER-STALE", severity: .high, changes: .system(.pnc), owner: FindingOwner.police,
                  summary: "active PP marker on PNC for someone who is not an active member of its cohort", rule: FindingRules.PNCMarkerStale()),
        RuleEntry(code: "PNC-MARKER-TYPE", severity: .medium, changes: .system(.pnc), owner: FindingOwner.police,
                  summary: "PP marker says PPO where MiCase says IOM, or the reverse", rule: FindingRules.PNCMarkerType()),
        RuleEntry(code: "PNC-MARKER-WORDING", severity: .low, changes: .system(.pnc), owner: FindingOwner.police,
                  summary: "PP marker text does not follow the agreed wording", rule: FindingRules.PNCMarkerWording()),
        RuleEntry(code: "NICHE-FLAG-MISSING", severity: .high, changes: .system(.niche), owner: FindingOwner.police,
                  summary: "active PPO, IOM or DYO member without a Niche cohort flag", rule: FindingRules.NicheFlagMissing()),
        RuleEntry(code: "NICHE-FLAG-STALE", severity: .high, changes: .system(.niche), owner: FindingOwner.police,
                  summary: "Niche cohort flag on someone who is not an active member of that cohort", rule: FindingRules.NicheFlagStale()),
        RuleEntry(code: "NICHE-FLAG-TYPE", severity: .medium, changes: .system(.niche), owner: FindingOwner.police,
                  summary: "Niche cohort flag names another cohort than MiCase", rule: FindingRules.NicheFlagType()),
        RuleEntry(code: "JTRACK-MISSING", severity: .medium, changes: .system(.jtrack), owner: FindingOwner.jtrack,
                  summary: "active member of a cohort JTrack tracks, not tracked as active on JTrack", rule: FindingRules.JTrackMissing()),
        RuleEntry(code: "JTRACK-STALE", severity: .medium, changes: .system(.jtrack), owner: FindingOwner.jtrack,
                  summary: "tracked as active on JTrack, but not an active member of that cohort", rule: FindingRules.JTrackStale()),
        RuleEntry(code: "LEAD-AGENCY", severity: .medium, changes: .system(.micase), owner: "lead agency (the table's)",
                  summary: "lead agency does not match the table for cohort, statutory, age group and strand", rule: FindingRules.LeadAgency()),
        RuleEntry(code: "CUSTODY-STRAND", severity: .high, changes: .system(.micase), owner: "lead agency (Prison)",
                  summary: "in prison custody, but MiCase is not R&R with lead agency Prison", rule: FindingRules.CustodyStrand()),
        RuleEntry(code: "RELEASED-STILL-PRISON", severity: .high, changes: .system(.micase), owner: "lead agency (the table's)",
                  summary: "released more than the grace period ago, but MiCase still says lead agency Prison", rule: FindingRules.ReleasedStillPrison()),
        RuleEntry(code: "AGE-GROUP", severity: .medium, changes: .system(.micase), owner: "lead agency",
                  summary: "adult/juvenile flag disagrees with the date of birth on the as-of date", rule: FindingRules.AgeGroup()),
        RuleEntry(code: "DIVISION-MISMATCH", severity: .medium, changes: .system(.niche), owner: FindingOwner.police,
                  summary: "MiCase hub division and Niche owning division disagree", rule: FindingRules.DivisionMismatch()),
        RuleEntry(code: "TEST-UNLINKED", severity: .medium, changes: .system(.cozart), owner: FindingOwner.custody,
                  summary: "a Cozart drug test whose subject cannot be linked to any nominal", rule: FindingRules.TestUnlinked()),
    ]

    public static var codes: [String] { entries.map(\.code) }

    public static func entry(code: String) -> RuleEntry? { entries.first { $0.code == code } }

    /// One line per rule, for `--help` and report footers: "CODE  SEVERITY  system  summary".
    public static var helpText: String {
        let width = entries.map(\.code.count).max() ?? 0
        return entries.map { e in
            e.code + String(repeating: " ", count: width - e.code.count) + "  " + e.severity.rawValue
                + String(repeating: " ", count: 6 - e.severity.rawValue.count) + "  " + e.changes.description + ": " + e.summary
        }.joined(separator: "\n")
    }
}
