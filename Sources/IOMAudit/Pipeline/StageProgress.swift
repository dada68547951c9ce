import Foundation

/// How far the stage under way has got: work done of the work expected (bytes read, rows written),
/// rows, rows per second and the time left. A terminal shows `line` in place (`Progress` in the
/// command); the log gets one line per stage each time another tenth of its work is done. Counts only:
/// never a name, a date of birth or a record key.
public final class StageProgress: @unchecked Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var stage: String
        /// What `done` and `total` count: "MB" (bytes, shown in megabytes) or "rows".
        public var unit: String
        public var done: Int
        /// 0 when the stage cannot say how much work it has.
        public var total: Int
        public var rows: Int
        public var seconds: Double

        public var fraction: Double? { total > 0 ? min(1, Double(done) / Double(total)) : nil }
        public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
        /// At the rate so far; nil until a little work is done.
        public var secondsLeft: Double? {
            guard let f = fraction, f >= 0.01, seconds > 0 else { return nil }
            return seconds * (1 - f) / f
        }

        /// `ingest: 412 of 937 MB (44 %), 3,120,000 rows, 95,000 rows/s, about 30 s left`
        public var line: String {
            var s = "\(stage): "
            let scale = unit == "MB" ? 1_000_000 : 1
            if total > 0 {
                s += "\(StageProgress.grouped(done / scale)) of \(StageProgress.grouped(total / scale)) \(unit) (\(Int(fraction! * 100)) %)"
            } else if unit != "rows" {
                s += "\(StageProgress.grouped(done / scale)) \(unit)"
            }
            if rows > 0 {
                if total > 0 || unit != "rows" { s += ", " }
                s += "\(StageProgress.grouped(rows)) rows, \(StageProgress.grouped(Int(rowsPerSecond))) rows/s"
            } else if total == 0 {
                s += "working"
            }
            s += ", \(Int(seconds)) s"
            if let left = secondsLeft { s += ", about \(Int(left.rounded(.up))) s left" }
            return s
        }
    }

    private let lock = NSLock()
    private let log: RunLog?
    private var current = Snapshot(stage: "", unit: "rows", done: 0, total: 0, rows: 0, seconds: 0)
    private var started = Date()
    private var loggedTenth = 0

    public init(log: RunLog?) { self.log = log }

    /// A new stage, with the work it expects (0 when unknown) and what that work is counted in.
    public func begin(_ stage: String, total: Int = 0, unit: String = "rows") {
        lock.withLock {
            current = Snapshot(stage: stage, unit: unit, done: 0, total: max(0, total), rows: 0, seconds: 0)
            started = Date()
            loggedTenth = 0
        }
    }

    /// The work the stage under way expects, once it knows (the extracts' bytes, the tables' rows).
    public func expect(total: Int, unit: String) {
        lock.withLock { current.total = max(0, total); current.unit = unit }
    }

    /// More work done (in the stage's unit) and more rows; callable from any thread.
    public func advance(done: Int = 0, rows: Int = 0) {
        var toLog: Snapshot?
        lock.withLock {
            current.done += done
            current.rows += rows
            guard let f = fractionLocked(), f < 1 else { return }
            let tenth = Int(f * 10)
            if tenth > loggedTenth {
                loggedTenth = tenth
                current.seconds = Date().timeIntervalSince(started)
                toLog = current
            }
        }
        if let s = toLog { write(s) }
    }

    /// The stage is over: its last line, once, whatever its total said (none for a stage that counted
    /// nothing, such as the history's).
    public func end() {
        let s: Snapshot? = lock.withLock {
            guard !current.stage.isEmpty, current.total > 0 || current.rows > 0 else { current.stage = ""; return nil }
            if current.total > 0 { current.done = current.total }
            current.seconds = Date().timeIntervalSince(started)
            defer { current.stage = "" }
            return current
        }
        if let s { write(s) }
    }

    public func snapshot() -> Snapshot {
        lock.withLock {
            var s = current
            s.seconds = Date().timeIntervalSince(started)
            return s
        }
    }

    private func fractionLocked() -> Double? {
        current.total > 0 ? Double(current.done) / Double(current.total) : nil
    }

    private func write(_ s: Snapshot) {
        guard let log else { return }
        var fields: KeyValuePairs<String, Any> = ["rows": s.rows, "rows_per_second": Int(s.rowsPerSecond), "seconds": RunLog.seconds(s.seconds)]
        if let f = s.fraction {
            fields = ["percent": Int(f * 100), "rows": s.rows, "rows_per_second": Int(s.rowsPerSecond), "seconds": RunLog.seconds(s.seconds),
                      "seconds_left": Int((s.secondsLeft ?? 0).rounded(.up))]
        }
        log.info(s.stage, "progress", fields)
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
