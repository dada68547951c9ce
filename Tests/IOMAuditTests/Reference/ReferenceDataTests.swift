import Foundation
import Testing
@testable import IOMAudit

/// The package's real `seeds/`, found from this file's path.
enum ReferenceSeeds {
    static func directory() -> String { Repo.path("seeds") }

    static func load() throws -> ReferenceData {
        try ReferenceData.load(from: directory())
    }
}

@Suite("Reference: seeds load")
struct ReferenceDataLoadTests {
    @Test func loadsAllTables() throws {
        let ref = try ReferenceSeeds.load()
        #expect(ref.divisions.map(\.code) == ["BD", "CD", "KD", "LD", "WD"])
        #expect(ref.division(code: "ld")?.name == "Leeds")
        #expect(ref.division(code: "UNKNOWN") == .unknown)
        #expect(ref.leadAgency.rules.count == 48)
        #expect(ref.markerWording.rules.count == 4)
        #expect(!ref.offences.entries.isEmpty)
        #expect(ref.jtrackCohorts.tracked == [.ppo, .dyo])
        #expect(ref.seedDigests.count == 7)
        #expect(ref.givenNameVariants.roots.count > 2_000)
    }

    /// A force that ships no nickname table still runs: the linker then knows no nicknames.
    @Test func givenNameVariantsAreOptional() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seeds-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for f in [ReferenceData.divisionsFile, ReferenceData.unitDivisionsFile, ReferenceData.leadAgencyFile,
                  ReferenceData.markerWordingFile, ReferenceData.offencesFile, ReferenceData.jtrackCohortsFile] {
            try FileManager.default.copyItem(atPath: Repo.path("seeds/" + f), toPath: dir + "/" + f)
        }
        let ref = try ReferenceData.load(from: dir)
        #expect(ref.givenNameVariants.isEmpty)
        #expect(ref.seedDigests[ReferenceData.givenNameVariantsFile] == nil)
        // A malformed one is refused with its file, line and column.
        try "name,variant\r\nJAMES,\r\n".write(toFile: dir + "/" + ReferenceData.givenNameVariantsFile, atomically: true, encoding: .utf8)
        #expect(throws: ReferenceDataError.self) { try ReferenceData.load(from: dir) }
        do { _ = try ReferenceData.load(from: dir) } catch let e as ReferenceDataError {
            #expect(e.line == 2 && e.column == 2)
        }
    }

    @Test func everyDivisionHasItsUnitsInEverySystem() throws {
        let ref = try ReferenceSeeds.load()
        for system in [SourceSystem.pnc, .niche, .micase, .prison, .jtrack, .cozart] {
            let divs = Set(ref.unitDivisions.entries.filter { $0.system == system }.map(\.division.code))
            #expect(divs == ["BD", "CD", "KD", "LD", "WD"], "\(system)")
        }
    }
}

@Suite("Reference: seed file errors")
struct ReferenceDataErrorTests {
    /// A copy of the real seeds in a fresh temporary directory.
    func copySeeds() throws -> String {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("iomaudit-seeds-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: ReferenceSeeds.directory()) where name.hasSuffix(".csv") {
            try fm.copyItem(atPath: ReferenceSeeds.directory() + "/" + name, toPath: dir + "/" + name)
        }
        return dir
    }

    func loadError(_ dir: String) -> ReferenceDataError? {
        do {
            _ = try ReferenceData.load(from: dir)
            return nil
        } catch let e as ReferenceDataError {
            return e
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func badValueNamesFileLineAndColumn() throws {
        let dir = try copySeeds()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "cohort,statutory,age_group,strand,lead_agency\nPPO,Y,ADULT,C&C,PROBATION\nPPO,Y,ADULT,X&Y,PROBATION\n"
            .write(toFile: dir + "/lead_agency.csv", atomically: true, encoding: .utf8)
        let e = try #require(loadError(dir))
        #expect(e.file.hasSuffix("lead_agency.csv"))
        #expect(e.line == 3)
        #expect(e.column == 4)
        #expect(e.description.contains("lead_agency.csv:3:4"))
        #expect(e.description.contains("X&Y"))
    }

    @Test func wrongFieldCountNamesLine() throws {
        let dir = try copySeeds()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "cjs_code,title,trigger,burglary\r\nTH68036,Burglary,Y,Y\r\nTH68010,Theft from a shop,Y\r\n"
            .write(toFile: dir + "/offences.csv", atomically: true, encoding: .utf8)
        let e = try #require(loadError(dir))
        #expect(e.file.hasSuffix("offences.csv"))
        #expect(e.line == 3)
        #expect(e.column == 4)
    }

    @Test func badHeaderNamesLineOne() throws {
        let dir = try copySeeds()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "cohort,tracked_by\nPPO,Y\n".write(toFile: dir + "/jtrack_cohorts.csv", atomically: true, encoding: .utf8)
        let e = try #require(loadError(dir))
        #expect(e.file.hasSuffix("jtrack_cohorts.csv"))
        #expect(e.line == 1)
        #expect(e.column == 2)
    }

    @Test func unknownDivisionAndDuplicateUnitRejected() throws {
        let dir = try copySeeds()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let header = "system,unit_code,division,unit_name,basis\n"
        try (header + "pnc,13LD,XD,LEEDS DISTRICT,district\n")
            .write(toFile: dir + "/unit_divisions.csv", atomically: true, encoding: .utf8)
        var e = try #require(loadError(dir))
        #expect(e.line == 2 && e.column == 3)
        try (header + "pnc,13LD,LD,LEEDS DISTRICT,district\npnc,13 ld,LD,LEEDS DISTRICT,district\n")
            .write(toFile: dir + "/unit_divisions.csv", atomically: true, encoding: .utf8)
        e = try #require(loadError(dir))
        #expect(e.line == 3 && e.column == 2)
    }

    @Test func missingFileNamed() throws {
        let dir = try copySeeds()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/pp_marker_wording.csv")
        let e = try #require(loadError(dir))
        #expect(e.file.hasSuffix("pp_marker_wording.csv"))
        #expect(e.line == nil)
    }
}
