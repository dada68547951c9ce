import Foundation
import IOMAudit
import Testing

/// `iomaudit run` and `iomaudit explain` on the committed samples, through the built binary.
@Suite struct RunSamplesTests {
    @Test func runPublishesTablesAndPrintsTheDivisionSummary() throws {
        let out = Binary.tempDirectory()
        let r = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        #expect(r.status == 3, "the samples' broken rows make it a warning; stderr: \(r.stderr)")
        #expect(r.stdout.contains("Findings by code and division"))
        for division in ["BD", "CD", "KD", "LD", "WD"] { #expect(r.stdout.contains(division)) }
        #expect(r.stdout.contains("total"))
        let current = out + "/current"
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: current)
        #expect(target == "runs/asof-2026-11-20")
        for table in ["nominals", "links", "cohort", "findings", "quarantine", "data_quality_summary"] {
            #expect(FileManager.default.fileExists(atPath: "\(current)/tables/\(table).csv"), "\(table).csv")
        }
        let db = try SQLiteDatabase(path: current + "/store.sqlite")
        // The manifest gives each table's rows, and each CSV's size and SHA-256 as written: what a
        // receiving system checks its copy by.
        let manifest = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: current + "/manifest.json")))
        for table in ["nominals", "links", "cohort", "findings", "quarantine", "data_quality_summary"] {
            let csv = try #require(manifest.outputs.first { $0.path == "tables/\(table).csv" }, "\(table).csv in the manifest")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(current)/tables/\(table).csv"))
            #expect(csv.bytes == bytes.count, "\(table).csv")
            #expect(csv.sha256 == (try SHA256.hexDigest(fileAt: "\(current)/tables/\(table).csv")), "\(table).csv")
            #expect(csv.rows["rows"] == (try db.scalarInt("SELECT count(*) FROM \(table)")), "\(table)")
        }
        let truth = try Binary.csvRows(Binary.repoRoot + "/Samples/truth/findings.csv")
        #expect(try db.scalarInt("SELECT count(*) FROM findings") == truth.count)
        let found = Set(try db.rows("SELECT code || ' ' || anchor FROM findings").map { $0[0] ?? "" })
        #expect(found == Set(truth.map { "\($0[0]) \($0[1])" }))
        // Every record is linked to exactly one person.
        let records = try db.scalarInt("SELECT (SELECT count(*) FROM pnc_nominals) + (SELECT count(*) FROM niche_nominals) + (SELECT count(*) FROM micase_cases) + (SELECT count(*) FROM jtrack_tracking) + (SELECT count(*) FROM drug_tests) + (SELECT count(*) FROM prison_movements)")
        #expect(try db.scalarInt("SELECT count(DISTINCT record) FROM links") == records)
        // Re-running the same date replaces the run instead of adding one.
        _ = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").filter { !$0.hasPrefix(".") } == ["asof-2026-11-20"])
    }

    @Test func findingIDsAreStableFromRunToRun() throws {
        let a = Binary.tempDirectory(), b = Binary.tempDirectory()
        _ = try Binary.run(["run", "--out", a, "--as-of", "2026-11-20"])
        _ = try Binary.run(["run", "--out", b, "--as-of", "2026-11-20"])
        let ids = { (dir: String) in try SQLiteDatabase(path: dir + "/current/store.sqlite").rows("SELECT finding_id FROM findings ORDER BY 1").map { $0[0] ?? "" } }
        #expect(try ids(a) == ids(b))
        #expect(try !ids(a).isEmpty)
    }

    @Test func explainShowsRecordsLinksAndFindings() throws {
        let out = Binary.tempDirectory()
        _ = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        let truth = try Binary.csvRows(Binary.repoRoot + "/Samples/truth/findings.csv")
        let ageGroup = try #require(truth.first { $0[0] == "AGE-GROUP" })
        // Long form of the same PNC ID works too.
        let pnc = ageGroup[3]
        let long = "20" + pnc
        let r = try Binary.run(["explain", long, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Person P:\(pnc)"))
        #expect(r.stdout.contains("Records and how they were linked"))
        #expect(r.stdout.contains(ageGroup[1]))
        #expect(r.stdout.contains("AGE-GROUP"))
        let byRecord = try Binary.run(["explain", ageGroup[1], "--out", out])
        #expect(byRecord.stdout.contains("Person P:\(pnc)"))
        let missing = try Binary.run(["explain", "niche:NO-SUCH", "--out", out])
        #expect(missing.status == 1)
        // An identity question shows the model's arithmetic: each comparison's weight, the prior, the total.
        let review = try #require(truth.first { $0[0] == "ID-REVIEW" })
        let q = try Binary.run(["explain", review[1], "--out", out])
        #expect(q.stdout.contains("how the score adds up:"))
        for part in ["surname differs", "dob equal", "prior", "→ probability"] { #expect(q.stdout.contains(part), "\(part)") }
        // So does every probabilistic link.
        let links = try Binary.csvRows(out + "/current/tables/links.csv")
        let scored = try #require(links.first { $0[4] == "PROBABILISTIC" })
        let l = try Binary.run(["explain", scored[0], "--out", out])
        #expect(l.stdout.contains("PROBABILISTIC score"))
        #expect(l.stdout.contains("how the score adds up:"))
        #expect(l.stdout.contains("→ probability"))
        #expect(l.stdout.contains("prior "))
    }

    @Test func failedRequiredSourcePublishesNothingAndKeepsCurrent() throws {
        let out = Binary.tempDirectory()
        _ = try Binary.run(["run", "--out", out, "--as-of", "2026-11-20"])
        let input = Binary.tempDirectory()
        for f in try FileManager.default.contentsOfDirectory(atPath: Binary.repoRoot + "/Samples") where !f.hasPrefix("truth") && !f.hasPrefix("pnc_") {
            try FileManager.default.copyItem(atPath: Binary.repoRoot + "/Samples/" + f, toPath: input + "/" + f)
        }
        let r = try Binary.run(["run", "--input", input, "--out", out, "--as-of", "2026-11-21"])
        #expect(r.status == 4)
        #expect(r.stdout.contains("Nothing published"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-20")
    }
}
