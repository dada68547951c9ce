import Foundation

/// The Data Systems Audit Report as one self-contained HTML file for HUB inspectors: no script, no
/// external assets, prints on A4 landscape with a page break before every section. Summary pages hold
/// counts only (OFFICIAL); each division's list page names nominals (unless redacted) and carries an
/// OFFICIAL-SENSITIVE banner top and bottom.
///
/// Machine-checkable: the totals tables carry `data-division` on each row and `data-measure` (the
/// summary CSV's column name) on each count cell; each list row is `tr.finding`.
enum AuditReportHTML {
    static let e = ReportText.html

    static func render(_ r: AuditReport, producedBy: String) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title(r)))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>

        """
        h += summaryPage(r, producedBy: producedBy)
        h += codePage(r)
        h += trendPage(r)
        for d in r.divisions { h += divisionPage(r, d) }
        h += keyPage(r, producedBy: producedBy)
        h += "</body>\n</html>\n"
        return h
    }

    static func title(_ r: AuditReport) -> String {
        "Data Systems Audit Report: \(r.month.label)" + (r.redacted ? " (redacted)" : "")
    }

    static let css = """
    :root { color-scheme: light; }
    body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #000; background: #fff; margin: 16px 20px; line-height: 1.35; }
    h1 { font-size: 18pt; margin: 6px 0 4px; }
    h2 { font-size: 14pt; margin: 16px 0 6px; }
    h3 { font-size: 11.5pt; margin: 14px 0 4px; }
    p { margin: 4px 0 8px; }
    .marking { text-align: center; font-weight: bold; letter-spacing: 0.12em; border: 2px solid #000; padding: 3px; margin: 0 0 10px; }
    .marking.bottom { margin: 14px 0 0; }
    .marking.sensitive { background: #000; color: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .note { border-left: 4px solid #555; padding: 2px 8px; background: #f3f3f3; }
    .unmapped { font-weight: normal; font-size: 0.85em; }
    table { border-collapse: collapse; margin: 4px 0 12px; }
    th, td { border: 1px solid #888; padding: 2px 5px; vertical-align: top; text-align: left; }
    thead th { background: #e6e6e6; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    th.num { white-space: normal; min-width: 4.5em; max-width: 7.5em; }
    table.by-code td.summary { min-width: 20em; }
    tr.total th, tr.total td { font-weight: bold; border-top: 2px solid #000; }
    td.none { color: #666; font-style: italic; }
    table.findings td, table.findings th { font-size: 8.5pt; }
    table.findings td.detail { min-width: 22em; }
    table.findings { width: 100%; }
    td.ids { min-width: 8em; max-width: 16em; }
    td.fid { white-space: nowrap; }
    span.id { white-space: nowrap; }
    td.nowrap { white-space: nowrap; }
    dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; }
    dl.meta dt { font-weight: bold; }
    dl.meta dd { margin: 0; }
    dl.terms dt { font-weight: bold; margin-top: 4px; }
    dl.terms dd { margin: 0 0 2px 16px; }
    .charts { display: flex; flex-wrap: wrap; gap: 10px; }
    svg.trend { border: 1px solid #ccc; background: #fff; }
    svg.trend .chart-title { font-size: 11px; font-weight: bold; }
    svg.trend .tick { font-size: 8px; fill: #333; }
    svg.trend .axis-title { font-size: 8.5px; fill: #333; }
    svg.trend .grid { stroke: #ddd; stroke-width: 0.8; }
    svg.trend .axis { stroke: #555; stroke-width: 1; }
    svg.trend .line { fill: none; stroke: #1f4e9a; stroke-width: 1.8; }
    svg.trend .point { fill: #1f4e9a; }
    svg.trend .no-run { font-size: 9px; fill: #999; }
    .page + .page { border-top: 3px double #999; margin-top: 28px; padding-top: 14px; }
    @page {
      size: A4 landscape; margin: 16mm 12mm;
      @top-center { content: "OFFICIAL"; font: bold 9pt Arial, sans-serif; letter-spacing: 0.12em; }
      @bottom-center { content: "OFFICIAL"; font: bold 9pt Arial, sans-serif; letter-spacing: 0.12em; }
      @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; }
    }
    /* Every printed page of a division's list (names, dates of birth) carries the marking at top and
       bottom however many pages the list runs to: the section is printed on pages of its own kind. */
    @page sensitive {
      @top-center { content: "OFFICIAL-SENSITIVE"; font: bold 9pt Arial, sans-serif; letter-spacing: 0.12em; }
      @bottom-center { content: "OFFICIAL-SENSITIVE"; font: bold 9pt Arial, sans-serif; letter-spacing: 0.12em; }
    }
    .division-page { page: sensitive; }
    @media print {
      body { margin: 0; font-size: 9.5pt; }
      .page + .page { border-top: none; margin-top: 0; padding-top: 0; break-before: page; page-break-before: always; }
      thead { display: table-header-group; }
      tr, svg { break-inside: avoid; page-break-inside: avoid; }
      h2, h3 { break-after: avoid; page-break-after: avoid; }
      a { color: inherit; text-decoration: none; }
    }
    """

    // MARK: Pieces

    /// Record ids, each kept whole on one line; a list of them wraps only between ids.
    static func recordIDs(_ ids: String) -> String {
        ids.split(separator: ";").map { "<span class=\"id\">\(e(String($0).trimmingCharacters(in: .whitespaces)))</span>" }.joined(separator: "; ")
    }

    static func marking(_ sensitive: Bool, bottom: Bool = false) -> String {
        "<p class=\"marking\(sensitive ? " sensitive" : "")\(bottom ? " bottom" : "")\">\(sensitive ? "OFFICIAL-SENSITIVE" : "OFFICIAL")</p>\n"
    }

    static func measureHeadings() -> String {
        ReportCounts.measures.map { "<th class=\"num\" scope=\"col\">\(e($0.heading))</th>" }.joined()
    }

    static func measureCells(_ c: ReportCounts) -> String {
        zip(ReportCounts.measures, c.values).map { m, v in
            "<td class=\"num\" data-measure=\"\(m.column)\">\(ReportText.count(v))</td>"
        }.joined()
    }

    static func runText(_ run: ReportRun) -> String { "\(run.asOf.britishLong) (run \(run.runID))" }

    // MARK: Summary

    static func summaryPage(_ r: AuditReport, producedBy: String) -> String {
        var h = "<section class=\"page summary-page\" id=\"summary\">\n" + marking(false)
        h += "<h1>\(e(title(r)))</h1>\n"
        h += "<p>Integrated Offender Management (IOM): monthly audit of MiCase, JTrack, PNC and Niche (with Cozart drug tests and prison releases), "
        h += "so that the right nominals carry the right cohort markers and flags. Counts are broken down by division; "
        h += "what was corrected since last month and what is overdue are shown for each division.</p>\n"
        h += "<dl class=\"meta\">"
        h += "<dt>This month's audit run</dt><dd>\(e(runText(r.run)))</dd>"
        if let p = r.previous {
            h += "<dt>Compared with</dt><dd>\(e(runText(p))), the last run of \(e(r.month.previous.label))</dd>"
        } else {
            h += "<dt>Compared with</dt><dd>No run in \(e(r.month.previous.label)): the comparisons with last month show &ldquo;no run&rdquo;.</dd>"
        }
        h += "<dt>Produced by</dt><dd>\(e(producedBy))</dd>"
        h += "</dl>\n"
        h += "<p class=\"note\">Handling: these summary pages hold counts only and no names. The list page of each division identifies nominals "
        if r.redacted {
            h += "by PNC ID and record ids only: this is the <strong>redacted copy</strong>, with names and dates of birth left out, for wider circulation. "
        } else {
            h += "by name, date of birth, PNC ID and record ids, and is <strong>OFFICIAL-SENSITIVE</strong>: share a division's pages only with its HUB inspector and data manager. "
        }
        h += "Data managers work from the discrepancy lists (one CSV per division) that accompany this report.</p>\n"

        h += "<h2>Force totals</h2>\n"
        h += "<table id=\"force-totals\"><thead><tr><th scope=\"col\">Force</th>\(measureHeadings())</tr></thead><tbody>\n"
        h += "<tr data-division=\"ALL\"><th scope=\"row\">All divisions</th>\(measureCells(r.counts()))</tr>\n"
        h += "</tbody></table>\n"

        h += "<h2>Totals by division</h2>\n"
        h += "<table id=\"division-totals\"><thead><tr><th scope=\"col\">Division</th>\(measureHeadings())</tr></thead><tbody>\n"
        for d in r.divisions {
            h += "<tr data-division=\"\(e(d.code))\"><th scope=\"row\"><a href=\"#division-\(ReportText.slug(d.code))\">\(e(d.name))</a>"
            if d.code == Division.unknown.code, let c = r.unmappedCodes.first {
                h += "<br><span class=\"unmapped\">commonest unmapped unit code: \(e(c.system.displayName)) \(e(c.code))</span>"
            }
            h += "</th>" + measureCells(r.counts(division: d.code)) + "</tr>\n"
        }
        h += "<tr class=\"total\" data-division=\"ALL\"><th scope=\"row\">All divisions</th>\(measureCells(r.counts()))</tr>\n"
        h += "</tbody></table>\n"
        h += unmappedCodesNote(r)

        h += "<h2>What the counts mean</h2>\n<dl class=\"terms\">"
        h += "<dt>Open now</dt><dd>Findings raised by this month's audit run (new, still open or reopened).</dd>"
        h += "<dt>Open last month</dt><dd>Findings raised by the last run of \(e(r.month.previous.label)).</dd>"
        h += "<dt>New this month</dt><dd>Open now but not open last month (including findings raised again after being corrected).</dd>"
        h += "<dt>Corrected since last month</dt><dd>Open last month, no longer raised, and confirmed corrected: the systems the check needs were read and the record is still there.</dd>"
        h += "<dt>Not evaluated</dt><dd>Open last month and no longer raised, but not confirmed corrected: a source extract the check needs was missing or failed, or the record is no longer in its system's extract. "
        h += "These are <strong>not</strong> counted as corrected and will be checked again by the next run.</dd>"
        h += "<dt>Open over 30 / 90 days</dt><dd>Open now and first raised more than 30 (or 90) days before this month's run.</dd>"
        h += "<dt>Division</dt><dd>Each finding is attributed to one division: the MiCase hub for cohort members, else the Niche owning unit, else the other systems. "
        h += "&ldquo;Unattributed&rdquo; means no system's unit code maps to a division.</dd>"
        h += "</dl>\n"
        h += "<h3>Division list pages</h3>\n<ul>"
        for d in r.divisions {
            h += "<li><a href=\"#division-\(ReportText.slug(d.code))\">\(e(d.name))</a>: \(r.counts(division: d.code).open) open</li>"
        }
        h += "</ul>\n"
        h += marking(false, bottom: true) + "</section>\n"
        return h
    }

    /// What the reference data lacks, so the unit can add it: the run's unit codes that map to no division.
    static func unmappedCodesNote(_ r: AuditReport) -> String {
        r.unmappedCodesSummary.map { "<p id=\"unmapped-codes\">\(e($0))</p>\n" } ?? ""
    }

    // MARK: By code and system

    static func codePage(_ r: AuditReport) -> String {
        var h = "<section class=\"page summary-page\" id=\"by-code\">\n" + marking(false)
        h += "<h2>Findings by division, code and system</h2>\n"
        h += "<p>For each division, the findings by code and by the system that must change. The key to the codes is at the end of this report.</p>\n"
        for d in r.divisions {
            h += "<h3 id=\"codes-\(ReportText.slug(d.code))\">\(e(d.name))</h3>\n"
            let pairs = r.codeSystems(division: d.code)
            guard !pairs.isEmpty else { h += "<p>No findings open this month or last month.</p>\n"; continue }
            h += "<table class=\"by-code\" data-division=\"\(e(d.code))\"><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Finding</th>"
            h += "<th scope=\"col\">System to change</th>\(measureHeadings())</tr></thead><tbody>\n"
            for p in pairs {
                let summary = RuleCatalogue.entry(code: p.code)?.summary ?? ""
                h += "<tr data-code=\"\(e(p.code))\" data-system=\"\(e(p.system))\"><td class=\"nowrap\">\(e(p.code))</td><td class=\"summary\">\(e(summary))</td>"
                h += "<td>\(e(SourceSystem(rawValue: p.system)?.displayName ?? p.system))</td>"
                h += measureCells(r.counts(division: d.code, code: p.code, system: p.system)) + "</tr>\n"
            }
            h += "<tr class=\"total\"><th scope=\"row\" colspan=\"3\">Total for \(e(d.name))</th>\(measureCells(r.counts(division: d.code)))</tr>\n"
            h += "</tbody></table>\n"
        }
        h += marking(false, bottom: true) + "</section>\n"
        return h
    }

    // MARK: Trend

    static func trendPage(_ r: AuditReport) -> String {
        var h = "<section class=\"page summary-page\" id=\"trend\">\n" + marking(false)
        h += "<h2>Open findings over the last 12 months</h2>\n"
        h += "<p>Open findings in the last audit run of each month, \(e(r.trend.first?.month.label ?? "")) to \(e(r.month.label)). "
        h += "A cross (&times;) in a chart and a dash (&ndash;) in the table mark a month without a run. The division charts share one scale so they can be compared.</p>\n"
        let months = r.trend.map(\.month)
        let force = r.trend.map { $0.open(nil) }
        h += "<div class=\"charts\">"
        h += TrendChart.svg(id: "trend-ALL", title: "All divisions", months: months, values: force,
                            yMax: TrendChart.niceMax(force.compactMap { $0 }.max() ?? 0))
        h += "</div>\n<div class=\"charts\">"
        let shared = TrendChart.niceMax(r.divisions.flatMap { d in r.trend.compactMap { $0.open(d.code) } }.max() ?? 0)
        for d in r.divisions {
            h += TrendChart.svg(id: "trend-" + ReportText.slug(d.code), title: d.name, months: months,
                                values: r.trend.map { $0.open(d.code) }, yMax: shared)
        }
        h += "</div>\n"
        h += "<h3>The same figures</h3>\n<table id=\"trend-table\"><thead><tr><th scope=\"col\">Division</th>"
        for m in months { h += "<th class=\"num\" scope=\"col\">\(e(m.shortLabel))</th>" }
        h += "</tr></thead><tbody>\n"
        for d in r.divisions {
            h += "<tr data-division=\"\(e(d.code))\"><th scope=\"row\">\(e(d.name))</th>"
            for p in r.trend { h += "<td class=\"num\">\(ReportText.trendCount(p.open(d.code)))</td>" }
            h += "</tr>\n"
        }
        h += "<tr class=\"total\" data-division=\"ALL\"><th scope=\"row\">All divisions</th>"
        for p in r.trend { h += "<td class=\"num\">\(ReportText.trendCount(p.open(nil)))</td>" }
        h += "</tr>\n</tbody></table>\n"
        h += marking(false, bottom: true) + "</section>\n"
        return h
    }

    // MARK: Division list pages

    static func identityCells(_ r: AuditReport, _ f: ReportFinding) -> String {
        guard !r.redacted else { return "" }
        let id = f.masterID.flatMap { r.identities[$0] }
        return "<td class=\"name\">\(e(id?.displayName ?? ""))</td><td class=\"dob nowrap\">\(e(id?.displayDateOfBirth ?? ""))</td>"
    }

    static func identityHeadings(_ r: AuditReport) -> String {
        r.redacted ? "" : "<th scope=\"col\">Name</th><th scope=\"col\">Date of birth</th>"
    }

    static func divisionPage(_ r: AuditReport, _ d: ReportDivision) -> String {
        let slug = ReportText.slug(d.code)
        var h = "<section class=\"page division-page\" id=\"division-\(slug)\" data-division=\"\(e(d.code))\">\n" + marking(true)
        h += "<h2>\(e(d.name)): findings list, \(e(r.month.label))</h2>\n"
        let c = r.counts(division: d.code)
        h += "<p>For the HUB inspector and data manager of \(e(d.name)). Audit run of \(e(r.run.asOf.britishLong)). "
        h += "\(c.open) open (\(ReportText.count(c.newThisMonth)) new this month), \(c.openOver30Days) open over 30 days, \(c.openOver90Days) over 90 days.</p>\n"
        if r.redacted {
            h += "<p class=\"note\">Redacted copy: names and dates of birth are left out. Subjects are identified by PNC ID and record ids.</p>\n"
        } else if let note = r.identityNote {
            h += "<p class=\"note\">\(e(note))</p>\n"
        }

        let open = r.openFindings(division: d.code)
        h += "<h3>Open findings (\(open.count))</h3>\n"
        if open.isEmpty {
            h += "<p>None.</p>\n"
        } else {
            h += "<table class=\"findings\" data-list=\"open\"><thead><tr><th scope=\"col\">Finding</th><th scope=\"col\">Status</th>"
            h += "<th scope=\"col\">Severity</th><th scope=\"col\">Code</th><th scope=\"col\">System to change</th><th scope=\"col\">Owner</th>"
            h += "<th scope=\"col\">PNC ID</th>\(identityHeadings(r))<th scope=\"col\">Records</th><th scope=\"col\">What to change</th>"
            h += "<th scope=\"col\">First seen</th><th class=\"num\" scope=\"col\">Age (days)</th></tr></thead><tbody>\n"
            for f in open {
                let status = ReportText.statusLabel(f.status) + (r.newIDs.contains(f.findingID) && f.status != "NEW" ? " (new this month)" : "")
                h += "<tr class=\"finding\" data-finding=\"\(e(f.findingID))\"><td class=\"fid\">\(e(f.findingID))</td><td>\(e(status))</td>"
                h += "<td>\(e(ReportText.severityLabel(f.severity)))</td><td class=\"nowrap\">\(e(f.code))</td><td>\(e(f.systemName))</td>"
                h += "<td>\(e(f.owner))</td><td class=\"nowrap\">\(e(f.pncID ?? ""))</td>\(identityCells(r, f))"
                h += "<td class=\"ids\">\(recordIDs(f.recordIDs))</td><td class=\"detail\">\(e(f.detail))</td>"
                h += "<td class=\"nowrap\">\(e(ReportText.date(f.firstSeen)))</td><td class=\"num\">\(f.ageDays)</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }

        for (heading, list, kind) in [("Corrected since last month", r.corrected, "corrected"), ("Not evaluated", r.notEvaluated, "not-evaluated")] {
            let mine = list.filter { $0.finding.division == d.code }
            guard r.previous != nil else {
                h += "<h3>\(heading)</h3>\n<p>No run in \(e(r.month.previous.label)) to compare with.</p>\n"
                continue
            }
            h += "<h3>\(heading) (\(mine.count))</h3>\n"
            if kind == "not-evaluated" && !mine.isEmpty {
                h += "<p>Open last month and no longer raised, but not confirmed corrected (a source extract was missing or failed, or the record has left the extract). Check these by hand or wait for the next run.</p>\n"
            }
            guard !mine.isEmpty else { h += "<p>None.</p>\n"; continue }
            h += "<table class=\"findings\" data-list=\"\(kind)\"><thead><tr><th scope=\"col\">Finding</th><th scope=\"col\">Code</th>"
            h += "<th scope=\"col\">System</th><th scope=\"col\">PNC ID</th>\(identityHeadings(r))<th scope=\"col\">Records</th>"
            h += "<th scope=\"col\">First seen</th><th scope=\"col\">\(kind == "corrected" ? "Confirmed corrected by the run of" : "Last checked by the run of")</th></tr></thead><tbody>\n"
            for x in mine {
                let f = x.finding
                h += "<tr class=\"\(kind)\" data-finding=\"\(e(f.findingID))\"><td class=\"fid\">\(e(f.findingID))</td><td class=\"nowrap\">\(e(f.code))</td>"
                h += "<td>\(e(f.systemName))</td><td class=\"nowrap\">\(e(f.pncID ?? ""))</td>\(identityCells(r, f))"
                h += "<td class=\"ids\">\(recordIDs(f.recordIDs))</td>"
                h += "<td class=\"nowrap\">\(e(ReportText.date(f.firstSeen)))</td><td class=\"nowrap\">\(e(ReportText.date(x.on)))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += marking(true, bottom: true) + "</section>\n"
        return h
    }

    // MARK: Key

    static func keyPage(_ r: AuditReport, producedBy: String) -> String {
        var h = "<section class=\"page summary-page\" id=\"key\">\n" + marking(false)
        h += "<h2>Key to the finding codes</h2>\n"
        h += "<table id=\"codes\"><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Severity</th><th scope=\"col\">System to change</th>"
        h += "<th scope=\"col\">Usually changed by</th><th scope=\"col\">Finding</th></tr></thead><tbody>\n"
        for entry in RuleCatalogue.entries {
            h += "<tr><td class=\"nowrap\">\(e(entry.code))</td><td>\(e(ReportText.severityLabel(entry.severity.rawValue)))</td>"
            h += "<td>\(e(entry.changes.description))</td><td>\(e(entry.owner))</td><td>\(e(entry.summary))</td></tr>\n"
        }
        h += "</tbody></table>\n"
        h += "<p>Severity: High where a system tells officers or partners the wrong thing about cohort membership or custody today; "
        h += "Medium for other identity, tracking, lead-agency, age-group, division and drug-test discrepancies; Low for marker wording.</p>\n"
        h += "<p>\(e(producedBy)).</p>\n"
        h += marking(false, bottom: true) + "</section>\n"
        return h
    }
}
