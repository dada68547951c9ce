import Foundation
import Testing
@testable import IOMAudit

@Suite struct ExtractGuardTests {
    func report(_ file: String, rows: Int, system: SourceSystem = .niche) -> SourceReport {
        var r = SourceReport(system: system, mapping: "m", required: true)
        r.file = "/in/" + file
        r.rowsRead = rows
        return r
    }

    let asOf = CalendarDate(iso: "2026-11-20")!

    @Test func dateIsReadFromTheFileName() {
        #expect(ExtractGuard.extractDate(path: "/x/niche_nominals_20261119.csv") == CalendarDate(iso: "2026-11-19"))
        #expect(ExtractGuard.extractDate(path: "/x/pnc-2026-11-19-20261118.xml") == CalendarDate(iso: "2026-11-18"))
    }

    @Test func oldExtractIsHeldBack() {
        let g = ExtractGuard(asOf: asOf, maxAgeDays: 7, maxRowDropShare: 0.25, lastGoodRows: [:])
        #expect(g.objection(to: report("niche_nominals_20261113.csv", rows: 10)) == nil)
        let why = g.objection(to: report("niche_nominals_20261112.csv", rows: 10))
        #expect(why?.contains("8 days before the as-of date") == true)
    }

    /// With no earlier run to compare with, a header-only extract is still no night's data.
    @Test func anEmptyExtractIsHeldBackWithoutABaseline() {
        let g = ExtractGuard(asOf: asOf, maxAgeDays: 7, maxRowDropShare: 0.25, lastGoodRows: [:])
        #expect(g.objection(to: report("niche_nominals_20261120.csv", rows: 0))?.contains("no rows") == true)
        #expect(g.objection(to: report("niche_nominals_20261120.csv", rows: 1)) == nil)
    }

    /// An extract dated after the as-of date cannot be that day's: held back like a stale one.
    @Test func anExtractFromAfterTheAsOfDateIsHeldBack() {
        let g = ExtractGuard(asOf: asOf, maxAgeDays: 7, maxRowDropShare: 0.25, lastGoodRows: [:])
        #expect(g.objection(to: report("niche_nominals_20261121.csv", rows: 10))?.contains("after the as-of date 2026-11-20") == true)
        #expect(g.objection(to: report("niche_nominals_20261120.csv", rows: 10)) == nil)
    }

    @Test func rowDropBeyondTheShareIsHeldBack() {
        let g = ExtractGuard(asOf: asOf, maxAgeDays: 7, maxRowDropShare: 0.25, lastGoodRows: [.niche: 1000])
        #expect(g.objection(to: report("niche_nominals_20261120.csv", rows: 750)) == nil)
        #expect(g.objection(to: report("niche_nominals_20261120.csv", rows: 749))?.contains("fell from 1000") == true)
        // Other systems are judged against their own history only.
        #expect(g.objection(to: report("pnc_subjects_20261120.xml", rows: 1, system: .pnc)) == nil)
    }

    @Test func guardStopsPublicationOfAShrunkRequiredSource() throws {
        let out = tempDirectory()
        let pipeline = try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json"))
        let silent = RunLog(write: { _ in })
        let first = try NightlyRun(pipeline: pipeline, out: out, asOf: asOf, log: silent).run()
        #expect(first.runDirectory != nil)
        // The same extracts, but Niche cut to a handful of rows.
        let input = tempDirectory()
        for f in try FileManager.default.contentsOfDirectory(atPath: Repo.path("Samples")) where f.contains("_2026") {
            try FileManager.default.copyItem(atPath: Repo.path("Samples/" + f), toPath: input + "/" + f)
        }
        let niche = input + "/niche_nominals_20261120.csv"
        let lines = try Data(contentsOf: URL(fileURLWithPath: niche)).split(separator: 10, omittingEmptySubsequences: false)
        try Data(lines.prefix(20).joined(separator: [10]) + [10]).write(to: URL(fileURLWithPath: niche))
        let second = try NightlyRun(pipeline: pipeline, input: input, out: out, asOf: CalendarDate(iso: "2026-11-21")!, log: silent).run()
        #expect(second.exitCode == .nothingPublished)
        #expect(second.reports.first { $0.system == .niche }?.status == .rejected)
        #expect(second.reasons.contains { $0.contains("Niche") && $0.contains("fell from") })
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/current") == "runs/asof-2026-11-20")
        // The scheduler's record of the attempt says why.
        let attempt = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/last-attempt.json"))) as! [String: Any]
        #expect(attempt["outcome"] as? String == "nothing-published")
        #expect((attempt["warnings"] as? [String])?.contains { $0.contains("fell from") } == true)
    }
}
