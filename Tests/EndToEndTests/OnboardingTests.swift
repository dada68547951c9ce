import Foundation
import IOMAudit
import Testing

/// A force onboarding its own layouts: whatever `check` accepts, `run` must run. A PNC extract laid
/// out as CSV (no repeated elements, so no aliases and no markers) used to pass `check` and then
/// stop the run on a trap (SIGILL, exit 132, no `last-attempt.json`).
@Suite struct OnboardingTests {
    /// The samples' PNC subjects rewritten as a CSV extract, one row per subject.
    static func pncAsCSV(_ xml: String) throws -> String {
        func value(_ block: Substring, _ tag: String) -> String {
            guard let open = block.range(of: "<\(tag)>"), let close = block.range(of: "</\(tag)>", range: open.upperBound..<block.endIndex)
            else { return "" }
            return String(block[open.upperBound..<close.lowerBound])
        }
        var csv = "PNC ID,CRO,Surname,Forenames,Date of birth,Sex,Owner\r\n"
        var rest = xml[...]
        while let start = rest.range(of: "<Subject owner=\""), let end = rest.range(of: "</Subject>", range: start.upperBound..<rest.endIndex) {
            let block = rest[start.upperBound..<end.lowerBound]
            let owner = block.prefix { $0 != "\"" }
            // Only the subject's own name, not an alias's.
            let main = block.range(of: "<Aliases>").map { block[..<$0.lowerBound] } ?? block
            let cells = [value(main, "PNCID"), value(main, "CRONumber"), value(main, "Surname"), value(main, "Forenames"),
                         value(main, "DateOfBirth"), value(main, "Sex"), String(owner)]
            csv += cells.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\r\n"
            rest = rest[end.upperBound...]
        }
        return csv
    }

    @Test func aPNCExtractInCSVIsCheckedAndRun() throws {
        let (input, out) = try Binary.samplesToEdit()
        let root = (input as NSString).deletingLastPathComponent
        let xmlPath = input + "/pnc_subjects_20261120.xml"
        let csv = try Self.pncAsCSV(String(contentsOfFile: xmlPath, encoding: .utf8))
        try FileManager.default.removeItem(atPath: xmlPath)
        try csv.write(toFile: input + "/pnc_subjects_20261120.csv", atomically: true, encoding: .utf8)
        let mapping = """
        { "mapping": "pnc-subjects-csv", "system": "pnc", "description": "PNC subjects as CSV", "format": "csv",
          "files": "pnc_subjects_*.csv", "encoding": "utf-8",
          "fields": { "pncId": { "column": "PNC ID" }, "croNumber": { "column": "CRO" }, "surname": { "column": "Surname" },
                      "forenames": { "column": "Forenames" }, "dateOfBirth": { "column": "Date of birth", "formats": ["yyyy-MM-dd"] },
                      "sex": { "column": "Sex" }, "ownerUnit": { "column": "Owner" } } }
        """
        try mapping.write(toFile: root + "/pnc-subjects-csv.json", atomically: true, encoding: .utf8)
        var pipeline = try String(contentsOfFile: Binary.repoRoot + "/Pipelines/nightly.json", encoding: .utf8)
        pipeline = pipeline.replacingOccurrences(of: "../Mappings/pnc-subjects-xml.json", with: root + "/pnc-subjects-csv.json")
        pipeline = pipeline.replacingOccurrences(of: "\"../Mappings/", with: "\"\(Binary.repoRoot)/Mappings/")
            .replacingOccurrences(of: "\"../seeds\"", with: "\"\(Binary.repoRoot)/seeds\"")
        try pipeline.write(toFile: root + "/pipeline.json", atomically: true, encoding: .utf8)

        let check = try Binary.run(["check", "--mapping", root + "/pnc-subjects-csv.json", input + "/pnc_subjects_20261120.csv"])
        #expect(check.status == 0, "stdout: \(check.stdout) stderr: \(check.stderr)")
        #expect(check.stdout.contains("groups not mapped: pncAliases, pncMarkers"), "check says what the records will lack: \(check.stdout)")

        let run = try Binary.run(["run", "--pipeline", root + "/pipeline.json", "--input", input, "--out", out, "--as-of", "2026-11-20"])
        // A signal shows in `status` as its number (SIGILL: 4, the exit code of a failed run): the trap's text tells them apart.
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Program crashed"), "no trap: \(run.stderr.prefix(2000))")
        #expect([0, 3].contains(run.status), "stderr: \(run.stderr.suffix(2000))")
        #expect(run.stderr.contains("fills no pncAliases, pncMarkers"))
        let db = try SQLiteDatabase(path: out + "/current/store.sqlite")
        #expect(try db.scalarInt("SELECT count(*) FROM pnc_nominals") == csv.split(separator: "\r\n").count - 1)
        #expect(try db.scalarInt("SELECT count(*) FROM pnc_markers") == 0)
        // Without markers every marked cohort member reads as unmarked: the findings say so rather than stop.
        #expect(try db.scalarInt("SELECT count(*) FROM findings WHERE code = 'PNC-MARKER-MISSING'") > 0)
    }

    /// `check` reads what a run would read and nothing else: a device is named, never read (`--reader-only`
    /// on /dev/zero read for ever), and a file the mapping's `files` pattern would not pick is said so.
    @Test func checkRefusesWhatARunWouldNotRead() throws {
        let device = try Binary.run(["check", "--mapping", "Mappings/niche-nominals-csv.json", "/dev/zero", "--reader-only", "--no-digest"])
        #expect(device.status == 4)
        #expect(device.stderr.contains("/dev/zero: not a regular file (a character device)"), "\(device.stderr)")
        let copy = Binary.tempDirectory() + "/Niche_Nominals_20261120.csv"
        try FileManager.default.createDirectory(atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Binary.repoRoot + "/Samples/niche_nominals_20261120.csv", toPath: copy)
        let outside = try Binary.run(["check", "--mapping", "Mappings/niche-nominals-csv.json", copy])
        #expect(outside.status == 3, "the samples' two broken rows, not the name: the note does not change the exit code")
        #expect(outside.stdout.contains(#"does not match the mapping's files pattern "niche_nominals_*.csv" (case counts): a run would not read it"#), "\(outside.stdout)")
    }

    /// An extract with its header only reads cleanly, but a run holds it back: check says so.
    @Test func checkSaysARunHoldsBackAnExtractWithNoRows() throws {
        let path = Binary.tempDirectory() + "/micase_cases_20261120.csv"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let header = try String(contentsOfFile: Binary.repoRoot + "/Samples/micase_cases_20261120.csv", encoding: .utf8).prefix { $0 != "\n" && $0 != "\r" }
        try (String(header) + "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Binary.run(["check", "--mapping", "Mappings/micase-cases-csv.json", path])
        #expect(r.stdout.contains("0 rows read"), "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("a run holds back a source with no rows"), "\(r.stdout)")
    }

    /// `check` gives reasons, not just counts: each quarantine reason and field issue code by field, with
    /// its first lines and, for fields that are not personal data, the first offending value; `--json`
    /// carries the same. A missing file is named once.
    @Test func checkListsReasonsWithLinesAndNonPersonalValues() throws {
        let r = try Binary.run(["check", "--mapping", "Mappings/niche-nominals-csv.json", "Samples/niche_nominals_20261120.csv"])
        #expect(r.status == 3)
        #expect(r.stdout.contains(#"quarantined for nominalId: 1 (line 1222): row has no nominalId (column "Nominal ID"), which identifies the record"#), "\(r.stdout)")
        #expect(r.stdout.contains(#"field issue ID-PNC-INVALID on pncId: 6 (first lines 241, 381, 468), e.g. "19/10941""#), "\(r.stdout)")
        let dob = r.stdout.split(separator: "\n").first { $0.contains("on dateOfBirth") }
        #expect(dob != nil && !dob!.contains("e.g."), "a date of birth is personal data: no value shown")
        let j = try Binary.run(["check", "--mapping", "Mappings/niche-nominals-csv.json", "Samples/niche_nominals_20261120.csv", "--json"])
        let o = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        let issues = (o?["reasons"] as? [String: Any])?["fieldIssues"] as? [[String: Any]] ?? []
        #expect(issues.contains { $0["code"] as? String == "ID-PNC-INVALID" && $0["count"] as? Int == 6 && $0["example"] as? String == "19/10941" })
        #expect(issues.contains { $0["field"] as? String == "dateOfBirth" && $0["example"] == nil })
        let missing = try Binary.run(["check", "--mapping", "Mappings/niche-nominals-csv.json", "/tmp/no-such-extract.csv"])
        #expect(missing.status == 4)
        #expect(missing.stderr.components(separatedBy: "/tmp/no-such-extract.csv").count == 2, "the path once: \(missing.stderr)")
    }
}
