import Foundation
import Testing
@testable import IOMAudit

/// `Mappings/README.md` is what a force's analyst onboards from: its table of canonical fields must be
/// the code's, and every setting the mapping reader accepts must be described there.
@Suite struct MappingReferenceTests {
    let readme = try! String(contentsOfFile: Repo.path("Mappings/README.md"), encoding: .utf8)

    @Test func theCanonicalFieldsTableIsTheCodes() throws {
        let begin = try #require(readme.range(of: "<!-- fields:begin -->\n")), end = try #require(readme.range(of: "\n<!-- fields:end -->"))
        let table = String(readme[begin.upperBound..<end.lowerBound])
        #expect(table == FieldsCommand.table, "regenerate the block with: iomaudit fields")
        for system in SourceSystem.allCases {
            for f in CanonicalSchema.of(system).fields {
                #expect(!CanonicalSchema.note(system: system, field: f.name).isEmpty, "\(system.rawValue).\(f.name) has a meaning")
            }
        }
    }

    @Test func everySettingTheReaderAcceptsIsDescribed() {
        for key in Mapping.topKeys.union(Mapping.fieldKeys).union(Mapping.groupKeys) {
            #expect(readme.contains("| `\(key)`") || readme.contains("`\(key)` as a list"), "\(key) is described")
        }
        for file in [ReferenceData.divisionsFile, ReferenceData.unitDivisionsFile, ReferenceData.leadAgencyFile, ReferenceData.markerWordingFile,
                     ReferenceData.offencesFile, ReferenceData.jtrackCohortsFile, ReferenceData.givenNameVariantsFile] {
            #expect(readme.contains("`\(file)`"), "\(file) is described")
        }
    }

    /// The reference's own example mapping is one the reader accepts.
    @Test func theExampleMappingLoads() throws {
        let start = try #require(readme.range(of: "```json\n{\n  \"mapping\": \"force-niche-csv\""))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let json = String(readme[readme.index(start.lowerBound, offsetBy: 8)..<end.lowerBound])
        let m = try Mapping.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)), file: "example.json")
        #expect(m.system == .niche && m.fields.count == 7)
    }
}
