/// A source row that could not become a canonical record, kept with the reason so a data manager can
/// fix it at source. Nothing read is ever dropped silently.
public struct QuarantinedRow: Hashable, Sendable {
    public let system: SourceSystem
    public let file: String
    public let line: Int
    /// The canonical field (and its column) at fault, or nil when the row as a whole is broken.
    public let field: String?
    public let reason: String
    /// The row as read (cut to 1,000 characters). Personal data: store only, never logs.
    public let raw: String
}

/// What becomes of one source row.
public enum RowOutcome: Sendable {
    case record(CanonicalRecord)
    case quarantined(QuarantinedRow)
}
