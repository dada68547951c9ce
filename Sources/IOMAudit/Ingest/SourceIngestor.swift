import Foundation

/// Reads one source extract through its mapping into the store, accounting for every row.
/// A source is loaded whole or not at all: one transaction, rolled back if the file cannot be read through.
public struct SourceIngestor {
    public let mapping: Mapping
    public let required: Bool
    public var maxFieldBytes = 1 << 20

    public init(mapping: Mapping, required: Bool) {
        self.mapping = mapping
        self.required = required
    }

    /// The extract to read in `directory`: the newest (last by name) file matching the mapping's pattern.
    public func locate(in directory: String) -> (file: String?, ignored: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let matches = names.filter { glob(mapping.filePattern, matches: $0) }.sorted()
        guard let last = matches.last else { return (nil, []) }
        return ((directory as NSString).appendingPathComponent(last), Array(matches.dropLast()))
    }

    /// Reads `path` into `store`, calling `observe` for each outcome (tests and progress use it).
    public func ingest(path: String?, ignored: [String] = [], into store: CanonicalStore,
                       observe: ((RowOutcome) -> Void)? = nil) -> SourceReport {
        var report = SourceReport(system: mapping.system, mapping: mapping.name, required: required)
        report.ignoredFiles = ignored
        let started = Date()
        defer { report.seconds = Date().timeIntervalSince(started) }
        guard let path else {
            report.status = .missing
            report.error = "no file matching \(mapping.filePattern)"
            try? store.record(report)
            return report
        }
        report.file = path
        let name = (path as NSString).lastPathComponent
        var counts = SourceReport(system: mapping.system, mapping: mapping.name, required: required)
        do {
            try store.db.transaction {
                try store.clear(system: mapping.system)
                let writer = try store.writer(for: mapping.system)
                func accept(_ outcome: RowOutcome) throws {
                    counts.rowsRead += 1
                    switch outcome {
                    case .record(let r):
                        counts.loaded += 1
                        counts.fieldIssues += r.issues.count
                        for i in r.issues { counts.fieldIssuesByCode[i.code, default: 0] += 1 }
                        try writer.insert(r)
                    case .quarantined(let q):
                        counts.quarantined += 1
                        try writer.insert(q)
                    }
                    observe?(outcome)
                }
                let builder = RecordBuilder(mapping: mapping)
                switch mapping.format {
                case .csv:
                    let reader = try CSVReader(path: path, options: CSVReaderOptions(
                        delimiter: mapping.delimiter, encoding: mapping.encoding, maxFieldBytes: maxFieldBytes))
                    guard let header = try reader.readHeader() else {
                        throw IngestError(file: name, line: 1, field: nil, message: "the file is empty: no header row")
                    }
                    let columns = try builder.resolve(header: header, file: name)
                    try reader.forEachRow { row, problem in
                        try accept(builder.build(row: row, problem: problem, columns: columns, file: name))
                    }
                    counts.bytes = reader.bytesRead
                    counts.sha256 = reader.sha256Hex
                case .xml:
                    let reader = try XMLRecordReader(path: path, spec: builder.xmlSpec)
                    while let rec = try reader.next() { try accept(builder.build(xml: rec, file: name)) }
                    counts.bytes = reader.bytesRead
                    counts.sha256 = reader.sha256Hex
                }
                report.bytes = counts.bytes
                report.sha256 = counts.sha256
                report.rowsRead = counts.rowsRead
                report.loaded = counts.loaded
                report.quarantined = counts.quarantined
                report.fieldIssues = counts.fieldIssues
                report.fieldIssuesByCode = counts.fieldIssuesByCode
                try store.record(report)
            }
        } catch {
            // Nothing of a file that cannot be read through is kept: half an extract would look like real data.
            report.status = .failed
            report.rowsRead = counts.rowsRead
            report.error = SourceIngestor.describe(error, file: name)
            report.bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            try? store.record(report)
        }
        return report
    }

    static func describe(_ error: Error, file: String) -> String {
        switch error {
        case let e as IngestError: return e.description
        case let e as XMLReadError: return "\(file):\(e.line): \(e.message)"
        case let e as CSVError: return e.description
        default: return "\(file): \(error)"
        }
    }
}

/// Shell-style matching with `*` and `?`, enough for extract file names.
func glob(_ pattern: String, matches name: String) -> Bool {
    let p = Array(pattern.utf8), s = Array(name.utf8)
    var pi = 0, si = 0, star = -1, mark = 0
    while si < s.count {
        if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == s[si] { pi += 1; si += 1 }
        else if pi < p.count, p[pi] == UInt8(ascii: "*") { star = pi; mark = si; pi += 1 }
        else if star >= 0 { pi = star + 1; mark += 1; si = mark }
        else { return false }
    }
    while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
    return pi == p.count
}
