/// The finding history kept across runs in `OUT/history.sqlite` (the store directory). One row per
/// run, its sources, and per run every finding it raised (NEW, OPEN, REOPENED) plus every finding of
/// the previous run it no longer raised (CORRECTED or NOT-EVALUATED). Holds no names or dates of birth:
/// those stay in each run's own store.
public enum HistorySchema {
    public static let fileName = "history.sqlite"
    /// Kept in the file's `user_version`: 2 added `runs.attempt`. A file of a later version is refused.
    public static let version = 2
    /// What this version reads from each table; a file lacking any of them is refused.
    static let requiredColumns: [(String, [String])] = [
        ("runs", ["run_id", "as_of", "finished_at", "pipeline", "tool_version", "outcome", "evaluated_systems", "input_hashes"]),
        ("run_sources", ["run_id", "system", "file", "bytes", "sha256", "rows_read", "loaded", "quarantined", "status"]),
        ("run_findings", ["run_id", "finding_id", "code", "severity", "division", "system", "owner", "pnc_id", "anchor", "record_ids",
                          "master_id", "detail", "evidence", "status", "first_seen", "age_days"]),
    ]

    public static let sql = """
    CREATE TABLE IF NOT EXISTS runs (
      run_id TEXT PRIMARY KEY,           -- asof-YYYY-MM-DD: one run per as-of date, a re-run replaces it
      as_of TEXT NOT NULL,               -- YYYY-MM-DD
      finished_at TEXT NOT NULL,         -- ISO 8601 timestamp
      pipeline TEXT NOT NULL,
      tool_version TEXT NOT NULL,
      outcome TEXT NOT NULL,             -- published | published-with-warnings
      evaluated_systems TEXT NOT NULL,   -- ;-separated systems whose extract loaded in this run
      input_hashes TEXT NOT NULL,        -- JSON object system -> SHA-256 of the file read
      attempt TEXT                       -- the publication that put runs/RUN_ID in place (see Publication)
    );
    CREATE TABLE IF NOT EXISTS run_sources (
      run_id TEXT NOT NULL, system TEXT NOT NULL, file TEXT, bytes INTEGER, sha256 TEXT,
      rows_read INTEGER, loaded INTEGER, quarantined INTEGER, status TEXT NOT NULL, -- loaded | missing | failed
      PRIMARY KEY (run_id, system));
    CREATE TABLE IF NOT EXISTS run_findings (
      run_id TEXT NOT NULL, finding_id TEXT NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL,
      division TEXT NOT NULL, system TEXT NOT NULL, owner TEXT NOT NULL, pnc_id TEXT, anchor TEXT NOT NULL,
      record_ids TEXT NOT NULL, master_id TEXT, detail TEXT NOT NULL, evidence TEXT NOT NULL,
      status TEXT NOT NULL,              -- NEW | OPEN | REOPENED (raised by this run) | CORRECTED | NOT-EVALUATED (raised by the previous run only)
      first_seen TEXT NOT NULL,          -- as-of date of the run that first raised it
      age_days INTEGER NOT NULL,         -- this run's as-of minus first_seen
      PRIMARY KEY (run_id, finding_id));
    CREATE INDEX IF NOT EXISTS run_findings_by_id ON run_findings (finding_id);
    """

    /// Statuses of findings raised by a run: the open ones.
    public static let openStatuses = ["NEW", "OPEN", "REOPENED"]
}
