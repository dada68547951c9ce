/// One source's rows going into the store, on the thread that owns the store: every row is counted as
/// loaded or quarantined, so `rowsRead == loaded + quarantined` holds by construction.
final class SourceLoad {
    private(set) var report: SourceReport
    private let writer: CanonicalStore.Writer
    /// Rows per unmapped unit code (`UnitCodeCheck`), keyed by field then code.
    private var unmapped: [String: [String: Int]] = [:]

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
            for i in r.issues {
                report.fieldIssuesByCode[i.code, default: 0] += 1
                if i.code == UnitCodeCheck.issueCode { countUnmapped(i) }
            }
            try writer.insert(r)
        case .quarantined(let q):
            report.quarantined += 1
            try writer.insert(q)
        }
    }

    /// Distinct codes counted per field: a mapping that points the unit code at a column unique to each
    /// row must not grow this without bound; past it only the field issue total counts them.
    static let unmappedCodesTracked = 10_000

    private func countUnmapped(_ i: FieldIssue) {
        if let n = unmapped[i.field]?[i.value] {
            unmapped[i.field]![i.value] = n + 1
        } else if (unmapped[i.field]?.count ?? 0) < SourceLoad.unmappedCodesTracked {
            unmapped[i.field, default: [:]][i.value] = 1
        }
    }

    /// The finished report, once the reader has reached the end of the file.
    func finish(_ read: SourceIngestor.FileRead) -> SourceReport {
        report.bytes = read.bytes
        report.sha256 = read.sha256
        report.status = .loaded
        let all = unmapped.flatMap { field, codes in codes.map { SourceReport.UnmappedCode(field: field, code: $0.key, rows: $0.value) } }
            .sorted { ($0.rows, $1.field, $1.code) > ($1.rows, $0.field, $0.code) }
        if !all.isEmpty {
            report.unmappedCodes = Array(all.prefix(SourceReport.unmappedCodesListed))
            if all.count > SourceReport.unmappedCodesListed { report.unmappedCodesNotListed = all.count - SourceReport.unmappedCodesListed }
        }
        return report
    }
}
