import Foundation
import IOMAudit
import Testing

/// Logs carry counts, codes, file names and record keys, never a name or a date of birth: every line
/// the binary writes on the committed samples (text and JSON logs, and a run that publishes nothing) is
/// searched for every sample person's surname and date of birth, as they appear in the extracts.
@Suite struct LogHygieneTests {
    /// Surnames that are also words of the product's fixed log text (messages, field names, system
    /// names); none of the committed samples' surnames is one today, the check below says so if that changes.
    static let fixedLogWords: Set<String> = [
        "STARTED", "FINISHED", "LOADED", "FROM", "ROWS", "QUARANTINED", "QUARANTINE", "TABLE", "RECORDS", "GROUPED",
        "INTO", "PERSONS", "FINDINGS", "FINDING", "RAISED", "STATUSES", "AGAINST", "PREVIOUS", "PUBLISHED", "NOTHING",
        "REQUIRED", "SOURCE", "MISSING", "UNREADABLE", "HELD", "BACK", "OUTPUTS", "LEFT", "THEY", "WERE", "INFO",
        "WARNING", "ERROR", "INGEST", "LINK", "AUDIT", "HISTORY", "PUBLISH", "PIPELINE", "SOURCES", "OUTCOME",
        "SECONDS", "READ", "FIELD", "ISSUES", "BYTES", "CONFLICTS", "REVIEW", "SCOPE", "OPEN", "REOPENED",
        "CORRECTED", "EVALUATED", "NIGHTLY", "NICHE", "MICASE", "JTRACK", "COZART", "PRISON", "RELEASES", "WITH",
        "WARNINGS", "SUBJECTS", "NOMINALS", "CASES", "TRACKING", "TESTS", "MOVEMENTS", "LEVEL", "MESSAGE", "STAGE", "TIME",
    ]

    @Test func logsNameNoSurnameAndNoDateOfBirth() throws {
        let people = try LogHygieneTests.samplePeople()
        #expect(people.surnames.count > 300 && people.dates.count > 1000, "the extracts were read: \(people.surnames.count) surnames, \(people.dates.count) dates")
        let short = people.surnames.filter { $0.filter(\.isLetter).count < 4 }.sorted()
        let common = people.surnames.filter { LogHygieneTests.fixedLogWords.contains($0) }.sorted()
        print("log hygiene: \(people.surnames.count) surnames, \(people.dates.count) dates of birth; skipped short surnames \(short), common-word surnames \(common)")
        let surnames = people.surnames.subtracting(short).subtracting(common)

        var logs: [(String, String)] = []
        for format in ["text", "json"] {
            let out = Binary.tempDirectory()
            defer { try? FileManager.default.removeItem(atPath: out) }
            let r = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20", "--log-format", format])
            #expect(r.status == 3, "stderr: \(r.stderr)")
            logs.append(("run --log-format \(format) (stderr)", r.stderr))
            logs.append(("run --log-format \(format) (stdout)", r.stdout))
        }
        // A run that publishes nothing (no PNC extract) logs an error line too.
        let input = Binary.tempDirectory(), out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: input); try? FileManager.default.removeItem(atPath: out) }
        for f in try FileManager.default.contentsOfDirectory(atPath: Binary.repoRoot + "/Samples") where f.hasSuffix(".csv") || f.hasPrefix("jtrack_") {
            try FileManager.default.copyItem(atPath: Binary.repoRoot + "/Samples/" + f, toPath: input + "/" + f)
        }
        let failed = try Binary.run(["run", "--input", input, "--out", out, "--as-of", "2026-11-20"])
        #expect(failed.status == 4)
        logs.append(("failed run (stderr)", failed.stderr))

        // The search itself finds a surname and a date of birth when they are there.
        let probe = try #require(surnames.sorted().first), date = try #require(people.dates.sorted().first)
        #expect(LogHygieneTests.containsWord("X INFO ingest: \(probe) (\(date))", probe))
        #expect(!LogHygieneTests.containsWord("X INFO ingest: \(probe)X", probe))

        var lines = 0
        var hits: [String] = []
        for (what, text) in logs {
            for line in text.split(whereSeparator: \.isNewline) {
                lines += 1
                let upper = line.uppercased()
                for s in surnames where LogHygieneTests.containsWord(upper, s) { hits.append("\(what): surname \(s) in: \(line)") }
                for d in people.dates where upper.contains(d) { hits.append("\(what): date of birth \(d) in: \(line)") }
            }
        }
        #expect(lines > 20, "the runs logged something")
        #expect(hits.isEmpty, "\(hits.count) hits:\n\(hits.prefix(20).joined(separator: "\n"))")
    }

    /// `word` in `text` with no letter right before or after it (both upper-case).
    static func containsWord(_ text: String, _ word: String) -> Bool {
        var rest = text[...]
        while let r = rest.range(of: word) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before?.isLetter ?? false), !(after?.isLetter ?? false) { return true }
            rest = text[text.index(after: r.lowerBound)...]
        }
        return false
    }

    /// Every surname (as written, upper-cased, and normalised as the product does) and every date of birth
    /// (as written, and as dd/MM/yyyy and yyyy-MM-dd) in the committed extracts, aliases included.
    static func samplePeople() throws -> (surnames: Set<String>, dates: Set<String>) {
        var surnames = Set<String>(), dates = Set<String>()
        func addSurname(_ raw: String) {
            let s = raw.trimmingCharacters(in: .whitespaces)
            guard !s.isEmpty else { return }
            surnames.insert(s)
            surnames.insert(s.uppercased())
            let n = PersonName.normalise(s)
            if !n.isEmpty { surnames.insert(n) }
        }
        func addDate(_ raw: String) {
            let d = raw.trimmingCharacters(in: .whitespaces)
            // Junk rows (ragged, shifted) can put other values in the column: only date-shaped text counts.
            guard d.count >= 8, d.filter(\.isNumber).count >= 6 else { return }
            dates.insert(d.uppercased())
            let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            let p = d.uppercased().split(whereSeparator: { $0 == "/" || $0 == "-" }).map(String.init)
            guard p.count == 3 else { return }
            var (day, month, year) = ("", "", "")
            if p[0].count == 4 { (year, month, day) = (p[0], p[1], p[2]) } else if let m = months.firstIndex(of: p[1]) {
                (day, month, year) = (p[0], "\(m + 1)", p[2])
            } else { (day, month, year) = (p[0], p[1], p[2]) }
            guard year.count == 4, let dd = Int(day), let mm = Int(month) else { return }
            let d2 = dd < 10 ? "0\(dd)" : "\(dd)", m2 = mm < 10 ? "0\(mm)" : "\(mm)"
            dates.insert("\(d2)/\(m2)/\(year)")
            dates.insert("\(year)-\(m2)-\(d2)")
        }
        let dir = Binary.repoRoot + "/Samples"
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".csv") || file.hasSuffix(".xml") {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
            // Niche is Windows-1252 and the prison extract ISO-8859-1; the rest UTF-8 (MiCase with a BOM).
            guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else { continue }
            if file.hasSuffix(".xml") {
                for tag in ["Surname"] { for v in values(of: tag, in: text) { addSurname(v) } }
                for tag in ["DateOfBirth", "DOB"] { for v in values(of: tag, in: text) { addDate(v) } }
            } else if file.hasSuffix(".csv") {
                let rows = csvRows(text)
                guard let header = rows.first?.map({ $0.replacingOccurrences(of: "\u{FEFF}", with: "") }) else { continue }
                let s = header.firstIndex(of: "Surname"), d = header.firstIndex { $0 == "DOB" || $0 == "Date of Birth" }
                for row in rows.dropFirst() {
                    if let s, s < row.count { addSurname(row[s]) }
                    if let d, d < row.count { addDate(row[d]) }
                }
            }
        }
        return (surnames, dates)
    }

    static func values(of tag: String, in xml: String) -> [String] {
        var out: [String] = []
        var rest = xml[...]
        while let a = rest.range(of: "<\(tag)>"), let b = rest[a.upperBound...].range(of: "</\(tag)>") {
            out.append(String(rest[a.upperBound..<b.lowerBound])
                .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&"))
            rest = rest[b.upperBound...]
        }
        return out
    }

    /// RFC 4180 rows (quoted fields, CRLF or LF).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var it = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() { if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = n } } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { row.append(field); field = "" } else if c == "\n" || c == "\r" {
                if c == "\r" { if let n = it.next(), n != "\n" { pending = n } }
                row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
