import Foundation
import IOMAudit
import Testing

/// The end-to-end case of the hostile-input corpus (`Tests/IOMAuditTests/Fixtures/hostile/README.md`):
/// formula-injection (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, `-2+3+cmd|…`) and HTML/script payloads are
/// planted in the committed samples where a person's name, a record key, a PNC marker's text, a
/// deselection reason and a quarantined row's raw text reach the outputs, then `iomaudit run` and
/// `iomaudit report` (full and `--redact`) run on them through the built binary. Checked on what they
/// wrote: no CSV cell an office suite would run as a formula, no markup from data in the HTML, no
/// names on the report's summary pages or anywhere in the redacted copy, no name or date of birth in
/// the logs, and files 0640 in folders 0750.
@Suite struct HostilePayloadTests {
    static let hyperlink = #"=HYPERLINK("http://evil.example/x","click")"#
    static let cmd = "+cmd|' /C calc'!A0"
    static let sum = "@SUM(1+1)*cmd|' /C calc'!A0"
    static let minus = "-2+3+cmd|' /C calc'!A0"
    static let script = "<script>alert(1)</script>"
    static let img = "<img src=x onerror=alert(1)>"

    /// The PNC subject (PNC-MARKER-WORDING in Bradford) whose name and marker carry the payloads.
    static let pncSubject = "18/6461W"
    static let pncSurname = "WRIGHT"
    static let pncDateOfBirth = "2004-09-03"

    struct Outputs {
        let out: String
        let run: Binary.Result
        let report: Binary.Result
        let redacted: Binary.Result
    }

    /// One run and both reports, shared by the tests below (about 3 s).
    static let outputs: Result<Outputs, Error> = Result { try makeOutputs() }

    static func makeOutputs() throws -> Outputs {
        let (input, out) = try Binary.samplesToEdit()

        // PNC (UTF-8 XML): a subject's surname, forenames and marker text.
        try edit(input + "/pnc_subjects_20261120.xml", encoding: .utf8) { text in
            try replaceOnce(&text, "<PNCID>\(pncSubject)</PNCID>\n    <CRONumber>009349/22E</CRONumber>\n    <Name><Surname>\(pncSurname)</Surname><Forenames>CARL ROBERT</Forenames></Name>",
                            "<PNCID>\(pncSubject)</PNCID>\n    <CRONumber>009349/22E</CRONumber>\n    <Name><Surname>\(xml(hyperlink))</Surname><Forenames>\(xml(script)) \(xml(cmd))</Forenames></Name>")
            try replaceOnce(&text, "<Text>Prolific Offender - PPO Premuim Service Reqd</Text>",
                            "<Text>Prolific Offender - PPO Premuim Service Reqd \(xml(img)) \(xml(script))</Text>")
        }
        // Niche (Windows-1252 CSV): a nominal with no PNC ID (so its name is the person's name) gets
        // payload names, and another nominal's key is a formula.
        try edit(input + "/niche_nominals_20261120.csv", encoding: .windowsCP1252) { text in
            try replaceOnce(&text, "\nN10000030,,,Taylor-Wood,Lisa,", "\nN10000030,,,\"\(minus)\",\"\(sum)\",")
            try replaceOnce(&text, "\nN10000138,", "\n\(sum),")
        }
        // MiCase (UTF-8 CSV): a recently deselected case's reason (free text, kept as written).
        try edit(input + "/micase_cases_20261120.csv", encoding: .utf8) { text in
            try replaceOnce(&text, ",20/08/2026,Deceased,", ",20/08/2026,\"\(csv(hyperlink))\",")
        }
        // Cozart (UTF-8 CSV): a ragged row whose first field is a formula is quarantined with its raw text.
        try edit(input + "/cozart_tests_20261120.csv", encoding: .utf8) { text in
            text += "\"\(csv(hyperlink))\",13L4,\"\(csv(script))\"\n"
        }

        let run = try Binary.run(["run", "--input", input, "--out", out, "--as-of", "2026-11-20"])
        let report = try Binary.run(["report", "--month", "2026-11", "--out", out])
        let redacted = try Binary.run(["report", "--month", "2026-11", "--out", out, "--redact"])
        return Outputs(out: out, run: run, report: report, redacted: redacted)
    }

    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func csv(_ s: String) -> String { s.replacingOccurrences(of: "\"", with: "\"\"") }

    static func edit(_ path: String, encoding: String.Encoding, _ body: (inout String) throws -> Void) throws {
        var text = try String(contentsOfFile: path, encoding: encoding)
        try body(&text)
        try text.write(toFile: path, atomically: true, encoding: encoding)
    }

    struct NotFound: Error { let text: String }

    static func replaceOnce(_ text: inout String, _ old: String, _ new: String) throws {
        guard let r = text.range(of: old) else { throw NotFound(text: old) }
        text.replaceSubrange(r, with: new)
    }

    static func files(under directory: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: directory)
        var out: [String] = []
        while let f = e?.nextObject() as? String { out.append(directory + "/" + f) }
        return out.sorted()
    }

    static func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    // MARK: Tests

    @Test func runAndReportsComplete() throws {
        let o = try Self.outputs.get()
        #expect(o.run.status == 3, "quarantined rows make it a warning; stderr: \(o.run.stderr)")
        #expect(o.report.status == 0, "\(o.report.stderr)")
        #expect(o.redacted.status == 0, "\(o.redacted.stderr)")
    }

    /// Every cell of every CSV the run and the report wrote: none starts with a formula character
    /// unless it is a plain signed number; the planted payloads are there, prefixed with `'`.
    @Test func noCSVCellIsAFormula() throws {
        let o = try Self.outputs.get()
        let csvs = Self.files(under: o.out).filter { $0.hasSuffix(".csv") }
        #expect(csvs.count >= 6 + 1 + 6, "tables, the report's summary and its discrepancy lists: \(csvs)")
        var cells: [String: [String]] = [:]
        var dangerous: [String] = []
        for path in csvs {
            let rows = LogHygieneTests.csvRows(Self.text(path))
            let name = String(path.dropFirst(o.out.count))
            for row in rows {
                for cell in row {
                    cells[name, default: []].append(cell)
                    guard let first = cell.unicodeScalars.first, "=+-@\t\r\n".unicodeScalars.contains(first) else { continue }
                    if (first == "-" || first == "+"), cell.count > 1, cell.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) { continue }
                    dangerous.append("\(name): \(cell)")
                }
            }
        }
        #expect(dangerous.isEmpty, "\(dangerous.prefix(10))")
        func has(_ table: String, _ cell: String) -> Bool { cells.first { $0.key.hasSuffix(table) }?.value.contains(cell) ?? false }
        // A record key that is a formula: kept as the key, neutralised in every table that shows it.
        let key = Mapping.valueKey(Self.sum)
        #expect(has("/tables/links.csv", "'" + key), "links.csv names the record by its key")
        // Free text kept as written: neutralised.
        #expect(has("/tables/cohort.csv", "'" + Self.hyperlink), "cohort.csv deselection reason")
        // A quarantined row's raw text starts with the formula.
        #expect(cells.first { $0.key.hasSuffix("/tables/quarantine.csv") }?.value.contains { $0.hasPrefix("'" + Self.hyperlink) } == true)
        // Names are kept as written, so the payloads reach the name cells: neutralised like any text.
        let nominals = LogHygieneTests.csvRows(Self.text(o.out + "/current/tables/nominals.csv"))
        let header = try #require(nominals.first)
        let surname = try #require(header.firstIndex(of: "surname")), forenames = try #require(header.firstIndex(of: "forenames"))
        let pnc = try #require(header.firstIndex(of: "pnc_id"))
        let planted = try #require(nominals.first { $0[pnc] == "18/0006461W" })
        #expect(planted[surname] == "'" + Self.hyperlink)
        #expect(planted[forenames] == Self.script + " " + Self.cmd)
        #expect(nominals.contains { $0[surname] == "'" + Self.minus && $0[forenames] == "'" + Self.sum })
    }

    /// No markup from the data: every planted payload shows as text.
    @Test func htmlShowsPayloadsAsText() throws {
        let o = try Self.outputs.get()
        for html in [o.out + "/reports/2026-11/audit-2026-11.html", o.out + "/reports/2026-11-redacted/audit-2026-11-redacted.html"] {
            let text = Self.text(html)
            #expect(text.count > 10_000, "\(html)")
            let lower = text.lowercased()
            for bad in ["<script", "<img", "javascript:"] {
                #expect(!lower.contains(bad), "\(bad) in \(html)")
            }
            #expect(!text.contains("<img src=x onerror"), "\(html)")
            // The marker text is quoted in the PNC-MARKER-WORDING detail, escaped.
            #expect(text.contains("Premuim Service Reqd &lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(1)&lt;/script&gt;"), "\(html)")
        }
        let markdown = Self.text(o.out + "/reports/2026-11/audit-2026-11.md")
        #expect(!markdown.contains("<script") && !markdown.contains("<img"))
    }

    /// Names appear only on the OFFICIAL-SENSITIVE division pages of the full report; the summary
    /// pages, the Markdown, the summary CSV and the whole redacted copy carry none, and no date of birth.
    @Test func namesOnlyOnDivisionPagesAndNoneWhenRedacted() throws {
        let o = try Self.outputs.get()
        let nominals = LogHygieneTests.csvRows(Self.text(o.out + "/current/tables/nominals.csv"))
        let header = try #require(nominals.first)
        let s = try #require(header.firstIndex(of: "surname")), f = try #require(header.firstIndex(of: "forenames"))
        let d = try #require(header.firstIndex(of: "date_of_birth"))
        // As the report shows them: "SURNAME, FORENAMES" and dd/MM/yyyy.
        var names = Set<String>(), dates = Set<String>()
        for row in nominals.dropFirst() {
            if !row[s].isEmpty, !row[f].isEmpty { names.insert(row[s] + ", " + row[f]) }
            let p = row[d].split(separator: "-")
            if p.count == 3 { dates.insert("\(p[2])/\(p[1])/\(p[0])") }
        }
        #expect(names.count > 1000 && dates.count > 1000)

        let full = Self.text(o.out + "/reports/2026-11/audit-2026-11.html")
        let (pages, outside) = Self.splitDivisionPages(full)
        let pageBytes = Array(pages.utf8), outsideBytes = Array(outside.utf8)
        let shown = names.filter { Self.occurs($0, in: pageBytes) }
        #expect(shown.count >= 10, "the division pages list names")
        #expect(pages.contains("&lt;script&gt;alert(1)&lt;/script&gt; +cmd|"),
                "the planted subject is listed by the name as written, escaped")
        #expect(pages.contains("03/09/2004"))
        let leaked = names.filter { Self.occurs($0, in: outsideBytes) }.sorted()
        #expect(leaked.isEmpty, "names outside the division pages: \(leaked.prefix(5))")
        let leakedDates = dates.filter { Self.occurs($0, in: outsideBytes) }.sorted()
        #expect(leakedDates.isEmpty, "dates of birth outside the division pages: \(leakedDates.prefix(5))")

        let redactedFolder = o.out + "/reports/2026-11-redacted"
        #expect(!FileManager.default.fileExists(atPath: redactedFolder + "/discrepancies"))
        for path in Self.files(under: redactedFolder) + [o.out + "/reports/2026-11/audit-2026-11.md", o.out + "/reports/2026-11/audit-2026-11-summary.csv"] {
            let t = Array(Self.text(path).utf8)
            let n = names.filter { Self.occurs($0, in: t) }.sorted(), b = dates.filter { Self.occurs($0, in: t) }.sorted()
            #expect(n.isEmpty && b.isEmpty, "\(path): names \(n.prefix(3)), dates \(b.prefix(3))")
        }
        #expect(Self.text(redactedFolder + "/audit-2026-11-redacted.html").contains("18/0006461W"), "the redacted copy still lists the subject by PNC ID")
    }

    /// The logs of the run and both reports carry no name (as planted or normalised), no planted
    /// payload and no date of birth.
    @Test func logsCarryNoNamesOrPayloads() throws {
        let o = try Self.outputs.get()
        let logs = [o.run, o.report, o.redacted].map { $0.stderr + "\n" + $0.stdout }.joined(separator: "\n")
        #expect(logs.split(whereSeparator: \.isNewline).count > 10)
        for needle in [Self.hyperlink, Self.cmd, Self.sum, Self.minus, Self.script, Self.img, "HYPERLINK", "alert(", "calc",
                       PersonName.normalise(Self.hyperlink), PersonName.normalise(Self.minus), "Taylor-Wood", "TAYLOR WOOD",
                       Self.pncSurname, Self.pncDateOfBirth, "03/09/2004", "14/02/1961", "1961-02-14"] {
            #expect(!logs.contains(needle), "\(needle) in the logs")
        }
    }

    /// Outputs hold personal data: files 0640, folders 0750, for everything the run and the reports
    /// wrote (the `current` link aside).
    @Test func outputFilesAre0640AndFolders0750() throws {
        let o = try Self.outputs.get()
        var checked = 0
        var wrong: [String] = []
        for path in [o.out] + Self.files(under: o.out) {
            var st = stat()
            guard lstat(path, &st) == 0 else { wrong.append("cannot stat \(path)"); continue }
            let mode = st.st_mode & 0o7777
            switch st.st_mode & S_IFMT {
            case S_IFDIR: if mode != 0o750 { wrong.append("\(path) \(String(mode, radix: 8))") }
            case S_IFREG: if mode != 0o640 { wrong.append("\(path) \(String(mode, radix: 8))") }
            case S_IFLNK: continue
            default: wrong.append("\(path): unexpected kind")
            }
            checked += 1
        }
        #expect(checked > 15)
        #expect(wrong.isEmpty, "\(wrong)")
    }

    /// Byte search: thousands of names over a report of hundreds of KB (String.contains would take
    /// seconds). memchr finds each candidate first byte, memcmp checks the rest.
    static func occurs(_ needle: String, in haystack: [UInt8]) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first, n.count <= haystack.count else { return n.isEmpty }
        return haystack.withUnsafeBytes { h in
            n.withUnsafeBytes { nb in
                var p = h.baseAddress!
                let end = h.baseAddress! + (h.count - n.count + 1)
                while p < end, let hit = memchr(p, Int32(first), end - p) {
                    if memcmp(hit, nb.baseAddress!, n.count) == 0 { return true }
                    p = UnsafeRawPointer(hit) + 1
                }
                return false
            }
        }
    }

    /// The report's division pages, and everything else.
    static func splitDivisionPages(_ html: String) -> (pages: String, outside: String) {
        var pages = "", outside = ""
        var rest = html[...]
        while let start = rest.range(of: "<section class=\"page division-page\"") {
            outside += rest[..<start.lowerBound]
            guard let end = rest[start.lowerBound...].range(of: "</section>") else { pages += rest[start.lowerBound...]; rest = ""; break }
            pages += rest[start.lowerBound..<end.upperBound]
            rest = rest[end.upperBound...]
        }
        outside += rest
        return (pages, outside)
    }
}
