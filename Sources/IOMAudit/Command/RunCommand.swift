import Foundation

/// `iomaudit run`: the nightly job. Prints findings per division and code after the log.
enum RunCommand {
    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "run", options: ["pipeline", "input", "out", "as-of", "log-format", "threads"],
                                       flags: ["new-history", "backfill"])
        let pipeline = try IOMAuditCommand.pipeline(args)
        let asOf = try args.date("as-of") ?? RunCommand.today()
        var nightly = NightlyRun(pipeline: pipeline, input: args.options["input"], out: args.options["out"], asOf: asOf,
                                 log: try IOMAuditCommand.log(args))
        Progress.watch(nightly.progress)
        defer { Progress.done() }
        if let t = try args.integer("threads", range: 1...64) { nightly.threads = t }
        nightly.newHistory = args.flags.contains("new-history")
        nightly.backfill = args.flags.contains("backfill")
        let result: NightlyRun.Result
        do { result = try nightly.run() } catch let busy as RunLock.Busy {
            IOMAuditCommand.printError("error: \(busy)")
            return .busy
        }
        Progress.done()
        stdout(IngestCommand.summary(result.reports))
        guard let dir = result.runDirectory else {
            stdout("\nNothing published; the previous outputs are unchanged. Why:")
            for r in result.reasons { stdout("  - \(r)") }
            return result.exitCode
        }
        stdout("")
        stdout(RunCommand.divisionSummary(result.findings))
        stdout("\n\(result.persons) persons linked, \(result.inScopePersons) in the audit's scope, \(result.findings.count) findings.")
        let s = result.statuses.byStatus
        stdout("Against the previous run: \(s["NEW", default: 0]) new, \(s["OPEN", default: 0]) still open, \(s["REOPENED", default: 0]) reopened, "
               + "\(s["CORRECTED", default: 0]) corrected, \(s["NOT-EVALUATED", default: 0]) not evaluated.")
        stdout("Published: \(dir)\nOutcome:   \(result.exitCode.meaning)")
        for r in result.reasons { stdout("  - \(r)") }
        return result.exitCode
    }

    /// The machine's local date: the only place the product reads the clock for the as-of date.
    static func today() -> CalendarDate {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// Findings as a division × code table, with totals, for the morning check.
    static func divisionSummary(_ findings: [Finding]) -> String {
        let divisions = Array(Set(findings.map(\.division))).sorted()
        var counts: [String: [String: Int]] = [:]
        for f in findings { counts[f.code, default: [:]][f.division, default: 0] += 1 }
        let codes = counts.keys.sorted()
        let w = max(24, (codes.map(\.count).max() ?? 0) + 2)
        var lines = ["Findings by code and division", "code".padding(toLength: w, withPad: " ", startingAt: 0)
                     + divisions.map { $0.leftPadded(9) }.joined() + "total".leftPadded(9)]
        for c in codes {
            let row = counts[c]!
            lines.append(c.padding(toLength: w, withPad: " ", startingAt: 0)
                         + divisions.map { String(row[$0] ?? 0).leftPadded(9) }.joined() + String(row.values.reduce(0, +)).leftPadded(9))
        }
        lines.append("total".padding(toLength: w, withPad: " ", startingAt: 0)
                     + divisions.map { d in String(findings.filter { $0.division == d }.count).leftPadded(9) }.joined()
                     + String(findings.count).leftPadded(9))
        return lines.joined(separator: "\n")
    }
}
