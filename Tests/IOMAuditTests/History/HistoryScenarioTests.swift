import Foundation
import Testing
@testable import IOMAudit

/// Audit over time, through `NightlyRun` on a generated force: four nightly runs on edited copies of
/// the extracts, each finding's status (NEW, OPEN, CORRECTED, NOT-EVALUATED, REOPENED) checked against
/// what the generator's truth and the test's own edits say it must be, per division.
///
/// Seed 20261101 (2,000 people, as-of 2026-10-31) is used because moving the as-of date of its
/// unedited extracts to 2026-11-01, 11-02 or 11-03 changes no finding (checked for all three when the
/// seed was chosen; `unEditedExtractsDoNotDriftOverTheScenarioDates` keeps checking 11-01 and 11-03).
/// Seeds 4, 8 and 20261031 do drift: with 20261031 an active member released 13 days before the
/// generation date crosses the 14-day grace period on 11-02 and raises RELEASED-STILL-PRISON.
@Suite struct HistoryScenarioTests {
    static let seed: UInt64 = 20261101
    static let generated = CalendarDate(year: 2026, month: 10, day: 31)!

    @Test func unEditedExtractsDoNotDriftOverTheScenarioDates() throws {
        let s = try HistoryScenario()
        defer { s.remove() }
        let base = try s.run(asOf: HistoryScenario.date(10, 31), input: s.generated, out: s.root + "/drift-a")
        #expect(Set(base.findings.map(\.findingID)) == Set(s.truth.map(\.id)), "run 1 raises exactly the truth's findings")
        for day in [1, 3] {
            let input = try s.inputFolder("drift-\(day)", date: HistoryScenario.date(11, day))
            let moved = try s.run(asOf: HistoryScenario.date(11, day), input: input, out: s.root + "/drift-\(day)-out")
            let a = Set(base.findings.map { "\($0.findingID) \($0.division)" }), b = Set(moved.findings.map { "\($0.findingID) \($0.division)" })
            #expect(a == b, "as-of 2026-11-0\(day) on unedited extracts: only at 10-31 \(a.subtracting(b).sorted()), only at 11-0\(day) \(b.subtracting(a).sorted())")
        }
    }

    @Test func statusesOverFourNightlyRuns() throws {
        let s = try HistoryScenario()
        defer { s.remove() }
        let out = s.root + "/out"
        let truth = s.truth
        let byID = Dictionary(uniqueKeysWithValues: truth.map { ($0.id, $0) })

        // Run 1, 2026-10-31, the generated extracts: every finding NEW, counts per division as in the truth.
        let r1 = try s.run(asOf: HistoryScenario.date(10, 31), input: s.generated, out: out)
        #expect(r1.exitCode == .success, "\(r1.reasons)")
        try s.expectStatuses(r1, out: out, runID: "asof-2026-10-31", truth.map { ($0, "NEW", "2026-10-31") })
        var perDivision: [String: Int] = [:]
        for t in truth { perDivision[t.division, default: 0] += 1 }
        #expect(r1.statuses.byDivision.mapValues { $0["NEW", default: 0] } == perDivision)

        // Run 2, 2026-11-01: two findings corrected in the extracts, two new LEAD-AGENCY findings made.
        let nights = try s.fourNights()
        let (stale, flag, newOnes, in2, in3, in4) = (nights.stale, nights.flag, nights.newOnes, nights.inputs[1], nights.inputs[2], nights.inputs[3])
        let r2 = try s.run(asOf: HistoryScenario.date(11, 1), input: in2, out: out)
        #expect(r2.exitCode == .success, "\(r2.reasons)")
        let corrected: Set<String> = [stale.id, flag.id]
        var want2: [(ExpectedFinding, String, String?)] = truth.map { corrected.contains($0.id) ? ($0, "CORRECTED", "2026-10-31") : ($0, "OPEN", "2026-10-31") }
        want2 += newOnes.map { ($0, "NEW", "2026-11-01") }
        try s.expectStatuses(r2, out: out, runID: "asof-2026-11-01", want2)

        // Run 3, 2026-11-02, no JTrack extract: what needs JTrack, or is about a JTrack record, is
        // NOT-EVALUATED (never CORRECTED); the rest stays OPEN; published with warnings.
        let r3 = try s.run(asOf: HistoryScenario.date(11, 2), input: in3, out: out)
        #expect(r3.exitCode == .completedWithWarnings)
        #expect(r3.runDirectory != nil)
        #expect(r3.reasons.contains { $0.contains("JTrack") && $0.contains("missing") }, "\(r3.reasons)")
        let open2 = truth.filter { !corrected.contains($0.id) } + newOnes
        let needsJTrack = { (e: ExpectedFinding) in e.code.hasPrefix("JTRACK-") || e.anchor.hasPrefix("jtrack:") }
        #expect(open2.filter(needsJTrack).count == 6, "2 JTRACK-MISSING, 2 JTRACK-STALE, 2 ID-PNC-INVALID on JTrack records")
        try s.expectStatuses(r3, out: out, runID: "asof-2026-11-02", open2.map { e in
            (e, needsJTrack(e) ? "NOT-EVALUATED" : "OPEN", byID[e.id] != nil ? "2026-10-31" : "2026-11-01")
        })

        // Run 4, 2026-11-03, JTrack back and the PNC edit undone: the stale marker REOPENED, the JTrack
        // findings OPEN again with their first-seen date of run 1.
        let r4 = try s.run(asOf: HistoryScenario.date(11, 3), input: in4, out: out)
        #expect(r4.exitCode == .success, "\(r4.reasons)")
        var want4: [(ExpectedFinding, String, String?)] = open2.map { ($0, "OPEN", byID[$0.id] != nil ? "2026-10-31" : "2026-11-01") }
        // A reopened finding keeps the date it was first raised.
        want4.append((stale, "REOPENED", "2026-10-31"))
        try s.expectStatuses(r4, out: out, runID: "asof-2026-11-03", want4)

        // Re-running 2026-11-03 replaces that run: one row for it, the same counts, not doubled.
        let history = try SQLiteDatabase(path: out + "/history.sqlite")
        let rows4 = try history.scalarInt("SELECT count(*) FROM run_findings WHERE run_id = 'asof-2026-11-03'")
        let again = try s.run(asOf: HistoryScenario.date(11, 3), input: in4, out: out)
        #expect(again.exitCode == .success)
        #expect(again.statuses == r4.statuses)
        #expect(try history.scalarInt("SELECT count(*) FROM runs WHERE run_id = 'asof-2026-11-03'") == 1)
        #expect(try history.scalarInt("SELECT count(*) FROM runs") == 4)
        #expect(try history.scalarInt("SELECT count(*) FROM run_findings WHERE run_id = 'asof-2026-11-03'") == rows4)
        #expect(rows4 == want4.count)
        let runs = try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted()
        #expect(runs == ["asof-2026-10-31", "asof-2026-11-01", "asof-2026-11-02", "asof-2026-11-03"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-03")
    }
}

/// A finding the scenario expects, with the truth's division.
struct ExpectedFinding {
    let code: String
    let anchor: String
    let division: String
    var id: String { Finding.id(code: code, anchor: anchor) }
}

/// A generated force in a temporary folder, a test pipeline, and edited copies of its extracts.
struct HistoryScenario {
    static let pnc = "pnc_subjects", niche = "niche_nominals", micase = "micase_cases", jtrack = "jtrack_tracking"
    let root: String
    let generated: String
    let pipeline: PipelineDefinition
    let truth: [ExpectedFinding]
    /// truth/people.csv: record → person number.
    let personOf: [String: String]

    static func date(_ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: 2026, month: month, day: day)! }

    init() throws {
        root = NSTemporaryDirectory() + "iomaudit-history-" + UUID().uuidString
        generated = root + "/generated"
        _ = try SampleGenerator.write(to: generated, options: SampleOptions(people: 2000, seed: HistoryScenarioTests.seed, asOf: HistoryScenarioTests.generated))
        pipeline = try PipelineDefinition.load(path: try HistoryScenario.writePipeline(root))
        truth = try HistoryScenario.csv(generated + "/truth/findings.csv").map { ExpectedFinding(code: $0[0], anchor: $0[1], division: $0[4]) }
        var people: [String: String] = [:]
        for r in try HistoryScenario.csv(generated + "/truth/people.csv") { people[r[1]] = r[0] }
        personOf = people
    }

    /// Pipelines/nightly.json with absolute paths, JTrack optional, and a quarantine warning share above
    /// the generator's deliberately broken rows (up to 2 of 21 prison rows), so that only a missing source warns.
    static func writePipeline(_ root: String) throws -> String {
        let repo = Repo.root
        var top = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: repo + "/Pipelines/nightly.json"))) as! [String: Any]
        let absolute = { (p: String) in p.hasPrefix("../") ? repo + "/" + p.dropFirst(3) : p }
        for k in ["input", "out", "seeds"] { top[k] = absolute(top[k] as! String) }
        top["sources"] = (top["sources"] as! [[String: Any]]).map { s in
            var s = s
            s["mapping"] = absolute(s["mapping"] as! String)
            if s["system"] as? String == "jtrack" { s["required"] = false }
            return s
        }
        var settings = top["settings"] as! [String: Any]
        settings["quarantineWarningShare"] = 0.2
        top["settings"] = settings
        top["pipeline"] = "history-scenario"
        let path = root + "/pipeline.json"
        try JSONSerialization.data(withJSONObject: top, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The four nights of `statusesOverFourNightlyRuns`: 10-31 as generated; 11-01 with a stale PP
    /// marker removed, a missing Niche flag added and two LEAD-AGENCY findings made; 11-02 the same
    /// without JTrack; 11-03 with JTrack back and the PP marker edit undone.
    struct FourNights {
        let stale: ExpectedFinding
        let flag: ExpectedFinding
        let newOnes: [ExpectedFinding]
        let dates: [CalendarDate]
        let inputs: [String]
    }

    func fourNights() throws -> FourNights {
        let stale = try #require(truth.first { $0.code == "PNC-MARKER-STALE" })
        let flag = try #require(truth.first { $0.code == "NICHE-FLAG-MISSING" })
        let (pncEdited, markersRemoved) = try removingActivePPMarker(of: stale.anchor)
        #expect(markersRemoved == 1)
        let nicheEdited = try addingNicheFlag(for: flag.anchor)
        let leadAgency = try wrongLeadAgencyCandidates(count: 2)
        let micaseEdited = try settingLeadAgency("Police", cases: leadAgency.map(\.caseID))
        let newOnes = leadAgency.map { ExpectedFinding(code: "LEAD-AGENCY", anchor: "micase:" + $0.caseID, division: $0.division) }
        let edits = [HistoryScenario.pnc: pncEdited, HistoryScenario.niche: nicheEdited, HistoryScenario.micase: micaseEdited]
        let dates = [HistoryScenario.date(10, 31), HistoryScenario.date(11, 1), HistoryScenario.date(11, 2), HistoryScenario.date(11, 3)]
        let inputs = [generated,
                      try inputFolder("in-2", date: dates[1], replacing: edits),
                      try inputFolder("in-3", date: dates[2], replacing: edits, omitting: [HistoryScenario.jtrack]),
                      try inputFolder("in-4", date: dates[3], replacing: [HistoryScenario.niche: nicheEdited, HistoryScenario.micase: micaseEdited])]
        return FourNights(stale: stale, flag: flag, newOnes: newOnes, dates: dates, inputs: inputs)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    func run(asOf: CalendarDate, input: String, out: String) throws -> NightlyRun.Result {
        try NightlyRun(pipeline: pipeline, input: input, out: out, asOf: asOf, log: RunLog(write: { _ in })).run()
    }

    /// A run's input folder: the generated extracts, renamed to `date`, with some replaced or left out.
    func inputFolder(_ name: String, date: CalendarDate, replacing: [String: [UInt8]] = [:], omitting: Set<String> = []) throws -> String {
        let dir = root + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let stamp = date.iso.replacingOccurrences(of: "-", with: "")
        for file in try FileManager.default.contentsOfDirectory(atPath: generated) where file.contains("_20261031.") {
            let stem = String(file[..<file.range(of: "_20261031.")!.lowerBound])
            guard !omitting.contains(stem) else { continue }
            let target = dir + "/" + file.replacingOccurrences(of: "_20261031.", with: "_\(stamp).")
            if let bytes = replacing[stem] {
                try Data(bytes).write(to: URL(fileURLWithPath: target))
            } else {
                try FileManager.default.copyItem(atPath: generated + "/" + file, toPath: target)
            }
        }
        return dir
    }

    // MARK: edits (byte-exact: every byte is kept as one character, so encodings, BOM and CRLF survive)

    func lines(_ stem: String) throws -> [String] {
        let name = try FileManager.default.contentsOfDirectory(atPath: generated).first { $0.hasPrefix(stem + "_") }!
        let bytes = try Data(contentsOf: URL(fileURLWithPath: generated + "/" + name))
        // Split on LF bytes (a String would keep CR LF together as one character).
        return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0.map { Unicode.Scalar($0) })) }
    }

    static func bytes(_ lines: [String]) -> [UInt8] {
        lines.joined(separator: "\n").unicodeScalars.map { UInt8($0.value) }
    }

    /// PNC XML without the active PP marker(s) of the subject whose PNC ID is `anchor` (`pnc:YY/NNNNNNNA`).
    func removingActivePPMarker(of anchor: String) throws -> ([UInt8], Int) {
        let target = String(anchor.dropFirst("pnc:".count))
        var out: [String] = [], current: String?, removed = 0
        for line in try lines(HistoryScenario.pnc) {
            if let a = line.range(of: "<PNCID>"), let b = line.range(of: "</PNCID>") {
                current = PNCIdentifier(String(line[a.upperBound..<b.lowerBound]))?.canonical
            }
            if current == target, line.contains("<Marker"), line.uppercased().contains("PROLIFIC OFFENDER"),
               !line.uppercased().contains("REMOVED"), !line.uppercased().contains("DEREGISTERED") {
                removed += 1
                continue
            }
            out.append(line)
        }
        return (HistoryScenario.bytes(out), removed)
    }

    /// Niche CSV (Windows-1252, CRLF) with the MiCase cohort added as the flag of `anchor`'s nominal.
    func addingNicheFlag(for anchor: String) throws -> [UInt8] {
        let nominal = String(anchor.dropFirst("niche:".count))
        let person = try #require(personOf[anchor])
        let cases = Set(personOf.filter { $0.value == person && $0.key.hasPrefix("micase:") }.map { String($0.key.dropFirst("micase:".count)) })
        let micaseRow = try #require(try micaseRows().first { $0.count == 17 && cases.contains($0[0]) && $0[14].isEmpty }, "an active MiCase case of \(anchor)")
        let cohort = ["Prolific and Priority Offender": "PPO", "Integrated Offender Management": "IOM", "Deter Young Offender": "DYO"][micaseRow[7]] ?? micaseRow[7]
        var edited = 0
        let out = try lines(HistoryScenario.niche).map { line -> String in
            guard line.hasPrefix(nominal + ",") else { return line }
            #expect(line.hasSuffix(",\r"), "the nominal has no cohort flag yet")
            edited += 1
            return String(line.dropLast()) + cohort + "\r"
        }
        #expect(edited == 1)
        return HistoryScenario.bytes(out)
    }

    /// MiCase rows (header dropped), for rows without quotes.
    func micaseRows() throws -> [[String]] {
        try lines(HistoryScenario.micase).dropFirst().filter { !$0.isEmpty && !$0.contains("\"") }.map { $0.components(separatedBy: ",") }
    }

    struct Candidate { let caseID: String; let division: String }

    /// Active adult statutory members led by Probation on C&C or P&D, whose person has no finding at all,
    /// one per division until `count`: giving them Police as lead agency makes exactly one LEAD-AGENCY each.
    func wrongLeadAgencyCandidates(count: Int) throws -> [Candidate] {
        var withFinding = Set<String>()
        for row in try HistoryScenario.csv(generated + "/truth/findings.csv") {
            for r in row[2].split(separator: ";") { if let p = personOf[String(r)] { withFinding.insert(p) } }
            if let p = personOf[row[1]] { withFinding.insert(p) }
        }
        let hubs = ["BRADFORD": "BD", "CALDERDALE": "CD", "KIRKLEES": "KD", "LEEDS": "LD", "WAKEFIELD": "WD"]
        var out: [Candidate] = []
        for r in try micaseRows() where r.count == 17 {
            guard r[14].isEmpty, r[8] == "Y", r[9] == "Adult", ["C&C", "P&D"].contains(r[10]), r[11] == "Probation",
                  ["PPO", "IOM"].contains(r[7]), let year = Int(r[5].suffix(4)), year < 2000,
                  let person = personOf["micase:" + r[0]], !withFinding.contains(person),
                  let division = hubs.first(where: { r[12].uppercased().hasPrefix($0.key) })?.value,
                  !out.contains(where: { $0.division == division }) else { continue }
            out.append(Candidate(caseID: r[0], division: division))
            if out.count == count { break }
        }
        try #require(out.count == count, "not enough clean Probation-led members in this seed")
        return out
    }

    /// MiCase CSV (UTF-8 with BOM) with `agency` as the lead agency of `cases`.
    func settingLeadAgency(_ agency: String, cases: [String]) throws -> [UInt8] {
        var edited = 0
        let out = try lines(HistoryScenario.micase).map { line -> String in
            var f = line.components(separatedBy: ",")
            guard cases.contains(f[0]), f.count == 17 else { return line }
            f[11] = agency
            edited += 1
            return f.joined(separator: ",")
        }
        #expect(edited == cases.count)
        return HistoryScenario.bytes(out)
    }

    // MARK: checks

    /// Compares a run's statuses with `expected` (finding, status, first-seen or nil for any): per finding
    /// in the history, per division in the run's counts, and in the published findings table.
    func expectStatuses(_ result: NightlyRun.Result, out: String, runID: String, _ expected: [(ExpectedFinding, String, String?)],
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rows = try FindingHistory(directory: out).rows(run: runID)
        let got = Dictionary(uniqueKeysWithValues: rows.map { ($0.finding.findingID, $0) })
        let want = Dictionary(uniqueKeysWithValues: expected.map { ($0.0.id, $0) })
        #expect(Set(got.keys) == Set(want.keys),
                "\(runID): unexpected \(Set(got.keys).subtracting(want.keys).sorted()), missing \(Set(want.keys).subtracting(got.keys).sorted())",
                sourceLocation: sourceLocation)
        for (id, w) in want.sorted(by: { $0.key < $1.key }) {
            guard let g = got[id] else { continue }
            #expect(g.status == w.1, "\(runID) \(w.0.code) \(w.0.anchor)", sourceLocation: sourceLocation)
            #expect(g.finding.division == w.0.division, "\(runID) \(w.0.code) \(w.0.anchor)", sourceLocation: sourceLocation)
            if let first = w.2 { #expect(g.firstSeen.iso == first, "\(runID) \(w.0.code) \(w.0.anchor) first seen", sourceLocation: sourceLocation) }
        }
        var byDivision: [String: [String: Int]] = [:], byStatus: [String: Int] = [:]
        for (e, status, _) in expected { byDivision[e.division, default: [:]][status, default: 0] += 1; byStatus[status, default: 0] += 1 }
        #expect(result.statuses.byDivision == byDivision, "\(runID) per division", sourceLocation: sourceLocation)
        #expect(result.statuses.byStatus == byStatus, "\(runID) totals", sourceLocation: sourceLocation)
        let dir = try #require(result.runDirectory, sourceLocation: sourceLocation)
        var published: [String: Int] = [:]
        for r in try SQLiteDatabase(path: dir + "/store.sqlite").rows("SELECT status, count(*) FROM findings GROUP BY status") {
            published[r[0] ?? ""] = Int(r[1] ?? "")
        }
        #expect(published == byStatus, "\(runID) tables/findings", sourceLocation: sourceLocation)
    }

    /// Rows of a small CSV without quoted commas, header dropped.
    static func csv(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst().map { line in
            var fields: [String] = [], cur = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == ",", !quoted { fields.append(cur); cur = "" } else { cur.append(ch) }
            }
            fields.append(cur)
            return fields
        }
    }
}
