import Foundation
import IOMAudit
import Testing

/// `iomaudit ingest` on the committed samples, through the built binary.
@Suite struct IngestSamplesTests {
    @Test func ingestOfShippedSamplesAccountsForEveryRow() throws {
        let out = Binary.tempDirectory()
        let r = try Binary.run(["ingest", "--out", out])
        // The samples carry deliberately broken rows, so the run publishes with a quarantine warning.
        #expect(r.status == 0 || r.status == 3, "stderr: \(r.stderr)")
        for system in ["PNC", "Niche", "MiCase", "JTrack", "Cozart", "Prison releases"] {
            #expect(r.stdout.contains(system + " "))
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        let sources = manifest["sources"] as! [[String: Any]]
        #expect(sources.count == 6)
        for s in sources {
            #expect(s["status"] as? String == "loaded")
            #expect(s["rowsRead"] as! Int == (s["loaded"] as! Int) + (s["quarantined"] as! Int))
            #expect((s["sha256"] as? String)?.count == 64)
        }
        // Output files are for owner and group only.
        let attrs = try FileManager.default.attributesOfItem(atPath: out + "/store.sqlite")
        #expect((attrs[.posixPermissions] as! Int) & 0o007 == 0)
    }

    @Test func quarantineMatchesTheGeneratorsBrokenRows() throws {
        let out = Binary.tempDirectory()
        _ = try Binary.run(["ingest", "--out", out])
        let truth = try Binary.csvRows(Binary.repoRoot + "/Samples/truth/broken_rows.csv")
        let expectedQuarantine = Set(truth.filter { $0[2] == "quarantined" }.map { "\($0[0]):\($0[1])" })
        let expectedIssues = Set(truth.filter { $0[2] == "loaded-with-issue" }.map { "\($0[0]):\($0[1])" })
        #expect(!expectedQuarantine.isEmpty)
        let db = out + "/store.sqlite"
        let quarantined = Set(try sqlite(db, "SELECT file || ':' || line FROM quarantine"))
        #expect(quarantined == expectedQuarantine)
        let issues = Set(try sqlite(db, "SELECT file || ':' || line FROM field_issues WHERE code IN ('BAD-DATE','BAD-VALUE')"))
        #expect(issues == expectedIssues)
    }

    /// An as-of date the generator cannot draw people around is refused at once; it used to search for
    /// ever at full CPU (`samples --as-of 1800-01-01` or `2200-12-31`).
    @Test func samplesRefuseAnAsOfDateOutsideTheGeneratorsYears() throws {
        for date in ["1800-01-01", "2200-12-31"] {
            let r = try Binary.run(["samples", "--out", Binary.tempDirectory(), "--people", "200", "--as-of", date])
            #expect(r.status == 64)
            #expect(r.stderr.contains("outside the years the generator works in"))
        }
    }

    @Test func helpListsSubcommandsAndExitCodes() throws {
        let r = try Binary.run(["--help"])
        #expect(r.status == 0)
        for word in ["ingest", "samples", "check", "EXIT CODES", "78"] { #expect(r.stdout.contains(word)) }
        let h = try Binary.run(["help", "ingest"])
        #expect(h.stdout.contains("--pipeline"))
        let bad = try Binary.run(["ingest", "--no-such-option"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("unknown option --no-such-option"))
    }

    @Test func brokenMappingIsAConfigurationError() throws {
        let dir = Binary.tempDirectory()
        try #"{"mapping":"x","system":"niche","format":"csv","files":"n.csv","fields":{"nominalId":{"column":"ID"},"shoeSize":{"column":"S"}}}"#
            .write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        try "ID\nN1\n".write(toFile: dir + "/n.csv", atomically: true, encoding: .utf8)
        let r = try Binary.run(["check", "--mapping", dir + "/bad.json", dir + "/n.csv"])
        #expect(r.status == 78)
        #expect(r.stderr.contains("mapping bad.json: field \"shoeSize\""))
    }
}

func sqlite(_ db: String, _ sql: String) throws -> [String] {
    try SQLiteDatabase(path: db).rows(sql).map { $0.first.flatMap { $0 } ?? "" }
}
