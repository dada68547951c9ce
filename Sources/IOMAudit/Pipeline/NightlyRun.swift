import Foundation

/// `iomaudit run`: ingest → link → audit → publish, for one as-of date.
/// Everything is built in a private folder and moved into `runs/RUN_ID` only when complete, then
/// `current` is switched to it; a failed run leaves the previous outputs as they were.
public struct NightlyRun {
    public struct Result: Sendable {
        public let exitCode: ExitCode
        public let runDirectory: String?
        public let reports: [SourceReport]
        public let findings: [Finding]
        public let persons: Int
        public let inScopePersons: Int
    }

    public let pipeline: PipelineDefinition
    public let input: String
    public let out: String
    public let asOf: CalendarDate
    public let log: RunLog

    public init(pipeline: PipelineDefinition, input: String? = nil, out: String? = nil, asOf: CalendarDate, log: RunLog) {
        self.pipeline = pipeline
        self.input = input ?? pipeline.input
        self.out = out ?? pipeline.out
        self.asOf = asOf
        self.log = log
    }

    /// Runs are named by their as-of date: re-running a date replaces that run.
    public var runID: String { "asof-" + asOf.iso }

    public func run() throws -> Result {
        let started = Date()
        var stageSeconds: [String: Double] = [:]
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            let t = Date()
            defer { stageSeconds[stage] = Date().timeIntervalSince(t) }
            return try body()
        }
        let reference = try ReferenceData.load(from: pipeline.seeds)
        let mappings = try IngestRun.loadMappings(pipeline)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue else {
            throw IngestError(file: input, line: nil, field: nil, message: "input folder does not exist")
        }
        let runs = (out as NSString).appendingPathComponent("runs")
        try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
        let building = (runs as NSString).appendingPathComponent(".building-\(runID)-\(getpid())")
        try? FileManager.default.removeItem(atPath: building)
        try FileManager.default.createDirectory(atPath: building, withIntermediateDirectories: true)
        var published = false
        defer { if !published { try? FileManager.default.removeItem(atPath: building) } }

        log.info("run", "started", ["pipeline": pipeline.name, "as_of": asOf.iso, "run": runID])
        let store = try CanonicalStore(path: (building as NSString).appendingPathComponent("store.sqlite"))
        let collector = RecordCollector()
        let reports = try timed("ingest") {
            try IngestRun.ingestSources(pipeline: pipeline, mappings: mappings, input: input, store: store, collector: collector, log: log)
        }
        var exit = IngestRun.outcome(reports, settings: pipeline.settings)
        var manifest = RunManifest(command: "run", pipeline: pipeline.name, pipelineFile: pipeline.file, input: input,
                                   startedAt: RunLog.timestamp(started))
        manifest.sources = reports
        guard exit != .nothingPublished else {
            log.error("run", "nothing published: a required source is missing or unreadable; previous outputs left as they were")
            return Result(exitCode: exit, runDirectory: nil, reports: reports, findings: [], persons: 0, inScopePersons: 0)
        }
        let records = collector.records
        let link = timed("link") {
            MasterNominalIndex.build(records, acceptScore: pipeline.settings.linkAcceptScore, reviewScore: pipeline.settings.linkReviewScore)
        }
        log.info("link", "records grouped into persons", [
            "records": records.count, "persons": link.persons.count,
            "conflicts": link.questions.filter { $0.kind == .conflict }.count,
            "for_review": link.questions.filter { $0.kind == .review }.count, "seconds": String(format: "%.2f", stageSeconds["link"] ?? 0)])
        let evaluated = Set(reports.filter { $0.status == .loaded }.map(\.system))
        let context = AuditContext(asOf: asOf, settings: pipeline.settings, reference: reference, evaluatedSystems: evaluated)
        let outcome = timed("audit") { Auditor(context: context).audit(link) }
        log.info("audit", "findings raised", ["findings": outcome.findings.count, "in_scope_persons": outcome.inScopePersons,
                                              "seconds": String(format: "%.2f", stageSeconds["audit"] ?? 0)])

        try timed("publish") {
            let tables = ReconciledTables(asOf: asOf, reference: reference, settings: pipeline.settings)
            let csvDir = (building as NSString).appendingPathComponent("tables")
            try FileManager.default.createDirectory(atPath: csvDir, withIntermediateDirectories: true)
            let divisions = Dictionary(uniqueKeysWithValues: link.persons.map { ($0.masterID, AuditSubject(person: $0, context: context).division.code) })
            for t in [tables.nominals(link, findings: outcome.findings, divisions: divisions), tables.links(link),
                      tables.cohort(link, findings: outcome.findings), tables.findings(outcome.findings),
                      tables.dataQualitySummary(reports: reports, outOfScope: outcome.dataQuality.rows.map { ($0.item.condition.description + ($0.item.system.map { " (" + $0.rawValue + ")" } ?? ""), $0.count) })] {
                try ReconciledTables.write(t, to: store.db, csvDirectory: csvDir)
            }
            try NightlyRun.writeQuarantineCSV(store.db, csvDirectory: csvDir)
            manifest.outputs = [RunManifest.Output(path: "store.sqlite", rows: try IngestRun.tableCounts(
                store.db, extra: ["nominals", "links", "cohort", "findings", "data_quality_summary"]))]
            try store.db.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        }
        manifest.stageSeconds = stageSeconds
        manifest.seconds = Date().timeIntervalSince(started)
        manifest.exitCode = exit.rawValue
        manifest.outcome = exit == .completedWithWarnings ? "published-with-warnings" : "published"
        try manifest.write(to: (building as NSString).appendingPathComponent("manifest.json"))
        let final = (runs as NSString).appendingPathComponent(runID)
        try NightlyRun.publish(building: building, final: final, current: (out as NSString).appendingPathComponent("current"))
        published = true
        if exit == .success, outcome.findings.isEmpty == false { exit = .success }
        log.info("run", "published", ["run": runID, "outcome": manifest.outcome, "seconds": String(format: "%.2f", manifest.seconds)])
        return Result(exitCode: exit, runDirectory: final, reports: reports, findings: outcome.findings,
                      persons: link.persons.count, inScopePersons: outcome.inScopePersons)
    }

    static func writeQuarantineCSV(_ db: SQLiteDatabase, csvDirectory: String) throws {
        let csv = try CSVWriter(path: (csvDirectory as NSString).appendingPathComponent("quarantine.csv"),
                                header: ["system", "file", "line", "field", "reason", "raw"])
        for row in try db.rows("SELECT system, file, line, field, reason, raw FROM quarantine ORDER BY system, file, line") {
            try csv.write(row)
        }
        try csv.close()
    }

    /// Moves the finished run into place, replacing an earlier run of the same id, then points
    /// `current` at it with an atomic rename of a fresh symlink.
    static func publish(building: String, final: String, current: String) throws {
        let fm = FileManager.default
        let old = final + ".old-\(getpid())"
        if fm.fileExists(atPath: final) { try fm.moveItem(atPath: final, toPath: old) }
        try fm.moveItem(atPath: building, toPath: final)
        try? fm.removeItem(atPath: old)
        let link = current + ".new-\(getpid())"
        unlink(link)
        let relative = "runs/" + (final as NSString).lastPathComponent
        guard symlink(relative, link) == 0, rename(link, current) == 0 else {
            throw IngestError(file: current, line: nil, field: nil, message: "cannot switch current: \(String(cString: strerror(errno)))")
        }
    }
}
