import Foundation

/// A backfill (`run --backfill`): a run dated before the latest one the history holds, such as a night
/// missed while the extracts were late. Every status is against the run before it, so each later run's
/// statuses are computed again in date order, inside the backfill's own history transaction, and each
/// later run's folder is restated to match: a copy with its findings table rewritten, staged as
/// `runs/.pending-RUN@ATTEMPT` under the backfill's attempt, so the one commit point and the start-up
/// recovery of `Publication` cover the later runs too. `current` stays on the latest run.
struct Backfill {
    let out: String
    let attempt: String
    let log: RunLog
    /// The systems each finding code's rule needs (for CORRECTED against NOT-EVALUATED).
    let requiredSystems: (String) -> Set<SourceSystem>

    var runs: String { (out as NSString).appendingPathComponent("runs") }

    /// Inside the history transaction, after the backfilled run's rows: every later run's statuses
    /// recomputed and its restated folder staged, earliest first.
    func restateLaterRuns(after asOf: CalendarDate, history: FindingHistory) throws {
        for later in try history.runs(after: asOf) {
            let folder = (runs as NSString).appendingPathComponent(later.runID)
            let raised = try history.rows(run: later.runID).filter { HistorySchema.openStatuses.contains($0.status) }.map(\.finding)
            let store = (folder as NSString).appendingPathComponent("store.sqlite")
            let rows = try history.statuses(run: later, findings: raised, requiredSystems: requiredSystems,
                                            presentRecords: { try Backfill.present($0, inStore: store) })
            try history.restate(run: later.runID, rows: rows, attempt: attempt)
            try stageRestated(later.runID, from: folder, rows: rows)
            log.info("history", "later run's statuses computed again after the backfill", ["run": later.runID, "findings": rows.count])
        }
    }

    /// Which of `wanted` (record keys or master ids) the run whose store this is held, read a row at a
    /// time (a force's links table has millions). A store that is gone holds nothing, so a finding it
    /// would decide stays NOT-EVALUATED, never CORRECTED; one that cannot be read stops the backfill.
    static func present(_ wanted: Set<String>, inStore path: String) throws -> Set<String> {
        guard !wanted.isEmpty, FileManager.default.fileExists(atPath: path) else { return [] }
        let st = try SQLiteDatabase(path: path).prepare("SELECT record, master_id FROM links")
        var found = Set<String>()
        while try st.step() {
            for c in 0..<2 { if let v = st.text(c), wanted.contains(v) { found.insert(v) } }
        }
        return found
    }

    /// The history did not commit: the restated copies go (the later runs stay as they were).
    func unstage(_ runIDs: [String]) {
        for id in runIDs { try? FileManager.default.removeItem(atPath: Publication.pending(runs: runs, runID: id, attempt: attempt)) }
    }

    /// A later run's folder copied (files that do not change are hard links), its findings table and
    /// manifest rewritten, synced, and moved to its pending name.
    private func stageRestated(_ runID: String, from folder: String, rows: [HistoryRow]) throws {
        let fm = FileManager.default
        let building = (runs as NSString).appendingPathComponent(".building-restated-\(runID)-\(getpid())")
        try? fm.removeItem(atPath: building)
        Interruption.guardFolder(building, log: log)
        defer { Interruption.releaseFolder(building) }
        do {
            guard let files = fm.enumerator(atPath: folder) else {
                throw IngestError(file: folder, line: nil, field: nil, message: "cannot be read to restate it after the backfill")
            }
            for case let rel as String in files {
                let from = (folder as NSString).appendingPathComponent(rel), to = (building as NSString).appendingPathComponent(rel)
                var isDir: ObjCBool = false
                _ = fm.fileExists(atPath: from, isDirectory: &isDir)
                try fm.createDirectory(atPath: isDir.boolValue ? to : (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                // The findings table and the manifest are written afresh below; the store is changed in
                // place, so it is copied; the rest never changes, so a link will do.
                if isDir.boolValue || rel == "tables/findings.csv" || rel == "manifest.json" { continue }
                if rel == "store.sqlite" || link(from, to) != 0 { try fm.copyItem(atPath: from, toPath: to) }
            }
            let store = try SQLiteDatabase(path: (building as NSString).appendingPathComponent("store.sqlite"))
            let tables = (building as NSString).appendingPathComponent("tables")
            try fm.createDirectory(atPath: tables, withIntermediateDirectories: true)
            let count = try ReconciledTables.write(ReconciledTables.findingsTable, to: store, csvDirectory: tables) { emit in
                try ReconciledTables.findings(rows, emit: emit)
            }
            try store.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            let manifestPath = (folder as NSString).appendingPathComponent("manifest.json")
            var manifest = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
            for i in manifest.outputs.indices where manifest.outputs[i].path == "tables/findings.csv" { manifest.outputs[i].rows["rows"] = count }
            for i in manifest.outputs.indices where manifest.outputs[i].path == "store.sqlite" { manifest.outputs[i].rows["findings"] = count }
            manifest.attempt = attempt
            manifest.restatedBy = attempt
            try manifest.write(to: (building as NSString).appendingPathComponent("manifest.json"))
            NightlyRun.syncTree(building)
            let pending = Publication.pending(runs: runs, runID: runID, attempt: attempt)
            try FaultInjection.point("stage-restated", file: pending)
            guard rename(building, pending) == 0 else {
                throw IngestError(file: pending, line: nil, field: nil, message: "cannot stage the restated run: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fm.removeItem(atPath: building)
            throw error
        }
    }
}
