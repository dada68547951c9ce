import CSQLite

/// An SQLite error with the database's own message and the statement that failed, naming the file
/// (a full disk or a lock is about one file of several).
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public var file: String? = nil
    public var description: String { (file.map { "\($0): " } ?? "") + "SQLite error \(code): \(message)" }
}

/// A thin, synchronous SQLite connection: prepared statements, explicit transactions.
public final class SQLiteDatabase {
    let handle: OpaquePointer
    public let path: String

    public init(path: String) throws {
        var h: OpaquePointer?
        let rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let h else {
            let msg = h.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let h { sqlite3_close_v2(h) }
            throw SQLiteError(code: rc, message: msg, file: path)
        }
        handle = h
        self.path = path
        sqlite3_busy_timeout(h, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    public func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(err)
            throw SQLiteError(code: rc, message: "\(msg) in: \(sql.prefix(200))", file: path)
        }
    }

    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql) }
        return SQLiteStatement(db: self, stmt: stmt)
    }

    /// Runs `body` in one transaction: all or nothing.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let r = try body()
            try execute("COMMIT")
            return r
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// All rows of a query as text (NULL as nil): for small result sets such as reports and tests.
    public func rows(_ sql: String, _ args: [String?] = []) throws -> [[String?]] {
        let st = try prepare(sql)
        for (i, a) in args.enumerated() { try st.bind(i + 1, a) }
        var out: [[String?]] = []
        while try st.step() { out.append((0..<st.columnCount).map { st.text($0) }) }
        return out
    }

    public func scalarInt(_ sql: String, _ args: [String?] = []) throws -> Int {
        let r = try rows(sql, args)
        return Int(r.first?.first.flatMap { $0 } ?? "0") ?? 0
    }

    func error(_ rc: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: rc, message: "\(String(cString: sqlite3_errmsg(handle))) in: \(sql.prefix(200))", file: path)
    }
}

/// A prepared statement, reused row after row.
public final class SQLiteStatement {
    let db: SQLiteDatabase
    let stmt: OpaquePointer

    init(db: SQLiteDatabase, stmt: OpaquePointer) { self.db = db; self.stmt = stmt }
    deinit { sqlite3_finalize(stmt) }

    public func bind(_ index: Int, _ value: String?) throws {
        let rc: Int32
        if var value {
            // With its byte length, not NUL-terminated: a NUL inside a quarantined row's raw text must not cut it.
            rc = value.withUTF8 { bytes in
                bytes.isEmpty ? sqlite3_bind_text(stmt, Int32(index), "", 0, IOM_SQLITE_TRANSIENT)
                    : sqlite3_bind_text(stmt, Int32(index), bytes.baseAddress, Int32(bytes.count), IOM_SQLITE_TRANSIENT)
            }
        } else {
            rc = sqlite3_bind_null(stmt, Int32(index))
        }
        guard rc == SQLITE_OK else { throw db.error(rc, "bind \(index)") }
    }

    public func bind(_ index: Int, _ value: Int) throws {
        let rc = sqlite3_bind_int64(stmt, Int32(index), Int64(value))
        guard rc == SQLITE_OK else { throw db.error(rc, "bind \(index)") }
    }

    /// Steps once: true while a row is available.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw db.error(rc, String(cString: sqlite3_sql(stmt)))
    }

    /// Executes with the bound values and resets for the next row.
    public func run() throws {
        defer { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }
        while try step() {}
    }

    public func reset() { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }

    /// Runs the statement once per row of `rows`, binding each cell in place: SQLite reads the bytes
    /// during the step, so they are neither copied nor turned into strings.
    func insert(_ rows: TableRows) throws {
        precondition(Int(sqlite3_bind_parameter_count(stmt)) == rows.columns, "a statement for \(rows.columns) columns")
        try rows.withCells { cell in
            for r in 0..<rows.count {
                for c in 0..<rows.columns {
                    let rc: Int32
                    if let bytes = cell(r, c) {
                        rc = bytes.isEmpty ? sqlite3_bind_text(stmt, Int32(c + 1), "", 0, IOM_SQLITE_TRANSIENT)
                            : sqlite3_bind_text(stmt, Int32(c + 1), UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                                Int32(bytes.count), IOM_SQLITE_STATIC)
                    } else {
                        rc = sqlite3_bind_null(stmt, Int32(c + 1))
                    }
                    guard rc == SQLITE_OK else { throw db.error(rc, "bind \(c + 1)") }
                }
                let rc = sqlite3_step(stmt)
                sqlite3_reset(stmt)
                guard rc == SQLITE_DONE else { throw db.error(rc, String(cString: sqlite3_sql(stmt))) }
            }
        }
        sqlite3_clear_bindings(stmt)
    }

    public var columnCount: Int { Int(sqlite3_column_count(stmt)) }

    public func text(_ column: Int) -> String? {
        guard sqlite3_column_type(stmt, Int32(column)) != SQLITE_NULL, let p = sqlite3_column_text(stmt, Int32(column)) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, Int32(column)))), as: UTF8.self)
    }
}
