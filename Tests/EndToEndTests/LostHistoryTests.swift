import Foundation
import IOMAudit
import Testing

/// A history deleted or emptied while `runs/` holds earlier runs is not silently started again (every
/// finding NEW, month-over-month statuses gone): the run is refused, naming the file and the way out.
@Suite struct LostHistoryTests {
    @Test(arguments: ["deleted", "emptied"]) func aLostHistoryIsRefusedUntilTheOperatorSaysSo(_ how: String) throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let first = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        try #require(first.status == 3, "\(first.stderr)")
        let history = out + "/" + HistorySchema.fileName
        if how == "deleted" {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: history + suffix) }
        } else {
            try SQLiteDatabase(path: history).execute("DELETE FROM run_findings; DELETE FROM run_sources; DELETE FROM runs;")
        }
        let before = Binary.snapshot(out + "/runs")
        let refused = try Binary.run(["run", "--out", out, "--as-of", "2026-11-21"])
        #expect(refused.status == 4, "\(refused.stderr)")
        #expect(refused.stderr.contains("history.sqlite") && refused.stderr.contains("--new-history"), "\(refused.stderr)")
        #expect(Binary.snapshot(out + "/runs") == before)
        #expect(how == "emptied" || !FileManager.default.fileExists(atPath: history), "a refused run created a history")
        let renewed = try Binary.run(["run", "--out", out, "--as-of", "2026-11-21", "--new-history"])
        #expect(renewed.status == 3, "\(renewed.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-21")
    }

    /// With no earlier run at all, a required extract that is only a header is refused, not published as
    /// a night with no findings of its kind.
    @Test func aHeaderOnlyRequiredExtractIsRefused() throws {
        let out = Binary.tempDirectory(), input = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: input) }
        for f in try FileManager.default.contentsOfDirectory(atPath: Binary.repoRoot + "/Samples") where f.contains("_2026") {
            try FileManager.default.copyItem(atPath: Binary.repoRoot + "/Samples/" + f, toPath: input + "/" + f)
        }
        let niche = input + "/niche_nominals_20261120.csv"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: niche))
        let header = bytes.prefix { $0 != 10 } + Data([10])
        try FileManager.default.removeItem(atPath: niche)
        try header.write(to: URL(fileURLWithPath: niche))
        let r = try Binary.run(["run", "--input", input, "--out", out, "--as-of", "2026-11-20"])
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stdout.contains("no rows"), "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: out + "/current"))
    }
}

extension LostHistoryTests {
    /// November then October into one folder: October is refused, `current` stays on November and
    /// November's statuses are untouched.
    @Test func anEarlierDateThanTheLatestRunIsRefused() throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let november = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        try #require(november.status == 3, "\(november.stderr)")
        let before = Binary.snapshot(out + "/runs")
        let october = try Binary.run(["run", "--out", out, "--as-of", "2026-10-31"])
        #expect(october.status == 4, "\(october.stderr)")
        #expect(october.stderr.contains("history.sqlite") && october.stderr.contains("2026-11-20") && october.stderr.contains("--backfill"),
                "\(october.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-20")
        #expect(Binary.snapshot(out + "/runs") == before)
    }

    /// A missed night recorded with --backfill: published beside the later run, `current` stays on the
    /// later run, whose folder is restated by the backfill's publication (`BackfillTests` checks the
    /// statuses themselves).
    @Test func aBackfillKeepsCurrentOnTheLatestRun() throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let later = try Binary.run(["run", "--out", out, "--as-of", "2026-11-21"])
        try #require([0, 3].contains(later.status), "\(later.stderr)")
        let missed = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20", "--backfill"])
        #expect([0, 3].contains(missed.status), "\(missed.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-21")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted() == ["asof-2026-11-20", "asof-2026-11-21"])
        let db = try SQLiteDatabase(path: out + "/history.sqlite")
        let attempts = Dictionary(uniqueKeysWithValues: try db.rows("SELECT run_id, attempt FROM runs").map { ($0[0] ?? "", $0[1] ?? "") })
        let shown = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/current/manifest.json"))) as? [String: Any]
        #expect(attempts.keys.sorted() == ["asof-2026-11-20", "asof-2026-11-21"])
        #expect(attempts["asof-2026-11-21"] == attempts["asof-2026-11-20"] && shown?["restatedBy"] as? String == attempts["asof-2026-11-21"],
                "the later run is restated under the backfill's publication")
        #expect(missed.stderr.contains("computed again"), "\(missed.stderr)")
    }
}

extension LostHistoryTests {
    /// A damaged history: the error names the file, and last-attempt.json says the run failed and why.
    @Test func aDamagedHistoryIsNamedAndTheAttemptRecorded() throws {
        let out = Binary.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let first = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        try #require(first.status == 3, "\(first.stderr)")
        let history = out + "/" + HistorySchema.fileName
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: history + suffix) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: history))
        for i in stride(from: 100, to: min(bytes.count, 8192), by: 7) { bytes[i] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: history))
        let r = try Binary.run(["run", "--out", out, "--as-of", "2026-11-21"])
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr.contains(history), "\(r.stderr)")
        let last = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/last-attempt.json"))) as? [String: Any]
        #expect(last?["outcome"] as? String == "failed" && last?["asOf"] as? String == "2026-11-21", "\(String(describing: last))")
        #expect((last?["error"] as? String ?? "").contains("history.sqlite"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-20")
    }
}
