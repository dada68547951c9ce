import Foundation

/// `iomaudit run`: ingest → guard → link → audit → history → publish, for one as-of date.
/// One run at a time per output folder (`RunLock`). Everything is built in a private folder and moved
/// into `runs/RUN_ID` only when complete; the history is then committed in one transaction and
/// `current` switched to the new run. A failed or killed run leaves the previous outputs and history as
/// they were.
public struct NightlyRun {
    public struct Result: Sendable {
        public let exitCode: ExitCode
        public let runDirectory: String?
        public let reports: [SourceReport]
        public let findings: [Finding]
        public let statuses: FindingHistory.StatusCounts
        public let persons: Int
        public let inScopePersons: Int
        /// Why the run warned or published nothing, for the summary.
        public let reasons: [String]
    }

    public let pipeline: PipelineDefinition
    public let input: String
    public let out: String
    public let asOf: CalendarDate
    public let log: RunLog
    /// How far the stage under way has got: the log gets a line at each tenth, a terminal may show it.
    public let progress: StageProgress
    /// Sources read at once; 1 reads them one after another. The findings are the same either way.
    public var threads = NightlyRun.defaultThreads

    /// Start a new history although `runs/` holds earlier runs (`--new-history`): only when the old
    /// one is lost for good, since every finding then starts again as NEW.
    public var newHistory = false

    /// Record a run dated before the latest one (`--backfill`): the later runs' statuses are computed
    /// again in date order and their folders restated; `current` stays on the latest run.
    public var backfill = false

    /// One reading thread per core.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public init(pipeline: PipelineDefinition, input: String? = nil, out: String? = nil, asOf: CalendarDate, log: RunLog) {
        self.pipeline = pipeline
        self.input = input ?? pipeline.input
        self.out = out ?? pipeline.out
        self.asOf = asOf
        self.log = log
        progress = StageProgress(log: log)
    }

    /// Runs are named by their as-of date: re-running a date replaces that run.
    public var runID: String { "asof-" + asOf.iso }

    /// Runs the job; whatever stops it (other than another run holding the folder) is also written to
    /// `OUT/last-attempt.json`, naming the file it was about, for the scheduler.
    public func run() throws -> Result {
        let started = Date()
        do {
            return try steps(started: started)
        } catch let busy as RunLock.Busy {
            throw busy
        } catch {
            var manifest = RunManifest(command: "run", pipeline: pipeline.name, pipelineFile: pipeline.file, input: input,
                                       startedAt: RunLog.timestamp(started))
            manifest.runID = runID
            manifest.asOf = asOf.iso
            manifest.seconds = Date().timeIntervalSince(started)
            manifest.outcome = "failed"
            manifest.exitCode = ExitCode.nothingPublished.rawValue
            manifest.error = "\(error)"
            try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try? manifest.write(to: (out as NSString).appendingPathComponent("last-attempt.json"))
            throw error
        }
    }

    private func steps(started: Date) throws -> Result {
        var stageSeconds: [String: Double] = [:]
        var stagePeak: [String: Double] = [:]
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            progress.begin(stage)
            let t = Date()
            defer { stageSeconds[stage] = Date().timeIntervalSince(t); stagePeak[stage] = ProcessMemory.peakMiB }
            let result = try body()
            progress.end()
            return result
        }
        let reference = try ReferenceData.load(from: pipeline.seeds)
        let mappings = try IngestRun.loadMappings(pipeline)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue else {
            throw IngestError(file: input, line: nil, field: nil, message: "input folder does not exist")
        }
        let lock = try RunLock(directory: out)
        defer { withExtendedLifetime(lock) {} }
        let runs = (out as NSString).appendingPathComponent("runs")
        try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
        // Before anything else: a history this build cannot read is refused, and what a killed or failed
        // run left half-done is completed or undone as the history says (`Publication`).
        let historyPath = (out as NSString).appendingPathComponent(HistorySchema.fileName)
        let earlier = (((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).filter { $0.hasPrefix("asof-") && !$0.contains(".old-") }).sorted()
        func lostHistory() -> IngestError {
            IngestError(file: historyPath, line: nil, field: nil, message: "holds no runs, but runs/ holds \(earlier.count) earlier run(s) (latest "
                        + "\(earlier.last ?? "")): the history was deleted or emptied, and a new one would make every finding NEW and lose "
                        + "month-over-month statuses. Restore history.sqlite from backup; or, if it is lost for good, run again with --new-history")
        }
        if !newHistory, !earlier.isEmpty, !FileManager.default.fileExists(atPath: historyPath) { throw lostHistory() }
        let history = try FindingHistory(directory: out)
        if !newHistory, !earlier.isEmpty, try history.latestRunID() == nil { throw lostHistory() }
        try Publication.recover(out: out, history: history, log: log)
        // Statuses are each run's against the one before: a run dated before the latest changes the later
        // runs' statuses, so it is done only as a backfill, which computes them again.
        let laterRuns = try history.runs(after: asOf).map(\.runID)
        if let latest = laterRuns.last, !backfill {
            throw IngestError(file: history.path, line: nil, field: nil, message: "holds a run as of \(latest.dropFirst(5)), after the as-of date "
                              + "\(asOf.iso) asked for: a run for an earlier date changes the statuses of the \(laterRuns.count) later run(s), "
                              + "so it is refused. To record it, run again with --backfill (the later runs' statuses are computed again in "
                              + "date order; current stays on the latest run), or run the earlier date into another --out folder")
        }
        let building = (runs as NSString).appendingPathComponent(".building-\(runID)-\(getpid())")
        try FileManager.default.createDirectory(atPath: building, withIntermediateDirectories: true)
        var published = false
        defer { if !published { try? FileManager.default.removeItem(atPath: building) } }
        Interruption.guardFolder(building, log: log)
        defer { Interruption.releaseFolder(building) }

        log.info("run", "started", ["pipeline": pipeline.name, "as_of": asOf.iso, "run": runID])
        let store = try CanonicalStore(path: (building as NSString).appendingPathComponent("store.sqlite"))
        let collector = RecordCollector()
        var reports = try timed("ingest") {
            try IngestRun.ingestSources(pipeline: pipeline, mappings: mappings, input: input, store: store, collector: collector, log: log,
                                        threads: threads, unitCodes: reference.unitDivisions, progress: progress)
        }
        // Extract guard: readable is not enough.
        let guard_ = ExtractGuard(asOf: asOf, maxAgeDays: pipeline.settings.maxExtractAgeDays,
                                  maxRowDropShare: pipeline.settings.maxRowDropShare, lastGoodRows: try history.lastGoodRowCounts(before: asOf))
        for i in reports.indices {
            guard let why = guard_.objection(to: reports[i]) else { continue }
            reports[i].status = .rejected
            reports[i].error = why
            collector.discard(reports[i].system)
            try store.clear(system: reports[i].system)
            try store.record(reports[i])
            IngestRun.logReport(reports[i], log)
        }
        var reasons: [String] = []
        for r in reports where r.status != .loaded {
            reasons.append("\(r.required ? "required" : "optional") source \(r.system.displayName) \(r.status.rawValue): \(r.error ?? "")")
        }
        for r in reports where r.status == .loaded && r.rowsRead > 0 && Double(r.quarantined) / Double(r.rowsRead) > pipeline.settings.quarantineWarningShare {
            reasons.append("\(r.system.displayName): \(r.quarantined) of \(r.rowsRead) rows quarantined (over the pipeline's \(pipeline.settings.quarantineWarningShare * 100)%)")
        }
        let exit = IngestRun.outcome(reports, settings: pipeline.settings)
        var manifest = RunManifest(command: "run", pipeline: pipeline.name, pipelineFile: pipeline.file, input: input,
                                   startedAt: RunLog.timestamp(started))
        manifest.runID = runID
        manifest.asOf = asOf.iso
        manifest.threads = threads
        manifest.sources = reports
        manifest.warnings = reasons
        manifest.restatedRuns = laterRuns.isEmpty ? nil : laterRuns
        guard exit != .nothingPublished else {
            // The scheduler still gets a manifest saying why: OUT/last-attempt.json.
            manifest.seconds = Date().timeIntervalSince(started)
            manifest.stageSeconds = stageSeconds
            manifest.exitCode = exit.rawValue
            manifest.outcome = "nothing-published"
            try manifest.write(to: (out as NSString).appendingPathComponent("last-attempt.json"))
            log.error("run", "nothing published: a required source is missing, unreadable or held back; previous outputs left as they were")
            return Result(exitCode: exit, runDirectory: nil, reports: reports, findings: [], statuses: .init(), persons: 0, inScopePersons: 0, reasons: reasons)
        }
        // Not a reason to publish nothing, but a gap in the force's reference data someone must fill.
        let codeNotes = reports.filter { $0.status == .loaded && $0.unmappedCodes != nil }.map(IngestRun.unmappedCodesNote)
        reasons += codeNotes
        manifest.warnings += codeNotes
        let recordCount = collector.records.count
        // The collector lets go of the records: once linked, the persons hold the only copy.
        let (link, linking) = timed("link") {
            let built = MasterNominalIndex.buildWithStatistics(collector.take(), acceptScore: pipeline.settings.linkAcceptScore,
                                                               reviewScore: pipeline.settings.linkReviewScore,
                                                               variants: reference.givenNameVariants, units: reference.unitDivisions)
            progress.advance(rows: recordCount)
            return built
        }
        manifest.linking = linking.json
        // The fitted match model goes with the run, so every score in it can be re-derived.
        try NightlyRun.writeJSON(linking.model, to: (building as NSString).appendingPathComponent("link_model.json"))
        log.info("link", "records grouped into persons", [
            "records": recordCount, "persons": link.persons.count,
            "conflicts": link.questions.filter { $0.kind == .conflict }.count,
            "for_review": link.questions.filter { $0.kind == .review }.count, "seconds": RunLog.seconds(stageSeconds["link"] ?? 0)])
        let evaluated = Set(reports.filter { $0.status == .loaded }.map(\.system))
        let context = AuditContext(asOf: asOf, settings: pipeline.settings, reference: reference, evaluatedSystems: evaluated)
        let outcome = timed("audit") {
            var auditor = Auditor(context: context)
            auditor.threads = threads
            let audited = auditor.audit(link)
            progress.advance(rows: link.persons.count)
            return audited
        }
        log.info("audit", "findings raised", ["findings": outcome.findings.count, "in_scope_persons": outcome.inScopePersons,
                                              "seconds": RunLog.seconds(stageSeconds["audit"] ?? 0)])
        let entry = FindingHistory.RunEntry(runID: runID, asOf: asOf, pipeline: pipeline.name,
                                            outcome: exit == .completedWithWarnings ? "published-with-warnings" : "published",
                                            evaluatedSystems: evaluated, sources: reports)
        let required = Dictionary(uniqueKeysWithValues: RuleCatalogue.entries.map { ($0.code, $0.rule.requiredSystems) })
        let historyRows = try timed("history") {
            try history.statuses(run: entry, findings: outcome.findings, requiredSystems: { required[$0] ?? Set(SourceSystem.allCases) },
                                 presentRecords: { wanted in
                                     var found = Set<String>()
                                     for p in link.persons {
                                         if wanted.contains(p.masterID) { found.insert(p.masterID) }
                                         p.forEachIdentity { id in if wanted.contains(id.key) { found.insert(id.key) } }
                                     }
                                     return found
                                 })
        }

        try timed("publish") {
            let tables = ReconciledTables(context: context)
            let csvDir = (building as NSString).appendingPathComponent("tables")
            try FileManager.default.createDirectory(atPath: csvDir, withIntermediateDirectories: true)
            progress.expect(total: link.persons.count + link.links.count, unit: "rows")
            let progress = progress
            let onBatch: @Sendable (Int) -> Void = { progress.advance(done: $0, rows: $0) }
            var written: [String: TableWriter.Written] = [:]
            written["nominals"] = try ReconciledTables.write(ReconciledTables.nominalsTable, to: store.db, csvDirectory: csvDir, rows: {
                $0.onBatch = onBatch
                try tables.nominals(link, findings: outcome.findings, divisionCodes: outcome.divisionCodes, into: $0)
            })
            written["links"] = try ReconciledTables.write(ReconciledTables.linksTable, to: store.db, csvDirectory: csvDir, rows: {
                $0.onBatch = onBatch
                try tables.links(link, into: $0)
            })
            written["cohort"] = try ReconciledTables.write(ReconciledTables.cohortTable, to: store.db, csvDirectory: csvDir, rows: {
                try tables.cohort(link, findings: outcome.findings, emit: $0.emit)
            })
            written["findings"] = try ReconciledTables.write(ReconciledTables.findingsTable, to: store.db, csvDirectory: csvDir, rows: {
                try ReconciledTables.findings(historyRows, emit: $0.emit)
            })
            written["data_quality_summary"] = try ReconciledTables.write(ReconciledTables.dataQualitySummaryTable, to: store.db, csvDirectory: csvDir, rows: { w in
                try tables.dataQualitySummary(reports: reports, outOfScope: outcome.dataQuality.rows.map {
                    ($0.item.condition.description + ($0.item.system.map { " (" + $0.rawValue + ")" } ?? ""), $0.count) }, emit: w.emit)
            })
            written["quarantine"] = try NightlyRun.writeQuarantineCSV(store.db, csvDirectory: csvDir)
            // Row counts as written, not counted again from the store (a scan of millions of rows each).
            var storeRows = try IngestRun.tableCounts(store.db)
            for t in ["nominals", "links", "cohort", "findings", "data_quality_summary"] { storeRows[t] = written[t]!.rows }
            manifest.outputs = [RunManifest.Output(path: "store.sqlite", rows: storeRows)]
            for t in ["nominals", "links", "cohort", "findings", "quarantine", "data_quality_summary"] {
                let w = written[t]!
                manifest.outputs.append(RunManifest.Output(path: "tables/\(t).csv", rows: ["rows": w.rows], bytes: w.csvBytes, sha256: w.csvSHA256))
            }
            try store.db.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        }
        manifest.stageSeconds = stageSeconds
        manifest.stagePeakMiB = stagePeak
        manifest.seconds = Date().timeIntervalSince(started)
        manifest.exitCode = exit.rawValue
        manifest.outcome = entry.outcome
        let publication = Publication(out: out, runID: runID, attempt: Publication.attemptID())
        manifest.attempt = publication.attempt
        try manifest.write(to: (building as NSString).appendingPathComponent("manifest.json"))
        NightlyRun.syncTree(building)
        // The run the history's latest will be: this one, or after a backfill the latest later run.
        try publication.check(latest: laterRuns.last ?? runID)
        let statuses: FindingHistory.StatusCounts
        let backfill = Backfill(out: out, attempt: publication.attempt, log: log, requiredSystems: { required[$0] ?? Set(SourceSystem.allCases) })
        do {
            statuses = try history.record(run: entry, rows: historyRows, finishedAt: RunLog.timestamp(Date()), attempt: publication.attempt) {
                try publication.stage(building)
                if !laterRuns.isEmpty { try backfill.restateLaterRuns(after: asOf, history: history) }
            }
        } catch {
            publication.unstage()
            backfill.unstage(laterRuns)
            throw error
        }
        // The commit point is passed: the history holds the run. What follows only carries that out, and
        // the next start carries it out if this process cannot.
        published = true
        do { try publication.complete(restated: laterRuns) } catch {
            log.error("run", "the history holds the run, but it could not be put in place; the next run completes it",
                      ["error": "\(error)"])
            throw error
        }
        // Published: a last-attempt.json the disk cannot take is said in the log, never made a failure.
        do { try manifest.write(to: (out as NSString).appendingPathComponent("last-attempt.json")) } catch {
            log.error("run", "published, but last-attempt.json could not be written", ["error": "\(error)"])
        }
        let final = publication.final
        log.info("history", "finding statuses against the previous run", [
            "new": statuses.byStatus["NEW", default: 0], "open": statuses.byStatus["OPEN", default: 0],
            "reopened": statuses.byStatus["REOPENED", default: 0], "corrected": statuses.byStatus["CORRECTED", default: 0],
            "not_evaluated": statuses.byStatus["NOT-EVALUATED", default: 0]])
        log.info("run", "published", ["run": runID, "outcome": manifest.outcome, "seconds": RunLog.seconds(manifest.seconds)])
        return Result(exitCode: exit, runDirectory: final, reports: reports, findings: outcome.findings, statuses: statuses,
                      persons: link.persons.count, inScopePersons: outcome.inScopePersons, reasons: reasons)
    }

    static func writeQuarantineCSV(_ db: SQLiteDatabase, csvDirectory: String) throws -> TableWriter.Written {
        let csv = try CSVWriter(path: (csvDirectory as NSString).appendingPathComponent("quarantine.csv"),
                                header: ["system", "file", "line", "field", "reason", "raw"])
        for row in try db.rows("SELECT system, file, line, field, reason, raw FROM quarantine ORDER BY system, file, line") {
            try csv.write(row)
        }
        try csv.close()
        return TableWriter.Written(rows: csv.rows, csvBytes: csv.bytesWritten, csvSHA256: csv.sha256)
    }

    /// fsync every file and folder of a finished run before it becomes visible.
    static func syncTree(_ dir: String) {
        let fm = FileManager.default
        var paths = [dir]
        if let e = fm.enumerator(atPath: dir) { for case let p as String in e { paths.append((dir as NSString).appendingPathComponent(p)) } }
        for p in paths {
            let fd = open(p, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { fsync(fd); close(fd) }
        }
    }

    /// `value` as indented JSON with sorted keys, written atomically.
    static func writeJSON(_ value: JSONValue, to path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(value), to: path)
    }
}
