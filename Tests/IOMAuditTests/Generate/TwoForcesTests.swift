import Foundation
import Testing
@testable import IOMAudit

/// A second force onboards by writing files, not code: the same synthetic world written in West
/// Yorkshire's layouts and in the other force's (other file names and headers, encodings, delimiters,
/// date layouts, a namespaced PNC download with kinded names, forenames in two columns, its own unit
/// codes and divisions) gives the same findings, finding ids, links and accounting for all six systems.
@Suite struct TwoForcesTests {
    static let asOf = CalendarDate(iso: "2026-11-20")!

    func run(_ pipeline: String, _ options: SampleOptions) throws -> (NightlyRun.Result, String) {
        let input = tempDirectory(), out = tempDirectory()
        _ = try SampleGenerator.write(to: input, options: options)
        let result = try NightlyRun(pipeline: try PipelineDefinition.load(path: Repo.path(pipeline)), input: input, out: out, asOf: Self.asOf,
                                    log: RunLog(write: { _ in })).run()
        return (result, out)
    }

    @Test(arguments: [0.0, 0.1])
    func bothLayoutsOfOneWorldGiveTheSameFindings(_ slipRate: Double) throws {
        var options = SampleOptions(people: 800, seed: 7, asOf: Self.asOf)
        options.slipRate = slipRate
        let (west, westOut) = try run("Pipelines/nightly.json", options)
        options.layout = .otherForce
        let (other, otherOut) = try run("Pipelines/other-force.json", options)

        #expect(west.findings.count >= 22, "one of every code at least")
        func key(_ f: Finding, division: (String) -> String) -> String {
            "\(f.findingID) \(f.code) \(f.anchor) \(f.recordIDs.joined(separator: ";")) \(division(f.division)) \(f.system.rawValue) \(f.owner)"
        }
        // The same findings, ids and all; listed in division order, which the new division codes change.
        #expect(west.findings.map { key($0, division: SampleOtherForce.division) }.sorted() == other.findings.map { key($0, division: { $0 }) }.sorted())
        #expect(Set(other.findings.map(\.division)).isSubset(of: Set(SampleOtherForce.divisions.map(\.code))))
        #expect(west.persons == other.persons && west.inScopePersons == other.inScopePersons)
        for (a, b) in zip(west.reports, other.reports) {
            #expect(a.system == b.system && a.status == .loaded && b.status == .loaded)
            #expect(a.rowsRead == b.rowsRead && a.loaded == b.loaded && a.quarantined == b.quarantined, "\(a.system)")
            #expect(a.fieldIssuesByCode == b.fieldIssuesByCode, "\(a.system): \(a.fieldIssuesByCode) vs \(b.fieldIssuesByCode)")
            #expect(b.unmappedCodes == nil, "every unit code maps through the other force's reference folder")
        }
        let links = { (out: String) in try SQLiteDatabase(path: out + "/current/store.sqlite").rows("SELECT record, master_id, method FROM links ORDER BY 1") }
        #expect(try links(westOut) == links(otherOut))
    }

    @Test func theOtherForcesReferenceFolderAndSamplesAreTheGeneratorsOwn() throws {
        let units = try ReferenceData.load(from: Repo.path("seeds")).unitDivisions
        let shipped = try String(contentsOfFile: Repo.path("seeds/other-force/unit_divisions.csv"), encoding: .utf8)
        #expect(shipped == SampleOtherForce.unitDivisionsCSV(westYorkshire: units))
        let other = try ReferenceData.load(from: [Repo.path("seeds/other-force"), Repo.path("seeds")])
        #expect(other.divisions.map(\.code) == SampleOtherForce.divisions.map(\.code))
        #expect(other.seedDigests.count == 7, "the shared tables come from seeds/")

        var options = SampleOptions(people: 2000, seed: 20261121, asOf: Self.asOf)
        options.layout = .otherForce
        let dir = tempDirectory()
        _ = try SampleGenerator.write(to: dir, options: options)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where !name.hasPrefix(".") && name != "truth" {
            #expect(FileManager.default.contentsEqual(atPath: "\(dir)/\(name)", andPath: Repo.path("Samples/other-force/\(name)")), "\(name)")
        }
        #expect(FileManager.default.contentsEqual(atPath: "\(dir)/truth/findings.csv", andPath: Repo.path("Samples/other-force/truth/findings.csv")))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/.west-yorkshire-\(getpid())"), "the staging folder is removed")
    }
}
