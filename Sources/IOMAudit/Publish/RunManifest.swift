import Foundation

/// `manifest.json`: what a run read, what it wrote and how it ended, for the scheduler and for audit.
public struct RunManifest: Codable, Sendable {
    public struct Output: Codable, Sendable {
        public var path: String
        public var rows: [String: Int]
        /// A CSV's size and SHA-256, taken as it was written: what a receiving system checks its copy by.
        public var bytes: Int?
        public var sha256: String?

        public init(path: String, rows: [String: Int], bytes: Int? = nil, sha256: String? = nil) {
            self.path = path; self.rows = rows; self.bytes = bytes; self.sha256 = sha256
        }
    }

    public var tool = "iomaudit"
    public var version = IOMAuditVersion.current
    public var command: String
    public var runID: String?
    public var asOf: String?
    public var pipeline: String
    public var pipelineFile: String
    public var input: String
    public var startedAt: String
    public var seconds: Double = 0
    public var stageSeconds: [String: Double] = [:]
    /// Peak resident memory (MiB) of the process at the end of each stage: where the peak was made.
    public var stagePeakMiB: [String: Double] = [:]
    /// Worker threads the run used for reading sources (1 = single-threaded).
    public var threads: Int?
    public var sources: [SourceReport] = []
    public var outputs: [Output] = []
    /// How the records were linked: candidate pairs per record, largest block, questions, the prior;
    /// the fitted model itself is `link_model.json` beside the manifest.
    public var linking: JSONValue?
    public var outcome: String = ""
    /// Why the run warned (optional source missing, quarantine share, extract guard).
    public var warnings: [String] = []
    public var exitCode: Int32 = 0
    /// The publication that put this run in place: the history names it too (`Publication`).
    public var attempt: String?
    /// A backfill: the later runs whose statuses it computed again and whose folders it restated.
    public var restatedRuns: [String]?
    /// In a later run's manifest: the attempt of the backfill that restated its statuses.
    public var restatedBy: String?
    /// Why a failed run stopped, naming the file (in `last-attempt.json` only).
    public var error: String?

    public func write(to path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(self), to: path)
    }
}

public enum IOMAuditVersion {
    public static let current = "0.1.0"
}
