import Foundation

/// `iomaudit report --month YYYY-MM`: the monthly Data Systems Audit Report from the finding history,
/// this month's last run against last month's last run. Writes OUT/reports/YYYY-MM/ (see
/// `AuditReportWriter`). Prints counts only, never names.
enum ReportCommand {
    static let usage = "iomaudit report --month YYYY-MM [--out DIR] [--pipeline FILE] [--seeds DIR] [--redact]"

    static let details = """
    Compares the last audit run of the month with the last run of the month before, from
    OUT/history.sqlite, and writes the folder OUT/reports/YYYY-MM/:

      audit-YYYY-MM.html           the report for HUB inspectors: force totals, totals by division,
                                   findings by division, code and system, a 12-month trend, and a
                                   list page per division (names: OFFICIAL-SENSITIVE). One file,
                                   no external assets; opens in any browser and prints on A4.
      audit-YYYY-MM.md             the same counts as Markdown (no names)
      audit-YYYY-MM-summary.csv    the same counts (no names); filter on "level" before adding up
      discrepancies/CODE-Name.csv  per division, every open finding for its data manager: what to
                                   change, in which system, owner, first seen, age (no names)

    A report of the same month is replaced whole; a failed report leaves the earlier one as it was.
    Names and dates of birth come from OUT/runs/RUN_ID/store.sqlite of the month's run and appear
    only on the per-division list pages of the HTML.

      --month YYYY-MM   the month to report (its last run); required
      --out DIR         the nightly output folder (default: the pipeline's "out")
      --pipeline FILE   pipeline definition (default Pipelines/nightly.json)
      --seeds DIR       reference data for division names (default: the pipeline's "seeds";
                        with --out alone, that of the pipeline that published OUT/current)
      --redact          for wider circulation: leave names and dates of birth out; writes
                        OUT/reports/YYYY-MM-redacted/audit-YYYY-MM-redacted.html with the
                        Markdown and summary CSV (no discrepancy lists)

    Exit 0 when written; 4 when there is no history or no run in that month (nothing written);
    64 for a malformed month; 78 when the pipeline or seeds cannot be read.
    """

    /// The seeds folder of the pipeline that published OUT/current, when that pipeline file is still there.
    static func seedsOfPublishedRun(out: String) -> [String]? {
        let manifest = ((out as NSString).appendingPathComponent("current") as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifest), let m = try? JSONDecoder().decode(RunManifest.self, from: data),
              let pipeline = try? PipelineDefinition.load(path: m.pipelineFile) else { return nil }
        return pipeline.seeds
    }

    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "report", options: ["month", "out", "pipeline", "seeds"], flags: ["redact"])
        guard let monthText = args.options["month"] else { throw UsageError(message: "name the month with --month YYYY-MM", command: "report") }
        guard let month = ReportMonth(monthText) else {
            throw UsageError(message: "--month must be a month like 2026-11, not '\(monthText)'", command: "report")
        }
        let out: String, seeds: [String]
        if let o = args.options["out"], args.options["pipeline"] == nil {
            // --out alone works from any folder: the reference data is the one the published run used.
            out = o
            if let s = args.options["seeds"].map({ [$0] }) ?? ReportCommand.seedsOfPublishedRun(out: o) { seeds = s } else { seeds = try IOMAuditCommand.pipeline(args).seeds }
        } else {
            let pipeline = try IOMAuditCommand.pipeline(args)
            out = args.options["out"] ?? pipeline.out
            seeds = args.options["seeds"].map { [$0] } ?? pipeline.seeds
        }
        let reference = try ReferenceData.load(from: seeds)
        let redact = args.flags.contains("redact")

        let report = try AuditReportLoader.load(out: out, month: month, divisions: reference.divisions, redact: redact)
        let producedBy = "iomaudit \(IOMAuditVersion.current) from the finding history (\(HistorySchema.fileName))"
        let written = try AuditReportWriter.write(report, out: out, producedBy: producedBy)

        let c = report.counts()
        var lines = ["Data Systems Audit Report, \(month.label)\(redact ? " (redacted)" : ""): run \(report.run.runID)"
                     + (report.previous.map { " compared with \($0.runID)" } ?? " (no run in \(month.previous.label) to compare with)")]
        lines.append("  open \(c.open), new \(ReportText.count(c.newThisMonth)), corrected \(ReportText.count(c.corrected)), "
                     + "not evaluated \(ReportText.count(c.notEvaluated)), over 30 days \(c.openOver30Days), over 90 days \(c.openOver90Days)")
        for d in report.divisions {
            let k = report.counts(division: d.code)
            var line = "  " + d.name.padding(toLength: 14, withPad: " ", startingAt: 0) + " open \(k.open)"
            if d.code == Division.unknown.code, let c = report.unmappedCodes.first {
                line += " (commonest unmapped unit code: \(c.system.displayName) \(c.code), \(c.rows) record\(c.rows == 1 ? "" : "s"))"
            }
            lines.append(line)
        }
        if let note = report.identityNote { lines.append("warning: \(note)") }
        lines.append("Wrote \(written.folder)/")
        for p in [written.html, written.markdown, written.summaryCSV] { lines.append("  " + (p as NSString).lastPathComponent) }
        if !written.discrepancies.isEmpty { lines.append("  discrepancies/ (\(written.discrepancies.count) division lists)") }
        stdout(lines.joined(separator: "\n"))
        return .success
    }
}
