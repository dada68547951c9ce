import Foundation
import IOMAudit
import Testing

/// Publication has one commit point, the history's transaction (`Publication`). A run that fails or dies
/// at any step before it leaves the published runs, `current` and the history exactly as they were; one
/// that fails or dies after it has its publication completed by the next start. Each step is made to
/// fail (`IOMAUDIT_FAULT=STEP`) or die (`STEP:kill`) in a re-run of the date `current` shows, the case
/// where a published run is replaced.
@Suite struct PublicationFaultTests {
    static let date = "2026-11-20", run = "asof-2026-11-20"

    /// What a reader and the scheduler see in an output folder.
    struct Seen: Equatable {
        var current: String?
        var runs: [String]
        var history: [String: String?]
        var shownAttempt: String?
    }

    static func seen(_ out: String) throws -> Seen {
        let history = try SQLiteDatabase(path: out + "/" + HistorySchema.fileName)
        var attempts: [String: String?] = [:]
        for r in try history.rows("SELECT run_id, attempt FROM runs") { attempts[r[0] ?? ""] = .some(r[1]) }
        let current = try? FileManager.default.destinationOfSymbolicLink(atPath: out + "/current")
        let manifest = (try? Data(contentsOf: URL(fileURLWithPath: out + "/current/manifest.json")))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return Seen(current: current, runs: Binary.entries(out + "/runs"), history: attempts, shownAttempt: manifest?["attempt"] as? String)
    }

    static func lastAttempt(_ out: String) -> [String: Any] {
        (try? Data(contentsOf: URL(fileURLWithPath: out + "/last-attempt.json")))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
    }

    /// A folder with one published run of `date`, and what it looks like.
    static func published() throws -> (out: String, seen: Seen, files: [String: String]) {
        let out = Binary.tempDirectory()
        let r = try Binary.run(["run", "--out", out, "--as-of", date])
        try #require(r.status == 3, "stderr: \(r.stderr)")
        return (out, try seen(out), Binary.snapshot(out + "/runs/" + run))
    }

    static let beforeCommit: Set<String> = ["stage-run", "history-commit"]

    static let runPoints = FaultInjection.points.filter { !FaultInjection.backfillOnly.contains($0) }

    @Test(arguments: runPoints)
    func aStepThatFailsLeavesOutputsAndHistoryAgreeing(_ step: String) throws {
        let (out, before, files) = try Self.published()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try Binary.run(["run", "--out", out, "--as-of", Self.date], environment: ["IOMAUDIT_FAULT": step])
        #expect(r.status == 4, "\(step): exit \(r.status)")
        #expect(r.stderr.contains("injected fault at \(step)"), "\(step): \(r.stderr)")
        let last = Self.lastAttempt(out)
        #expect(last["outcome"] as? String == "failed" && (last["error"] as? String ?? "").contains(step), "\(step): \(last)")
        let after = try Self.seen(out)
        if Self.beforeCommit.contains(step) {
            // Nothing changed: the same run shown, its files untouched, the history as it was, nothing left over.
            #expect(after == before, "\(step): \(after) against \(before)")
            #expect(Binary.snapshot(out + "/runs/" + Self.run) == files, "\(step): the published run's files changed")
        } else {
            // The history committed the new attempt; the next start carries it out.
            #expect(after.history[Self.run] != before.history[Self.run], "\(step): the history did not commit")
        }
        try Self.nextRunLeavesOneAgreeingState(out, step)
    }

    @Test(arguments: runPoints)
    func aRunKilledAtAStepIsCompletedOrUndoneByTheNext(_ step: String) throws {
        let (out, before, files) = try Self.published()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try Binary.run(["run", "--out", out, "--as-of", Self.date], environment: ["IOMAUDIT_FAULT": step + ":kill"])
        #expect(r.status != 0 && r.status != 3 && r.status != 4, "\(step): the run was not killed (exit \(r.status))")
        let after = try Self.seen(out)
        if Self.beforeCommit.contains(step) {
            #expect(after.current == before.current && after.history == before.history, "\(step): \(after)")
            #expect(Binary.snapshot(out + "/runs/" + Self.run) == files, "\(step): the published run's files changed")
        } else {
            #expect(after.history[Self.run] != before.history[Self.run], "\(step): the history did not commit")
        }
        try Self.nextRunLeavesOneAgreeingState(out, step)
    }

    /// A run on the folder (without faults) recovers, publishes, and leaves only its run in place: the
    /// run `current` shows is the attempt the history names.
    static func nextRunLeavesOneAgreeingState(_ out: String, _ step: String) throws {
        let next = try Binary.run(["run", "--out", out, "--as-of", date])
        #expect(next.status == 3, "\(step): next run exit \(next.status): \(next.stderr)")
        let s = try seen(out)
        #expect(s.runs == [run], "\(step): left in runs/: \(s.runs)")
        #expect(s.current == "runs/" + run)
        #expect(s.shownAttempt != nil && s.history[run] == .some(s.shownAttempt), "\(step): shown \(String(describing: s.shownAttempt)), history \(s.history)")
        #expect(!Binary.entries(out).contains { $0.hasPrefix("current.new-") })
    }

    /// Another process holds the history's write lock past the busy timeout: the run fails (exit 4,
    /// naming the history) and the published run it would have replaced is still there, unchanged.
    @Test func aLockedHistoryChangesNothing() throws {
        let (out, before, files) = try Self.published()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let holder = try SQLiteDatabase(path: out + "/" + HistorySchema.fileName)
        try holder.execute("BEGIN IMMEDIATE")
        let r = try Binary.run(["run", "--out", out, "--as-of", Self.date])
        try holder.execute("ROLLBACK")
        #expect(r.status == 4, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("history.sqlite"), "\(r.stderr)")
        #expect(try Self.seen(out) == before)
        #expect(Binary.snapshot(out + "/runs/" + Self.run) == files)
        #expect(Self.lastAttempt(out)["outcome"] as? String == "failed")
    }

    /// A history from a newer iomaudit, or in a layout this one does not know, is refused before anything
    /// is built or moved, naming the file.
    @Test(arguments: ["PRAGMA user_version = 99", "ALTER TABLE runs DROP COLUMN outcome"])
    func aHistoryOfAnotherVersionIsRefusedFirst(_ change: String) throws {
        let (out, _, files) = try Self.published()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try SQLiteDatabase(path: out + "/" + HistorySchema.fileName).execute(change)
        let before = try Self.seen(out)
        let r = try Binary.run(["run", "--out", out, "--as-of", Self.date])
        #expect(r.status == 4, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("history.sqlite"), "\(r.stderr)")
        #expect(try Self.seen(out) == before)
        #expect(Binary.snapshot(out + "/runs/" + Self.run) == files)
    }

    /// `current` replaced by a folder: refused before the commit point, so the history does not record a
    /// run nobody can see, and no `current.new-*` link is left.
    @Test func aCurrentThatIsAFolderIsRefusedBeforeTheCommit() throws {
        let (out, before, files) = try Self.published()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.removeItem(atPath: out + "/current")
        try FileManager.default.createDirectory(atPath: out + "/current", withIntermediateDirectories: false)
        let r = try Binary.run(["run", "--out", out, "--as-of", "2026-11-21"])
        #expect(r.status == 4, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("current"), "\(r.stderr)")
        let after = try Self.seen(out)
        #expect(after.history == before.history && after.runs == before.runs, "\(after)")
        #expect(Binary.snapshot(out + "/runs/" + Self.run) == files)
        #expect(!Binary.entries(out).contains { $0.hasPrefix("current.new-") })
    }
}

/// The same steps in a backfill: 2026-11-21 published, then 2026-11-20 recorded with --backfill, which
/// also restates 2026-11-21's folder under its own attempt. Stopped before the commit, nothing changes;
/// after it, the history holds both runs under the backfill's attempt and the next start carries it
/// out. `current` never leaves 2026-11-21.
extension PublicationFaultTests {
    static let later = "2026-11-21", laterRun = "asof-2026-11-21"

    @Test(arguments: FaultInjection.points, ["fail", "kill"])
    func aBackfillStoppedAtAStepIsCompletedOrUndone(_ step: String, _ mode: String) throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let first = try Binary.run(["run", "--out", out, "--as-of", Self.later])
        try #require(first.status == 3, "stderr: \(first.stderr)")
        let before = try Self.seen(out), files = Binary.snapshot(out + "/runs/" + Self.laterRun)
        let r = try Binary.run(["run", "--out", out, "--as-of", Self.date, "--backfill"],
                               environment: ["IOMAUDIT_FAULT": mode == "kill" ? step + ":kill" : step])
        if mode == "fail" { #expect(r.status == 4 && r.stderr.contains("injected fault at \(step)"), "\(step): exit \(r.status): \(r.stderr)") }
        else { #expect(![0, 3, 4].contains(r.status), "\(step): the run was not killed (exit \(r.status))") }
        let after = try Self.seen(out)
        #expect(after.current == "runs/" + Self.laterRun, "\(step) (\(mode)): current moved")
        if Self.beforeCommit.union(FaultInjection.backfillOnly).contains(step) {
            #expect(after.history == before.history, "\(step) (\(mode)): \(after.history)")
            #expect(Binary.snapshot(out + "/runs/" + Self.laterRun) == files, "\(step) (\(mode)): the later run's files changed")
            if mode == "fail" { #expect(after.runs == before.runs, "\(step): left in runs/: \(after.runs)") }
        } else {
            let attempt = after.history[Self.run] ?? nil
            #expect(attempt != nil && after.history[Self.laterRun] == .some(attempt) && attempt != before.history[Self.laterRun] ?? nil,
                    "\(step) (\(mode)): the history did not commit both runs under one attempt: \(after.history)")
        }
        let next = try Binary.run(["run", "--out", out, "--as-of", Self.date, "--backfill"])
        #expect(next.status == 3, "\(step) (\(mode)): next backfill exit \(next.status): \(next.stderr)")
        let s = try Self.seen(out)
        #expect(s.runs == [Self.run, Self.laterRun], "\(step) (\(mode)): left in runs/: \(s.runs)")
        #expect(s.current == "runs/" + Self.laterRun)
        for run in [Self.run, Self.laterRun] {
            let shown = (try? Data(contentsOf: URL(fileURLWithPath: out + "/runs/\(run)/manifest.json")))
                .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?["attempt"] as? String
            #expect(shown != nil && s.history[run] == .some(shown), "\(step) (\(mode)) \(run): shown \(String(describing: shown)), history \(s.history)")
        }
    }
}
