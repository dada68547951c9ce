import Foundation

/// Keeps every run and the findings it raised, and gives each finding its status against the run
/// before: NEW, OPEN (with first-seen date and age), REOPENED; a finding the previous run raised and
/// this one does not is CORRECTED only when this run read the systems its rule needs and the record it
/// was about is still there, else NOT-EVALUATED (carried forward, so a missing extract never looks like
/// a month of good work).
public final class FindingHistory {
    public let db: SQLiteDatabase

    public struct RunEntry: Sendable {
        public let runID: String
        public let asOf: CalendarDate
        public let pipeline: String
        public let outcome: String
        public let evaluatedSystems: Set<SourceSystem>
        public let sources: [SourceReport]
    }

    /// Counts of one run's statuses, per division and in total.
    public struct StatusCounts: Sendable, Equatable {
        public var byStatus: [String: Int] = [:]
        public var byDivision: [String: [String: Int]] = [:]
    }

    /// The history file's path, named in every error about it.
    public let path: String

    /// Opens (or creates) `DIRECTORY/history.sqlite`, refusing one written by a newer iomaudit or in
    /// another layout before the run changes anything.
    public init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent(HistorySchema.fileName)
        do {
            db = try SQLiteDatabase(path: path)
            try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
            let version = try db.scalarInt("PRAGMA user_version")
            guard version <= HistorySchema.version else {
                throw IngestError(file: path, line: nil, field: nil, message: "was written by a newer iomaudit (history schema \(version); "
                                  + "this one reads up to \(HistorySchema.version)): run that version, or give --out a folder of this version's")
            }
            let fresh = try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'runs'") == 0
            try db.execute(HistorySchema.sql)
            if fresh { try db.execute("PRAGMA user_version = \(HistorySchema.version)") }
            for (table, columns) in HistorySchema.requiredColumns {
                let have = Set(try db.rows("PRAGMA table_info(\(table))").compactMap { $0[1] ?? nil })
                let missing = columns.filter { !have.contains($0) }
                guard missing.isEmpty else {
                    throw IngestError(file: path, line: nil, field: nil, message: "is not a history this iomaudit can read (table \(table) lacks "
                                      + missing.joined(separator: ", ") + "): give --out a folder of this version's")
                }
            }
        } catch let e as IngestError {
            throw e
        } catch {
            throw IngestError(file: path, line: nil, field: nil, message: "cannot be read: \(error)")
        }
    }

    /// A history from before attempts were kept lacks `runs.attempt` until its first new run.
    private func hasAttemptColumn() throws -> Bool {
        try db.rows("PRAGMA table_info(runs)").contains { $0[1] == "attempt" }
    }

    /// Each recorded run's publication attempt (nil for runs recorded before attempts were kept).
    func attempts() throws -> [String: String?] {
        var out: [String: String?] = [:]
        for r in try db.rows(try hasAttemptColumn() ? "SELECT run_id, attempt FROM runs" : "SELECT run_id, NULL FROM runs") {
            if let id = r[0] { out[id] = .some(r[1]) }
        }
        return out
    }

    /// The run with the latest as-of date: the one `current` shows.
    func latestRunID() throws -> String? {
        try db.rows("SELECT run_id FROM runs ORDER BY as_of DESC LIMIT 1").first?.first ?? nil
    }

    /// The latest as-of date the history holds.
    func latestAsOf() throws -> CalendarDate? {
        try db.rows("SELECT max(as_of) FROM runs").first?.first?.flatMap(CalendarDate.init(iso:))
    }

    /// The latest run before `asOf` (a re-run of the same date is not its own predecessor).
    public func previousRun(before asOf: CalendarDate) throws -> (runID: String, asOf: CalendarDate, evaluated: Set<SourceSystem>)? {
        guard let r = try db.rows("SELECT run_id, as_of, evaluated_systems FROM runs WHERE as_of < ? ORDER BY as_of DESC LIMIT 1", [asOf.iso]).first,
              let id = r[0], let d = r[1].flatMap(CalendarDate.init(iso:)) else { return nil }
        return (id, d, FindingHistory.systems(r[2]))
    }

    /// `runs.evaluated_systems`: systems separated by ";".
    static func systems(_ text: String?) -> Set<SourceSystem> {
        Set((text ?? "").split(separator: ";").compactMap { SourceSystem(rawValue: String($0)) })
    }

    /// Rows read per system in the last run before `asOf` where that source loaded (for the extract guard).
    public func lastGoodRowCounts(before asOf: CalendarDate) throws -> [SourceSystem: Int] {
        var out: [SourceSystem: Int] = [:]
        let rows = try db.rows("""
            SELECT s.system, s.rows_read FROM run_sources s JOIN runs r ON r.run_id = s.run_id
            WHERE r.as_of < ? AND s.status = 'loaded' ORDER BY r.as_of ASC
            """, [asOf.iso])
        for r in rows { if let s = r[0].flatMap(SourceSystem.init(rawValue:)), let n = r[1].flatMap(Int.init) { out[s] = n } }
        return out
    }

    /// Statuses for `findings` against the previous run, computed but not yet stored.
    /// `presentRecords` returns which of the given keys (`system:id` record keys or master ids) are in
    /// this run's data.
    public func statuses(run: RunEntry, findings: [Finding], requiredSystems: (String) -> Set<SourceSystem>,
                         presentRecords: (Set<String>) throws -> Set<String>) throws -> [HistoryRow] {
        let previous = try previousRun(before: run.asOf)
        // Carried open: what the previous run raised, plus what it could not evaluate.
        var carried: [String: HistoryRow] = [:]
        if let previous {
            for r in try rows(run: previous.runID) where HistorySchema.openStatuses.contains(r.status) || r.status == "NOT-EVALUATED" {
                carried[r.finding.findingID] = r
            }
        }
        // Raised by an earlier run at all (for REOPENED), with the date it was first raised.
        var raisedBefore: [String: CalendarDate] = [:]
        for r in try db.rows("""
            SELECT f.finding_id, MIN(f.first_seen) FROM run_findings f JOIN runs r ON r.run_id = f.run_id
            WHERE r.as_of < ? AND f.status IN ('NEW', 'OPEN', 'REOPENED') GROUP BY f.finding_id
            """, [run.asOf.iso]) { if let id = r[0], let d = r[1].flatMap(CalendarDate.init(iso:)) { raisedBefore[id] = d } }

        var out: [HistoryRow] = []
        let current = Set(findings.map(\.findingID))
        for f in findings {
            if let c = carried[f.findingID] {
                out.append(HistoryRow(finding: f, status: "OPEN", firstSeen: c.firstSeen, asOf: run.asOf))
            } else if let first = raisedBefore[f.findingID] {
                out.append(HistoryRow(finding: f, status: "REOPENED", firstSeen: first, asOf: run.asOf))
            } else {
                out.append(HistoryRow(finding: f, status: "NEW", firstSeen: run.asOf, asOf: run.asOf))
            }
        }
        let gone = carried.values.filter { !current.contains($0.finding.findingID) }
        // The subject is still there when any record the finding named, or its person, still is: a
        // duplicate nominal merged away or a stale tracking record deleted is a correction.
        let present = try presentRecords(Set(gone.flatMap { [$0.finding.anchor] + $0.finding.recordIDs + ($0.finding.masterID.map { [$0] } ?? []) }))
        for g in gone.sorted(by: { $0.finding.findingID < $1.finding.findingID }) {
            let f = g.finding
            let anchorSystem = f.anchor.split(separator: ":").first.flatMap { SourceSystem(rawValue: String($0)) }
            let evaluated = requiredSystems(f.code).union(anchorSystem.map { [$0] } ?? []).isSubset(of: run.evaluatedSystems)
            let stillThere = ([f.anchor] + f.recordIDs + (f.masterID.map { [$0] } ?? [])).contains(where: present.contains)
            let status = evaluated && stillThere ? "CORRECTED" : "NOT-EVALUATED"
            out.append(HistoryRow(finding: g.finding, status: status, firstSeen: g.firstSeen, asOf: run.asOf))
        }
        return out
    }

    /// Stores the run and its rows in one transaction, replacing an earlier run of the same id.
    /// `attempt` names the publication the run belongs to; `beforeCommit` runs last inside the
    /// transaction (a throw rolls everything back).
    public func record(run: RunEntry, rows: [HistoryRow], finishedAt: String, attempt: String? = nil,
                       beforeCommit: () throws -> Void = {}) throws -> StatusCounts {
        var counts = StatusCounts()
        do { try db.transaction {
            if try !hasAttemptColumn() {
                try db.execute("ALTER TABLE runs ADD COLUMN attempt TEXT")
            }
            try db.execute("PRAGMA user_version = \(HistorySchema.version)")
            for table in ["run_findings", "run_sources", "runs"] {
                _ = try db.rows("DELETE FROM \(table) WHERE run_id = ?", [run.runID])
            }
            let hashes = Dictionary(uniqueKeysWithValues: run.sources.compactMap { s in s.sha256.map { (s.system.rawValue, $0) } })
            let json = String(decoding: try JSONSerialization.data(withJSONObject: hashes, options: [.sortedKeys]), as: UTF8.self)
            let r = try db.prepare("INSERT INTO runs (run_id, as_of, finished_at, pipeline, tool_version, outcome, evaluated_systems, "
                                   + "input_hashes, attempt) VALUES (?,?,?,?,?,?,?,?,?)")
            let values: [String?] = [run.runID, run.asOf.iso, finishedAt, run.pipeline, IOMAuditVersion.current, run.outcome,
                                     run.evaluatedSystems.map(\.rawValue).sorted().joined(separator: ";"), json, attempt]
            for (i, v) in values.enumerated() { try r.bind(i + 1, v) }
            try r.run()
            let s = try db.prepare("INSERT INTO run_sources VALUES (?,?,?,?,?,?,?,?,?)")
            for src in run.sources {
                try s.bind(1, run.runID); try s.bind(2, src.system.rawValue); try s.bind(3, src.file); try s.bind(4, src.bytes)
                try s.bind(5, src.sha256); try s.bind(6, src.rowsRead); try s.bind(7, src.loaded); try s.bind(8, src.quarantined)
                try s.bind(9, src.status.rawValue)
                try s.run()
            }
            counts = try insertFindings(runID: run.runID, rows: rows)
            try beforeCommit()
            try FaultInjection.point("history-commit", file: path)
        } } catch let e as IngestError {
            throw e
        } catch {
            // Locked by another process past the busy timeout, disk full at COMMIT: rolled back, and said of the file.
            throw IngestError(file: path, line: nil, field: nil, message: "the run could not be recorded, so nothing was published: \(error)")
        }
        return counts
    }

    /// One run's finding rows written, with the counts of their statuses (inside a transaction).
    private func insertFindings(runID: String, rows: [HistoryRow]) throws -> StatusCounts {
        var counts = StatusCounts()
        let f = try db.prepare("INSERT INTO run_findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        for row in rows {
            let x = row.finding
            let values: [String?] = [runID, x.findingID, x.code, x.severity.rawValue, x.division, x.system.rawValue, x.owner,
                                     x.pncID, x.anchor, x.recordIDs.joined(separator: ";"), x.masterID, x.detail, x.evidence,
                                     row.status, row.firstSeen.iso]
            for (i, v) in values.enumerated() { try f.bind(i + 1, v) }
            try f.bind(16, row.ageDays)
            try f.run()
            counts.byStatus[row.status, default: 0] += 1
            counts.byDivision[x.division, default: [:]][row.status, default: 0] += 1
        }
        return counts
    }

    /// The runs dated after `asOf`, earliest first: those a backfill restates.
    public func runs(after asOf: CalendarDate) throws -> [RunEntry] {
        try db.rows("SELECT run_id, as_of, pipeline, outcome, evaluated_systems FROM runs WHERE as_of > ? ORDER BY as_of ASC", [asOf.iso]).compactMap { r in
            guard let id = r[0], let d = r[1].flatMap(CalendarDate.init(iso:)) else { return nil }
            return RunEntry(runID: id, asOf: d, pipeline: r[2] ?? "", outcome: r[3] ?? "",
                            evaluatedSystems: FindingHistory.systems(r[4]), sources: [])
        }
    }

    /// A later run's statuses replaced by ones computed again (a backfill, inside its transaction), and
    /// the run given to the publication that restates its folder.
    func restate(run runID: String, rows: [HistoryRow], attempt: String) throws {
        _ = try db.rows("DELETE FROM run_findings WHERE run_id = ?", [runID])
        _ = try db.rows("UPDATE runs SET attempt = ? WHERE run_id = ?", [attempt, runID])
        _ = try insertFindings(runID: runID, rows: rows)
    }

    /// A stored run's finding rows, in the order the run wrote them (its published order).
    public func rows(run runID: String) throws -> [HistoryRow] {
        try db.rows("""
            SELECT f.finding_id, code, severity, division, system, owner, pnc_id, anchor, record_ids, master_id, detail, evidence,
                   status, first_seen, r.as_of FROM run_findings f JOIN runs r ON r.run_id = f.run_id WHERE f.run_id = ?
            ORDER BY f.rowid
            """, [runID]).compactMap { c in
            guard let code = c[1], let sev = c[2].flatMap(Finding.Severity.init(rawValue:)), let system = c[4].flatMap(SourceSystem.init(rawValue:)),
                  let first = c[13].flatMap(CalendarDate.init(iso:)), let asOf = c[14].flatMap(CalendarDate.init(iso:)) else { return nil }
            let finding = Finding(code: code, severity: sev, division: c[3] ?? "UNKNOWN", system: system, owner: c[5] ?? "",
                                  pncID: c[6], anchor: c[7] ?? "", recordIDs: (c[8] ?? "").split(separator: ";").map(String.init),
                                  masterID: c[9], detail: c[10] ?? "", evidence: c[11] ?? "")
            return HistoryRow(finding: finding, status: c[12] ?? "", firstSeen: first, asOf: asOf)
        }
    }
}

/// One finding in one run's history, with its status.
public struct HistoryRow: Sendable {
    public let finding: Finding
    public let status: String
    public let firstSeen: CalendarDate
    public let ageDays: Int

    public init(finding: Finding, status: String, firstSeen: CalendarDate, asOf: CalendarDate) {
        self.finding = finding; self.status = status; self.firstSeen = firstSeen
        ageDays = asOf.days(since: firstSeen)
    }
}
