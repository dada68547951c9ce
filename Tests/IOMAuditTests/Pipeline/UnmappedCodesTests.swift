import Foundation
import Testing
@testable import IOMAudit

/// Another force's unit codes matched nothing in West Yorkshire's reference data and vanished: the run
/// exited 0 with no warning and no count while findings went to no division. An unmapped code is now a
/// `CODE-UNMAPPED` field issue, counted per distinct value in the run summary, the manifest, `check`
/// and the audit's Unattributed line.
@Suite struct UnmappedCodesTests {
    static let units = try! ReferenceData.load(from: Repo.path("seeds")).unitDivisions

    @Test func aCodeTheReferenceDataDoesNotMapIsAFieldIssueAndIsKeptAsWritten() throws {
        let csv = "Nominal ID,Surname,Owning Unit\r\nN1,SMITH,BD-NPT-CITY\r\nN2,JONES,bd-npt-city\r\nN3,BROWN,ZZ9\r\nN4,GREEN,\r\n"
        let json = #"{"mapping":"x","system":"niche","format":"csv","files":"n.csv","fields":{"nominalId":{"column":"Nominal ID"},"surname":{"column":"Surname"},"owningUnit":{"column":"Owning Unit"}}}"#
        let mapping = try Mapping.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)), file: "x.json")
        let builder = RecordBuilder(mapping: mapping, unitCodes: Self.units)
        let reader = CSVReader(bytes: Array(csv.utf8), options: CSVReaderOptions())
        let columns = try builder.resolve(header: try reader.readHeader()!, file: "n.csv")
        var records: [CanonicalRecord] = []
        try reader.forEachRow { row, problem in records.append(builder.build(row: row, problem: problem, columns: columns, file: "n.csv").record!) }
        #expect(records.map { $0.issues.map(\.code) } == [[], [], ["CODE-UNMAPPED"], []], "mapped codes in any case and a blank code raise nothing")
        #expect(records[2]["owningUnit"]?.text == "ZZ9", "the code stays as the extract wrote it")
        #expect(records[2].issues[0].field == "owningUnit")
        #expect(records[2].issues[0].message.contains("unit_divisions.csv"))
        // Without reference data nothing is checked (tests, evaluation).
        #expect(RecordBuilder(mapping: mapping).unitCodes == nil)
    }

    @Test(arguments: SourceSystem.allCases)
    func theShippedSamplesCarryNoUnmappedCode(_ system: SourceSystem) throws {
        let pipeline = try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json"))
        let source = try #require(pipeline.sources.first { $0.system == system })
        var ingestor = SourceIngestor(mapping: try Mapping.load(path: source.mappingPath), required: true)
        ingestor.unitCodes = Self.units
        let report = ingestor.ingest(path: ingestor.locate(in: Repo.path("Samples")).file, into: try CanonicalStore(path: ":memory:"))
        #expect(report.status == .loaded)
        #expect(report.fieldIssuesByCode["CODE-UNMAPPED"] == nil)
        #expect(report.unmappedCodes == nil)
    }

    /// The samples with two of Niche's West Yorkshire units written in another force's codes.
    static func otherForceCodes() throws -> (input: String, zz9: Int, zz8: Int) {
        let input = tempDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.path("Samples")) where name.hasSuffix(".csv") || name.hasSuffix(".xml") {
            try FileManager.default.copyItem(atPath: Repo.path("Samples/\(name)"), toPath: "\(input)/\(name)")
        }
        let path = "\(input)/niche_nominals_20261120.csv"
        // Windows-1252 bytes survive a Latin-1 round trip unchanged.
        var text = String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .isoLatin1)!
        let zz9 = text.components(separatedBy: ",BD-NPT-CITY,").count - 1, zz8 = text.components(separatedBy: ",CD-NPT-HALIFAX,").count - 1
        text = text.replacingOccurrences(of: ",BD-NPT-CITY,", with: ",ZZ9,").replacingOccurrences(of: ",CD-NPT-HALIFAX,", with: ",ZZ 8,")
        try text.data(using: .isoLatin1)!.write(to: URL(fileURLWithPath: path))
        return (input, zz9, zz8)
    }

    @Test func theRunSummaryTheManifestCheckAndTheAuditListThemWithTheirCounts() throws {
        let (input, zz9, zz8) = try Self.otherForceCodes()
        #expect(zz9 > zz8 && zz8 > 0)
        let out = tempDirectory()
        var logged: [String] = []
        let lock = NSLock()
        let pipeline = try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json"))
        let result = try NightlyRun(pipeline: pipeline, input: input, out: out, asOf: CalendarDate(iso: "2026-11-20")!,
                                    log: RunLog(write: { line in lock.lock(); logged.append(line); lock.unlock() })).run()
        let baseline = try NightlyRun(pipeline: pipeline, input: Repo.path("Samples"), out: tempDirectory(), asOf: CalendarDate(iso: "2026-11-20")!,
                                      log: RunLog(write: { _ in })).run()
        #expect(result.exitCode == baseline.exitCode, "a gap in the reference data warns; it does not stop or fail the run")

        let niche = try #require(result.reports.first { $0.system == .niche })
        #expect(niche.unmappedCodes == [.init(field: "owningUnit", code: "ZZ9", rows: zz9), .init(field: "owningUnit", code: "ZZ 8", rows: zz8)])
        #expect(niche.fieldIssuesByCode["CODE-UNMAPPED"] == zz9 + zz8)
        #expect(result.reports.filter { $0.system != .niche }.allSatisfy { $0.unmappedCodes == nil })
        let note = "Niche: 2 unit codes in \(zz9 + zz8) rows are not in the reference data (unit_divisions.csv), so they give no division: ZZ9 (\(zz9) rows), ZZ 8 (\(zz8) rows)"
        #expect(logged.contains { $0.contains("WARNING") && $0.contains(note) }, "\(logged.filter { $0.contains("unit code") })")
        #expect(result.reasons.contains(note))
        #expect(IngestCommand.summary(result.reports).contains("unit codes not in the reference data (unit_divisions.csv): ZZ9 (\(zz9) rows), ZZ 8 (\(zz8) rows)"))

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result.runDirectory! + "/manifest.json"))) as! [String: Any]
        #expect((manifest["warnings"] as? [String])?.contains(note) == true)
        let listed = ((manifest["sources"] as? [[String: Any]])?.first { $0["system"] as? String == "niche" }?["unmappedCodes"] as? [[String: Any]])
        #expect(listed?.map { "\($0["code"]!) \($0["rows"]!)" } == ["ZZ9 \(zz9)", "ZZ 8 \(zz8)"])

        var printed = ""
        #expect(IOMAuditCommand.main(arguments: ["report", "--month", "2026-11", "--out", out, "--seeds", Repo.path("seeds")]) { printed += $0 } == 0)
        #expect(printed.contains("Unattributed") && printed.contains("(commonest unmapped unit code: Niche ZZ9, \(zz9) records)"), "\(printed)")
        let html = try String(contentsOfFile: out + "/reports/2026-11/audit-2026-11.html", encoding: .utf8)
        #expect(html.contains("commonest unmapped unit code: Niche ZZ9"))
        #expect(html.contains("Niche ZZ9 (\(zz9) records), Niche ZZ 8 (\(zz8) records). Adding them to unit_divisions.csv"))

        // check lists the same, from the pipeline's reference data, in text and JSON.
        var checked = ""
        let status = IOMAuditCommand.main(arguments: ["check", "--mapping", Repo.path("Mappings/niche-nominals-csv.json"),
                                                      "--pipeline", Repo.path("Pipelines/nightly.json"), input + "/niche_nominals_20261120.csv"]) { checked += $0 + "\n" }
        #expect(status == ExitCode.completedWithWarnings.rawValue)
        #expect(checked.contains("field issue CODE-UNMAPPED on owningUnit: \(zz9 + zz8)"), "\(checked)")
        #expect(checked.contains("unit codes on owningUnit not in the reference data (unit_divisions.csv in \(Repo.path("seeds"))): ZZ9 (\(zz9)), ZZ 8 (\(zz8))"), "\(checked)")
        var json = ""
        _ = IOMAuditCommand.main(arguments: ["check", "--mapping", Repo.path("Mappings/niche-nominals-csv.json"), "--seeds", Repo.path("seeds"),
                                             "--json", input + "/niche_nominals_20261120.csv"]) { json += $0 }
        let o = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect((o["unmappedCodes"] as? [[String: Any]])?.map { "\($0["field"]!) \($0["code"]!) \($0["rows"]!)" } == ["owningUnit ZZ9 \(zz9)", "owningUnit ZZ 8 \(zz8)"])
    }

    @Test func theAuditSaysNothingOfUnmappedCodesWhenEveryCodeMaps() throws {
        let out = tempDirectory()
        _ = try NightlyRun(pipeline: try PipelineDefinition.load(path: Repo.path("Pipelines/nightly.json")), input: Repo.path("Samples"), out: out,
                           asOf: CalendarDate(iso: "2026-11-20")!, log: RunLog(write: { _ in })).run()
        var printed = ""
        #expect(IOMAuditCommand.main(arguments: ["report", "--month", "2026-11", "--out", out, "--seeds", Repo.path("seeds")]) { printed += $0 } == 0)
        #expect(!printed.contains("unmapped"))
        let html = try String(contentsOfFile: out + "/reports/2026-11/audit-2026-11.html", encoding: .utf8)
        #expect(!html.contains("unmapped-codes") && !html.contains("commonest unmapped"))
    }
}
