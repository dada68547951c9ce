import Foundation
import Testing
@testable import IOMAudit

/// Reading sources at once must change nothing a user sees: same store, same findings, same tables.
@Suite struct ConcurrentIngestTests {
    func run(threads: Int, input: String, out: String) throws -> NightlyRun.Result {
        var run = NightlyRun(pipeline: try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json")), input: input, out: out,
                             asOf: CalendarDate(iso: "2026-11-20")!, log: RunLog(write: { _ in }))
        run.threads = threads
        return try run.run()
    }

    func file(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func bothCoresAndOneThreadPublishTheSameFindingsAndTables() throws {
        let dir = tempDirectory()
        let one = try run(threads: 1, input: Repo.path("Samples"), out: dir + "/one")
        let two = try run(threads: 2, input: Repo.path("Samples"), out: dir + "/two")
        #expect(!one.findings.isEmpty)
        #expect(one.findings.map(\.findingID) == two.findings.map(\.findingID))
        #expect(one.exitCode == two.exitCode)
        for table in ["findings", "nominals", "links", "cohort", "quarantine", "data_quality_summary"] {
            let a = try file("\(one.runDirectory!)/tables/\(table).csv"), b = try file("\(two.runDirectory!)/tables/\(table).csv")
            #expect(a == b, "tables/\(table).csv differs between one and two threads")
        }
        // Every source's accounting agrees too, and each was read in full.
        for (a, b) in zip(one.reports, two.reports) {
            #expect(a.system == b.system && a.status == b.status && a.rowsRead == b.rowsRead)
            #expect(a.loaded == b.loaded && a.quarantined == b.quarantined && a.sha256 == b.sha256)
            #expect(a.fieldIssuesByCode == b.fieldIssuesByCode)
        }
        let manifest = try JSONSerialization.jsonObject(with: file("\(two.runDirectory!)/manifest.json")) as! [String: Any]
        #expect(manifest["threads"] as? Int == 2)
        #expect((manifest["stagePeakMiB"] as? [String: Double])?["ingest"].map { $0 > 0 } == true)
    }

    @Test func aSourceThatBreaksPartWayKeepsNothingWhileTheOthersLoad() throws {
        let dir = tempDirectory()
        // The PNC extract breaks after its last record: every row was read and written before the error.
        let pnc = String(decoding: try file(Repo.path("Samples/pnc_subjects_20261120.xml")), as: UTF8.self)
        let close = try #require(pnc.range(of: "</", options: .backwards))
        try (pnc[..<close.lowerBound] + "<Broken attr=>" + pnc[close.lowerBound...])
            .write(toFile: dir + "/pnc_subjects_20261120.xml", atomically: true, encoding: .utf8)
        func jobs() throws -> [ConcurrentIngest.Job] {
            [ConcurrentIngest.Job(ingestor: SourceIngestor(mapping: try Repo.mapping("pnc-subjects-xml"), required: true),
                                  file: dir + "/pnc_subjects_20261120.xml", ignored: []),
             ConcurrentIngest.Job(ingestor: SourceIngestor(mapping: try Repo.mapping("niche-nominals-csv"), required: true),
                                  file: Repo.path("Samples/niche_nominals_20261120.csv"), ignored: [])]
        }
        let store = try CanonicalStore(path: dir + "/two.sqlite")
        let collector = RecordCollector()
        let reports = try ConcurrentIngest.ingest(try jobs(), threads: 2, into: store, collector: collector)
        #expect(reports[0].status == .failed)
        #expect(reports[0].rowsRead > 100)
        #expect(reports[0].error?.contains("pnc_subjects_20261120.xml:") == true)
        #expect(reports[1].status == .loaded && reports[1].loaded > 0)
        for table in [CanonicalSchema.of(.pnc).table] + CanonicalSchema.of(.pnc).groups.map(\.table) {
            #expect(try store.db.scalarInt("SELECT count(*) FROM \(table)") == 0, "\(table) keeps rows of a failed source")
        }
        #expect(try store.db.scalarInt("SELECT count(*) FROM field_issues WHERE system = 'pnc'") == 0)
        #expect(try store.db.scalarInt("SELECT count(*) FROM \(CanonicalSchema.of(.niche).table)") == reports[1].loaded)
        #expect(collector.records.pnc.isEmpty && collector.records.niche.count == reports[1].loaded)

        // One after another gives the same accounting.
        let single = try CanonicalStore(path: dir + "/one.sqlite")
        let one = try jobs().map { $0.ingestor.ingest(path: $0.file, into: single) }
        #expect(one.map(\.status) == reports.map(\.status))
        #expect(one.map(\.rowsRead) == reports.map(\.rowsRead))
        #expect(one.map(\.error) == reports.map(\.error))
    }
}
