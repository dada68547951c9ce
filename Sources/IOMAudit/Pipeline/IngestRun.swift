import Foundation

/// `iomaudit ingest`: every source a pipeline names into a fresh store, plus the manifest.
/// The store is built beside its final name and renamed into place, so a failed run leaves the
/// previous store untouched.
public struct IngestRun {
    public struct Result: Sendable {
        public let reports: [SourceReport]
        public let storePath: String
        public let manifestPath: String
        public let exitCode: ExitCode
    }

    public let pipeline: PipelineDefinition
    public let input: String
    public let out: String
    public let log: RunLog
    /// Sources read at once (`NightlyRun.threads`).
    public var threads = NightlyRun.defaultThreads

    public init(pipeline: PipelineDefinition, input: String? = nil, out: String? = nil, log: RunLog) {
        self.pipeline = pipeline
        self.input = input ?? pipeline.input
        self.out = out ?? pipeline.out
        self.log = log
    }

    /// Ingests into a store in memory and returns the typed records: for linking tests and evaluation.
    public static func loadRecords(pipeline: PipelineDefinition, input: String? = nil) throws -> (SourceRecordSet, [SourceReport]) {
        let store = try CanonicalStore(path: ":memory:")
        let collector = RecordCollector()
        var reports: [SourceReport] = []
        for source in pipeline.sources {
            let mapping = try Mapping.load(path: source.mappingPath)
            let ingestor = SourceIngestor(mapping: mapping, required: source.required)
            let choice = ingestor.locate(in: input ?? pipeline.input)
            let report = ingestor.ingest(path: choice.file, ignored: choice.ignored, refusal: choice.refusal, into: store, observe: collector.observe)
            if report.status != .loaded { collector.discard(source.system) }
            reports.append(report)
        }
        return (collector.records, reports)
    }

    public func run(collecting collector: RecordCollector? = nil) throws -> Result {
        let started = Date()
        let mappings = try IngestRun.loadMappings(pipeline)
        let units = try ReferenceData.load(from: pipeline.seeds).unitDivisions
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue else {
            throw IngestError(file: input, line: nil, field: nil, message: "input folder does not exist")
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let storePath = (out as NSString).appendingPathComponent("store.sqlite")
        let tempPath = storePath + ".building-\(getpid())"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(tempPath + suffix) } }

        var manifest = RunManifest(command: "ingest", pipeline: pipeline.name, pipelineFile: pipeline.file,
                                   input: input, startedAt: RunLog.timestamp(started))
        log.info("ingest", "started", ["pipeline": pipeline.name, "sources": pipeline.sources.count])
        var reports: [SourceReport] = []
        do {
            let store = try CanonicalStore(path: tempPath)
            reports = try IngestRun.ingestSources(pipeline: pipeline, mappings: mappings, input: input, store: store, collector: collector,
                                                  log: log, threads: threads, unitCodes: units)
            manifest.outputs = [RunManifest.Output(path: "store.sqlite", rows: try IngestRun.tableCounts(store.db))]
            try store.db.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        }
        let exit = IngestRun.outcome(reports, settings: pipeline.settings)
        manifest.sources = reports
        manifest.seconds = Date().timeIntervalSince(started)
        manifest.stageSeconds = ["ingest": manifest.seconds]
        manifest.exitCode = exit.rawValue
        manifest.threads = threads
        manifest.outcome = exit == .nothingPublished ? "failed" : exit == .completedWithWarnings ? "loaded-with-warnings" : "loaded"
        let manifestPath = (out as NSString).appendingPathComponent("manifest.json")
        if exit != .nothingPublished {
            guard rename(tempPath, storePath) == 0 else {
                throw IngestError(file: storePath, line: nil, field: nil, message: "cannot move the new store into place: \(String(cString: strerror(errno)))")
            }
        }
        try manifest.write(to: manifestPath)
        log.info("ingest", "finished", ["outcome": manifest.outcome, "seconds": RunLog.seconds(manifest.seconds)])
        return Result(reports: reports, storePath: storePath, manifestPath: manifestPath, exitCode: exit)
    }

    /// Every source of the pipeline into `store`, logging each: with `threads` > 1 several are read at
    /// once (`ConcurrentIngest`), else one after another; the store and records are the same either way.
    static func ingestSources(pipeline: PipelineDefinition, mappings: [Mapping], input: String, store: CanonicalStore,
                              collector: RecordCollector?, log: RunLog, threads: Int = 1, unitCodes: UnitDivisionMap? = nil,
                              progress: StageProgress? = nil) throws -> [SourceReport] {
        var jobs: [ConcurrentIngest.Job] = []
        for (source, mapping) in zip(pipeline.sources, mappings) {
            var ingestor = SourceIngestor(mapping: mapping, required: source.required)
            ingestor.maxFieldBytes = pipeline.settings.maxFieldBytes
            ingestor.unitCodes = unitCodes
            let choice = ingestor.locate(in: input)
            jobs.append(ConcurrentIngest.Job(ingestor: ingestor, file: choice.file, ignored: choice.ignored, refusal: choice.refusal))
        }
        var reports: [SourceReport] = []
        // Progress is counted in the extracts' bytes: known before a row is read, unlike their rows.
        progress?.expect(total: jobs.compactMap(\.file).reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) },
                         unit: "MB")
        let bytesRead: (@Sendable (Int, Int) -> Void)? = progress.map { p in { @Sendable bytes, rows in p.advance(done: bytes, rows: rows) } }
        if threads > 1 {
            reports = try ConcurrentIngest.ingest(jobs, threads: threads, into: store, collector: collector, bytesRead: bytesRead)
        } else {
            for job in jobs {
                let report = job.ingestor.ingest(path: job.file, ignored: job.ignored, refusal: job.refusal, into: store, observe: collector?.observe,
                                                 bytesRead: bytesRead)
                if report.status != .loaded { collector?.discard(job.ingestor.mapping.system) }
                reports.append(report)
            }
        }
        for r in reports { IngestRun.logReport(r, log) }
        return reports
    }

    /// Mappings of a pipeline, each checked against the system it is listed under.
    static func loadMappings(_ pipeline: PipelineDefinition) throws -> [Mapping] {
        let mappings = try pipeline.sources.map { try Mapping.load(path: $0.mappingPath) }
        for (s, m) in zip(pipeline.sources, mappings) where m.system != s.system {
            throw PipelineError(file: pipeline.file, setting: "sources", message: "mapping \(m.file) is for \(m.system.rawValue), listed as \(s.system.rawValue)")
        }
        return mappings
    }

    /// A required source missing or failed stops publication; an optional one, or a high quarantine share, warns.
    public static func outcome(_ reports: [SourceReport], settings: PipelineSettings) -> ExitCode {
        var code = ExitCode.success
        for r in reports {
            if r.status != .loaded {
                if r.required { return .nothingPublished }
                code = .completedWithWarnings
            } else if r.rowsRead > 0, Double(r.quarantined) / Double(r.rowsRead) > settings.quarantineWarningShare {
                code = .completedWithWarnings
            }
        }
        return code
    }

    static func logReport(_ r: SourceReport, _ log: RunLog) {
        let file = r.file.map { ($0 as NSString).lastPathComponent } ?? "-"
        switch r.status {
        case .loaded:
            log.info("ingest", "\(r.system.displayName) loaded from \(file)", [
                "source": r.system.rawValue, "file": file, "rows_read": r.rowsRead, "loaded": r.loaded, "quarantined": r.quarantined, "field_issues": r.fieldIssues,
                "bytes": r.bytes, "seconds": RunLog.seconds(r.seconds)])
            if r.quarantined > 0 {
                log.warning("ingest", "\(r.system.displayName): \(r.quarantined) rows quarantined; see the quarantine table",
                            ["source": r.system.rawValue, "file": file, "quarantined": r.quarantined])
            }
            if r.unmappedCodes != nil {
                log.warning("ingest", unmappedCodesNote(r), ["source": r.system.rawValue, "file": file,
                                                             "rows": r.fieldIssuesByCode[UnitCodeCheck.issueCode] ?? 0])
            }
            if let g = r.unmappedGroups {
                log.info("ingest", "\(r.system.displayName): mapping \(r.mapping) fills no \(g.joined(separator: ", ")): its records carry none", ["source": r.system.rawValue])
            }
        case .missing:
            (r.required ? log.error : log.warning)("ingest", "\(r.system.displayName) \(r.required ? "required" : "optional") source missing: \(r.error ?? "")", ["source": r.system.rawValue])
        case .failed:
            (r.required ? log.error : log.warning)("ingest", "\(r.system.displayName) \(r.required ? "required" : "optional") source failed, nothing of it loaded: \(r.error ?? "")", ["source": r.system.rawValue, "file": file])
        case .rejected:
            (r.required ? log.error : log.warning)("ingest", "\(r.system.displayName) \(r.required ? "required" : "optional") source held back by the extract guard: \(r.error ?? "")", ["source": r.system.rawValue, "file": file])
        }
        if !r.ignoredFiles.isEmpty {
            log.warning("ingest", "\(r.system.displayName): files matching the pattern not read: \(r.ignoredFiles.joined(separator: "; "))", ["source": r.system.rawValue])
        }
    }

    /// "Niche: 3 unit codes in 57 rows are not in the reference data ...": for the log, the manifest and the summary.
    static func unmappedCodesNote(_ r: SourceReport) -> String {
        let rows = r.fieldIssuesByCode[UnitCodeCheck.issueCode] ?? 0
        let distinct = (r.unmappedCodes?.count ?? 0) + (r.unmappedCodesNotListed ?? 0)
        return "\(r.system.displayName): \(distinct) unit code\(distinct == 1 ? "" : "s") in \(rows) row\(rows == 1 ? "" : "s") \(distinct == 1 ? "is" : "are") not in "
            + "the reference data (\(ReferenceData.unitDivisionsFile)), so \(distinct == 1 ? "it gives" : "they give") no division: \(r.unmappedCodesText())"
    }

    static func tableCounts(_ db: SQLiteDatabase, extra: [String] = []) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        var tables = ["quarantine", "field_issues", "source_files"] + extra
        for s in SourceSystem.allCases {
            let schema = CanonicalSchema.of(s)
            tables.append(schema.table)
            tables += schema.groups.map(\.table)
        }
        for t in tables { counts[t] = try db.scalarInt("SELECT count(*) FROM \(t)") }
        return counts
    }
}

/// Keeps the typed records of every loaded row as ingest streams them.
/// A source that fails part-way is dropped again (`discard`), as its store rows are rolled back.
public final class RecordCollector: @unchecked Sendable {
    public private(set) var records = SourceRecordSet()

    public init() {}

    public func observe(_ outcome: RowOutcome) {
        if case .record(let r) = outcome { records.add(r) }
    }

    /// Records a worker has already turned into typed views (`ConcurrentIngest`).
    public func append(_ views: SourceRecordSet) { records.append(views) }

    /// Hands the records over and forgets them, so they are not kept twice once linked.
    public func take() -> SourceRecordSet {
        defer { records = SourceRecordSet() }
        return records
    }

    public func discard(_ system: SourceSystem) {
        switch system {
        case .pnc: records.pnc = []
        case .niche: records.niche = []
        case .micase: records.micase = []
        case .jtrack: records.jtrack = []
        case .cozart: records.tests = []
        case .prison: records.prison = []
        }
    }
}
