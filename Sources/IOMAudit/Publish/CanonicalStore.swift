/// The SQLite store of canonical records: one table per source system (columns follow its
/// `CanonicalSchema`), child tables for repeated groups, plus the quarantine, field issues and the
/// per-file accounting. Values are stored in their canonical text form.
public final class CanonicalStore {
    public let db: SQLiteDatabase

    public init(path: String) throws {
        db = try SQLiteDatabase(path: path)
        // A store is always built where nobody reads it (a run's private folder, a temporary name) and made
        // visible only after it is complete and fsynced, so it needs no write-ahead log and no syncs of its
        // own: the journal stays in memory (a failed source still rolls back) and every page is written once.
        try db.execute("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;")
        try createTables()
    }

    static func quote(_ identifier: String) -> String { "\"" + identifier + "\"" }

    func createTables() throws {
        var sql = """
        CREATE TABLE IF NOT EXISTS source_files (
          system TEXT NOT NULL, mapping TEXT NOT NULL, file TEXT, bytes INTEGER, sha256 TEXT,
          rows_read INTEGER, loaded INTEGER, quarantined INTEGER, field_issues INTEGER,
          status TEXT NOT NULL, error TEXT);
        CREATE TABLE IF NOT EXISTS quarantine (
          system TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, field TEXT, reason TEXT NOT NULL, raw TEXT);
        CREATE TABLE IF NOT EXISTS field_issues (
          system TEXT NOT NULL, record_id TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
          field TEXT NOT NULL, code TEXT NOT NULL, value TEXT, message TEXT NOT NULL);

        """
        for system in SourceSystem.allCases {
            let s = CanonicalSchema.of(system)
            let cols = s.fields.map { "\(CanonicalStore.quote($0.column)) TEXT" }.joined(separator: ", ")
            sql += "CREATE TABLE IF NOT EXISTS \(s.table) (record_id TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, \(cols));\n"
            for g in s.groups {
                let gcols = g.fields.map { "\(CanonicalStore.quote($0.column)) TEXT" }.joined(separator: ", ")
                sql += "CREATE TABLE IF NOT EXISTS \(g.table) (record_id TEXT NOT NULL, seq INTEGER NOT NULL, \(gcols));\n"
            }
        }
        try db.execute(sql)
    }

    /// Removes everything a previous load of `system` left, so a re-run replaces rather than adds.
    public func clear(system: SourceSystem) throws {
        let s = CanonicalSchema.of(system)
        var sql = "DELETE FROM \(s.table); DELETE FROM source_files WHERE system = '\(system.rawValue)';"
        sql += "DELETE FROM quarantine WHERE system = '\(system.rawValue)'; DELETE FROM field_issues WHERE system = '\(system.rawValue)';"
        for g in s.groups { sql += "DELETE FROM \(g.table);" }
        try db.execute(sql)
    }

    public func writer(for system: SourceSystem) throws -> Writer { try Writer(store: self, system: system) }

    public func record(_ report: SourceReport) throws {
        let st = try db.prepare("INSERT INTO source_files VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        try st.bind(1, report.system.rawValue)
        try st.bind(2, report.mapping)
        try st.bind(3, report.file)
        try st.bind(4, report.bytes)
        try st.bind(5, report.sha256)
        try st.bind(6, report.rowsRead)
        try st.bind(7, report.loaded)
        try st.bind(8, report.quarantined)
        try st.bind(9, report.fieldIssues)
        try st.bind(10, report.status.rawValue)
        try st.bind(11, report.error)
        try st.run()
    }

    /// Prepared inserts for one system, reused for every row. A record's cells are laid out in one
    /// reused buffer and bound in place (`TableRows`): millions of rows a night, so no text is made
    /// per value and SQLite copies nothing at bind time.
    public final class Writer {
        let schema: CanonicalSchema
        let insertRecord: SQLiteStatement
        let insertGroups: [SQLiteStatement]
        let insertIssue: SQLiteStatement
        let insertQuarantine: SQLiteStatement
        private var record: TableRows
        private var groupRows: [TableRows]

        init(store: CanonicalStore, system: SourceSystem) throws {
            schema = CanonicalSchema.of(system)
            let marks = Array(repeating: "?", count: schema.fields.count + 3).joined(separator: ",")
            insertRecord = try store.db.prepare("INSERT INTO \(schema.table) VALUES (\(marks))")
            insertGroups = try schema.groups.map { g in
                try store.db.prepare("INSERT INTO \(g.table) VALUES (\(Array(repeating: "?", count: g.fields.count + 2).joined(separator: ",")))")
            }
            insertIssue = try store.db.prepare("INSERT INTO field_issues VALUES (?,?,?,?,?,?,?,?)")
            insertQuarantine = try store.db.prepare("INSERT INTO quarantine VALUES (?,?,?,?,?,?)")
            record = TableRows(columns: schema.fields.count + 3, capacity: 1)
            groupRows = schema.groups.map { TableRows(columns: $0.fields.count + 2, capacity: 1) }
        }

        public func insert(_ r: CanonicalRecord) throws {
            record.removeAll()
            record.append(r.recordID)
            record.append(r.origin.file)
            record.append(r.origin.line)
            for v in r.values { record.append(v) }
            try insertRecord.insert(record)
            for (g, occurrences) in r.groups.enumerated() {
                for (seq, row) in occurrences.enumerated() {
                    groupRows[g].removeAll()
                    groupRows[g].append(r.recordID)
                    groupRows[g].append(seq + 1)
                    for v in row { groupRows[g].append(v) }
                    try insertGroups[g].insert(groupRows[g])
                }
            }
            for issue in r.issues {
                try insertIssue.bind(1, r.system.rawValue)
                try insertIssue.bind(2, r.recordID)
                try insertIssue.bind(3, r.origin.file)
                try insertIssue.bind(4, r.origin.line)
                try insertIssue.bind(5, issue.field)
                try insertIssue.bind(6, issue.code)
                try insertIssue.bind(7, issue.value)
                try insertIssue.bind(8, issue.message)
                try insertIssue.run()
            }
        }

        public func insert(_ q: QuarantinedRow) throws {
            try insertQuarantine.bind(1, q.system.rawValue)
            try insertQuarantine.bind(2, q.file)
            try insertQuarantine.bind(3, q.line)
            try insertQuarantine.bind(4, q.field)
            try insertQuarantine.bind(5, q.reason)
            try insertQuarantine.bind(6, q.raw)
            try insertQuarantine.run()
        }
    }
}
