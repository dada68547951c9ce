import Foundation

/// Writes one month's report folder, `OUT/reports/YYYY-MM/`:
///
///     audit-YYYY-MM.html             the report for HUB inspectors (one self-contained file)
///     audit-YYYY-MM.md               the same counts as Markdown
///     audit-YYYY-MM-summary.csv      the same counts, one row per force / division / code and system
///     discrepancies/CODE-Name.csv    per division, every open finding for its data manager
///
/// With `redact`, `OUT/reports/YYYY-MM-redacted/` instead, holding `audit-YYYY-MM-redacted.html` (no
/// names or dates of birth), the Markdown and the summary CSV (which never hold names), and no
/// discrepancy lists. The folder is built beside the final one and renamed into place when complete:
/// a report folder is never half written. Files are readable by owner and group only.
public enum AuditReportWriter {
    public struct Written: Sendable {
        public let folder: String
        public let html: String
        public let markdown: String
        public let summaryCSV: String
        /// Division code → discrepancy list path (empty when redacted).
        public let discrepancies: [(division: String, path: String)]
    }

    public static func folderName(month: ReportMonth, redacted: Bool) -> String { month.iso + (redacted ? "-redacted" : "") }

    public static func folder(out: String, month: ReportMonth, redacted: Bool) -> String {
        ((out as NSString).appendingPathComponent("reports") as NSString).appendingPathComponent(folderName(month: month, redacted: redacted))
    }

    public static func htmlName(_ month: ReportMonth, redacted: Bool) -> String { "audit-\(month.iso)\(redacted ? "-redacted" : "").html" }
    public static func markdownName(_ month: ReportMonth) -> String { "audit-\(month.iso).md" }
    public static func summaryName(_ month: ReportMonth) -> String { "audit-\(month.iso)-summary.csv" }
    public static func discrepancyName(_ d: ReportDivision) -> String {
        let code = ReportText.slug(d.code), name = ReportText.slug(d.name)
        return (code == name ? code : code + "-" + name) + ".csv"
    }

    public static let summaryHeader = ["month", "level", "division", "division_name", "code", "system"]
        + ReportCounts.measures.map(\.column) + ["run_as_of", "previous_run_as_of"]

    public static let discrepancyHeader = ["finding_id", "status", "new_this_month", "severity", "code", "finding", "what_to_change",
                                           "system", "owner", "division", "division_name", "pnc_id", "record_ids", "first_seen", "age_days"]

    @discardableResult
    public static func write(_ r: AuditReport, out: String, producedBy: String) throws -> Written {
        let reports = (out as NSString).appendingPathComponent("reports")
        try makeDirectory(reports)
        let name = folderName(month: r.month, redacted: r.redacted)
        let final = (reports as NSString).appendingPathComponent(name)
        let building = (reports as NSString).appendingPathComponent(".\(name).building-\(getpid())")
        let fm = FileManager.default
        if fm.fileExists(atPath: building) { try fm.removeItem(atPath: building) }
        try makeDirectory(building)
        do {
            try writeFile((building as NSString).appendingPathComponent(htmlName(r.month, redacted: r.redacted)),
                          AuditReportHTML.render(r, producedBy: producedBy))
            try writeFile((building as NSString).appendingPathComponent(markdownName(r.month)), AuditReportMarkdown.render(r, producedBy: producedBy))
            try writeSummary(r, path: (building as NSString).appendingPathComponent(summaryName(r.month)))
            if !r.redacted {
                let dir = (building as NSString).appendingPathComponent("discrepancies")
                try makeDirectory(dir)
                for d in r.divisions { try writeDiscrepancies(r, division: d, path: (dir as NSString).appendingPathComponent(discrepancyName(d))) }
            }
            try publish(building: building, final: final)
        } catch {
            try? fm.removeItem(atPath: building)
            throw error
        }
        return Written(folder: final, html: (final as NSString).appendingPathComponent(htmlName(r.month, redacted: r.redacted)),
                       markdown: (final as NSString).appendingPathComponent(markdownName(r.month)),
                       summaryCSV: (final as NSString).appendingPathComponent(summaryName(r.month)),
                       discrepancies: r.redacted ? [] : r.divisions.map {
                           ($0.code, ((final as NSString).appendingPathComponent("discrepancies") as NSString).appendingPathComponent(discrepancyName($0)))
                       })
    }

    /// The summary rows: the force, the force by code and system, then per division its total and its
    /// codes and systems. `level` says which (force, force-code, division, division-code): filter on it
    /// before adding up a column.
    public static func summaryRows(_ r: AuditReport) -> [[String?]] {
        var rows: [[String?]] = []
        func row(_ level: String, _ division: String, _ divisionName: String, _ code: String, _ system: String, _ c: ReportCounts) {
            rows.append([r.month.iso, level, division, divisionName, code, system] + c.values.map { $0.map(String.init) }
                        + [r.run.asOf.iso, r.previous?.asOf.iso])
        }
        func systemName(_ s: String) -> String { SourceSystem(rawValue: s)?.displayName ?? s }
        row("force", "ALL", "All divisions", "ALL", "ALL", r.counts())
        for p in r.codeSystems(division: nil) {
            row("force-code", "ALL", "All divisions", p.code, systemName(p.system), r.counts(code: p.code, system: p.system))
        }
        for d in r.divisions {
            row("division", d.code, d.name, "ALL", "ALL", r.counts(division: d.code))
            for p in r.codeSystems(division: d.code) {
                row("division-code", d.code, d.name, p.code, systemName(p.system), r.counts(division: d.code, code: p.code, system: p.system))
            }
        }
        return rows
    }

    static func writeSummary(_ r: AuditReport, path: String) throws {
        let w = try CSVWriter(path: path, header: summaryHeader)
        for row in summaryRows(r) { try w.write(row) }
        try w.close()
    }

    /// Every open finding of one division, in work order (severity, oldest first). No names.
    static func writeDiscrepancies(_ r: AuditReport, division d: ReportDivision, path: String) throws {
        let w = try CSVWriter(path: path, header: discrepancyHeader)
        for f in r.openFindings(division: d.code) {
            try w.write([f.findingID, f.status, r.previous == nil ? nil : (r.newIDs.contains(f.findingID) ? "Y" : "N"), f.severity, f.code,
                         RuleCatalogue.entry(code: f.code)?.summary, f.detail, f.systemName, f.owner, d.code, d.name, f.pncID,
                         f.recordIDs, f.firstSeen, String(f.ageDays)])
        }
        try w.close()
    }

    // MARK: Files

    static func makeDirectory(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw ReportError(message: "\(path) exists and is not a folder") }
            return
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
    }

    /// Writes text as UTF-8 (mode 0640) and syncs it.
    static func writeFile(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw ReportError(message: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw ReportError(message: "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Renames the complete folder into place, replacing an earlier report of the same month.
    static func publish(building: String, final: String) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: final) else {
            guard rename(building, final) == 0 else { throw ReportError(message: "cannot move the report into \(final): \(String(cString: strerror(errno)))") }
            return
        }
        let old = ((final as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(".\((final as NSString).lastPathComponent).old-\(getpid())")
        if fm.fileExists(atPath: old) { try fm.removeItem(atPath: old) }
        guard rename(final, old) == 0 else { throw ReportError(message: "cannot replace \(final): \(String(cString: strerror(errno)))") }
        guard rename(building, final) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(old, final)
            throw ReportError(message: "cannot move the report into \(final): \(reason)")
        }
        try? fm.removeItem(atPath: old)
    }
}
