import Foundation
import Testing
@testable import IOMAudit

/// The reconciled tables' writer: the same rows in the store and the CSV, in order, whatever the batch
/// boundaries; NULL apart from empty text; nothing committed when the rows fail part-way.
@Suite struct TableWriterTests {
    let table = ReconciledTables.Table(name: "t", columns: ["text", "number", "date", "maybe"])

    @Test func cellsKeepTheirBytesNullsAndFormats() {
        var rows = TableRows(columns: 4)
        rows.append("Wiśniewski, \"JO\"")
        rows.append(-120)
        rows.append(CalendarDate(year: 1987, month: 3, day: 9))
        rows.appendNull()
        rows.append("")
        rows.append(0)
        rows.append(nil as CalendarDate?)
        rows.append("x")
        #expect(rows.count == 2 && rows.isWhole)
        let cells: [String?] = rows.withCells { cell in
            (0..<2).flatMap { r in (0..<4).map { c in cell(r, c).map { String(decoding: $0, as: UTF8.self) } } }
        }
        #expect(cells == ["Wiśniewski, \"JO\"", "-120", "1987-03-09", nil, "", "0", nil, "x"])
    }

    @Test func storeAndCSVHoldEveryRowInOrderAcrossBatches() throws {
        let dir = tempDirectory()
        let db = try SQLiteDatabase(path: dir + "/s.sqlite")
        let n = TableWriter.batchRows * 2 + 17
        let written = try ReconciledTables.write(table, to: db, csvDirectory: dir, rows: { w in
            for i in 0..<n {
                w.rows.append("=row \(i)")
                w.rows.append(i)
                w.rows.append(CalendarDate(year: 2000, month: 1, day: 1 + i % 28))
                if i % 3 == 0 { w.rows.appendNull() } else { w.rows.append("") }
                try w.endRow()
            }
        })
        #expect(written.rows == n)
        #expect(try db.scalarInt("SELECT count(*) FROM t") == n)
        #expect(try db.scalarInt("SELECT count(*) FROM t WHERE maybe IS NULL") == (n + 2) / 3)
        #expect(try db.rows("SELECT * FROM t WHERE rowid = \(n)") == [["=row \(n - 1)", "\(n - 1)", "2000-01-\(String(format: "%02d", 1 + (n - 1) % 28))", (n - 1) % 3 == 0 ? nil : ""]])
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/t.csv"))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.count == n + 2)
        #expect(lines[0] == "text,number,date,maybe")
        #expect(lines[1] == "\"'=row 0\",0,2000-01-01,")
        #expect(lines[n] == "\"'=row \(n - 1)\",\(n - 1),2000-01-\(String(format: "%02d", 1 + (n - 1) % 28)),")
        // The digest and size are the file's own.
        #expect(written.csvBytes == data.count)
        #expect(written.csvSHA256 == SHA256.hex(of: {
            var h = SHA256()
            h.update([UInt8](data))
            return h.finalize()
        }()))
    }

    @Test func aFailurePartWayCommitsNothing() throws {
        let dir = tempDirectory()
        let db = try SQLiteDatabase(path: dir + "/s.sqlite")
        try ReconciledTables.write(table, to: db, csvDirectory: dir, rows: { w in
            w.rows.append("kept"); w.rows.append(1); w.rows.appendNull(); w.rows.appendNull()
            try w.endRow()
        })
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try ReconciledTables.write(table, to: db, csvDirectory: dir, rows: { w in
                for i in 0..<(TableWriter.batchRows + 5) {
                    w.rows.append("new"); w.rows.append(i); w.rows.appendNull(); w.rows.appendNull()
                    try w.endRow()
                }
                throw Stop()
            })
        }
        // The table was replaced inside the transaction that rolled back: the earlier table stands.
        #expect(try db.rows("SELECT text FROM t") == [["kept"]])
        // And the store takes writes again.
        try db.execute("INSERT INTO t VALUES ('after', '2', NULL, NULL)")
    }

    @Test func theArrayFormOfTheSmallTablesWritesTheSameRows() throws {
        let dir = tempDirectory()
        let db = try SQLiteDatabase(path: dir + "/s.sqlite")
        let n = try ReconciledTables.write(table, to: db, csvDirectory: dir) { emit in
            try emit(["a", "1", nil, ""])
            try emit(["b,c", "-2", "2020-02-29", nil])
        }
        #expect(n == 2)
        #expect(try db.rows("SELECT * FROM t") == [["a", "1", nil, ""], ["b,c", "-2", "2020-02-29", nil]])
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/t.csv")).dropFirst(3), as: UTF8.self)
        #expect(text == "text,number,date,maybe\r\na,1,,\r\n\"b,c\",-2,2020-02-29,\r\n")
    }
}
