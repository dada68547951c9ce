import Foundation

/// One reconciled table being written: the caller fills a batch of rows (`rows`, then `endRow()`),
/// and each full batch goes to SQLite on one thread and to the CSV on another while the caller builds
/// the next. At a force's size the tables have millions of rows: building them, storing them and
/// encoding them then share the cores instead of taking turns. At most a few batches wait, so memory
/// stays bounded whatever the table's size; rows keep their order in both outputs.
final class TableWriter: @unchecked Sendable {
    static let batchRows = 8192
    static let batchesWaiting = 3

    /// What was written: rows, and the CSV's size and SHA-256 (for the run manifest).
    struct Written: Sendable {
        var rows: Int
        var csvBytes: Int
        var csvSHA256: String
    }

    let table: ReconciledTables.Table
    /// The batch being filled.
    var rows: TableRows
    private(set) var count = 0
    /// Told each batch's rows as it is handed over (progress).
    var onBatch: (@Sendable (Int) -> Void)?
    private let db: SQLiteDatabase
    private let insert: SQLiteStatement
    private let csv: CSVWriter
    private let storeQueue = DispatchQueue(label: "iomaudit.table-store")
    private let csvQueue = DispatchQueue(label: "iomaudit.table-csv")
    private let storeSlots = DispatchSemaphore(value: TableWriter.batchesWaiting)
    private let csvSlots = DispatchSemaphore(value: TableWriter.batchesWaiting)
    private let lock = NSLock()
    private var failure: Error?

    /// Replaces `table` in the store, inside a transaction that `finish` commits (a failure leaves the
    /// table as it was), and creates `csvPath`.
    init(_ table: ReconciledTables.Table, db: SQLiteDatabase, csvPath: String) throws {
        self.table = table
        self.db = db
        try db.execute("BEGIN IMMEDIATE")
        do {
            try db.execute("DROP TABLE IF EXISTS \(table.name); CREATE TABLE \(table.name) (\(table.columns.map { "\"\($0)\" TEXT" }.joined(separator: ", ")));")
            insert = try db.prepare("INSERT INTO \(table.name) VALUES (\(Array(repeating: "?", count: table.columns.count).joined(separator: ",")))")
            csv = try CSVWriter(path: csvPath, header: table.columns)
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        rows = TableRows(columns: table.columns.count, capacity: TableWriter.batchRows)
    }

    /// The row just filled is complete.
    func endRow() throws {
        count += 1
        if rows.count >= TableWriter.batchRows { try handOver() }
    }

    /// A whole row given as cells (the small tables): `ReconciledTables.Emit`.
    func emit(_ row: [String?]) throws {
        rows.append(row: row)
        try endRow()
    }

    /// Waits for both threads, commits the table and closes (fsyncs) the CSV.
    func finish() throws -> Written {
        try handOver()
        storeQueue.sync {}
        csvQueue.sync {}
        try rethrowFailure()
        try db.execute("COMMIT")
        try csv.close()
        return Written(rows: count, csvBytes: csv.bytesWritten, csvSHA256: csv.sha256)
    }

    /// After a failure: waits for both threads and rolls the table back.
    func abandon() {
        storeQueue.sync {}
        csvQueue.sync {}
        try? db.execute("ROLLBACK")
    }

    private func handOver() throws {
        try rethrowFailure()
        precondition(rows.isWhole, "\(table.name): a row was left with missing cells")
        guard !rows.isEmpty else { return }
        let batch = rows
        rows = TableRows(columns: table.columns.count, capacity: TableWriter.batchRows)
        onBatch?(batch.count)
        storeSlots.wait()
        csvSlots.wait()
        storeQueue.async { [self] in
            defer { storeSlots.signal() }
            guard !failed else { return }
            do { try insert.insert(batch) } catch { fail(error) }
        }
        csvQueue.async { [self] in
            defer { csvSlots.signal() }
            guard !failed else { return }
            do { try csv.write(batch) } catch { fail(error) }
        }
    }

    private var failed: Bool { lock.withLock { failure != nil } }
    private func fail(_ error: Error) { lock.withLock { if failure == nil { failure = error } } }
    private func rethrowFailure() throws { if let failure = lock.withLock({ failure }) { throw failure } }
}
