/// Who must change a record, as reports show it. MiCase findings belong to the lead agency
/// (the table's lead agency when the recorded one is wrong); Police correct PNC and Niche.
public enum FindingOwner {
    public static let police = "Police"
    /// JTrack tracking is kept by the police PPO/IOM co-ordinators (DOMU).
    public static let jtrack = "JTrack administrator (Police)"
    /// Cozart tests are recorded in custody by detention officers.
    public static let custody = "Custody (Police)"
    public static let prison = "Prison service"
    /// A MiCase case whose lead agency is not known.
    public static let hub = "IOM HUB"

    /// The owner of a record in `system`; for MiCase the case's lead agency.
    public static func of(_ system: SourceSystem, micase: MiCaseCase? = nil) -> String {
        switch system {
        case .pnc, .niche: return police
        case .micase: return micase?.leadAgency?.displayName ?? hub
        case .jtrack: return jtrack
        case .cozart: return custody
        case .prison: return prison
        }
    }

    /// The owner of a MiCase finding: `expected` when the recorded lead agency is wrong, else the recorded one.
    public static func micase(recorded: IOMAudit.LeadAgency?, expected: IOMAudit.LeadAgency?) -> String {
        if let expected, expected != recorded { return expected.displayName }
        return recorded?.displayName ?? hub
    }
}
