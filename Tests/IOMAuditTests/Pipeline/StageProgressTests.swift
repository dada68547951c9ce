import Foundation
import Testing
@testable import IOMAudit

/// Progress a person can read: on a terminal a line with work done, rows, rows per second and the time
/// left; in the log one line per stage per tenth of its work, counts only.
@Suite struct StageProgressTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.withLock { lines.append(s) } }
        var all: [String] { lock.withLock { lines } }
    }

    func json(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    @Test func logsOneLinePerTenthAndTheEnd() {
        let lines = Lines()
        let p = StageProgress(log: RunLog(format: .json, write: lines.add))
        p.begin("ingest")
        p.expect(total: 1_000, unit: "MB")
        for _ in 0..<100 { p.advance(done: 7, rows: 70) }    // 700 of 1,000: tenths 1 to 7
        p.advance(done: 250, rows: 2_500)                    // 950: the ninth tenth at once
        p.end()
        let progress = lines.all.map(json).filter { $0["message"] as? String == "progress" }
        #expect(progress.map { $0["percent"] as? Int } == [10, 20, 30, 40, 50, 60, 70, 95, 100])
        #expect(progress.allSatisfy { $0["stage"] as? String == "ingest" && $0["rows_per_second"] is Int && $0["seconds_left"] is Int })
        #expect(progress.last?["rows"] as? Int == 9_500)
        // Counts only: the fields are these, whatever the stage.
        #expect(Set(progress.flatMap { $0.keys }) == ["time", "level", "stage", "message", "percent", "rows", "rows_per_second", "seconds", "seconds_left"])
    }

    @Test func aStageWithoutATotalSaysRowsAndTime() {
        let lines = Lines()
        let p = StageProgress(log: RunLog(format: .text, write: lines.add))
        p.begin("link")
        p.advance(rows: 9_108_920)
        #expect(lines.all.isEmpty, "no tenths without a total")
        let s = p.snapshot()
        #expect(s.fraction == nil && s.secondsLeft == nil)
        #expect(s.line.hasPrefix("link: 9,108,920 rows, "))
        p.end()
        #expect(lines.all.count == 1 && lines.all[0].contains("link: progress (rows=9108920"))
    }

    @Test func theTerminalLineSaysWorkRowsRateAndTimeLeft() {
        let s = StageProgress.Snapshot(stage: "ingest", unit: "MB", done: 412_000_000, total: 937_000_000, rows: 3_120_000, seconds: 30)
        #expect(s.line == "ingest: 412 of 937 MB (43 %), 3,120,000 rows, 104,000 rows/s, 30 s, about 39 s left")
        let publish = StageProgress.Snapshot(stage: "publish", unit: "rows", done: 8_192, total: 16_000_000, rows: 8_192, seconds: 0.5)
        #expect(publish.line.hasPrefix("publish: 8,192 of 16,000,000 rows (0 %), 8,192 rows, 16,384 rows/s"))
        #expect(publish.secondsLeft == nil, "too little done to say")
    }

    /// A run of the samples logs each stage's progress, ingest in bytes read and publish in rows written.
    @Test func aRunLogsProgressForEveryStage() throws {
        let lines = Lines()
        _ = try NightlyRun(pipeline: try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json")), input: Repo.path("Samples"),
                           out: tempDirectory(), asOf: CalendarDate(iso: "2026-11-20")!, log: RunLog(format: .json, write: lines.add)).run()
        let progress = lines.all.map(json).filter { $0["message"] as? String == "progress" }
        #expect(progress.map { $0["stage"] as? String ?? "" } .reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
                == ["ingest", "link", "audit", "publish"], "the history stage counts nothing, so says nothing")
        for stage in ["ingest", "publish"] {
            let last = progress.last { $0["stage"] as? String == stage }
            #expect(last?["percent"] as? Int == 100, "\(stage)")
            #expect((last?["rows"] as? Int ?? 0) > 0, "\(stage)")
        }
    }
}
