import Foundation
import Testing
@testable import IOMAudit

/// A night recorded late (`--backfill`) must leave the history and every published run exactly as if
/// the nights had been run in date order: the four nights of `HistoryScenarioTests`, once in order and
/// once as 10-31, 11-03, then 11-01 and 11-02 backfilled.
@Suite struct BackfillTests {
    @Test func backfilledNightsEndAsIfRunInDateOrder() throws {
        let s = try HistoryScenario()
        defer { s.remove() }
        let nights = try s.fourNights()
        let inOrder = s.root + "/in-order", late = s.root + "/late"
        for i in 0..<4 { _ = try s.run(asOf: nights.dates[i], input: nights.inputs[i], out: inOrder) }

        _ = try s.run(asOf: nights.dates[0], input: nights.inputs[0], out: late)
        _ = try s.run(asOf: nights.dates[3], input: nights.inputs[3], out: late)
        // Without --backfill an earlier date is refused, naming the flag, and nothing changes.
        let before = BackfillTests.files(late)
        #expect(throws: IngestError.self) { try s.run(asOf: nights.dates[1], input: nights.inputs[1], out: late) }
        do { _ = try s.run(asOf: nights.dates[1], input: nights.inputs[1], out: late) } catch let e as IngestError {
            #expect("\(e)".contains("--backfill") && "\(e)".contains("2026-11-03"), "\(e)")
        }
        #expect(BackfillTests.files(late) == before)

        for i in [1, 2] {
            var run = NightlyRun(pipeline: s.pipeline, input: nights.inputs[i], out: late, asOf: nights.dates[i], log: RunLog(write: { _ in }))
            run.backfill = true
            let r = try run.run()
            #expect(r.runDirectory == late + "/runs/asof-" + nights.dates[i].iso)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: late + "/current") == "runs/asof-2026-11-03",
                    "current never moves back")
        }

        let a = try FindingHistory(directory: inOrder), b = try FindingHistory(directory: late)
        for date in nights.dates {
            let id = "asof-" + date.iso
            let want = try BackfillTests.statuses(a.rows(run: id)), got = try BackfillTests.statuses(b.rows(run: id))
            #expect(got == want, "\(id): only backfilled \(got.subtracting(want).sorted().prefix(5)), only in order \(want.subtracting(got).sorted().prefix(5))")
            // Each published folder says what the history says, in its CSV and its store.
            let csvA = FileManager.default.contents(atPath: inOrder + "/runs/\(id)/tables/findings.csv")
            let csvB = FileManager.default.contents(atPath: late + "/runs/\(id)/tables/findings.csv")
            #expect(csvA != nil && csvB == csvA, "\(id): tables/findings.csv is not byte for byte the in-order run's")
            let store = try SQLiteDatabase(path: late + "/runs/\(id)/store.sqlite")
            let stored = Set(try store.rows("SELECT finding_id, status, first_seen, age_days FROM findings").map { $0.map { $0 ?? "" }.joined(separator: " ") })
            #expect(stored == got, "\(id): store findings table")
        }
        // The restated runs name the backfill that restated them; nothing half-made is left behind.
        let m = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: late + "/runs/asof-2026-11-03/manifest.json")))
        #expect(m.restatedBy != nil && m.restatedBy == m.attempt)
        #expect(try b.attempts()["asof-2026-11-03"] == .some(m.attempt))
        let m2 = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: late + "/runs/asof-2026-11-02/manifest.json")))
        #expect(m2.restatedRuns == ["asof-2026-11-03"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: late + "/runs").sorted() == nights.dates.map { "asof-" + $0.iso })
    }

    static func statuses(_ rows: [HistoryRow]) -> Set<String> {
        Set(rows.map { "\($0.finding.findingID) \($0.status) \($0.firstSeen.iso) \($0.ageDays)" })
    }

    /// Every file under `dir` with its bytes' hash (aside from the history's WAL files and
    /// last-attempt.json, which a failed run rewrites to say why).
    static func files(_ dir: String) -> [String: Int] {
        var out: [String: Int] = [:]
        guard let e = FileManager.default.enumerator(atPath: dir) else { return out }
        for case let rel as String in e {
            if rel.hasSuffix("-wal") || rel.hasSuffix("-shm") || rel == "last-attempt.json" { continue }
            if let d = FileManager.default.contents(atPath: dir + "/" + rel) { out[rel] = d.hashValue }
        }
        return out
    }
}
