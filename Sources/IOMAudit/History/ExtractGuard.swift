import Foundation

/// Holds back an extract that is readable but not trustworthy: dated too long before the as-of date,
/// or with far fewer rows than the last good run of that source. A held-back required source stops
/// publication; an optional one is treated as not read (its findings NOT-EVALUATED).
public struct ExtractGuard: Sendable {
    public let asOf: CalendarDate
    public let maxAgeDays: Int
    public let maxRowDropShare: Double
    /// Rows read in the last run where each source loaded.
    public let lastGoodRows: [SourceSystem: Int]

    /// Why `report`'s extract must not be used, or nil when it may.
    public func objection(to report: SourceReport) -> String? {
        guard report.status == .loaded, let path = report.file else { return nil }
        if report.rowsRead == 0 {
            return "the extract has no rows (a header only): an empty export is not a night's data"
        }
        // Only a date in the name: a file copied today for a re-run of yesterday is still yesterday's.
        if let named = ExtractGuard.dateInName((path as NSString).lastPathComponent), named > asOf {
            return "extract is dated \(named.iso), after the as-of date \(asOf.iso): it cannot be that day's extract"
        }
        if let dated = ExtractGuard.extractDate(path: path) {
            let age = asOf.days(since: dated)
            if age > maxAgeDays {
                return "extract is dated \(dated.iso), \(age) days before the as-of date \(asOf.iso) (the pipeline allows \(maxAgeDays))"
            }
        }
        if let last = lastGoodRows[report.system], last > 0,
           Double(report.rowsRead) < Double(last) * (1 - maxRowDropShare) {
            let fell = Int(((1 - Double(report.rowsRead) / Double(last)) * 100).rounded())
            return "rows read fell from \(last) in the last good run to \(report.rowsRead) (\(fell)% fewer; the pipeline allows \(Int((maxRowDropShare * 100).rounded()))%)"
        }
        return nil
    }

    /// The date in the file name (`…_YYYYMMDD.…`), else the file's modification date.
    /// The first run of exactly eight digits in `name` that is a real date.
    public static func dateInName(_ name: String) -> CalendarDate? {
        let name = Array(name.utf8)
        var i = 0
        while i + 8 <= name.count {
            let run = name[i..<(i + 8)]
            let before = i == 0 || !isDigit(name[i - 1]), after = i + 8 == name.count || !isDigit(name[i + 8])
            if before, after, run.allSatisfy(isDigit) {
                let v = number(run)
                if let d = CalendarDate(year: v / 10000, month: v / 100 % 100, day: v % 100) { return d }
            }
            i += 1
        }
        return nil
    }

    public static func extractDate(path: String) -> CalendarDate? {
        if let d = dateInName((path as NSString).lastPathComponent) { return d }
        guard let m = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
        let c = Calendar.current.dateComponents([.year, .month, .day], from: m)
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)
    }
}
