import Foundation

/// `iomaudit check --mapping M FILE`: reads one extract through a mapping without touching any
/// store and prints the accounting, so a new layout can be tried before it joins a pipeline.
/// `--reader-only` times the bare reader (the benchmark uses it).
enum CheckCommand {
    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "check", options: ["mapping", "pipeline", "seeds", "as-of"], flags: ["reader-only", "no-digest", "json"], positionals: 1)
        guard let mappingPath = args.options["mapping"] else { throw UsageError(message: "--mapping is required", command: "check") }
        guard let file = args.positionals.first else { throw UsageError(message: "name the extract file to check", command: "check") }
        let mapping = try Mapping.load(path: mappingPath)
        // What a run would not read, check does not read either: a device or a pipe is named, never read
        // (`--reader-only` on /dev/zero read for ever).
        var st = stat()
        if stat(file, &st) == 0, st.st_mode & S_IFMT != S_IFREG {
            throw IngestError(file: file, line: nil, field: nil, message: "not a regular file (\(ExtractChoice.kind(st.st_mode))): a run would not read it")
        }
        let name = (file as NSString).lastPathComponent
        let outsidePattern = !glob(mapping.filePattern, matches: name)
        let started = Date()
        var rows = 0, loaded = 0, quarantined = 0, issues = 0, bytes = 0
        var reasons = CheckReasons()
        var unmapped: [SourceReport.UnmappedCode] = []
        var heldBack: String?
        let asOf = try args.date("as-of")
        let seeds = try CheckCommand.seeds(args)
        if args.flags.contains("reader-only") {
            switch mapping.format {
            case .csv:
                rows = try csvThroughputScan(path: file, options: CSVReaderOptions(
                    delimiter: mapping.delimiter, encoding: mapping.encoding, computesSHA256: !args.flags.contains("no-digest"))).rows
            case .xml:
                rows = try xmlThroughputScan(path: file, spec: RecordBuilder(mapping: mapping).xmlSpec).records
            }
            // Throughput is over the whole file, not just the field bytes the scan touched.
            bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        } else {
            let db = try CanonicalStore(path: ":memory:")
            var ingestor = SourceIngestor(mapping: mapping, required: true)
            ingestor.unitCodes = try seeds.map { try ReferenceData.load(from: $0).unitDivisions }
            let report = ingestor.ingest(path: file, into: db) { reasons.add($0) }
            unmapped = report.unmappedCodes ?? []
            // What the run's extract guard would say of this file on that night (no history here, so
            // only its date and its rows).
            if let asOf, report.rowsRead > 0 {
                let settings = try CheckCommand.pipeline(args)?.settings ?? PipelineSettings()
                heldBack = ExtractGuard(asOf: asOf, maxAgeDays: settings.maxExtractAgeDays, maxRowDropShare: settings.maxRowDropShare, lastGoodRows: [:])
                    .objection(to: report)
            }
            if let e = report.error {
                // The reader's message may already start with the path: said once.
                let message = e.hasPrefix(file + ": ") ? String(e.dropFirst(file.count + 2)) : e
                throw IngestError(file: file, line: nil, field: nil, message: message)
            }
            (rows, loaded, quarantined, issues, bytes) = (report.rowsRead, report.loaded, report.quarantined, report.fieldIssues, report.bytes)
        }
        let seconds = Date().timeIntervalSince(started)
        let mbps = seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0
        let noRows = rows == 0 && !args.flags.contains("reader-only")
        if args.flags.contains("json") {
            // Built as a value and encoded, so a file name or a value with quotes stays valid JSON.
            var o: [String: JSONValue] = [
                "file": .string(name), "matchesFilesPattern": .bool(!outsidePattern), "rows": .int(rows), "loaded": .int(loaded),
                "quarantined": .int(quarantined), "fieldIssues": .int(issues), "bytes": .int(bytes), "seconds": .number(seconds),
                "mbPerSecond": .number(mbps), "unmappedGroups": .array(mapping.unmappedGroups.map { .string($0) }),
                "unmappedCodes": .array(unmapped.map { .object(["field": .string($0.field), "code": .string($0.code), "rows": .int($0.rows)]) }),
                "referenceData": seeds.map { .array($0.map { .string($0) }) } ?? .null,
                "heldBackOnAsOf": heldBack.map { .string($0) } ?? .null,
            ]
            if case .object(let r) = reasons.json { o["reasons"] = .object(r) }
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            stdout(String(decoding: try enc.encode(JSONValue.object(o)), as: UTF8.self))
        } else {
            stdout("\(name) through \(mapping.name): \(rows) rows read, \(loaded) loaded, \(quarantined) quarantined, \(issues) field issues; \(bytes) bytes in \(String(format: "%.3f", seconds)) s (\(String(format: "%.0f", mbps)) MB/s)")
            for line in reasons.text { stdout(line) }
            for field in Set(unmapped.map(\.field)).sorted() {
                let list = unmapped.filter { $0.field == field }
                stdout("  unit codes on \(field) not in the reference data (\(ReferenceData.unitDivisionsFile) in \(ReferenceData.folder(of: ReferenceData.unitDivisionsFile, in: seeds ?? []))): "
                       + list.prefix(20).map { "\($0.code) (\($0.rows))" }.joined(separator: ", ") + (list.count > 20 ? " and \(list.count - 20) more" : ""))
            }
            if seeds == nil, !args.flags.contains("reader-only") {
                stdout("  note: unit codes were not checked: no reference data (give --pipeline or --seeds, or run from a folder with Pipelines/nightly.json)")
            }
            if !mapping.unmappedGroups.isEmpty { stdout("  " + mapping.unmappedGroupsNote) }
            if noRows { stdout("  note: the extract has no rows: a run holds back a source with no rows (a required one stops the run)") }
            if let heldBack, let asOf { stdout("  note: a run as of \(asOf.iso) would hold this extract back: \(heldBack)") }
            if outsidePattern { stdout("  note: \(name) does not match the mapping's files pattern \"\(mapping.filePattern)\" (case counts): a run would not read it") }
        }
        return quarantined > 0 ? .completedWithWarnings : .success
    }

    /// The reference folder unit codes are checked against: --seeds, else the pipeline's (--pipeline, or
    /// Pipelines/nightly.json where it exists); nil when there is none to use.
    static func seeds(_ args: ParsedArguments) throws -> [String]? {
        if let s = args.options["seeds"] { return [s] }
        return try pipeline(args)?.seeds
    }

    /// The pipeline named (--pipeline, IOMAUDIT_PIPELINE), else Pipelines/nightly.json where it exists.
    static func pipeline(_ args: ParsedArguments) throws -> PipelineDefinition? {
        guard args.options["pipeline"] != nil || FileManager.default.fileExists(atPath: IOMAuditCommand.pipelinePath(args)) else { return nil }
        return try IOMAuditCommand.pipeline(args)
    }
}
