/// The report's counts as Markdown, for email or a wiki: the same figures as the HTML summary pages
/// and the summary CSV. Counts only: no names, no finding lists.
enum AuditReportMarkdown {
    static let c = ReportText.markdownCell

    static func render(_ r: AuditReport, producedBy: String) -> String {
        var m = "# " + c(AuditReportHTML.title(r)) + "\n\n"
        m += "**OFFICIAL**. Counts only: no names. Per-division finding lists are in the HTML report and the discrepancy lists.\n\n"
        m += "- This month's audit run: \(c(AuditReportHTML.runText(r.run)))\n"
        if let p = r.previous {
            m += "- Compared with: \(c(AuditReportHTML.runText(p))), the last run of \(c(r.month.previous.label))\n"
        } else {
            m += "- Compared with: no run in \(c(r.month.previous.label)) (comparisons show \"no run\")\n"
        }
        m += "- Produced by: \(c(producedBy))\n\n"

        let headings = ReportCounts.measures.map(\.heading)
        func header(_ first: [String]) -> String {
            "| " + (first + headings).joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: first.count)
                + String(repeating: "---:|", count: headings.count) + "\n"
        }
        func row(_ first: [String], _ counts: ReportCounts) -> String {
            "| " + (first + counts.values.map(ReportText.count)).joined(separator: " | ") + " |\n"
        }

        m += "## Force totals\n\n" + header(["Force"]) + row(["All divisions"], r.counts()) + "\n"
        m += "## Totals by division\n\n" + header(["Division"])
        for d in r.divisions { m += row([c(d.name)], r.counts(division: d.code)) }
        m += row(["**All divisions**"], r.counts()) + "\n"
        if let note = r.unmappedCodesSummary { m += note + "\n\n" }
        m += "*Not evaluated*: open last month and no longer raised but not confirmed corrected (a source extract was missing or failed, or the record has left the extract); never counted as corrected.\n\n"

        m += "## Findings by division, code and system\n\n"
        for d in r.divisions {
            m += "### \(c(d.name))\n\n"
            let pairs = r.codeSystems(division: d.code)
            guard !pairs.isEmpty else { m += "No findings open this month or last month.\n\n"; continue }
            m += header(["Code", "System to change"])
            for p in pairs {
                m += row([c(p.code), c(SourceSystem(rawValue: p.system)?.displayName ?? p.system)], r.counts(division: d.code, code: p.code, system: p.system))
            }
            m += row(["**Total**", ""], r.counts(division: d.code)) + "\n"
        }

        m += "## Open findings over the last 12 months\n\n"
        m += "Open findings in the last audit run of each month (– : no run that month).\n\n"
        m += "| Division | " + r.trend.map { c($0.month.shortLabel) }.joined(separator: " | ") + " |\n|---|"
            + String(repeating: "---:|", count: r.trend.count) + "\n"
        for d in r.divisions {
            m += "| \(c(d.name)) | " + r.trend.map { ReportText.trendCount($0.open(d.code)) }.joined(separator: " | ") + " |\n"
        }
        m += "| All divisions | " + r.trend.map { ReportText.trendCount($0.open(nil)) }.joined(separator: " | ") + " |\n"
        return m
    }
}
