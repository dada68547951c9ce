import Foundation
import IOMAudit
import Testing

/// `kill -9` during a run never leaves a half-published output: `current` and the previous run stay as
/// they were, the history holds exactly the runs that were published, and the next run cleans up and
/// succeeds. `scripts/kill-test.sh` does the same at 30 random moments.
@Suite struct KillTests {
    static let first = "asof-2026-11-20", second = "asof-2026-11-21"

    /// Where the kill lands: in the middle of writing the tables, just after the manifest (fsync, move
    /// into place, history, `current`), and at a moment late in the run measured from a normal one.
    enum KillPoint: CustomStringConvertible {
        case afterTablesFolder(seconds: Double)
        case afterManifest
        case afterStart(share: Double)
        var description: String {
            switch self {
            case .afterTablesFolder(let s): return "\(s) s into publication"
            case .afterManifest: return "as soon as the manifest is written"
            case .afterStart(let f): return "\(Int(f * 100))% of a run's time after start"
            }
        }
    }

    @Test func killDuringPublicationLeavesThePreviousRunIntact() throws {
        let base = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let published = base + "/published"
        let started = Date()
        let r = try Binary.run(["run", "--out", published, "--as-of", "2026-11-20"])
        let runSeconds = Date().timeIntervalSince(started)
        try #require(r.status == 3, "stderr: \(r.stderr)")
        let firstRun = Binary.snapshot(published + "/runs/" + KillTests.first)
        let findings = try SQLiteDatabase(path: published + "/current/store.sqlite").scalarInt("SELECT count(*) FROM findings")
        try #require(findings > 0)

        var killed = 0
        for (i, point) in [KillPoint.afterTablesFolder(seconds: 0.05), .afterManifest, .afterStart(share: 0.8)].enumerated() {
            let out = base + "/trial-\(i)"
            try Binary.copyTree(published, to: out)
            let p = try Binary.start(["run", "--out", out, "--as-of", "2026-11-21"])
            let building = { Binary.entries(out + "/runs").first { $0.hasPrefix(".building-") }.map { out + "/runs/" + $0 } }
            switch point {
            case .afterTablesFolder(let s):
                _ = Binary.waitFor(timeout: 60) { building().map { FileManager.default.fileExists(atPath: $0 + "/tables") } ?? !p.isRunning }
                usleep(UInt32(s * 1_000_000))
            case .afterManifest:
                _ = Binary.waitFor(timeout: 60) { building().map { FileManager.default.fileExists(atPath: $0 + "/manifest.json") } ?? !p.isRunning }
            case .afterStart(let share):
                usleep(UInt32(runSeconds * share * 1_000_000))
            }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let wasKilled = p.terminationReason == .uncaughtSignal
            if wasKilled { killed += 1 }
            let left = Binary.entries(out + "/runs").first { $0.hasPrefix(".building-") }.map { b in
                FileManager.default.fileExists(atPath: out + "/runs/" + b + "/manifest.json") ? "after the manifest"
                    : FileManager.default.fileExists(atPath: out + "/runs/" + b + "/tables") ? "writing the tables" : "before publication" }
            print("kill test: \(point): \(wasKilled ? "killed " + (left ?? "after the move into place") : "finished first")")

            // Killed: the first run is current and untouched, the history holds it alone.
            // Finished before the signal: the second run is current and recorded after the first.
            let state = try KillTests.state(out)
            if wasKilled, state.current == KillTests.first {
                #expect(state.history == [KillTests.first], "\(point): history \(state.history)")
                #expect(Binary.snapshot(out + "/runs/" + KillTests.first) == firstRun, "\(point): the first run's files changed")
                #expect(state.manifestRunID == KillTests.first)
                #expect(state.findings == findings)
                #expect(state.historyFindings == findings)
            } else {
                #expect(state.current == KillTests.second && state.history == [KillTests.first, KillTests.second],
                        "\(point) (\(wasKilled ? "killed" : "finished")): current \(state.current), history \(state.history)")
            }

            // The next run removes what the killed one left and publishes.
            let next = try Binary.run(["run", "--out", out, "--as-of", "2026-11-21"])
            #expect(next.status == 3, "\(point): next run, stderr: \(next.stderr)")
            #expect(Binary.entries(out + "/runs") == [KillTests.first, KillTests.second], "\(point): leftovers after the next run")
            let after = try KillTests.state(out)
            #expect(after.current == KillTests.second && after.history == [KillTests.first, KillTests.second])
            #expect(after.findings == findings, "the same extracts one day later give the same findings")
            #expect(Binary.snapshot(out + "/runs/" + KillTests.first) == firstRun)
        }
        #expect(killed >= 1, "at least one kill must land before the run ends (killed \(killed) of 3)")
    }

    /// A run of the date `current` already shows, killed between its two renames in
    /// `NightlyRun.moveIntoPlace` (the published run moved aside to `runs/asof-DATE.old-PID`, the new one
    /// not yet in place), followed by a run that publishes nothing: the published run must survive.
    /// Today `removeAbandoned` deletes the `.old-` folder at the start of the next run, so `current`
    /// dangles and the only published run is gone.
    @Test func killedReRunOfTheShownDateKeepsThePublishedRun() throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        try #require(r.status == 3, "stderr: \(r.stderr)")
        // The state a kill -9 between the two renames leaves (pid 99999 stands for the killed run).
        try FileManager.default.moveItem(atPath: out + "/runs/" + KillTests.first, toPath: out + "/runs/" + KillTests.first + ".old-99999")
        // The next night's run fails for want of its PNC extract: nothing published, outputs left as they were.
        let input = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: input) }
        for f in try FileManager.default.contentsOfDirectory(atPath: Binary.repoRoot + "/Samples") where f.hasSuffix(".csv") || f.hasPrefix("jtrack_") {
            try FileManager.default.copyItem(atPath: Binary.repoRoot + "/Samples/" + f, toPath: input + "/" + f)
        }
        let failed = try Binary.run(["run", "--input", input, "--out", out, "--as-of", "2026-11-21"])
        #expect(failed.status == 4)
        // The run moved aside is put back before anything else, so current is readable again.
        #expect(Binary.entries(out + "/runs").contains(KillTests.first), "runs: \(Binary.entries(out + "/runs"))")
        #expect(FileManager.default.fileExists(atPath: out + "/current/manifest.json"))
    }

    struct State {
        let current: String
        let manifestRunID: String?
        let findings: Int
        let history: [String]
        let historyFindings: Int
    }

    /// What a reader sees in an output folder: where `current` points, its manifest and store, and the history.
    static func state(_ out: String) throws -> State {
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/current/manifest.json"))) as? [String: Any]
        let store = try SQLiteDatabase(path: out + "/current/store.sqlite")
        let history = try SQLiteDatabase(path: out + "/history.sqlite")
        let runs = try history.rows("SELECT run_id FROM runs ORDER BY as_of").map { $0[0] ?? "" }
        let current = (target as NSString).lastPathComponent
        return State(current: current, manifestRunID: manifest?["runID"] as? String,
                     findings: try store.scalarInt("SELECT count(*) FROM findings"), history: runs,
                     historyFindings: try history.scalarInt("SELECT count(*) FROM run_findings WHERE run_id = ?", [current]))
    }
}
