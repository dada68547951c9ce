import Foundation

/// Reads one source extract through its mapping into the store, accounting for every row.
/// A source is loaded whole or not at all: one transaction, rolled back if the file cannot be read through.
public struct SourceIngestor: Sendable {
    public let mapping: Mapping
    public let required: Bool
    public var maxFieldBytes = 1 << 20
    /// The force's unit codes: a code not among them is a `CODE-UNMAPPED` field issue. Nil: not checked.
    public var unitCodes: UnitDivisionMap?

    public init(mapping: Mapping, required: Bool) {
        self.mapping = mapping
        self.required = required
    }

    /// The extract to read in `directory` (`ExtractChoice`).
    public func locate(in directory: String) -> ExtractChoice {
        ExtractChoice.choose(pattern: mapping.filePattern, in: directory)
    }

    /// Reads `path` into `store`, calling `observe` for each outcome (tests and progress use it).
    public func ingest(path: String?, ignored: [String] = [], refusal: String? = nil, into store: CanonicalStore,
                       observe: ((RowOutcome) -> Void)? = nil, bytesRead: ((_ bytes: Int, _ rows: Int) -> Void)? = nil) -> SourceReport {
        var report = SourceReport(mapping, required: required)
        report.ignoredFiles = ignored
        let started = Date()
        guard let path else {
            report = missingReport(ignored: ignored, refusal: refusal)
            try? store.record(report)
            return report
        }
        report.file = path
        var rowsRead = 0
        do {
            try store.db.transaction {
                try store.clear(system: mapping.system)
                let load = try SourceLoad(store: store, report: report)
                let read = try self.read(path: path, bytesRead: bytesRead) { outcome in
                    rowsRead += 1
                    try load.accept(outcome)
                    observe?(outcome)
                }
                report = load.finish(read)
                report.seconds = Date().timeIntervalSince(started)
                try store.record(report)
            }
        } catch {
            report = failedReport(path: path, ignored: ignored, rowsRead: rowsRead, error: error)
            try? store.record(report)
        }
        return report
    }

    /// What `read` found besides the rows: the file's size and digest.
    public struct FileRead: Sendable {
        public var bytes = 0
        public var sha256: String?
    }

    /// Parses and maps `path`, handing every row's outcome to `emit` in file order. Touches no store, so
    /// it can run on a worker thread while another thread writes. `bytesRead`, when given, is told every
    /// few thousand rows how many more bytes and rows were read since it was last told (progress).
    public func read(path: String, bytesRead: ((_ bytes: Int, _ rows: Int) -> Void)? = nil, emit: (RowOutcome) throws -> Void) throws -> FileRead {
        var told = 0, rows = 0
        func tell(_ now: Int) {
            guard let bytesRead else { return }
            bytesRead(now - told, rows)
            told = now; rows = 0
        }
        let name = (path as NSString).lastPathComponent
        // A named pipe or a device would be read for ever: only a regular file (or a link to one) is read.
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG {
            throw IngestError(file: name, line: nil, field: nil, message: "is not a regular file (\(ExtractChoice.kind(st.st_mode))): nothing read")
        }
        let builder = RecordBuilder(mapping: mapping, unitCodes: unitCodes)
        switch mapping.format {
        case .csv:
            let reader = try CSVReader(path: path, options: CSVReaderOptions(
                delimiter: mapping.delimiter, encoding: mapping.encoding, maxFieldBytes: maxFieldBytes))
            guard let header = try reader.readHeader() else {
                throw IngestError(file: name, line: 1, field: nil, message: "the file is empty: no header row")
            }
            let columns = try builder.resolve(header: header, file: name)
            try reader.forEachRow { row, problem in
                try emit(builder.build(row: row, problem: problem, columns: columns, file: name))
                rows += 1
                if rows == 4096 { tell(reader.bytesRead) }
            }
            tell(reader.bytesRead)
            return FileRead(bytes: reader.bytesRead, sha256: reader.sha256Hex)
        case .xml:
            let reader = try XMLRecordReader(path: path, spec: builder.xmlSpec)
            while let rec = try reader.next() {
                try emit(builder.build(xml: rec, file: name))
                rows += 1
                if rows == 4096 { tell(reader.bytesRead) }
            }
            tell(reader.bytesRead)
            return FileRead(bytes: reader.bytesRead, sha256: reader.sha256Hex)
        }
    }

    /// No file read: none matched (missing), or the choice among those that did was refused (failed).
    func missingReport(ignored: [String], refusal: String? = nil) -> SourceReport {
        var report = SourceReport(mapping, required: required)
        report.ignoredFiles = ignored
        report.status = refusal == nil ? .missing : .failed
        report.error = refusal ?? "no file matching \(mapping.filePattern)"
        return report
    }

    /// Nothing of a file that cannot be read through is kept: half an extract would look like real data.
    func failedReport(path: String, ignored: [String], rowsRead: Int, error: Error) -> SourceReport {
        failedReport(path: path, ignored: ignored, rowsRead: rowsRead,
                     message: SourceIngestor.describe(error, file: (path as NSString).lastPathComponent))
    }

    func failedReport(path: String, ignored: [String], rowsRead: Int, message: String) -> SourceReport {
        var report = SourceReport(mapping, required: required)
        report.ignoredFiles = ignored
        report.file = path
        report.status = .failed
        report.rowsRead = rowsRead
        report.error = message
        report.bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
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
