/// One source's rows going into the store, on the thread that owns the store: every row is counted as
/// loaded or quarantined, so `rowsRead == loaded + quarantined` holds by construction.
final class SourceLoad {
    private(set) var report: SourceReport
    private let writer: CanonicalStore.Writer

    init(store: CanonicalStore, report: SourceReport) throws {
        self.report = report
        writer = try store.writer(for: report.system)
    }

    func accept(_ outcome: RowOutcome) throws {
        report.rowsRead += 1
        switch outcome {
        case .record(let r):
            report.loaded += 1
            report.fieldIssues += r.issues.count
            for i in r.issues { report.fieldIssuesByCode[i.code, default: 0] += 1 }
            try writer.insert(r)
        case .quarantined(let q):
            report.quarantined += 1
            try writer.insert(q)
        }
    }

    /// The finished report, once the reader has reached the end of the file.
    func finish(_ read: SourceIngestor.FileRead) -> SourceReport {
        report.bytes = read.bytes
        report.sha256 = read.sha256
        report.status = .loaded
        return report
    }
}
