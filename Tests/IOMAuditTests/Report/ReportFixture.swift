import Foundation
@testable import IOMAudit

/// A small, synthetic finding history over August–November 2026, built row by row with
/// `HistorySchema.sql`, plus the November run's store with a `nominals` table.
///
/// Runs: 2026-08-31, (no September run), 2026-10-15, 2026-10-31, 2026-11-15, 2026-11-22, 2026-11-30.
/// The November report compares asof-2026-11-30 with asof-2026-10-31:
///
/// | id  | division | code               | Oct 31 | Nov 15        | Nov 22        | Nov 30        | counts as            |
/// |-----|----------|--------------------|--------|---------------|---------------|---------------|----------------------|
/// | F1  | LD       | PNC-MARKER-MISSING | OPEN   | OPEN          | OPEN          | OPEN (152 d)  | open, >30, >90       |
/// | F2  | LD       | NICHE-FLAG-MISSING | NEW    | CORRECTED     | –             | –             | corrected            |
/// | F3  | LD       | JTRACK-MISSING     | NEW    | NOT-EVALUATED | NOT-EVALUATED | NOT-EVALUATED | not evaluated        |
/// | F4  | BD       | LEAD-AGENCY        | OPEN   | OPEN          | OPEN          | CORRECTED     | corrected            |
/// | F5  | BD       | AGE-GROUP          | NEW    | CORRECTED     | REOPENED      | NOT-EVALUATED | not evaluated        |
/// | F6  | UNKNOWN  | TEST-UNLINKED      | NEW    | OPEN          | OPEN          | OPEN (30 d)   | open (not over 30)   |
/// | F8  | LD       | PNC-MARKER-STALE   | –      | –             | –             | NEW           | open, new            |
/// | F9  | BD       | ID-DUPLICATE       | –      | –             | –             | REOPENED      | open, new            |
/// | F10 | CD       | NICHE-FLAG-STALE   | –      | NEW           | OPEN          | OPEN (15 d)   | open, new            |
/// | F11 | LD       | PNC-MARKER-WORDING | OPEN   | OPEN          | OPEN          | OPEN (102 d)  | open, >30, >90       |
/// | F12 | WD       | DIVISION-MISMATCH  | OPEN   | OPEN          | OPEN          | OPEN (46 d)   | open, >30            |
/// | F13 | KD       | ID-PNC-INVALID     | NOT-EV | NOT-EVALUATED | NOT-EVALUATED | NOT-EVALUATED | nothing (not open last month) |
/// | F14 | CD       | JTRACK-STALE       | –      | NEW           | OPEN          | CORRECTED     | nothing (never open at a month end) |
enum ReportFixture {
    struct Row {
        let run: String
        let id: String
        let code: String
        let division: String
        let system: String
        let status: String
        let firstSeen: String
        var master: String? = nil
        var pnc: String? = nil
        var detail: String? = nil
    }

    static let runs = ["2026-08-31", "2026-10-15", "2026-10-31", "2026-11-15", "2026-11-22", "2026-11-30"]

    /// The hostile name of F1's subject: must show as text on the Leeds page and nowhere else.
    static let scriptSurname = "<script>alert(1)</script>"
    static let scriptForenames = "Tom & \"Jerry\""
    static let plainSurname = "SMITH-JONES"
    static let plainForenames = "Ann"
    static let formulaDetail = "=HYPERLINK(\"http://evil.example\",\"click\") <b>bold</b> & more"

    static func rows() -> [Row] {
        var r: [Row] = []
        func add(_ run: String, _ id: String, _ code: String, _ div: String, _ sys: String, _ status: String, _ first: String) {
            let master: String? = ["F1": "M1", "F8": "M2", "F11": "M3", "F12": "M4", "F9": "M5", "F10": "M6", "F2": "M7"][id]
            let pnc: String? = ["F1": "00/1082A", "F8": "95/123456X", "F11": "88/77Q"][id]
            let detail = id == "F12" ? formulaDetail : "Change \(sys) record for \(id)."
            r.append(Row(run: run, id: id, code: code, division: div, system: sys, status: status, firstSeen: first,
                         master: master, pnc: pnc, detail: detail))
        }
        // August.
        add("2026-08-31", "F1", "PNC-MARKER-MISSING", "LD", "pnc", "OPEN", "2026-07-01")
        add("2026-08-31", "F11", "PNC-MARKER-WORDING", "LD", "pnc", "OPEN", "2026-08-20")
        add("2026-08-31", "F9", "ID-DUPLICATE", "BD", "niche", "NEW", "2026-08-31")
        // October: a mid-month run that is not the month's last.
        add("2026-10-15", "F1", "PNC-MARKER-MISSING", "LD", "pnc", "OPEN", "2026-07-01")
        add("2026-10-15", "F11", "PNC-MARKER-WORDING", "LD", "pnc", "OPEN", "2026-08-20")
        add("2026-10-15", "F12", "DIVISION-MISMATCH", "WD", "niche", "NEW", "2026-10-15")
        add("2026-10-15", "F4", "LEAD-AGENCY", "BD", "micase", "NEW", "2026-10-15")
        add("2026-10-15", "F99", "ID-REVIEW", "LD", "niche", "NEW", "2026-10-15")
        add("2026-10-15", "F13", "ID-PNC-INVALID", "KD", "niche", "NEW", "2026-10-15")
        // October's last run.
        add("2026-10-31", "F1", "PNC-MARKER-MISSING", "LD", "pnc", "OPEN", "2026-07-01")
        add("2026-10-31", "F2", "NICHE-FLAG-MISSING", "LD", "niche", "NEW", "2026-10-31")
        add("2026-10-31", "F3", "JTRACK-MISSING", "LD", "jtrack", "NEW", "2026-10-31")
        add("2026-10-31", "F11", "PNC-MARKER-WORDING", "LD", "pnc", "OPEN", "2026-08-20")
        add("2026-10-31", "F4", "LEAD-AGENCY", "BD", "micase", "OPEN", "2026-10-15")
        add("2026-10-31", "F5", "AGE-GROUP", "BD", "micase", "NEW", "2026-10-31")
        add("2026-10-31", "F6", "TEST-UNLINKED", "UNKNOWN", "cozart", "NEW", "2026-10-31")
        add("2026-10-31", "F12", "DIVISION-MISMATCH", "WD", "niche", "OPEN", "2026-10-15")
        add("2026-10-31", "F99", "ID-REVIEW", "LD", "niche", "CORRECTED", "2026-10-15")
        add("2026-10-31", "F13", "ID-PNC-INVALID", "KD", "niche", "NOT-EVALUATED", "2026-10-15")
        // November, mid-month.
        for run in ["2026-11-15", "2026-11-22"] {
            add(run, "F1", "PNC-MARKER-MISSING", "LD", "pnc", "OPEN", "2026-07-01")
            add(run, "F11", "PNC-MARKER-WORDING", "LD", "pnc", "OPEN", "2026-08-20")
            add(run, "F4", "LEAD-AGENCY", "BD", "micase", "OPEN", "2026-10-15")
            add(run, "F6", "TEST-UNLINKED", "UNKNOWN", "cozart", "OPEN", "2026-10-31")
            add(run, "F12", "DIVISION-MISMATCH", "WD", "niche", "OPEN", "2026-10-15")
            add(run, "F10", "NICHE-FLAG-STALE", "CD", "niche", run == "2026-11-15" ? "NEW" : "OPEN", "2026-11-15")
            add(run, "F14", "JTRACK-STALE", "CD", "jtrack", run == "2026-11-15" ? "NEW" : "OPEN", "2026-11-15")
            add(run, "F3", "JTRACK-MISSING", "LD", "jtrack", "NOT-EVALUATED", "2026-10-31")
            add(run, "F13", "ID-PNC-INVALID", "KD", "niche", "NOT-EVALUATED", "2026-10-15")
        }
        add("2026-11-15", "F2", "NICHE-FLAG-MISSING", "LD", "niche", "CORRECTED", "2026-10-31")
        add("2026-11-15", "F5", "AGE-GROUP", "BD", "micase", "CORRECTED", "2026-10-31")
        add("2026-11-22", "F5", "AGE-GROUP", "BD", "micase", "REOPENED", "2026-11-22")
        // November's last run.
        add("2026-11-30", "F1", "PNC-MARKER-MISSING", "LD", "pnc", "OPEN", "2026-07-01")
        add("2026-11-30", "F11", "PNC-MARKER-WORDING", "LD", "pnc", "OPEN", "2026-08-20")
        add("2026-11-30", "F8", "PNC-MARKER-STALE", "LD", "pnc", "NEW", "2026-11-30")
        add("2026-11-30", "F9", "ID-DUPLICATE", "BD", "niche", "REOPENED", "2026-11-30")
        add("2026-11-30", "F10", "NICHE-FLAG-STALE", "CD", "niche", "OPEN", "2026-11-15")
        add("2026-11-30", "F6", "TEST-UNLINKED", "UNKNOWN", "cozart", "OPEN", "2026-10-31")
        add("2026-11-30", "F12", "DIVISION-MISMATCH", "WD", "niche", "OPEN", "2026-10-15")
        add("2026-11-30", "F4", "LEAD-AGENCY", "BD", "micase", "CORRECTED", "2026-10-15")
        add("2026-11-30", "F5", "AGE-GROUP", "BD", "micase", "NOT-EVALUATED", "2026-11-22")
        add("2026-11-30", "F3", "JTRACK-MISSING", "LD", "jtrack", "NOT-EVALUATED", "2026-10-31")
        add("2026-11-30", "F13", "ID-PNC-INVALID", "KD", "niche", "NOT-EVALUATED", "2026-10-15")
        add("2026-11-30", "F14", "JTRACK-STALE", "CD", "jtrack", "CORRECTED", "2026-11-15")
        return r
    }

    /// A fresh out folder holding history.sqlite and runs/asof-2026-11-30/store.sqlite.
    static func makeOut(runs: [String] = runs) throws -> String {
        let out = NSTemporaryDirectory() + "iomaudit-report-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let db = try SQLiteDatabase(path: out + "/" + HistorySchema.fileName)
        try db.execute(HistorySchema.sql)
        try db.transaction {
            let r = try db.prepare("INSERT INTO runs (run_id, as_of, finished_at, pipeline, tool_version, outcome, evaluated_systems, "
                                   + "input_hashes) VALUES (?,?,?,?,?,?,?,?)")
            for asOf in runs {
                for (i, v) in ["asof-" + asOf, asOf, asOf + "T02:00:00Z", "nightly", "test", "published",
                               "cozart;jtrack;micase;niche;pnc;prison", "{}"].enumerated() { try r.bind(i + 1, v) }
                try r.run()
            }
            let f = try db.prepare("INSERT INTO run_findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            for row in rows() where runs.contains(row.run) {
                let id = "\(row.code)-\(row.id)"
                let severity = RuleCatalogue.entry(code: row.code)?.severity.rawValue ?? "MEDIUM"
                let age = CalendarDate(iso: row.run)!.days(since: CalendarDate(iso: row.firstSeen)!)
                let values: [String?] = ["asof-" + row.run, id, row.code, severity, row.division, row.system, "Police", row.pnc,
                                         "\(row.system):\(row.id)", "\(row.system):\(row.id);pnc:\(row.id)P", row.master, row.detail ?? "",
                                         "evidence", row.status, row.firstSeen]
                for (i, v) in values.enumerated() { try f.bind(i + 1, v) }
                try f.bind(16, age)
                try f.run()
            }
        }
        if runs.contains("2026-10-31") {
            // Last month's store: the only place the subject of corrected finding F2 is named.
            try writeStore(out + "/runs/asof-2026-10-31", [["M7", nil, previousOnlySurname, "Only", "1960-05-06"],
                                                           ["M1", "00/1082A", "OLDNAME", "Tom", "1990-02-03"]])
        }
        if runs.contains("2026-11-30") {
            try writeStore(out + "/runs/asof-2026-11-30", [["M1", "00/1082A", scriptSurname, scriptForenames, "1990-02-03"],
                                                           ["M2", "95/123456X", plainSurname, plainForenames, "1985-12-01"],
                                                           ["M3", "88/77Q", "O'NEIL", "Sean", "1979-07-14"],
                                                           ["M4", nil, "WRIGHT", "Kai", "2001-03-09"],
                                                           ["M9", nil, "NOTLISTED", "Person", "1970-01-01"]])
        }
        return out
    }

    static let previousOnlySurname = "PREVIOUSRUN"

    static func writeStore(_ dir: String, _ nominals: [[String?]]) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try SQLiteDatabase(path: dir + "/store.sqlite")
        try store.execute("""
            CREATE TABLE nominals (master_id TEXT, pnc_id TEXT, surname TEXT, forenames TEXT, date_of_birth TEXT, sex TEXT,
              division TEXT, systems TEXT, records TEXT, open_findings TEXT);
            """)
        let ins = try store.prepare("INSERT INTO nominals VALUES (?,?,?,?,?,?,?,?,?,?)")
        for n in nominals {
            for (i, v) in n.enumerated() { try ins.bind(i + 1, v) }
            try ins.bind(6, "M"); try ins.bind(7, "LD"); try ins.bind(8, "pnc"); try ins.bind(9, "1"); try ins.bind(10, "0")
            try ins.run()
        }
    }

    static let divisions = [Division(code: "BD", name: "Bradford"), Division(code: "CD", name: "Calderdale"),
                            Division(code: "KD", name: "Kirklees"), Division(code: "LD", name: "Leeds"),
                            Division(code: "WD", name: "Wakefield")]

    static let producedBy = "iomaudit test from the finding history (history.sqlite)"

    /// The package's `seeds/`, found from this file's path.
    static func seedsDirectory() -> String { Repo.path("seeds") }

    static func text(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// A CSV file's rows (header first), read with the product's own reader.
    static func csv(_ path: String) throws -> [[String]] {
        let reader = try CSVReader(path: path)
        var rows: [[String]] = [try reader.readHeader() ?? []]
        try reader.forEachRow { row, _ in rows.append(row.strings()) }
        return rows
    }

    /// CSV rows as dictionaries by header.
    static func records(_ path: String) throws -> [[String: String]] {
        let rows = try csv(path)
        let header = rows[0]
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}
