import Foundation
import Testing
@testable import IOMAudit

/// Row accounting and source guards through the store and the manifest.
@Suite struct IngestRunTests {
    static let nicheHeader = "Nominal ID,PNC ID,CRO No,Surname,Forename(s),DOB,Gender,Owning Unit,Cohort Flags\r\n"

    /// A pipeline over a temp input folder with only the given systems (all required unless listed optional).
    func pipeline(_ dir: String, systems: [SourceSystem], optional: Set<SourceSystem> = []) throws -> PipelineDefinition {
        let names: [SourceSystem: String] = [.pnc: "pnc-subjects-xml", .niche: "niche-nominals-csv", .micase: "micase-cases-csv",
                                             .jtrack: "jtrack-tracking-xml", .cozart: "cozart-tests-csv", .prison: "prison-movements-csv"]
        let sources = systems.map { #"{"system":"\#($0.rawValue)","mapping":"\#(Repo.path("Mappings/\(names[$0]!).json"))","required":\#(!optional.contains($0))}"# }
        let json = #"{"pipeline":"test","input":"in","out":"out","seeds":"\#(Repo.path("seeds"))","sources":[\#(sources.joined(separator: ","))]}"#
        let path = dir + "/pipeline.json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        return try PipelineDefinition.load(path: path)
    }

    func silentLog() -> RunLog { RunLog(write: { _ in }) }

    @Test func everyRowIsLoadedOrQuarantined() throws {
        let dir = tempDirectory()
        let p = try pipeline(dir, systems: [.niche])
        let body = IngestRunTests.nicheHeader
            + "N1,,,Smith,John,03/11/1990,M,LD,\r\n"          // fine
            + "N2,,,Jones,Ann,31/02/1990,F,BD,IOM\r\n"        // impossible date: loads with a field issue
            + ",,,Nokey,Row,03/11/1990,M,LD,\r\n"            // no key: quarantined
            + "N4,,,Short,Row\r\n"                            // ragged: quarantined
            + "\r\n"                                          // blank line: not a row
            + "N5,00/1082B,,Brown,Al,03/11/1990,M,WD,\"PPO;\r\nIOM\"\r\n" // bad PNC ID: loads with ID-PNC-INVALID; quoted newline
            + "N6,,,Extra,Field,03/11/1990,M,WD,,surplus\r\n" // ragged: quarantined
        try Data(body.utf8).write(to: URL(fileURLWithPath: dir + "/in/niche_nominals_20261120.csv"))
        let result = try IngestRun(pipeline: p, log: silentLog()).run()
        let r = try #require(result.reports.first)
        #expect(r.status == .loaded)
        #expect(r.rowsRead == 6)
        #expect(r.loaded == 3)
        #expect(r.quarantined == 3)
        #expect(r.rowsRead == r.loaded + r.quarantined)
        #expect(r.fieldIssuesByCode == ["BAD-DATE": 1, "ID-PNC-INVALID": 1])
        #expect(r.sha256 == SHA256.hex(of: { var h = SHA256(); let d = try! Data(contentsOf: URL(fileURLWithPath: dir + "/in/niche_nominals_20261120.csv")); d.withUnsafeBytes { h.update($0) }; return h.finalize() }()))
        #expect(result.exitCode == .completedWithWarnings) // 3 of 6 quarantined is over the 1% share

        let db = try SQLiteDatabase(path: result.storePath)
        #expect(try db.scalarInt("SELECT count(*) FROM niche_nominals") == 3)
        let q = try db.rows("SELECT line, field, reason FROM quarantine ORDER BY line")
        #expect(q.map { $0[0] } == ["4", "5", "9"])
        #expect(q[0][1] == "nominalId")
        #expect(q[1][2]?.contains("5 fields, the header has 9") == true)
        #expect(try db.rows("SELECT cohort_flags FROM niche_nominals WHERE record_id = 'N5'") == [["PPO;IOM"]])

        // The manifest carries the same accounting.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result.manifestPath))) as! [String: Any]
        let src = (manifest["sources"] as! [[String: Any]])[0]
        #expect(src["rowsRead"] as? Int == 6)
        #expect(src["loaded"] as? Int == 3)
        #expect(src["quarantined"] as? Int == 3)
        #expect((src["sha256"] as? String)?.count == 64)
        #expect(src["bytes"] as? Int == body.utf8.count)
    }

    @Test func missingRequiredSourcePublishesNothing() throws {
        let dir = tempDirectory()
        let p = try pipeline(dir, systems: [.niche, .cozart], optional: [.cozart])
        let result = try IngestRun(pipeline: p, log: silentLog()).run()
        #expect(result.exitCode == .nothingPublished)
        #expect(result.reports.map(\.status) == [.missing, .missing])
        #expect(!FileManager.default.fileExists(atPath: result.storePath))
    }

    @Test func missingOptionalSourceWarns() throws {
        let dir = tempDirectory()
        let p = try pipeline(dir, systems: [.niche, .cozart], optional: [.cozart])
        try Data((IngestRunTests.nicheHeader + "N1,,,Smith,John,03/11/1990,M,LD,\r\n").utf8)
            .write(to: URL(fileURLWithPath: dir + "/in/niche_nominals_20261120.csv"))
        let result = try IngestRun(pipeline: p, log: silentLog()).run()
        #expect(result.exitCode == .completedWithWarnings)
        #expect(result.reports[1].status == .missing)
        #expect(FileManager.default.fileExists(atPath: result.storePath))
    }

    @Test func brokenXMLLoadsNothingOfThatFileAndNamesTheLine() throws {
        let dir = tempDirectory()
        let p = try pipeline(dir, systems: [.jtrack])
        let xml = "<JTrackExport>\n<TrackedOffender id=\"JT1\"><Status>Active</Status></TrackedOffender>\n<TrackedOffender id=\"JT2\"><Status>Active</Status>\n</JTrackExport>\n"
        try Data(xml.utf8).write(to: URL(fileURLWithPath: dir + "/in/jtrack_tracking_20261120.xml"))
        let result = try IngestRun(pipeline: p, log: silentLog()).run()
        #expect(result.exitCode == .nothingPublished)
        let r = result.reports[0]
        #expect(r.status == .failed)
        #expect(r.loaded == 0)
        #expect(r.error?.contains("jtrack_tracking_20261120.xml:4") == true)
    }

    @Test func headerThatDoesNotFitFailsTheSourceBeforeAnyRow() throws {
        let dir = tempDirectory()
        let p = try pipeline(dir, systems: [.niche])
        try Data("Nominal ID,Surname\r\nN1,Smith\r\n".utf8).write(to: URL(fileURLWithPath: dir + "/in/niche_nominals_20261120.csv"))
        let r = try IngestRun(pipeline: p, log: silentLog()).run().reports[0]
        #expect(r.status == .failed)
        #expect(r.rowsRead == 0)
        #expect(r.error?.contains("column \"DOB\" (for dateOfBirth) is missing") == true)
    }

    @Test func newestExtractIsReadAndOlderOnesNamed() throws {
        let dir = tempDirectory()
        let p = try pipeline(dir, systems: [.niche])
        for day in ["20261119", "20261120"] {
            try Data((IngestRunTests.nicheHeader + "N\(day),,,Smith,John,03/11/1990,M,LD,\r\n").utf8)
                .write(to: URL(fileURLWithPath: dir + "/in/niche_nominals_\(day).csv"))
        }
        let r = try IngestRun(pipeline: p, log: silentLog()).run().reports[0]
        #expect(r.file?.hasSuffix("niche_nominals_20261120.csv") == true)
        #expect(r.ignoredFiles == ["niche_nominals_20261119.csv (dated 2026-11-19; the file read is dated 2026-11-20)"])
    }

    /// A named pipe where an extract should be, optional or required, would block a read for ever: the
    /// run refuses it, naming it, and goes on.
    @Test(arguments: [false, true]) func aNamedPipeIsRefusedNotRead(_ required: Bool) throws {
        let dir = tempDirectory()
        let p = try pipeline(dir, systems: [.niche], optional: required ? [] : [.niche])
        #expect(mkfifo(dir + "/in/niche_nominals_20261120.csv", 0o600) == 0)
        let r = try IngestRun(pipeline: p, log: silentLog()).run().reports[0]
        #expect(r.status == .failed)
        #expect(r.error?.contains("niche_nominals_20261120.csv (not a regular file: a named pipe)") == true, "\(r.error ?? "")")
    }
}
