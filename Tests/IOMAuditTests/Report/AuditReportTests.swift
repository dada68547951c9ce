import Foundation
import Testing
@testable import IOMAudit

@Suite("Report: Data Systems Audit Report")
struct AuditReportTests {
    let month = ReportMonth("2026-11")!

    func make(redact: Bool = false, month: ReportMonth? = nil) throws -> (out: String, report: AuditReport, written: AuditReportWriter.Written) {
        let out = try ReportFixture.makeOut()
        let report = try AuditReportLoader.load(out: out, month: month ?? self.month, divisions: ReportFixture.divisions, redact: redact)
        let written = try AuditReportWriter.write(report, out: out, producedBy: ReportFixture.producedBy)
        return (out, report, written)
    }

    /// Expected November counts per division: open, open last month, new, corrected, not evaluated, >30, >90.
    static let expected: [String: [String]] = [
        "BD": ["1", "2", "1", "1", "1", "0", "0"],
        "CD": ["1", "0", "1", "0", "0", "0", "0"],
        "KD": ["0", "0", "0", "0", "0", "0", "0"],
        "LD": ["3", "4", "1", "1", "1", "2", "2"],
        "WD": ["1", "1", "0", "0", "0", "1", "0"],
        "UNKNOWN": ["1", "1", "0", "0", "0", "0", "0"],
        "ALL": ["7", "8", "3", "2", "2", "3", "2"],
    ]

    @Test func comparesTheLastRunOfEachMonth() throws {
        let (_, r, _) = try make()
        #expect(r.run.runID == "asof-2026-11-30")
        #expect(r.previous?.runID == "asof-2026-10-31")
        #expect(r.divisions.map(\.code) == ["BD", "CD", "KD", "LD", "WD", "UNKNOWN"])
        #expect(r.divisions.last?.name == "Unattributed")
        #expect(r.corrected.map(\.finding.findingID).sorted() == ["LEAD-AGENCY-F4", "NICHE-FLAG-MISSING-F2"])
        // F5 was corrected mid-month, raised again, then not evaluated: the last word is not "corrected".
        #expect(r.notEvaluated.map(\.finding.findingID).sorted() == ["AGE-GROUP-F5", "JTRACK-MISSING-F3"])
        #expect(r.newIDs == ["PNC-MARKER-STALE-F8", "ID-DUPLICATE-F9", "NICHE-FLAG-STALE-F10"])
    }

    @Test func summaryCSVHasExactCountsPerDivision() throws {
        let (_, _, w) = try make()
        let rows = try ReportFixture.records(w.summaryCSV)
        let measures = ReportCounts.measures.map(\.column)
        let divisionRows = rows.filter { $0["level"] == "division" || $0["level"] == "force" }
        #expect(divisionRows.count == Self.expected.count)
        for row in divisionRows {
            let d = row["division"]!
            #expect(measures.map { row[$0]! } == Self.expected[d], "division \(d)")
            #expect(row["month"] == "2026-11")
            #expect(row["run_as_of"] == "2026-11-30")
            #expect(row["previous_run_as_of"] == "2026-10-31")
        }
        #expect(rows.first { $0["division"] == "UNKNOWN" }?["division_name"] == "Unattributed")
        // Code rows of a division add up to its total.
        for d in ["BD", "CD", "LD", "WD", "UNKNOWN"] {
            let codeRows = rows.filter { $0["level"] == "division-code" && $0["division"] == d }
            let open = codeRows.map { Int($0["open"]!)! }.reduce(0, +)
            #expect(String(open) == Self.expected[d]![0], "division \(d)")
        }
        let ldMissing = rows.first { $0["level"] == "division-code" && $0["division"] == "LD" && $0["code"] == "PNC-MARKER-MISSING" }
        #expect(ldMissing?["system"] == "PNC")
        #expect(ldMissing?["open_over_90_days"] == "1")
    }

    @Test func trendHasTwelveMonthsWithGaps() throws {
        let (_, r, w) = try make()
        #expect(r.trend.count == 12)
        #expect(r.trend.first?.month == ReportMonth("2025-12"))
        #expect(r.trend.last?.month == month)
        let ld = r.trend.map { $0.open("LD") }
        #expect(ld == [nil, nil, nil, nil, nil, nil, nil, nil, 2, nil, 4, 3])
        #expect(r.trend.map { $0.open(nil) }.suffix(4) == [3, nil, 8, 7])
        let html = ReportFixture.text(w.html)
        #expect(html.components(separatedBy: "<svg class=\"trend\"").count - 1 == 7)
        #expect(html.contains("<polyline"))
        #expect(html.contains("Open findings</text>"))
        #expect(html.contains(">Sep</text>"))
        #expect(html.contains("Sep 2026: no run"))
        let md = ReportFixture.text(w.markdown)
        #expect(md.contains("| Leeds | – | – | – | – | – | – | – | – | 2 | – | 4 | 3 |"))
    }

    @Test func htmlDivisionTotalsMatchTheSummaryCSV() throws {
        let (_, r, w) = try make()
        let html = ReportFixture.text(w.html)
        let totals = HTMLTotals.parse(html, table: "division-totals")
        let csv = try ReportFixture.records(w.summaryCSV)
        for row in csv where row["level"] == "division" {
            let d = row["division"]!
            for m in ReportCounts.measures.map(\.column) {
                #expect(totals[d]?[m] == row[m], "\(d) \(m)")
            }
        }
        #expect(HTMLTotals.parse(html, table: "force-totals")["ALL"]?["open"] == "7")
        // Each division page lists exactly its open findings.
        for d in r.divisions {
            #expect(HTMLTotals.findingRows(html, division: d.code) == r.counts(division: d.code).open, "division \(d.code)")
        }
    }

    /// Printed, a division's list may run to many pages: each is printed on a page of its own kind whose
    /// top and bottom say OFFICIAL-SENSITIVE, every page is numbered, and a record id is never cut.
    /// (`scripts/check-report-html.py --pdf` checks the printed PDF itself, page by page.)
    @Test func everyPrintedPageIsMarkedAndNumbered() throws {
        let (_, _, w) = try make()
        let html = ReportFixture.text(w.html)
        #expect(html.contains("@page sensitive {") && html.contains(".division-page { page: sensitive; }"))
        #expect(html.contains(#"@top-center { content: "OFFICIAL-SENSITIVE""#) && html.contains(#"@bottom-center { content: "OFFICIAL-SENSITIVE""#))
        #expect(html.contains(#"counter(page) " of " counter(pages)"#))
        #expect(html.contains("<section class=\"page division-page\""))
        #expect(html.contains("<td class=\"ids\"><span class=\"id\">") && html.contains("span.id { white-space: nowrap; }"))
        #expect(!html.contains("overflow-wrap: anywhere"))
    }

    @Test func namesOnlyOnDivisionPages() throws {
        let (_, _, w) = try make()
        let html = ReportFixture.text(w.html)
        let pages = HTMLTotals.divisionPages(html)
        let outside = HTMLTotals.outsideDivisionPages(html)
        #expect(pages.contains(ReportFixture.plainSurname + ", " + ReportFixture.plainForenames))
        #expect(pages.contains("01/12/1985"))
        #expect(pages.contains("O&#39;NEIL, Sean"))
        for s in [ReportFixture.plainSurname, "O&#39;NEIL", "NOTLISTED", "alert(1)", "01/12/1985", "03/02/1990", ReportFixture.previousOnlySurname] {
            #expect(!outside.contains(s), "\(s) outside the division pages")
        }
        #expect(!pages.contains("NOTLISTED"))
        // Every division page is marked OFFICIAL-SENSITIVE top and bottom.
        let sections = html.components(separatedBy: "<section class=\"page division-page\"").dropFirst()
        #expect(sections.count == 6)
        for s in sections {
            let body = s.components(separatedBy: "</section>")[0]
            #expect(body.components(separatedBy: ">OFFICIAL-SENSITIVE</p>").count - 1 == 2)
        }
        #expect(!outside.contains("OFFICIAL-SENSITIVE</p>"))
        for other in [w.markdown, w.summaryCSV] + w.discrepancies.map(\.path) {
            let t = ReportFixture.text(other)
            for s in [ReportFixture.plainSurname, "O'NEIL", "alert(1)", "1985-12-01", "1990-02-03"] { #expect(!t.contains(s), "\(s) in \(other)") }
        }
    }

    @Test func namesOfClosedFindingsComeFromLastMonthsStoreWhenNeeded() throws {
        let (out, r, w) = try make()
        #expect(r.identities["M7"]?.surname == ReportFixture.previousOnlySurname)
        // This month's store wins for someone in both.
        #expect(r.identities["M1"]?.surname == ReportFixture.scriptSurname)
        let leeds = HTMLTotals.matches("<section class=\"page division-page\" id=\"division-LD\"(.*?)</section>", ReportFixture.text(w.html))[0][1]
        #expect(leeds.contains(ReportFixture.previousOnlySurname + ", Only"))
        #expect(!ReportFixture.text(w.html).contains("OLDNAME"))
        // Without the month's store: no names, and the pages say why.
        try FileManager.default.removeItem(atPath: out + "/runs/asof-2026-11-30")
        let bare = try AuditReportLoader.load(out: out, month: month, divisions: ReportFixture.divisions, redact: false)
        #expect(bare.identities.isEmpty)
        #expect(bare.identityNote?.contains("asof-2026-11-30") == true)
        #expect(AuditReportHTML.render(bare, producedBy: "x").contains("names and dates of birth are not shown"))
    }

    @Test func redactLeavesNamesAndDatesOfBirthOut() throws {
        let (out, _, w) = try make(redact: true)
        #expect(w.folder.hasSuffix("/reports/2026-11-redacted"))
        #expect(w.html.hasSuffix("/audit-2026-11-redacted.html"))
        #expect(w.discrepancies.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: w.folder + "/discrepancies"))
        let html = ReportFixture.text(w.html)
        for s in [ReportFixture.plainSurname, "NEIL", "alert(1)", "Jerry", "01/12/1985", "03/02/1990", "14/07/1979", ReportFixture.previousOnlySurname,
                  "06/05/1960", ">Name</th>", "Date of birth</th>"] {
            #expect(!html.contains(s), "\(s) in the redacted report")
        }
        #expect(html.contains("00/1082A"))
        #expect(html.contains("Redacted copy"))
        #expect(HTMLTotals.parse(html, table: "division-totals")["LD"]?["open"] == "3")
        // The full report of the month is left alone.
        let full = try AuditReportWriter.write(try AuditReportLoader.load(out: out, month: month, divisions: ReportFixture.divisions, redact: false),
                                               out: out, producedBy: ReportFixture.producedBy)
        _ = try AuditReportWriter.write(try AuditReportLoader.load(out: out, month: month, divisions: ReportFixture.divisions, redact: true),
                                        out: out, producedBy: ReportFixture.producedBy)
        #expect(ReportFixture.text(full.html).contains(ReportFixture.plainSurname))
    }

    @Test func hostileTextIsEscaped() throws {
        let (_, _, w) = try make()
        let html = ReportFixture.text(w.html)
        #expect(!html.contains("<script"))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;, Tom &amp; &quot;Jerry&quot;"))
        #expect(!html.contains("<b>bold</b>"))
        #expect(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; more"))
        // Self-contained: no external assets, no script.
        for s in ["<link", " src=", "<img", "<iframe", "@import", "url("] { #expect(!html.contains(s), "\(s)") }
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.contains("@media print"))
        #expect(html.contains("break-before: page"))
        #expect(ReportText.html("a<b>&\"c'\u{0}") == "a&lt;b&gt;&amp;&quot;c&#39;\u{FFFD}")
        #expect(ReportText.markdownCell("a|b<c>*") == "a\\|b&lt;c&gt;\\*")
    }

    @Test func discrepancyListsHoldExactlyTheOpenFindings() throws {
        let (_, r, w) = try make()
        #expect(w.discrepancies.map { ($0.path as NSString).lastPathComponent }
                == ["BD-Bradford.csv", "CD-Calderdale.csv", "KD-Kirklees.csv", "LD-Leeds.csv", "WD-Wakefield.csv", "UNKNOWN-Unattributed.csv"])
        let expected: [String: Set<String>] = [
            "BD": ["ID-DUPLICATE-F9"], "CD": ["NICHE-FLAG-STALE-F10"], "KD": [],
            "LD": ["PNC-MARKER-MISSING-F1", "PNC-MARKER-WORDING-F11", "PNC-MARKER-STALE-F8"],
            "WD": ["DIVISION-MISMATCH-F12"], "UNKNOWN": ["TEST-UNLINKED-F6"],
        ]
        for (division, path) in w.discrepancies {
            let rows = try ReportFixture.csv(path)
            #expect(rows[0] == AuditReportWriter.discrepancyHeader)
            let records = try ReportFixture.records(path)
            #expect(Set(records.map { $0["finding_id"]! }) == expected[division], "division \(division)")
            #expect(records.count == r.counts(division: division).open)
            #expect(records.allSatisfy { $0["division"] == division })
        }
        let leeds = try ReportFixture.records(w.discrepancies.first { $0.division == "LD" }!.path)
        // High severity first, then oldest first.
        #expect(leeds.map { $0["finding_id"]! } == ["PNC-MARKER-MISSING-F1", "PNC-MARKER-STALE-F8", "PNC-MARKER-WORDING-F11"])
        let f1 = leeds[0]
        #expect(f1["system"] == "PNC")
        #expect(f1["owner"] == "Police")
        #expect(f1["first_seen"] == "2026-07-01")
        #expect(f1["age_days"] == "152")
        #expect(f1["status"] == "OPEN")
        #expect(f1["new_this_month"] == "N")
        #expect(f1["pnc_id"] == "00/1082A")
        #expect(f1["record_ids"] == "pnc:F1;pnc:F1P")
        #expect(leeds[1]["new_this_month"] == "Y")
        // A formula in the detail is neutralised for Excel.
        let wakefield = ReportFixture.text(w.discrepancies.first { $0.division == "WD" }!.path)
        #expect(wakefield.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\") <b>bold</b> & more\","))
        let wdRecords = try ReportFixture.records(w.discrepancies.first { $0.division == "WD" }!.path)
        #expect(wdRecords[0]["what_to_change"] == "'" + ReportFixture.formulaDetail)
    }

    @Test func sameHistoryGivesSameBytes() throws {
        let (out, r, w1) = try make()
        let before = try [w1.html, w1.markdown, w1.summaryCSV].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let w2 = try AuditReportWriter.write(try AuditReportLoader.load(out: out, month: month, divisions: ReportFixture.divisions, redact: false),
                                             out: out, producedBy: ReportFixture.producedBy)
        let after = try [w2.html, w2.markdown, w2.summaryCSV].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(before == after)
        #expect(r.counts().open == 7)
        // No half-built or old folders are left beside the report.
        let left = try FileManager.default.contentsOfDirectory(atPath: out + "/reports")
        #expect(left == ["2026-11"])
        var st = stat()
        #expect(stat(w2.html, &st) == 0 && st.st_mode & 0o007 == 0)
    }

    @Test func noPreviousRunShowsNoRun() throws {
        let (_, r, w) = try make(month: ReportMonth("2026-08")!)
        #expect(r.previous == nil)
        #expect(r.counts() == ReportCounts(open: 3, openLastMonth: nil, newThisMonth: nil, corrected: nil, notEvaluated: nil,
                                          openOver30Days: 1, openOver90Days: 0))
        let force = try ReportFixture.records(w.summaryCSV).first { $0["level"] == "force" }!
        #expect(force["open"] == "3")
        #expect(force["open_last_month"] == "")
        #expect(force["new_this_month"] == "")
        #expect(force["previous_run_as_of"] == "")
        let html = ReportFixture.text(w.html)
        #expect(HTMLTotals.parse(html, table: "division-totals")["LD"]?["corrected"] == "no run")
        #expect(html.contains("No run in July 2026"))
        #expect(ReportFixture.text(w.markdown).contains("no run in July 2026"))
    }

    @Test func noRunInTheMonthIsAClearError() throws {
        let out = try ReportFixture.makeOut()
        #expect(throws: ReportError.self) {
            try AuditReportLoader.load(out: out, month: ReportMonth("2026-09")!, divisions: ReportFixture.divisions, redact: false)
        }
        do {
            _ = try AuditReportLoader.load(out: out, month: ReportMonth("2026-09")!, divisions: ReportFixture.divisions, redact: false)
        } catch let e as ReportError {
            #expect(e.message.contains("no published run in September 2026 (2026-09)"))
            #expect(e.message.contains("2026-08, 2026-10, 2026-11"))
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/reports/2026-09"))
    }

    @Test func commandLine() throws {
        let out = try ReportFixture.makeOut()
        let seeds = ReportFixture.seedsDirectory()
        var printed = ""
        let ok = IOMAuditCommand.main(arguments: ["report", "--month", "2026-11", "--out", out, "--seeds", seeds]) { printed += $0 }
        #expect(ok == ExitCode.success.rawValue)
        #expect(printed.contains("open 7, new 3, corrected 2, not evaluated 2, over 30 days 3, over 90 days 2"))
        #expect(!printed.contains(ReportFixture.plainSurname))
        let folder = out + "/reports/2026-11"
        for f in ["audit-2026-11.html", "audit-2026-11.md", "audit-2026-11-summary.csv", "discrepancies/LD-Leeds.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + f), "\(f)")
        }
        #expect(ReportFixture.text(folder + "/audit-2026-11.html").contains("<a href=\"#division-LD\">Leeds</a>"))
        #expect(IOMAuditCommand.main(arguments: ["report", "--month", "2026-09", "--out", out, "--seeds", seeds]) { _ in }
                == ExitCode.nothingPublished.rawValue)
        #expect(IOMAuditCommand.main(arguments: ["report", "--month", "2026-13", "--out", out, "--seeds", seeds]) { _ in }
                == ExitCode.usage.rawValue)
        #expect(IOMAuditCommand.main(arguments: ["report", "--out", out, "--seeds", seeds]) { _ in } == ExitCode.usage.rawValue)
        #expect(IOMAuditCommand.main(arguments: ["report", "--month", "2026-11", "--out", out + "/nowhere", "--seeds", seeds]) { _ in }
                == ExitCode.nothingPublished.rawValue)
        var help = ""
        #expect(IOMAuditCommand.main(arguments: ["help", "report"]) { help += $0 } == ExitCode.success.rawValue)
        #expect(help.contains("OUT/reports/YYYY-MM/"))
        #expect(help.contains("--redact"))
    }

    @Test func monthParsing() {
        #expect(ReportMonth("2026-11")?.label == "November 2026")
        #expect(ReportMonth("2026-01")?.previous.iso == "2025-12")
        #expect(ReportMonth("2026-11")?.adding(months: -11).iso == "2025-12")
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", "abcd-ef"] { #expect(ReportMonth(bad) == nil, "\(bad)") }
        #expect(TrendChart.niceMax(0) == 1)
        #expect(TrendChart.niceMax(3) == 5)
        #expect(TrendChart.niceMax(11) == 20)
        #expect(TrendChart.niceMax(50) == 50)
    }
}

/// Reads the machine-checkable parts of the report's HTML (the same checks as scripts/check-report-html.py).
enum HTMLTotals {
    static func matches(_ pattern: String, _ text: String) -> [[String]] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }

    /// division → measure → cell text, from `<table id="TABLE">`.
    static func parse(_ html: String, table: String) -> [String: [String: String]] {
        guard let t = matches("<table id=\"\(table)\">(.*?)</table>", html).first?[1] else { return [:] }
        var out: [String: [String: String]] = [:]
        for row in matches("<tr[^>]*data-division=\"([^\"]+)\"[^>]*>(.*?)</tr>", t) {
            for cell in matches("<td[^>]*data-measure=\"([^\"]+)\"[^>]*>(.*?)</td>", row[2]) { out[row[1], default: [:]][cell[1]] = cell[2] }
        }
        return out
    }

    static func findingRows(_ html: String, division: String) -> Int {
        guard let page = matches("<section class=\"page division-page\" id=\"[^\"]+\" data-division=\"\(division)\">(.*?)</section>", html).first?[1]
        else { return -1 }
        return page.components(separatedBy: "<tr class=\"finding\"").count - 1
    }

    static func divisionPages(_ html: String) -> String {
        matches("<section class=\"page division-page\"(.*?)</section>", html).map { $0[1] }.joined(separator: "\n")
    }

    static func outsideDivisionPages(_ html: String) -> String {
        let re = try! NSRegularExpression(pattern: "<section class=\"page division-page\".*?</section>", options: [.dotMatchesLineSeparators])
        return re.stringByReplacingMatches(in: html, range: NSRange(location: 0, length: (html as NSString).length), withTemplate: "")
    }
}

/// scripts/check-report-html.py against the fixture's report: renders it in headless Chromium when
/// one is installed (else checks the file as written) and compares its totals with the summary CSV.
@Suite("Report: check-report-html script")
struct CheckReportHTMLScriptTests {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: python != nil, "python3 not installed")) func scriptAgreesWithTheSummaryCSV() throws {
        let out = try ReportFixture.makeOut()
        let report = try AuditReportLoader.load(out: out, month: ReportMonth("2026-11")!, divisions: ReportFixture.divisions, redact: false)
        let w = try AuditReportWriter.write(report, out: out, producedBy: ReportFixture.producedBy)
        let script = (ReportFixture.seedsDirectory() as NSString).deletingLastPathComponent + "/scripts/check-report-html.py"

        func run(_ folder: String) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.python!)
            p.arguments = [script, folder]
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            try p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let (status, output) = try run(w.folder)
        #expect(status == 0, "\(output)")
        #expect(output.contains("checks passed, 0 failed"), "\(output)")

        // A summary CSV that disagrees with the HTML fails the check.
        let csv = ReportFixture.text(w.summaryCSV).replacingOccurrences(of: "2026-11,division,LD,Leeds,ALL,ALL,3,", with: "2026-11,division,LD,Leeds,ALL,ALL,4,")
        try Data(csv.utf8).write(to: URL(fileURLWithPath: w.summaryCSV))
        let (bad, badOutput) = try run(w.folder)
        #expect(bad == 1, "\(badOutput)")
        #expect(badOutput.contains("FAIL: LD open"), "\(badOutput)")
    }
}
