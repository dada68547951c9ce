/// Exit codes for the scheduler. Findings are normal work and never change the code.
public enum ExitCode: Int32, Sendable, CaseIterable {
    /// Completed and published.
    case success = 0
    /// `explain`: the key is in no published record.
    case notFound = 1
    /// Completed and published, but something needs a look: an optional source missing or failed,
    /// or more rows quarantined than the pipeline's warning share.
    case completedWithWarnings = 3
    /// Nothing published: a required source missing or unreadable, or the run broke.
    case nothingPublished = 4
    /// The command line was wrong.
    case usage = 64
    /// A pipeline, mapping or seed file is wrong.
    case configuration = 78
    /// Another run holds the lock on the output folder; nothing was done. Try again later.
    case busy = 75

    public var meaning: String {
        switch self {
        case .success: return "completed and published (findings are normal)"
        case .notFound: return "explain: no such record or PNC ID in the published run"
        case .completedWithWarnings: return "published with warnings (optional source missing or held back, or quarantine above the pipeline's share)"
        case .nothingPublished: return "nothing published (required source missing, unreadable or held back, or the run failed)"
        case .busy: return "another run is in progress on this output folder; nothing done"
        case .usage: return "command-line usage error"
        case .configuration: return "pipeline, mapping or seed file error"
        }
    }
}
