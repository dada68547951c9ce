import Foundation

/// `iomaudit ingest`: prints a per-source summary after the log.
enum IngestCommand {
    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "ingest", options: ["pipeline", "input", "out", "log-format", "threads"])
        let pipeline = try IOMAuditCommand.pipeline(args)
        var ingest = IngestRun(pipeline: pipeline, input: args.options["input"], out: args.options["out"], log: try IOMAuditCommand.log(args))
        if let t = try args.integer("threads", range: 1...64) { ingest.threads = t }
        let result = try ingest.run()
        stdout(IngestCommand.summary(result.reports))
        stdout("Store:    \(result.storePath)\nManifest: \(result.manifestPath)\nOutcome:  \(result.exitCode.meaning)")
        return result.exitCode
    }

    /// A fixed-width table: one line per source.
    static func summary(_ reports: [SourceReport]) -> String {
        func col(_ s: String, _ w: Int, right: Bool = false) -> String {
            s.count >= w ? s : (right ? String(repeating: " ", count: w - s.count) + s : s + String(repeating: " ", count: w - s.count))
        }
        var lines = [col("source", 16) + col("status", 9) + col("rows read", 11, right: true) + col("loaded", 11, right: true)
                     + col("quarantined", 13, right: true) + col("field issues", 14, right: true) + "  file"]
        for r in reports {
            lines.append(col(r.system.displayName, 16) + col(r.status.rawValue, 9) + col(String(r.rowsRead), 11, right: true)
                         + col(String(r.loaded), 11, right: true) + col(String(r.quarantined), 13, right: true)
                         + col(String(r.fieldIssues), 14, right: true) + "  " + (r.file.map { ($0 as NSString).lastPathComponent } ?? "(none)"))
            if let e = r.error { lines.append("    " + e) }
            if r.status == .loaded, r.unmappedCodes != nil {
                lines.append("    unit codes not in the reference data (\(ReferenceData.unitDivisionsFile)): \(r.unmappedCodesText())")
            }
        }
        return lines.joined(separator: "\n")
    }
}
