import Foundation

/// `iomaudit check --mapping M FILE`: reads one extract through a mapping without touching any
/// store and prints the accounting, so a new layout can be tried before it joins a pipeline.
/// `--reader-only` times the bare reader (the benchmark uses it).
enum CheckCommand {
    static func run(_ arguments: [String], stdout: (String) -> Void) throws -> ExitCode {
        let args = try ParsedArguments(arguments, command: "check", options: ["mapping"], flags: ["reader-only", "no-digest", "json"], positionals: 1)
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
        var reasons: [String: Int] = [:]
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
            let report = SourceIngestor(mapping: mapping, required: true).ingest(path: file, into: db) { outcome in
                if case .quarantined(let q) = outcome { reasons[q.field ?? "row", default: 0] += 1 }
            }
            if let e = report.error { throw IngestError(file: file, line: nil, field: nil, message: e) }
            (rows, loaded, quarantined, issues, bytes) = (report.rowsRead, report.loaded, report.quarantined, report.fieldIssues, report.bytes)
        }
        let seconds = Date().timeIntervalSince(started)
        let mbps = seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0
        if args.flags.contains("json") {
            let unmapped = mapping.unmappedGroups.map { "\"\($0)\"" }.joined(separator: ",")
            stdout(#"{"file":"\#(name)","matchesFilesPattern":\#(!outsidePattern),"rows":\#(rows),"loaded":\#(loaded),"quarantined":\#(quarantined),"fieldIssues":\#(issues),"bytes":\#(bytes),"seconds":\#(seconds),"mbPerSecond":\#(mbps),"unmappedGroups":[\#(unmapped)]}"#)
        } else {
            stdout("\((file as NSString).lastPathComponent) through \(mapping.name): \(rows) rows read, \(loaded) loaded, \(quarantined) quarantined, \(issues) field issues; \(bytes) bytes in \(String(format: "%.3f", seconds)) s (\(String(format: "%.0f", mbps)) MB/s)")
            for (field, n) in reasons.sorted(by: { $0.key < $1.key }) { stdout("  quarantined for \(field): \(n)") }
            if !mapping.unmappedGroups.isEmpty { stdout("  " + mapping.unmappedGroupsNote) }
            if rows == 0 && !args.flags.contains("reader-only") {
                stdout("  note: the extract has no rows: a run holds back a source with no rows (a required one stops the run)")
            }
            if outsidePattern { stdout("  note: \(name) does not match the mapping's files pattern \"\(mapping.filePattern)\" (case counts): a run would not read it") }
        }
        return quarantined > 0 ? .completedWithWarnings : .success
    }
}
